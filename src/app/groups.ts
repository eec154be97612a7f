import type { ConversationRef, Db, Group, Locale, Member, Person, Role } from '../domain/model.js';
import { chairsOf, findMember, may, personKey, samePerson, type Right } from '../domain/roster.js';
import { defaultReminderOffsets } from '../domain/reminder-plan.js';
import { AppError } from '../errors.js';
import type { SecurityLog, Tx } from './ports.js';

/** Standing agenda items every new meeting gets (editable per group). */
export const DEFAULT_STANDING_ITEMS = [
  'Velkomst og godkendelse af referat',
  'Status på tekniske leverancer',
  'Status på drift og udfordringer',
  'Status på lægesystemerne (aftaler og certificering)',
  'Projektets risikolog',
  'Eventuelt',
];

export interface InstallInput {
  conversation: ConversationRef;
  name: string;
  installer: Person | null;
  /** Members of the conversation as Teams reports them (group chats); empty in channels. */
  members: Person[];
  /** Entra object ids from STYREBOT_CHAIRS. */
  configuredChairs: readonly string[];
  locale: Locale;
  timezone: string;
  isBoard?: boolean;
}

export const findGroupByConversation = (db: Readonly<Db>, conversationId: string): Group | undefined =>
  db.groups.find((g) => g.conversation.conversationId === conversationId);

/** The group a conversation belongs to: its own conversation, or a meeting chat linked to it. */
export function groupForConversation(db: Readonly<Db>, conversationId: string): { group: Group; linkedMeeting: number | null } | null {
  const own = findGroupByConversation(db, conversationId);
  if (own) return { group: own, linkedMeeting: null };
  for (const g of db.groups) {
    const link = g.linkedChats.find((l) => l.conversation.conversationId === conversationId);
    if (link) return { group: g, linkedMeeting: link.meetingNumber };
  }
  return null;
}

/** Base conversation id: Teams channel threads carry `;messageid=…` on replies. */
export const baseConversationId = (id: string): string => id.split(';')[0];

/**
 * Creates the group for a channel or standing group chat the bot was installed in; idempotent
 * (Teams sends both installationUpdate and conversationUpdate). Returns the group and whether
 * it was new.
 */
export function installGroup(db: Db, tx: Tx, input: InstallInput): { group: Group; created: boolean } {
  const existing = findGroupByConversation(db, input.conversation.conversationId);
  if (existing) return { group: existing, created: false };
  const roster: Member[] = [];
  const add = (p: Person, role: Role) => {
    if (!roster.some((m) => samePerson(m, p))) roster.push({ ...p, role, organisation: null });
  };
  const people = input.members.length ? input.members : input.installer ? [input.installer] : [];
  for (const p of people) add(p, p.aadObjectId && input.configuredChairs.includes(p.aadObjectId) ? 'chair' : 'member');
  if (!roster.some((m) => m.role === 'chair') && input.installer) {
    const inst = roster.find((m) => samePerson(m, input.installer!));
    if (inst) inst.role = 'chair';
    else add(input.installer, 'chair');
  }
  const n = db.groups.length + 1;
  let id = `g${n}`;
  for (let k = n; db.groups.some((g) => g.id === id); k++) id = `g${k + 1}`;
  const group: Group = {
    id,
    name: input.name || `Styregruppe ${n}`,
    createdAt: tx.now.toISOString(),
    locale: input.locale,
    timezone: input.timezone,
    conversation: input.conversation,
    roster,
    standingItems: [...DEFAULT_STANDING_ITEMS],
    reminderOffsets: defaultReminderOffsets(),
    escalationTarget: null,
    linkedChats: [],
    isBoard: input.isBoard ?? false,
    counters: { meeting: 0, risk: 0, action: 0, round: 0, escalation: 0 },
  };
  db.groups.push(group);
  tx.audit({
    actor: input.installer ? personKey(input.installer) : 'system',
    action: 'group.create',
    groupId: id,
    target: id,
    after: { name: group.name, roster: roster.map((m) => ({ name: m.name, role: m.role })) },
  });
  return { group, created: true };
}

/**
 * Teams sends two events for one install (installationUpdate and conversationUpdate, in either
 * order, sometimes at once): the welcome card goes out once per install. Decided inside the
 * store write that sets up the group, so it holds across a restart between the two events and
 * across instances sharing the store; a later re-install (after this quiet time) is welcomed again.
 */
export const WELCOME_QUIET_MS = 60_000;

/** True (and recorded on the group) when no welcome was posted here within WELCOME_QUIET_MS. */
export function claimWelcome(group: Group, now: Date): boolean {
  const last = group.welcomedAt ? Date.parse(group.welcomedAt) : NaN;
  if (now.getTime() - last <= WELCOME_QUIET_MS) return false;
  group.welcomedAt = now.toISOString();
  return true;
}

export function requireGroup(db: Readonly<Db>, groupId: string): Group {
  const g = db.groups.find((x) => x.id === groupId);
  if (!g) throw new AppError('not_in_group');
  return g;
}

/**
 * Throws the right refusal when `actor` lacks `right` in `group`, and records the attempt in the
 * security log (refusals never touch the domain data): through the mutation's `tx.refuse`, or,
 * outside a mutation (a read-only check in a handler), the log given.
 */
