/**
 * Nudges over HTTP: people who have not voted (the working day before the deadline) and owners
 * of open action points (at the T-2d time) are reached in their personal chat with the bot where
 * one exists, otherwise @mentioned together in the group's conversation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nudgeActionAt } from '../../src/domain/reminder-plan.js';
import type { ActionPoint, Reminder } from '../../src/domain/model.js';
import { syncVoteNudge } from '../../src/scheduler/reminders.js';
import { cardText } from '../helpers/bot-harness.js';
import { groupChat, message, personalChat, users } from '../helpers/activities.js';
import { cardOfCall, deliveredPosts, itemsOf, startRig, type Rig } from '../helpers/reminders-rig.js';

let r: Rig;
const bentChat = personalChat(users.bent).id;

function action(
  id: string,
  owner: { name: string; aadObjectId: string; id: string },
  due: string,
  status: 'open' | 'done' = 'open',
): ActionPoint {
  return {
    groupId: 'g1',
    id,
    text: `Opfølgning ${id}: afklare certificeringsplan`,
    owner: { name: owner.name, aadObjectId: owner.aadObjectId, teamsId: owner.id },
    due,
    status,
    source: { kind: 'item', meeting: null, item: null, risk: null },
    createdBy: 'aad-anna',
    createdAt: '2026-03-01T10:00:00.000Z',
  };
}

const nudges = (kind: string) => r.db().reminders.filter((x) => x.kind === kind);
const byRef = (ref: string) => r.db().reminders.find((x) => x.ref === ref)!;

/** The delivered card of each outbox item of a reminder, keyed by conversation id. */
function delivered(rem: Reminder): Record<string, any> {
  const out: Record<string, any> = {};
  for (const item of itemsOf(r.db(), rem)) {
    const posts = deliveredPosts(r.h.fc.calls, item);
    expect(posts, `${rem.kind} ${rem.ref} → ${item.conversation.conversationId}`).toHaveLength(1);
    out[item.conversation.conversationId] = cardOfCall(posts[0]);
  }
  return out;
}

beforeAll(async () => {
  r = await startRig('2026-03-10T09:00:00.000Z');
  await r.createMeeting('2026-03-30', '10:00', '12:00');
  // Bent has a personal chat with the bot (he wrote to it); Frida, from another organisation, has none.
  expect((await r.post(message(r.h.fc.url, personalChat(users.bent), users.bent, 'hjælp'))).status).toBe(200);
  await r.bot.services.store.update((db, tx) => {
    const g = db.groups[0];
    g.roster.push({
      name: users.frida.name,
      aadObjectId: users.frida.aadObjectId,
      teamsId: users.frida.id,
      role: 'member',
      organisation: 'Konsulenthuset',
    });
    db.voteRounds.push({
      groupId: g.id,
      id: 'R1',
      status: 'open',
      openedBy: 'aad-anna',
      openedAt: tx.now.toISOString(),
      deadline: '2026-03-31T15:00:00.000Z', // Tuesday 17:00
      meeting: 1,
      riskIds: ['K1'],
      ballots: [
        { voter: 'aad-anna', voterName: users.anna.name, choices: { K1: 'green' }, comment: null, at: tx.now.toISOString() },
        { voter: 'aad-carsten', voterName: users.carsten.name, choices: { K1: 'yellow' }, comment: null, at: tx.now.toISOString() },
      ],
      result: null,
      overrides: {},
      closedAt: null,
      closedBy: null,
    });
    syncVoteNudge(db, tx, g.id, 'R1');
    db.actions.push(
      action('A1', users.frida, '2026-03-20'),
      action('A2', users.bent, '2026-04-15'),
      action('A3', users.gustav, '2026-03-25'),
    );
    // One nudge per open action point at the meeting's T-2d time, as the action points use-case plans them.
    const at = nudgeActionAt(db.meetings[0], g.timezone, g.reminderOffsets.atTime);
    for (const a of db.actions)
      db.reminders.push({
        id: tx.nextId('rem'),
        groupId: g.id,
        meeting: 1,
        kind: 'nudge-action',
        to: a.owner.aadObjectId,
        dueAt: at,
        status: 'planned',
        late: false,
        sentAt: null,
        outboxId: null,
        ref: a.id,
      });
  });
});
afterAll(() => r.close());

