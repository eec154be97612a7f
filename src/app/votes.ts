/**
 * Risk votes (issue #6): the chair opens one round per group, voters (the chair and the members —
 * not the referent, not observers) rate every risk in it green/yellow/red, and the round closes by the chair or at
 * its deadline. How a round is counted and settled is the domain's (src/domain/votes.ts); the
 * settled rating goes into the risk's history.
 *
 * Use-cases over Db + Tx, for use inside `store.update`. Everything is validated before `db`
 * changes; refusals of forged input are written to the security log, never to the data.
 */
import type { Ballot, ConversationRef, Db, Person, PostedCard, Rating, RatingHistoryEntry, VoteRound } from '../domain/model.js';
import { findRound, isRating, openRoundOf, settle, type Settlement } from '../domain/votes.js';
import { localDate } from '../domain/dates.js';
import { findMember, personKey } from '../domain/roster.js';
import { AppError } from '../errors.js';
import { requireGroup, requireRight } from './groups.js';
import type { Tx } from './ports.js';
import { findRisk } from './risks.js';
import { chooseDeadline, zoneOf } from './vote-deadline.js';
import { ballotKeyOf, ensureVoteKey } from './vote-privacy.js';

export { chooseDeadline, DEFAULT_ROUND_DAYS, MAX_ROUND_DAYS, nextPlannedMeeting, type DeadlineChoice } from './vote-deadline.js';

/** The job kind that closes a round at its deadline (payload `{groupId, roundId}`). */
export const VOTE_CLOSE_JOB = 'vote.close';
/** One ballot card must stay under Teams' card budget: at most this many risks per round. */
export const MAX_ROUND_RISKS = 12;
export const MAX_COMMENT = 1000;
/** How many handled activity ids `db.processed` keeps (replay detection; newest last). */
export const MAX_PROCESSED = 5000;

// ------------------------------------------------------------------------------------------------
// Use-cases
// ------------------------------------------------------------------------------------------------

/** Refuses forged input: recorded through the transaction (the security log), then thrown. */
function refuse(tx: Tx, actor: Person | null, code: string, detail: string, params: Record<string, string | number> = {}): never {
  tx.refuse(code, detail, { actor: actor ? personKey(actor) : null });
  throw new AppError(code, params);
}

export interface OpenRoundInput {
  groupId: string;
  actor: Person;
  /** Explicit deadline, local date (+ optional HH:MM). */
  deadlineDate?: string | null;
  deadlineTime?: string | null;
  /** Only these risks (default: every open risk). */
  riskIds?: string[] | null;
  /** The meeting a meeting chat is linked to (ctx.linkedMeeting()). */
  linkedMeeting?: number | null;
  /** An anonymous round (src/app/vote-privacy.ts): ballots are filed under a keyed hash, never a name. */
  anonymous?: boolean;
}

