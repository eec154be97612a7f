/**
 * The steering group's data, as stored. Plain data only (JSON-serialisable), no framework types:
 * the store persists exactly these shapes and every use-case works on them.
 *
 * Conventions: instants are ISO-8601 UTC strings (`at`, `dueAt`); calendar dates are local
 * `YYYY-MM-DD` and times `HH:MM` in the group's time zone; people are identified by their
 * Entra object id (`aadObjectId`) where Teams gives one, else by their Teams user id (`29:…`).
 */

import type { ParsedAgenda } from './agenda.js';
import type { Material, ItemStatus, AgendaProposal, AgendaChange } from './agenda-model.js';
import type { ConversationRef, Locale, MeetingStatus, Outcome, Person, Rating, Role } from './model-base.js';
import type { Job, OutboxItem, Reminder } from './schedule-model.js';
import type { Vendor } from './vendor-model.js';

export * from './model-base.js';
export type * from './agenda-model.js';
export type * from './schedule-model.js';
export type * from './vendor-model.js';

export interface Member extends Person {
  role: Role;
  organisation: string | null;
  /** A personal chat with the bot, where one exists (used for nudges). */
  personalChat?: ConversationRef | null;
}

export interface ReminderOffsets {
  /** Day reminders: calendar days before the meeting, at `atTime` local. */
  days: number[];
  /** Hour reminders: hours before the start. */
  hours: number[];
  atTime: string;
}

export interface LinkedChat {
  conversation: ConversationRef;
  meetingNumber: number;
  linkedBy: string;
  at: string;
}

export interface Group {
  id: string;
  name: string;
  createdAt: string;
  locale: Locale;
  timezone: string;
  conversation: ConversationRef;
  roster: Member[];
  standingItems: string[];
  /** The weekly digest between meetings (absent: on, Monday 09:00; src/domain/digest.ts). */
  digest?: { enabled?: boolean; weekday?: number; time?: string; lastSentAt?: string | null } | null;
  reminderOffsets: ReminderOffsets;
  /** Where escalations go (the programme board's channel or chat). */
  escalationTarget: { conversation: ConversationRef; setBy: string; at: string; name?: string | null } | null;
  linkedChats: LinkedChat[];
  /** A group auto-created by installing the bot somewhere that is really a board channel. */
  isBoard?: boolean;
  /**
   * The secret that keys anonymous ballots when STYREBOT_VOTE_KEY is not set (generated once, at
   * the group's first anonymous round; src/app/vote-privacy.ts). Never shown anywhere.
   */
  voteKey?: string;
  /** When the bot last posted its welcome card here (one per install; src/teams/install.ts). */
  welcomedAt?: string | null;
  counters: { meeting: number; risk: number; action: number; round: number; escalation: number };
}

export interface Participant {
  name: string;
  organisation: string | null;
  role: string | null;
}

export interface Attendance {
  name: string;
  aadObjectId: string | null;
  present: boolean;
}

export interface AgendaItem {
  number: number;
  title: string;
  presenter: string | null;
  annexes: string[];
  recommendation: string[];
  background: string | null;
  proposal: string | null;
  nextSteps: string | null;
  outcome: Outcome | null;
  decision: string | null;
  /** aadObjectId (or Teams id) of who recorded the decision. */
  by: string | null;
  byName?: string | null;
  at: string | null;
  /** Carried over from an earlier meeting (postponed/undecided). */
  carriedFrom?: number | null;
  /** The shared card showing this item, for in-place updates. */
  card?: PostedCard | null;
  /** personKey of the roster member presenting this item, set by the chair (`oplægsholder`). */
  presenterId?: string | null;
  /** The presenter's status report on a standing item (absent: none received). */
  status?: ItemStatus | null;
  /** Material (bilag); absent = one entry per annex without a link (src/domain/material.ts materialOf). */
  material?: Material[];
}

export interface PostedCard {
  conversationId: string;
  activityId: string;
}

