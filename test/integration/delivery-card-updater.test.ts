import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCardUpdater } from '../../src/delivery/card-updater.js';
import { createConnectorHttp } from '../../src/delivery/connector-http.js';
import { createRateLimiter } from '../../src/delivery/rate-limiter.js';
import type { ConversationRef } from '../../src/domain/model.js';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-connector.js';

let fc: FakeConnector;
beforeAll(async () => void (fc = await startFakeConnector()));
afterAll(() => fc.close());
beforeEach(() => fc.reset());

const ref = (conversationId: string): ConversationRef => ({
  serviceUrl: fc.url,
  channelId: 'msteams',
  conversationId,
  conversationType: 'groupChat',
  tenantId: 't',
  botId: '28:bot',
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('card updater against the fake connector (real time)', () => {
  it('50 rapid votes on each of two cards: at most one PUT per 2 s per card, last PUT shows the final tally', async () => {
    const http = createConnectorHttp({ getToken: async () => null });
    const updater = createCardUpdater({ http, limiter: createRateLimiter() });
    const tally: Record<string, number> = { 'vote-1': 0, 'vote-2': 0 };
    const card = (id: string) => () => ({
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { votes: tally[id] } }],
    });
    for (let i = 0; i < 50; i++) {
      for (const id of ['vote-1', 'vote-2']) {
        tally[id]++;
        updater.schedule(ref('19:group'), id, card(id));
      }
      await sleep(20);
    }
    // The trailing PUT comes when the 2 s interval ends (flush() would skip the interval).
    const last = (id: string) =>
      fc
        .puts('19:group')
        .filter((c) => c.activityId === id)
        .at(-1)?.body.attachments[0].content.votes;
    await fc.waitFor(() => last('vote-1') === 50 && last('vote-2') === 50, 5000);
    await sleep(300);
    expect(updater.stats()).toMatchObject({ scheduled: 100, pending: 0 });
    for (const id of ['vote-1', 'vote-2']) {
      const puts = fc.puts('19:group').filter((c) => c.activityId === id);
      expect(puts.length).toBeGreaterThanOrEqual(1);
      expect(puts.length).toBeLessThanOrEqual(2); // ~1 s of clicks: the first at once, the rest in one
      for (let i = 1; i < puts.length; i++) expect(puts[i].at - puts[i - 1].at).toBeGreaterThanOrEqual(1990);
      expect(puts.at(-1)!.body.attachments[0].content.votes).toBe(50);
    }
  });

  it('a PUT that times out is sent again (idempotent), and the card ends with the latest state', async () => {
    const http = createConnectorHttp({ getToken: async () => null, timeoutMs: 200 });
    const updater = createCardUpdater({ http, limiter: createRateLimiter(), minIntervalMs: 50, baseDelayMs: 20 });
    let n = 0;
    fc.fault = () => (++n === 1 ? { hang: true } : n === 2 ? { status: 502 } : null);
    let state = 1;
    updater.schedule(ref('19:g2'), 'overview', () => ({ text: `v${state}` }));
    state = 2;
    await fc.waitFor(() => fc.puts('19:g2').some((c) => c.status === 200), 5000);
    await updater.flush();
    const puts = fc.puts('19:g2');
    expect(puts.map((c) => c.status)).toEqual([0, 502, 200]);
    expect(puts.at(-1)!.body.text).toBe('v2');
  });
});