/** Opens the group's round (chair only; one open round per group). Adds the close job and the vote nudge. */
export function openRound(db: Db, tx: Tx, input: OpenRoundInput): VoteRound {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'closeVote', tx);
  const open = openRoundOf(db, group.id);
  if (open) throw new AppError('round_open', { id: open.id });
  const openRisks = db.risks.filter((r) => r.groupId === group.id && r.status === 'open');
  let riskIds: string[];
  if (input.riskIds?.length) {
    riskIds = [];
    for (const raw of input.riskIds) {
      const id = raw.toUpperCase();
      const risk = findRisk(db, group.id, id);
      if (!risk || risk.status !== 'open') throw new AppError('risk_unknown', { risk: raw });
      if (!riskIds.includes(id)) riskIds.push(id);
    }
  } else {
    riskIds = openRisks.map((r) => r.id);
  }
  if (riskIds.length === 0) throw new AppError('no_risks');
  if (riskIds.length > MAX_ROUND_RISKS) throw new AppError('too_many_risks', { count: riskIds.length, max: MAX_ROUND_RISKS });
  const { deadline, meeting } = chooseDeadline(db, group, tx.now, {
    date: input.deadlineDate,
    time: input.deadlineTime,
    linkedMeeting: input.linkedMeeting,
  });

  if (input.anonymous) ensureVoteKey(group);
  group.counters.round += 1;
  const round: VoteRound = {
    groupId: group.id,
    id: `V${group.counters.round}`,
    status: 'open',
    openedBy: personKey(input.actor),
    openedAt: tx.now.toISOString(),
    deadline: deadline.toISOString(),
    meeting,
    riskIds,
    ...(input.anonymous ? { anonymous: true } : {}),
    ballots: [],
    result: null,
    overrides: {},
    closedAt: null,
    closedBy: null,
    card: null,
  };
  db.voteRounds.push(round);
  tx.schedule.addJob({ kind: VOTE_CLOSE_JOB, dueAt: deadline, payload: { groupId: group.id, roundId: round.id } });
  tx.schedule.syncVoteNudge(group.id, round.id);
  tx.audit({
    actor: personKey(input.actor),
    action: 'vote.open',
    groupId: group.id,
    target: round.id,
    after: { deadline: round.deadline, meeting, riskIds, anonymous: !!input.anonymous },
  });
  return round;
}

/** Remembers the posted ballot card (so the tally can be updated in place). */
export function setRoundCard(db: Db, tx: Tx, groupId: string, roundId: string, card: PostedCard): void {
  const round = findRound(db, groupId, roundId);
  if (!round) throw new AppError('round_unknown');
  round.card = { conversationId: card.conversationId, activityId: card.activityId };
  tx.audit({ actor: 'system', action: 'vote.card', groupId, target: roundId, after: round.card });
}

export interface CastInput {
  groupId: string;
  roundId: string;
  actor: Person;
  /** riskId → colour as the card sent it (validated here again). */
  choices: Record<string, string>;
  /** A comment on the whole ballot: only from cards posted before per-risk comments. */
  comment?: string | null;
  /** riskId → the voter's comment on that risk. */
  comments?: Record<string, string>;
  /** Teams' activity id: a re-sent invoke with the same id changes nothing. */
  activityKey?: string | null;
  /** Teams' activity timestamp (when the click happened), ISO. */
  sentAt?: string | null;
}

/**
 * - `accepted`: stored as the voter's ballot (replacing their earlier one);
 * - `replay`: this activity was handled before (Teams re-sends invokes);
 * - `unchanged`: same choices and comment as the voter's current ballot;
 * - `stale`: an older click that arrived after a newer one (the newer counts).
 * Only `accepted` changes anything (and is audited).
 */
export type CastOutcome = 'accepted' | 'replay' | 'unchanged' | 'stale';

const processedKey = (groupId: string, activityKey: string) => `ballot:${groupId}:${activityKey}`;