export interface MinutesState {
  status: 'draft' | 'approved';
  approvedBy: string | null;
  approvedAt: string | null;
  amendments: { text: string; by: string; at: string; item: number | null }[];
  version: number;
}

export interface Meeting {
  groupId: string;
  number: number;
  title: string;
  date: string;
  start: string;
  end: string;
  location: string | null;
  joinUrl: string | null;
  status: MeetingStatus;
  participants: Participant[];
  attendance: Attendance[];
  items: AgendaItem[];
  minutes: MinutesState;
  createdAt: string;
  /** Meeting-start/end events seen from Teams. */
  startedAt?: string | null;
  endedAt?: string | null;
  overviewCard?: PostedCard | null;
  /** When the agenda was published to the group ("Udsend dagsorden" or the T-7d-agenda reminder). */
  agendaSentAt?: string | null;
  /** Items members proposed for this meeting (absent: none). */
  proposals?: AgendaProposal[];
  /** Changes to a published agenda not yet announced in a "Dagsorden opdateret" note. */
  agendaChanges?: AgendaChange[];
}

export interface RatingHistoryEntry {
  date: string;
  rating: Rating;
  tally: Record<Rating, number>;
  disagreement: boolean;
  round: string | null;
  meeting: number | null;
  /** The chair settled a rating other than the median vote. */
  overridden?: boolean;
}

export interface Risk {
  groupId: string;
  id: string;
  category: string;
  title: string;
  description: string | null;
  owner: { name: string; aadObjectId: string | null } | null;
  rating: Rating | null;
  correctiveActions: string[];
  status: 'open' | 'retired';
  history: RatingHistoryEntry[];
  createdAt: string;
  createdBy: string;
}

export interface Ballot {
  voter: string;
  voterName: string;
  choices: Record<string, Rating>;
  /** A comment on the whole ballot (cards from before per-risk comments); new ballots use `comments`. */
  comment: string | null;
  /** riskId → the voter's comment on that risk (optional, one per risk). */
  comments?: Record<string, string>;
  at: string;
  /** When Teams received the click (activity timestamp): orders one voter's ballots that arrive out of order. */
  sentAt?: string | null;
  /** The click (activity) that cast it: a re-sent copy of that click is a replay. */
  activityKey?: string | null;
}

export interface VoteRound {
  groupId: string;
  id: string;
  status: 'open' | 'closed';
  openedBy: string;
  openedAt: string;
  deadline: string;
  meeting: number | null;
  riskIds: string[];
  /**
   * In an anonymous round each ballot's `voter` is a keyed hash of the person (never the id) and
   * `voterName` is empty: nobody, the chair included, can learn who voted what.
   */
  anonymous?: boolean;
  ballots: Ballot[];
  result: Record<string, Rating> | null;
  overrides: Record<string, Rating>;
  closedAt: string | null;
  closedBy: string | null;
  card?: PostedCard | null;
}

export interface ActionPoint {
  groupId: string;
  id: string;
  text: string;
  owner: { name: string; aadObjectId: string | null; teamsId?: string | null };
  due: string | null;
  status: 'open' | 'done';
  source: { kind: 'chat' | 'item' | 'risk'; meeting: number | null; item: number | null; risk: string | null };
  createdBy: string;
  createdAt: string;
  doneBy?: string | null;
  doneAt?: string | null;
  card?: PostedCard | null;
  /** Short progress notes, oldest first (absent on action points stored before notes existed). */
  notes?: ActionNote[];
}

export interface ActionNote {
  text: string;
  /** personKey of the writer, and the name shown. */
  by: string;
  byName: string;
  at: string;
}

export type EscalationStatus = 'pending' | 'sent' | 'acknowledged' | 'answered' | 'failed' | 'uncertain';

/** What an escalation is about: a risk, or an agenda item's recommendation (meeting number, item number). */
export type EscalationSubject = { kind: 'risk'; id: string } | { kind: 'item'; meeting: number; item: number };