export function requireRight(group: Group, actor: Person, right: Right, log?: Tx | SecurityLog, now = new Date()): void {
  if (may(group, actor, right)) return;
  const member = findMember(group, actor);
  const code = !member
    ? 'not_member'
    : right === 'vote'
      ? 'not_voter'
      : ['manageMeetings', 'recordDecisions'].includes(right)
        ? 'not_chair_or_referent'
        : 'not_chair';
  const detail = `${right} in ${group.id}`;
  if (log && 'refuse' in log) log.refuse(code, detail, { actor: personKey(actor) });
  else log?.record({ at: now.toISOString(), actor: personKey(actor), code, detail });
  throw new AppError(code);
}

export interface RoleChange {
  target: Person;
  role: Role | null; // null = remove
  /** The person's organisation (PLO, KiAP, MedCom …); absent or empty keeps what is recorded. */
  organisation?: string | null;
}

export const MAX_ORGANISATION = 80;

/** Sets a member's role (adds them if new) or removes them; keeps at least one chair. */
export function changeRole(db: Db, tx: Tx, groupId: string, actor: Person, change: RoleChange): Member | null {
  const group = requireGroup(db, groupId);
  requireRight(group, actor, 'manageRoster', tx);
  const current = findMember(group, change.target);
  const before = current ? { role: current.role } : null;
  if (change.role === null) {
    if (!current) throw new AppError('member_unknown', { name: change.target.name });
    if (current.role === 'chair' && chairsOf(group).length === 1) throw new AppError('last_chair');
    group.roster.splice(group.roster.indexOf(current), 1);
    tx.audit({ actor: personKey(actor), action: 'roster.remove', groupId, target: personKey(change.target), before, after: null });
    return null;
  }
  if (change.role === 'chair') {
    // Handing over: the previous chair (the actor) becomes a member.
    const me = findMember(group, actor);
    if (me && !samePerson(me, change.target)) me.role = 'member';
  } else if (current?.role === 'chair' && chairsOf(group).length === 1) {
    throw new AppError('last_chair');
  }
  let member = current;
  if (!member) {
    member = {
      name: change.target.name,
      aadObjectId: change.target.aadObjectId,
      teamsId: change.target.teamsId,
      organisation: null,
      role: change.role,
    };
    // A new member named in a meeting's imported participants list brings that organisation.
    member.organisation = organisationFromParticipants(db, groupId, member.name);
    group.roster.push(member);
  } else {
    member.role = change.role;
    if (!member.teamsId && change.target.teamsId) member.teamsId = change.target.teamsId;
    if (!member.aadObjectId && change.target.aadObjectId) member.aadObjectId = change.target.aadObjectId;
  }
  const organisation = change.organisation?.replace(/\s+/g, ' ').trim().slice(0, MAX_ORGANISATION);
  if (organisation) member.organisation = organisation;
  tx.audit({
    actor: personKey(actor),
    action: 'roster.role',
    groupId,
    target: personKey(change.target),
    before,
    after: { role: change.role, organisation: member.organisation },
  });
  return member;
}

/** The organisation the latest imported participants list gives a name (exact name match), else null. */
export function organisationFromParticipants(db: Readonly<Db>, groupId: string, name: string): string | null {
  const n = name.trim().toLowerCase();
  const meetings = db.meetings.filter((m) => m.groupId === groupId).sort((a, b) => b.date.localeCompare(a.date));
  for (const m of meetings) {
    const p = m.participants.find((x) => x.name.trim().toLowerCase() === n && x.organisation);
    if (p?.organisation) return p.organisation.slice(0, MAX_ORGANISATION);
  }
  return null;
}

/** Members without an organisation get it from an imported participants list naming them exactly. */
export function fillOrganisations(group: Group, participants: readonly { name: string; organisation: string | null }[]): number {
  let n = 0;
  for (const m of group.roster) {
    if (m.organisation) continue;
    const p = participants.find((x) => x.organisation && x.name.trim().toLowerCase() === m.name.trim().toLowerCase());
    if (p?.organisation) {
      m.organisation = p.organisation.slice(0, MAX_ORGANISATION);
      n++;
    }
  }
  return n;
}

export function setLanguage(db: Db, tx: Tx, groupId: string, actor: Person, locale: Locale): void {
  const group = requireGroup(db, groupId);
  requireRight(group, actor, 'manageRoster', tx);
  const before = group.locale;
  group.locale = locale;
  tx.audit({ actor: personKey(actor), action: 'group.language', groupId, target: groupId, before, after: locale });
}

/** Remembers a member's personal chat with the bot (for nudges), in every group they belong to. */
export function rememberPersonalChat(db: Db, person: Person, conversation: ConversationRef): number {
  let n = 0;
  for (const g of db.groups) {
    const m = findMember(g, person);
    if (m && m.personalChat?.conversationId !== conversation.conversationId) {
      m.personalChat = conversation;
      n++;
    }
  }
  return n;
}

/** Groups in which `person` is on the roster (personal-chat commands pick among these). */
export const groupsOf = (db: Readonly<Db>, person: Person): Group[] => db.groups.filter((g) => !g.isBoard && findMember(g, person));