/** A ballot from a voter. The latest ballot counts, once; see CastOutcome. */
export function castBallot(db: Db, tx: Tx, input: CastInput): { outcome: CastOutcome; round: VoteRound; ballot: Ballot | null } {
  const group = requireGroup(db, input.groupId);
  const round = findRound(db, group.id, input.roundId);
  if (!round) refuse(tx, input.actor, 'round_unknown', `ballot for ${input.roundId} in ${group.id}`);
  requireRight(group, input.actor, 'vote', tx);
  const voter = findMember(group, input.actor)!;
  // An anonymous round files the ballot under a keyed hash of the voter, never the id or name.
  const key = ballotKeyOf(group, round)(voter);
  const anonymous = !!round.anonymous;
  const current = round.ballots.find((b) => b.voter === key) ?? null;
  const sentAt = normaliseSentAt(input.sentAt, tx.now);
  // Replays (Teams re-sends an invoke it got no answer to, with the same id and time). A click
  // with a time is ordered by it: a copy of the click that cast the voter's current ballot is
  // recognised by the key kept on the ballot, a copy of an older click is older (stale, below).
  // Only clicks without a time need the store-wide replay list — keeping every timed click there
  // too made the list (5,000 keys) most of what each commit rewrote (bench).
  if (input.activityKey && current?.activityKey === input.activityKey) return { outcome: 'replay', round, ballot: current };
  const replayKey = input.activityKey ? processedKey(group.id, input.activityKey) : null;
  if (replayKey && db.processed.some((p) => p.key === replayKey)) return { outcome: 'replay', round, ballot: current };
  if (current && sentAt && current.sentAt && Date.parse(sentAt) < Date.parse(current.sentAt))
    return { outcome: 'stale', round, ballot: current };
  if (round.status !== 'open') throw new AppError('vote_closed', { id: round.id });

  const choices: Record<string, Rating> = {};
  for (const [riskId, value] of Object.entries(input.choices)) {
    if (!round.riskIds.includes(riskId))
      refuse(tx, input.actor, 'risk_unknown', `ballot names ${String(riskId).slice(0, 40)} in ${round.id}`, {
        risk: String(riskId).slice(0, 40),
      });
    if (!isRating(value))
      refuse(tx, input.actor, 'bad_rating', `ballot colour ${String(value).slice(0, 40)}`, {
        value: String(value).slice(0, 40),
      });
    choices[riskId] = value;
  }
  if (Object.keys(choices).length === 0) throw new AppError('ballot_empty');
  const comment = input.comment?.trim() ? input.comment.trim().slice(0, MAX_COMMENT) : null;
  const comments: Record<string, string> = {};
  for (const [riskId, text] of Object.entries(input.comments ?? {})) {
    if (!round.riskIds.includes(riskId))
      refuse(tx, input.actor, 'risk_unknown', `comment names ${String(riskId).slice(0, 40)} in ${round.id}`, {
        risk: String(riskId).slice(0, 40),
      });
    const trimmed = String(text ?? '').trim();
    if (trimmed) comments[riskId] = trimmed.slice(0, MAX_COMMENT);
  }

  if (current && sameChoices(current.choices, choices) && current.comment === comment && sameComments(current.comments, comments))
    return { outcome: 'unchanged', round, ballot: current };
  const ballot: Ballot = {
    voter: key,
    voterName: anonymous ? '' : voter.name,
    choices,
    comment,
    ...(Object.keys(comments).length ? { comments } : {}),
    at: tx.now.toISOString(),
    sentAt,
    // In an anonymous round the click's id is not kept (Teams' logs tie it to the clicker); a
    // re-sent click then finds the same choices (`unchanged`) or is older (`stale`).
    activityKey: anonymous ? null : input.activityKey || null,
  };
  if (current) round.ballots.splice(round.ballots.indexOf(current), 1);
  round.ballots.push(ballot);
  if (replayKey && !sentAt) rememberProcessed(db, replayKey, tx.now);
  tx.audit({
    actor: key,
    action: 'vote.cast',
    groupId: group.id,
    target: round.id,
    before: current ? { choices: current.choices, comment: current.comment, comments: current.comments ?? {} } : null,
    after: { choices, comment, comments },
  });
  return { outcome: 'accepted', round, ballot };
}

const sameComments = (a: Record<string, string> | undefined, b: Record<string, string>) => sameChoices(a ?? {}, b);