export interface EscalatedItem {
  meeting: number;
  number: number;
  /** The meeting's local date. */
  date: string;
  presenter: string | null;
  recommendation: string[];
  proposal: string | null;
}

export interface Escalation {
  groupId: string;
  id: string;
  /** The risk escalated; for an agenda item's escalation, empty (see `subject`). */
  riskId: string;
  /** Absent on risk escalations (stored before items could be escalated): then `{kind: 'risk', id: riskId}`. */
  subject?: EscalationSubject;
  reason: string;
  status: EscalationStatus;
  by: string;
  byName: string;
  at: string;
  snapshot: {
    title: string;
    category: string;
    rating: Rating | null;
    history: RatingHistoryEntry[];
    tally: Record<Rating, number> | null;
    comments: string[];
    correctiveActions: string[];
    owner: string | null;
    /** An agenda item's escalation: the item as the group saw it (the risk fields are then empty). */
    item?: EscalatedItem;
  };
  outboxId: string | null;
  acknowledgedBy?: string | null;
  acknowledgedAt?: string | null;
  answer: string | null;
  answeredBy?: string | null;
  answeredAt?: string | null;
  /** Display names of who acknowledged/answered: board members need not be on any roster. */
  acknowledgedByName?: string | null;
  answeredByName?: string | null;
  /** The escalation card in the board's conversation (recorded when the outbox sent it). */
  card?: PostedCard | null;
  /** The confirmation card's one-time token: a re-sent confirm click finds this record, not a new one. */
  confirmToken?: string | null;
}

/**
 * An agenda file a chair/referent uploaded in Teams, parsed and shown as a preview, waiting for
 * "Importér" (kept durably so a restart between preview and click loses nothing).
 */
export interface PendingImport {
  id: string;
  /** Null until the uploader picked one of `candidates` (chair/referent of several groups). */
  groupId: string | null;
  candidates: string[];
  /** personKey of the uploader: only they may confirm. */
  by: string;
  byName: string;
  filename: string;
  createdAt: string;
  status: 'pending' | 'imported' | 'cancelled';
  /** The parser's output (ParsedAgenda, domain/agenda.ts). */
  agenda: ParsedAgenda;
  /** What the import did (kept so a re-sent click gets the same answer). */
  result?: { meeting: number; filled: boolean; created: number[] } | null;
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  groupId: string | null;
  target: string | null;
  before?: unknown;
  after?: unknown;
}

export interface Db {
  schemaVersion: number;
  groups: Group[];
  meetings: Meeting[];
  risks: Risk[];
  voteRounds: VoteRound[];
  actions: ActionPoint[];
  escalations: Escalation[];
  outbox: OutboxItem[];
  reminders: Reminder[];
  jobs: Job[];
  /**
   * The audit trail, oldest first. On disk it is the append-only `<store>.audit.jsonl`; a running
   * bot keeps only the most recent entries here (storage AUDIT_IN_MEMORY), read-only opens all.
   */
  audit: AuditEntry[];
  /** Activity ids already handled (Teams re-sends invokes): bounded, newest last. */
  processed: { key: string; at: string }[];
  seq: number;
  /** Uploaded agendas awaiting confirmation (optional: stores from before it lack it). */
  pendingImports?: PendingImport[];
  /** The groups' GP-system vendors (optional: stores from before the vendor register lack it). */
  vendors?: Vendor[];
}

export const SCHEMA_VERSION = 3;

/**
 * The store document as written to disk: the audit trail is kept in an append-only log beside it
 * and counted here (`audit` is present only in files from before schema v3).
 */
export type StoreFile = Omit<Db, 'audit'> & { auditCount: number; audit?: AuditEntry[] };

export function emptyDb(): Db {
  return {
    schemaVersion: SCHEMA_VERSION,
    groups: [],
    meetings: [],
    risks: [],
    voteRounds: [],
    actions: [],
    escalations: [],
    outbox: [],
    reminders: [],
    jobs: [],
    audit: [],
    processed: [],
    seq: 0,
    pendingImports: [],
  };
}
