/**
 * The one set of builders for stored shapes in tests: a conversation, a person and a roster member,
 * a steering group, a meeting and its agenda items, a risk, a vote round, an action point. Each gives a minimal valid value; a test states
 * what matters to it as overrides (`group('g1', { roster: [...] })`), so the rest stays the same
 * everywhere. The worlds built on them (risk-world, action-world, test/unit/meetings/fixtures, …)
 * add the data of a particular story.
 */
import { emptyItem } from '../../src/domain/meeting-agenda.js';
import type { ActionPoint, AgendaItem, ConversationRef, Group, Meeting, Member, Person, Risk, VoteRound } from '../../src/domain/model.js';
import { defaultReminderOffsets } from '../../src/domain/reminder-plan.js';

/** A Teams conversation the bot is in (a group chat unless told otherwise). */
export const conversation = (conversationId: string, over: Partial<ConversationRef> = {}): ConversationRef => ({
  serviceUrl: 'https://smba.example/',
  channelId: 'msteams',
  conversationId,
  conversationType: 'groupChat',
  tenantId: 't',
  botId: '28:bot',
  ...over,
});

/** A Teams user; the ids follow the first name ("Anna Holm" → aad-anna, 29:anna). */
export function person(name: string): Person {
  const key = name.split(' ')[0].toLowerCase();
  return { name, aadObjectId: `aad-${key}`, teamsId: `29:${key}` };
}

/** A roster entry for `person(name)`. */
export const member = (name: string, role: Member['role'] = 'member', over: Partial<Member> = {}): Member => ({
  ...person(name),
  role,
  organisation: null,
  ...over,
});

/** The people of the test groups (a fresh object per call: rosters get mutated). */
export const people = () => ({
  anna: member('Anna Holm', 'chair'),
  gustav: member('Gustav Eng', 'referent'),
  bent: member('Bent Lund'),
  carsten: member('Carsten Vang'),
  dorthe: member('Dorthe Kjær', 'observer'),
  erik: member('Erik Sand'),
});

/** A steering group with an empty roster, no standing items and the default reminder offsets. */
export function group(id = 'g1', over: Partial<Group> = {}): Group {
  return {
    id,
    name: 'Operationel styregruppe',
    createdAt: '2025-01-01T00:00:00.000Z',
    locale: 'da',
    timezone: 'Europe/Copenhagen',
    conversation: conversation(`19:${id}@thread.v2`),
    roster: [],
    standingItems: [],
    reminderOffsets: defaultReminderOffsets(),
    escalationTarget: null,
    linkedChats: [],
    counters: { meeting: 0, risk: 0, action: 0, round: 0, escalation: 0 },
    ...over,
  };
}

/** A blank agenda item, as the domain makes one, plus what the test sets. */
export const item = (number: number, title: string, over: Partial<AgendaItem> = {}): AgendaItem => ({
  ...emptyItem(number, title),
  ...over,
});

/** A planned meeting on `date`, 10:00–12:00, with no agenda and fresh draft minutes. */
export function meeting(groupId: string, number: number, date: string, over: Partial<Meeting> = {}): Meeting {
  return {
    groupId,
    number,
    title: `${number}. møde`,
    date,
    start: '10:00',
    end: '12:00',
    location: null,
    joinUrl: null,
    status: 'planned',
    participants: [],
    attendance: [],
    items: [],
    minutes: { status: 'draft', approvedBy: null, approvedAt: null, amendments: [], version: 0 },
    createdAt: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}

/** An open risk nobody has rated yet, logged by Anna. */
export function risk(groupId: string, id: string, over: Partial<Risk> = {}): Risk {
  return {
    groupId,
    id,
    category: 'Teknik',
    title: `Risiko ${id}`,
    description: null,
    owner: null,
    rating: null,
    correctiveActions: [],
    status: 'open',
    history: [],
    createdAt: '2025-01-01T00:00:00.000Z',
    createdBy: 'aad-anna',
    ...over,
  };
}

/** An open vote round on `riskIds` that Anna opened, with no ballots yet. */
export function voteRound(groupId: string, id: string, riskIds: string[], over: Partial<VoteRound> = {}): VoteRound {
  return {
    groupId,
    id,
    status: 'open',
    openedBy: 'aad-anna',
    openedAt: '2025-06-01T08:00:00.000Z',
    deadline: '2025-06-16T12:00:00.000Z',
    meeting: null,
    riskIds,
    ballots: [],
    result: null,
    overrides: {},
    closedAt: null,
    closedBy: null,
    ...over,
  };
}

/** An open action point for Bent without a due date, written in the chat by Anna. */
export function actionPoint(groupId: string, id: string, over: Partial<ActionPoint> = {}): ActionPoint {
  return {
    groupId,
    id,
    text: `Handling ${id}`,
    owner: { name: 'Bent Lund', aadObjectId: 'aad-bent' },
    due: null,
    status: 'open',
    source: { kind: 'chat', meeting: null, item: null, risk: null },
    createdBy: 'aad-anna',
    createdAt: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}