function sameChoices(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** A usable click time: parsed, and never in the future beyond a little clock skew. */
function normaliseSentAt(sentAt: string | null | undefined, now: Date): string | null {
  if (!sentAt) return null;
  const ms = Date.parse(sentAt);
  if (Number.isNaN(ms)) return null;
  return new Date(Math.min(ms, now.getTime() + 5 * 60_000)).toISOString();
}

function rememberProcessed(db: Db, key: string, now: Date): void {
  db.processed.push({ key, at: now.toISOString() });
  if (db.processed.length > MAX_PROCESSED) db.processed.splice(0, db.processed.length - MAX_PROCESSED);
}

export interface CloseInput {
  groupId: string;
  roundId: string;
  /** null: the deadline job. */
  actor: Person | null;
  /** riskId → the chair's rating instead of the median. */
  overrides?: Record<string, string>;
  /** Builds a message announcing the result (queued in the outbox in the same write), or null. */
  announce?: (db: Readonly<Db>, round: Readonly<VoteRound>) => { conversation: ConversationRef; activity: Record<string, unknown> } | null;
}

export interface CloseResult {
  round: VoteRound;
  /** False when the round was already closed (a repeated click, or the job after a manual close). */
  changed: boolean;
  settled: Array<Settlement & { entry: RatingHistoryEntry | null }>;
}

/**
 * Closes a round: per risk the override or the median becomes the risk's rating and a history
 * entry (date: the round's meeting date, else the local close date). Chair only; the deadline job
 * closes as `system`. Closing a closed round changes nothing.
 */
export function closeRound(db: Db, tx: Tx, input: CloseInput): CloseResult {
  const group = requireGroup(db, input.groupId);
  const round = findRound(db, group.id, input.roundId);
  if (!round) refuse(tx, input.actor, 'round_unknown', `close ${input.roundId} in ${group.id}`);
  if (input.actor) requireRight(group, input.actor, 'closeVote', tx);
  if (round.status === 'closed') return { round, changed: false, settled: [] };

  const overrides: Record<string, Rating> = {};
  for (const [riskId, value] of Object.entries(input.overrides ?? {})) {
    if (!round.riskIds.includes(riskId))
      refuse(tx, input.actor, 'risk_unknown', `override names ${String(riskId).slice(0, 40)}`, {
        risk: String(riskId).slice(0, 40),
      });
    if (!isRating(value))
      refuse(tx, input.actor, 'bad_rating', `override colour ${String(value).slice(0, 40)}`, {
        value: String(value).slice(0, 40),
      });
    overrides[riskId] = value;
  }

  const zone = zoneOf(group);
  const meeting = round.meeting != null ? db.meetings.find((m) => m.groupId === group.id && m.number === round.meeting) : undefined;
  // The rating is dated by when the vote closed (the round may belong to a later meeting).
  const date = localDate(tx.now, zone);
  const settled: CloseResult['settled'] = [];
  const result: Record<string, Rating> = {};
  for (const s of settle(round, overrides)) {
    const risk = findRisk(db, group.id, s.riskId);
    if (!risk || risk.status !== 'open' || !s.rating) {
      settled.push({ ...s, entry: null });
      continue;
    }
    const entry: RatingHistoryEntry = {
      date,
      rating: s.rating,
      tally: s.tally,
      disagreement: s.disagreement,
      round: round.id,
      meeting: meeting?.number ?? null,
      ...(s.override && s.override !== s.median ? { overridden: true } : {}),
    };
    risk.history.push(entry);
    risk.rating = s.rating;
    result[s.riskId] = s.rating;
    settled.push({ ...s, entry });
  }
  round.status = 'closed';
  round.result = result;
  round.overrides = overrides;
  round.closedAt = tx.now.toISOString();
  round.closedBy = input.actor ? personKey(input.actor) : 'system';
  if (input.actor)
    tx.schedule.cancelJobs((j) => j.kind === VOTE_CLOSE_JOB && j.payload.groupId === group.id && j.payload.roundId === round.id);
  tx.schedule.syncVoteNudge(group.id, round.id);
  tx.audit({
    actor: round.closedBy,
    action: 'vote.close',
    groupId: group.id,
    target: round.id,
    after: { result, overrides, tallies: Object.fromEntries(settled.map((s) => [s.riskId, s.tally])), ballots: round.ballots.length },
  });
  const announcement = input.announce?.(db, round);
  if (announcement) tx.enqueue({ groupId: group.id, ...announcement, ref: { kind: 'voteResult', groupId: group.id, roundId: round.id } });
  return { round, changed: true, settled };
}
