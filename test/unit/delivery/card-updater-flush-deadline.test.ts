import { describe, expect, it } from 'vitest';
import { createCardUpdater } from '../../../src/delivery/card-updater.js';
import { createRateLimiter } from '../../../src/delivery/rate-limiter.js';
import type { ConversationRef } from '../../../src/domain/model.js';
import { virtualTime } from './virtual-time.js';
import { conversation } from '../../helpers/builders.js';

const ref: ConversationRef = conversation('c1', { serviceUrl: 'http://x', botId: 'b' });

// Found by the soak in test/reliability: after a burst of clicks on many different cards, stop()
// waited for every pending update at Teams' 60 PUTs per 30 s per chat — minutes.
describe('card updater flush with many cards waiting for the rate limiter', () => {
  it('sends what the limiter allows within the deadline and drops the rest (the cards are only stale)', async () => {
    const vt = virtualTime('manual', 0);
    const puts: string[] = [];
    const limiter = createRateLimiter({ timers: vt });
    const updater = createCardUpdater({ http: { update: async (_r, id) => void puts.push(id) }, limiter, timers: vt });
    for (let i = 0; i < 200; i++) updater.schedule(ref, `card-${i}`, () => ({ i }));
    let done = false;
    const flushed = updater.flush(3000).then(() => (done = true));
    // Virtual time runs only when advanced: 3 s of it is the whole budget.
    for (let t = 0; t < 40 && !done; t++) await vt.advance(100);
    await flushed;
    expect(done).toBe(true);
    expect(puts.length).toBeGreaterThan(0);
    expect(puts.length).toBeLessThan(200);
    const stats = updater.stats();
    expect(stats.sent + stats.dropped).toBe(200);
    expect(stats.pending).toBe(0);
  });

  it('a flush with nothing throttled still sends everything (as before)', async () => {
    const vt = virtualTime('manual', 0);
    const puts: string[] = [];
    const limiter = createRateLimiter({ timers: vt });
    const updater = createCardUpdater({ http: { update: async (_r, id) => void puts.push(id) }, limiter, timers: vt });
    for (let i = 0; i < 5; i++) updater.schedule(ref, `card-${i}`, () => ({ i }));
    await updater.flush(); // no virtual time passes: within the limiter's burst, nothing waits
    expect(puts).toHaveLength(5);
  });
});
