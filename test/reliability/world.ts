/**
 * A steering group with something to click on, for the reliability suite: the harness's group g1
 * (group chat, Anna chair, Bent/Carsten/Dorthe members, Gustav) with meetings, risks, an open
 * vote round, action points, an escalation target; and a second group g2 in another chat (Erik
 * chair, Hanne) holding the *same* ids (R1, V1, A1, meeting 1) — "ids of other groups".
 * Written straight into the store (plain data, as the features store it).
 */
import type { Db, Group, Meeting, Risk, VoteRound, ActionPoint, ConversationRef } from '../../src/domain/model.js';
import { setMembers, type Harness } from '../helpers/bot-harness.js';
import { boardChannel, botAdded, groupChat, TENANT, users, type TestConversation, type TestUser } from '../helpers/activities.js';

export const otherChat: TestConversation = {
  id: '19:other-group@thread.v2',
  type: 'groupChat',
  tenantId: TENANT,
  name: 'En anden styregruppe',
};
/** g2's second member (with Erik, g2's chair). */
export const hanne: TestUser = { id: '29:hanne', name: 'Hanne Bach', aadObjectId: 'aad-hanne' };
/** Not on any roster. */
export const strangers: TestUser[] = [
  { id: '29:oscar-ext', name: 'Oscar Ude (Extern)', aadObjectId: 'aad-oscar-ext' },
  { id: '29:mallory', name: 'Mallory', aadObjectId: 'aad-mallory' },
  { id: '29:no-aad', name: 'Uden Entra', aadObjectId: '' },
];

const day = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface World {
  g1: string;
  g2: string;
  /** Future meeting (planned) and a held one with draft minutes. */
  heldMeeting: number;
  plannedMeeting: number;
  /** A planned meeting of g1 with a long agenda (22 items). */
  longMeeting: number;
}

function ref(conv: TestConversation, serviceUrl: string): ConversationRef {
  return {
    serviceUrl,
    channelId: 'msteams',
    conversationId: conv.id,
    conversationType: conv.type,
    tenantId: conv.tenantId,
    teamId: conv.teamId ?? null,
    botId: '28:styrebot-test',
    botName: 'styrebot',
  };
}

function meeting(groupId: string, number: number, date: string, status: Meeting['status']): Meeting {
  const items = ['Velkomst og godkendelse af referat', 'Status på tekniske leverancer', 'Projektets risikolog', 'Eventuelt'].map(
    (title, i) => ({
      number: i + 1,
      title,
      presenter: null,
      annexes: [],
      recommendation: ['At styregruppen tager orienteringen til efterretning'],
      background: null,
      proposal: null,
      nextSteps: null,
      outcome: null,
      decision: null,
      by: null,
      at: null,
    }),
  );
  return {
    groupId,
    number,
    title: `${number}. møde`,
    date,
    start: '12:30',
    end: '14:00',
    location: 'Mødelokale 2',
    joinUrl: null,
    status,
    participants: [{ name: 'Anna Holm', organisation: 'Sekretariatet', role: 'formand' }],
    attendance: [],
    items,
    minutes: { status: 'draft', approvedBy: null, approvedAt: null, amendments: [], version: 1 },
    createdAt: new Date().toISOString(),
  };
}

function risk(groupId: string, n: number, by: string): Risk {
  return {
    groupId,
    id: `R${n}`,
    category: n === 1 ? 'Teknik' : 'Udbredelse',
    title: `Risiko ${n} i ${groupId}`,
    description: 'Beskrivelse',
    owner: null,
    rating: 'yellow',
    correctiveActions: ['Følg op'],
    status: 'open',
    history: [
      { date: '2025-02-24', rating: 'yellow', tally: { green: 1, yellow: 3, red: 0 }, disagreement: false, round: null, meeting: 1 },
    ],
    createdAt: '2025-02-01T09:00:00.000Z',
    createdBy: by,
  };
}

