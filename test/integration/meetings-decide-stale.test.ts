import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { outboxCounts } from '../../src/delivery/outbox.js';
import type { Meeting } from '../../src/domain/model.js';
import { cardAction, groupChat, message, users } from '../helpers/activities.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';

/**
 * An item card's decision button names its item by number and by a key of its title: once the
 * agenda has moved on (an item moved or deleted), a click on the old card — or Teams re-sending
 * it — must not record the decision on whichever item now has that number.
 */
describe('a decision clicked on an item card older than the agenda', () => {
  let h: Harness;
  let groupId: string;
  const meeting = (): Meeting => h.services.store.read().meetings.find((m) => m.groupId === groupId && m.number === 1)!;
  /** Waits until every queued message went out, so the cards looked at next are the new ones. */
  async function drained(): Promise<void> {
    const end = Date.now() + 8000;
    for (;;) {
      const c = outboxCounts(h.services.store.read());
      if (c.queued === 0 && c.sending === 0) return;
      if (Date.now() > end) throw new Error(`outbox did not drain: ${JSON.stringify(c)}`);
      h.services.delivery.kick();
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** The decide button's data on the item card as the bot posts it now (`dagsorden 1` posts the cards through the outbox). */
  async function decideButtonData(item: number): Promise<Record<string, unknown>> {
    await drained();
    const from = h.fc.calls.length;
    await h.turn(message(h.fc.url, groupChat, users.anna, 'dagsorden 1'));
    const find = (n: unknown): Record<string, unknown> | null => {
      if (!n || typeof n !== 'object') return null;
      const o = n as { type?: string; verb?: string; data?: Record<string, unknown> };
      if (o.type === 'Action.Execute' && o.verb === 'item.decide' && Number(o.data?.item) === item) return o.data!;
      for (const v of Object.values(n)) {
        const f = find(v);
        if (f) return f;
      }
      return null;
    };
    const end = Date.now() + 8000;
    while (Date.now() < end) {
      // New posts only: updates of cards posted before may still be on their way.
      for (const c of h.fc.calls.slice(from).filter((x) => x.method === 'POST')) {
        const f = find(c.body);
        if (f) return f;
      }
      h.services.delivery.kick();
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no decide button for item ${item}`);
  }

  beforeAll(async () => {
    h = await startHarness({ clock: { now: () => new Date('2025-05-01T08:00:00.000Z') } });
    groupId = h.services.store.read().groups[0]!.id;
    await h.turn(message(h.fc.url, groupChat, users.anna, 'nyt møde 16-06-2025 12:30-14:00'));
    await h.turn(message(h.fc.url, groupChat, users.anna, 'nyt punkt Ny samarbejdsaftale v. Bent Lund'));
    await h.turn(message(h.fc.url, groupChat, users.anna, 'nyt punkt Driftsstatus v. Carsten Vang'));
  });
  afterAll(async () => h.close());

  it('after a move, the old card’s click is refused and nothing is recorded; the new card’s click records the decision', async () => {
    const titles = () => meeting().items.map((i) => i.title);
    const aftale = titles().indexOf('Ny samarbejdsaftale') + 1;
    const drift = titles().indexOf('Driftsstatus') + 1;
    const old = await decideButtonData(aftale);
    expect(old.itemKey).toMatch(/^[0-9a-z]+$/);
    await h.turn(message(h.fc.url, groupChat, users.anna, `flyt punkt 1.${drift} ${aftale}`));
    expect(meeting().items[aftale - 1]!.title).toBe('Driftsstatus');

    const before = JSON.stringify(meeting().items);
    const stale = await h.post(
      cardAction(h.fc.url, groupChat, users.anna, VERBS.itemDecide, { ...old, outcome: 'approved', decision: 'Aftalen godkendes.' }),
    );
    expect(stale.status).toBe(200);
    expect(JSON.stringify(stale.body)).toMatch(/dagsorden|agenda/i);
    expect(JSON.stringify(meeting().items)).toBe(before);

    const fresh = await decideButtonData(aftale + 1);
    expect(fresh.itemKey).toBe(old.itemKey);
    await h.post(
      cardAction(h.fc.url, groupChat, users.anna, VERBS.itemDecide, { ...fresh, outcome: 'approved', decision: 'Aftalen godkendes.' }),
    );
    const decided = meeting().items.find((i) => i.title === 'Ny samarbejdsaftale')!;
    expect([decided.outcome, decided.decision]).toEqual(['approved', 'Aftalen godkendes.']);
    expect(meeting().items.find((i) => i.title === 'Driftsstatus')!.outcome).toBeNull();
  });

  it('a card posted before items could move (no key) still records its decision', async () => {
    const n = meeting().items.findIndex((i) => i.title === 'Driftsstatus') + 1;
    await h.post(cardAction(h.fc.url, groupChat, users.anna, VERBS.itemDecide, { groupId, meeting: 1, item: n, outcome: 'noted' }));
    expect(meeting().items[n - 1]!.outcome).toBe('noted');
  });
});
