import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { seedDemo } from '../../src/demo.js';
import { memoryStore } from '../../src/storage/memory-store.js';

const at = (iso: string) => ({ now: () => new Date(iso) });
const config = loadConfig({ STORE_PATH: '/nonexistent/db.json' });

describe('the demo group', () => {
  it('with the sample: its next meeting 3–4 weeks ahead with standing items and a recommendation, two risks, one open action point, dated from the clock', async () => {
    const store = memoryStore(undefined, at('2026-12-06T09:00:00Z'));
    expect(await seedDemo(store, config, 56150, { sample: true })).toBe(true);
    const db = store.read();
    expect(db.meetings).toHaveLength(1);
    const m = db.meetings[0]!;
    expect(m).toMatchObject({ number: 1, date: '2026-12-29', start: '12:30', end: '14:00', status: 'planned' }); // a Tuesday 23 days on
    expect(m.items.map((i) => i.title)).toEqual([
      'Velkomst og godkendelse af referat',
      'Status på tekniske leverancer',
      'Status på drift og udfordringer',
      'Status på lægesystemerne (aftaler og certificering)',
      'Projektets risikolog',
      'Eventuelt',
    ]);
    expect(m.items.filter((i) => i.recommendation.length)).toHaveLength(1);
    expect(db.risks.map((r) => [r.id, r.status])).toEqual([
      ['R1', 'open'],
      ['R2', 'open'],
    ]);
    expect(db.actions).toEqual([
      expect.objectContaining({ id: 'A1', status: 'open', due: '2026-12-22', owner: expect.objectContaining({ name: 'Carsten Vang' }) }),
    ]);
  });

  it('moves with the clock: seeded another day, the meeting is still ahead', async () => {
    const store = memoryStore(undefined, at('2027-05-20T09:00:00Z'));
    await seedDemo(store, config, 56150, { sample: true });
    expect(store.read().meetings[0]!.date).toBe('2027-06-15');
  });

  it('without the sample: the group only; and never over an existing store', async () => {
    const store = memoryStore(undefined, at('2026-12-06T09:00:00Z'));
    await seedDemo(store, config, 56150);
    expect([store.read().groups.length, store.read().meetings.length, store.read().risks.length]).toEqual([1, 0, 0]);
    expect(await seedDemo(store, config, 56150, { sample: true })).toBe(false);
  });
});