describe('nudges', () => {
  it('are planned: vote nudge the working day before the deadline, action nudges at the T-2d time', () => {
    expect(r.db().groups[0].roster.find((m) => m.aadObjectId === 'aad-bent')?.personalChat?.conversationId).toBe(bentChat);
    expect(nudges('nudge-vote').map((x) => [x.ref, x.dueAt])).toEqual([['R1', '2026-03-30T07:00:00.000Z']]); // Monday 09:00 summer time
    expect(nudges('nudge-action').map((x) => x.dueAt)).toEqual(Array(3).fill('2026-03-27T08:00:00.000Z'));
  });

  it('action nudges: the owner with a personal chat gets it there, the external owner is @mentioned in the group, a closed action gets none', async () => {
    await r.bot.services.store.update((db) => void (db.actions.find((a) => a.id === 'A3')!.status = 'done'));
    await r.tick('2026-03-27T08:00:00.000Z');
    await r.drain();

    const a2 = delivered(byRef('A2'));
    expect(Object.keys(a2)).toEqual([bentChat]);
    expect(cardText(a2[bentChat])).toContain('Hej Bent Lund. Du står som ansvarlig for "Opfølgning A2: afklare certificeringsplan"');
    expect(cardText(a2[bentChat])).toContain('Fristen er 15. april 2026.');
    expect(a2[bentChat].msteams).toBeUndefined();

    const a1 = delivered(byRef('A1'));
    expect(Object.keys(a1)).toEqual([groupChat.id]);
    expect(cardText(a1[groupChat.id])).toContain('<at>Frida Mose (Extern)</at>: du står som ansvarlig for');
    expect(cardText(a1[groupChat.id])).toContain('Fristen var 20. marts 2026.');
    expect(a1[groupChat.id].msteams.entities).toEqual([
      { type: 'mention', text: '<at>Frida Mose (Extern)</at>', mentioned: { id: users.frida.id, name: users.frida.name } },
    ]);

    const a3 = byRef('A3');
    expect(a3.status).toBe('cancelled');
    expect(itemsOf(r.db(), a3)).toEqual([]);

    // The same tick sent the meeting's T-2d digest: open/overdue actions and the vote round as counts.
    const t2 = r.db().reminders.find((x) => x.kind === 'T-2d')!;
    const text = cardText(delivered(t2)[groupChat.id]);
    expect(text).toContain('Opfølgningspunkter (2 åbne, 1 over fristen)');
    expect(text).toContain('A1: Opfølgning A1: afklare certificeringsplan — Frida Mose (Extern), frist 20. marts 2026 (forfalden)');
    expect(text).toContain('Åben til tirsdag 31. marts 2026 kl. 17.00: 2 af 6 har stemt, 4 mangler.');
    expect(text).not.toContain('Dorthe'); // counts only, no names
  });

  it('vote nudge: Bent in his personal chat, the other non-voters @mentioned once together in the group', async () => {
    await r.tick('2026-03-30T07:00:00.000Z');
    await r.drain();
    const nudge = nudges('nudge-vote')[0];
    expect(nudge.status).toBe('sent');
    const cards = delivered(nudge);
    expect(Object.keys(cards).sort()).toEqual([bentChat, groupChat.id].sort());
    expect(cardText(cards[bentChat])).toContain('Hej Bent Lund. Du har ikke stemt i risikoafstemningen');
    expect(cardText(cards[bentChat])).toContain('Fristen er tirsdag 31. marts 2026 kl. 17.00.');
    const group = cards[groupChat.id];
    expect(cardText(group)).toContain('<at>Dorthe Kjær</at>, <at>Gustav Eng</at>, <at>Frida Mose (Extern)</at>: I har ikke stemt');
    expect(cardText(group)).toContain('2 af 6 har stemt');
    expect(group.msteams.entities.map((e: any) => e.mentioned.id)).toEqual([users.dorthe.id, users.gustav.id, users.frida.id]);
    expect(cardText(group)).not.toContain('Bent');

    // Nothing more on later ticks.
    const before = r.h.fc.posts().length;
    await r.tick('2026-03-30T07:05:00.000Z');
    await r.drain();
    expect(r.h.fc.posts().length - before).toBe(0);
  });
});