function action(groupId: string, n: number, owner: TestUser, status: ActionPoint['status']): ActionPoint {
  return {
    groupId,
    id: `A${n}`,
    text: `Handling ${n}`,
    owner: { name: owner.name, aadObjectId: owner.aadObjectId, teamsId: owner.id },
    due: isoDate(Date.now() + 20 * day),
    status,
    source: { kind: 'chat', meeting: null, item: null, risk: null },
    createdBy: users.anna.aadObjectId,
    createdAt: '2025-03-01T09:00:00.000Z',
  };
}

function round(groupId: string, conversationId: string, by: string): VoteRound {
  return {
    groupId,
    id: 'V1',
    status: 'open',
    openedBy: by,
    openedAt: new Date(Date.now() - day).toISOString(),
    deadline: new Date(Date.now() + 30 * day).toISOString(),
    meeting: 2,
    riskIds: ['R1', 'R2', 'R3'],
    ballots: [],
    result: null,
    overrides: {},
    closedAt: null,
    closedBy: null,
    card: { conversationId, activityId: `ballot-${groupId}` },
  };
}

function fill(db: Db, g: Group, chair: TestUser, member: TestUser) {
  db.meetings.push(meeting(g.id, 1, isoDate(Date.now() - 20 * day), 'held'), meeting(g.id, 2, isoDate(Date.now() + 40 * day), 'planned'));
  db.risks.push(risk(g.id, 1, chair.aadObjectId), risk(g.id, 2, chair.aadObjectId), risk(g.id, 3, chair.aadObjectId));
  db.voteRounds.push(round(g.id, g.conversation.conversationId, chair.aadObjectId));
  db.actions.push(action(g.id, 1, member, 'open'), action(g.id, 2, member, 'done'), action(g.id, 3, chair, 'open'));
  g.counters = { ...g.counters, meeting: 2, risk: 3, action: 3, round: 1 };
}

/** Seeds g1 (already installed by the harness) and installs + seeds g2; ticks the job runner once so reminders are planned. */
export async function seedWorld(h: Harness): Promise<World> {
  setMembers(h.fc, otherChat, [users.erik, hanne]);
  const res = await h.post(botAdded(h.fc.url, otherChat, users.erik));
  if (res.status !== 200) throw new Error(`install of g2 failed: ${res.status}`);
  const ids = await h.services.store.update((db) => {
    const g1 = db.groups.find((g) => g.conversation.conversationId === groupChat.id)!;
    const g2 = db.groups.find((g) => g.conversation.conversationId === otherChat.id)!;
    fill(db, g1, users.anna, users.bent);
    fill(db, g2, users.erik, hanne);
    // Item 2 of every meeting is a standing item, so its presenter's status card exists (status.submit).
    for (const g of [g1, g2])
      if (!g.standingItems.includes('Status på tekniske leverancer')) g.standingItems.push('Status på tekniske leverancer');
    // A long agenda (the edit card picks a row before showing its buttons: agenda.edit.pick).
    const long = meeting(g1.id, 3, isoDate(Date.now() + 120 * day), 'planned');
    long.items = Array.from({ length: 22 }, (_, i) => ({ ...long.items[1], number: i + 1, title: `Punkt ${i + 1} på en lang dagsorden` }));
    db.meetings.push(long);
    g1.counters = { ...g1.counters, meeting: 3 };
    g1.escalationTarget = {
      conversation: ref(boardChannel, h.fc.url),
      setBy: users.anna.aadObjectId,
      at: new Date().toISOString(),
      name: 'DAP-styregruppen',
    };
    return { g1: g1.id, g2: g2.id };
  });
  await h.bot.runner.tick();
  return { ...ids, heldMeeting: 1, plannedMeeting: 2, longMeeting: 3 };
}

/** The domain data as JSON (everything in the store; the security log is a separate file). */
export const domainOf = (db: Readonly<Db>): string => JSON.stringify(db);
