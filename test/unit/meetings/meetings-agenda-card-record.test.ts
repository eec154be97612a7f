/**
 * An agenda card is queued with its item's number and the key of its title; when it is sent the
 * card is recorded on that item, found by its title key — an item moved between queueing and
 * sending must not get another item's card. Items queued before references carried a key are
 * matched by number, as before.
 */
import { describe, expect, it } from 'vitest';
import { moveAgendaItem } from '../../../src/app/agenda-edit.js';
import { createMeeting, postAgenda, recordAgendaCard } from '../../../src/app/meetings.js';
import { itemKey } from '../../../src/domain/agenda-edit.js';
import type { OutboxRefOf } from '../../../src/domain/outbox-ref.js';
import { anna, gustav, meetingOf, setup } from './fixtures.js';

const conversation = {
  serviceUrl: 'https://smba.example/',
  channelId: 'msteams',
  conversationId: '19:g1@thread.v2',
  conversationType: 'groupChat' as const,
  tenantId: 't',
  botId: '28:bot',
};
const render = (_g: unknown, m: { items: { number: number }[] }) => ({
  overview: { type: 'message', text: 'overview' },
  items: m.items.map((i) => ({ number: i.number, activity: { type: 'message', text: `item ${i.number}` } })),
});

async function queued() {
  const { store } = setup();
  await store.update((db, tx) =>
    createMeeting(db, tx, { groupId: 'g1', actor: anna, date: '2025-06-16', start: '12:30', end: '14:00', location: null }),
  );
  await store.update((db, tx) => postAgenda(db, tx, { groupId: 'g1', actor: gustav, meeting: 1, conversation, render }));
  return store;
}
const refs = (store: Awaited<ReturnType<typeof queued>>) => store.read().outbox.map((o) => o.ref as OutboxRefOf<'agendaCard'>);
const posted = (activityId: string) => ({ conversationId: conversation.conversationId, activityId });

describe('recording a sent agenda card on its item', () => {
  it('each item card is queued with the key of its title', async () => {
    const store = await queued();
    const items = meetingOf(store.read(), 1).items;
    expect(refs(store).map((r) => r.key)).toEqual([undefined, ...items.map((i) => itemKey(i.title))]);
  });

  it('an item moved after its card was queued gets its own card, not the card of the item now at its old number', async () => {
    const store = await queued();
    const before = meetingOf(store.read(), 1).items.map((i) => i.title);
    const cardOfItem2 = refs(store).find((r) => r.item === 2)!;
    // Item 2 moves to place 4 before the outbox sends its card.
    await store.update((db, tx) => moveAgendaItem(db, tx, { groupId: 'g1', actor: anna, meeting: 1, item: 2, to: 4 }));
    await store.update((db) => void recordAgendaCard(db, cardOfItem2, posted('card-of-item-2')));
    const items = meetingOf(store.read(), 1).items;
    expect(items.find((i) => i.title === before[1])!.card?.activityId).toBe('card-of-item-2');
    expect(items.find((i) => i.title === before[1])!.number).toBe(4);
    expect(items.find((i) => i.number === 2)!.card ?? null).toBeNull();
  });

  it('a card whose item was renamed or removed since is recorded on no item', async () => {
    const store = await queued();
    const ref = { ...refs(store).find((r) => r.item === 3)!, key: itemKey('A title no item has') };
    const recorded = await store.update((db) => recordAgendaCard(db, ref, posted('lost')));
    expect(recorded).toBe(false);
    expect(meetingOf(store.read(), 1).items.some((i) => i.card?.activityId === 'lost')).toBe(false);
  });

  it('an item queued before references carried a key is matched by its number', async () => {
    const store = await queued();
    await store.update((db) => void recordAgendaCard(db, { groupId: 'g1', meeting: 1, item: 3 }, posted('old')));
    expect(meetingOf(store.read(), 1).items.find((i) => i.number === 3)!.card?.activityId).toBe('old');
  });
});
