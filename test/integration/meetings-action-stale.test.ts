import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { itemKey } from '../../src/domain/agenda-edit.js';
import type { Meeting } from '../../src/domain/model.js';
import { cardAction, groupChat, message, users } from '../helpers/activities.js';
import { invokeMessage, startHarness, type Harness } from '../helpers/bot-harness.js';

/**
 * "Opret handling" on an item card names its item by number and by the key of the title the card
 * showed, as the decision button does: once the agenda has moved on, a click on the old card — or
 * Teams re-sending it — must not create an action point on whichever item now has that number.
 */
describe('an action point clicked on an item card older than the agenda', () => {
  let h: Harness;
  let groupId: string;
  const meeting = (): Meeting => h.services.store.read().meetings.find((m) => m.groupId === groupId && m.number === 1)!;
  const number = (title: string) => meeting().items.findIndex((i) => i.title === title) + 1;
  const click = (data: Record<string, unknown>) => h.post(cardAction(h.fc.url, groupChat, users.anna, VERBS.itemAction, data));
  const actionData = (item: number, key: string | undefined, text: string) => ({
    groupId,
    meeting: 1,
    item,
    ...(key === undefined ? {} : { itemKey: key }),
    actionText: text,
    actionOwner: 'aad-bent',
    actionDue: '2025-06-20',
  });

  beforeAll(async () => {
    h = await startHarness({ clock: { now: () => new Date('2025-05-01T08:00:00.000Z') } });
    groupId = h.services.store.read().groups[0]!.id;
    await h.turn(message(h.fc.url, groupChat, users.anna, 'nyt møde 16-06-2025 12:30-14:00'));
    await h.turn(message(h.fc.url, groupChat, users.anna, 'nyt punkt Ny samarbejdsaftale v. Bent Lund'));
    await h.turn(message(h.fc.url, groupChat, users.anna, 'nyt punkt Driftsstatus v. Carsten Vang'));
  });
  afterAll(async () => h.close());

  it('after a move, the old card’s click is refused with agenda_changed and creates nothing; the current card’s click creates it', async () => {
    const aftale = number('Ny samarbejdsaftale');
    const drift = number('Driftsstatus');
    const key = itemKey('Ny samarbejdsaftale');
    await h.turn(message(h.fc.url, groupChat, users.anna, `flyt punkt 1.${drift} ${aftale}`));
    expect(number('Driftsstatus')).toBe(aftale);

    const before = h.services.store.read().actions.length;
    const stale = await click(actionData(aftale, key, 'Send aftaleudkastet til leverandørerne'));
    expect(stale.status).toBe(200);
    expect(invokeMessage(stale.body)).toContain('Dagsordenen for 1. møde er ændret i mellemtiden');
    expect(h.services.store.read().actions.length).toBe(before);

    const fresh = await click(actionData(number('Ny samarbejdsaftale'), key, 'Send aftaleudkastet til leverandørerne'));
    expect(invokeMessage(fresh.body)).toContain('er oprettet');
    const created = h.services.store.read().actions[before]!;
    expect(created.source).toMatchObject({ kind: 'item', meeting: 1, item: number('Ny samarbejdsaftale') });
  });

  it('a card posted before cards carried the key still creates the action point on the item it names', async () => {
    const before = h.services.store.read().actions.length;
    const r = await click(actionData(number('Driftsstatus'), undefined, 'Tjek driftsstatus med MedCom'));
    expect(invokeMessage(r.body)).toContain('er oprettet');
    expect(h.services.store.read().actions[before]!.source).toMatchObject({ kind: 'item', item: number('Driftsstatus') });
  });
});
