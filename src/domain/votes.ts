/**
 * The rules of a risk vote: how ballots are counted and what a round settles. Per risk the agreed
 * rating is the median vote (between two, the more severe) unless the chair overrides it; votes
 * spanning the whole scale flag a disagreement. Pure: the use-cases (src/app/votes.ts) apply them.
 */
import { RATINGS, type Ballot, type Db, type Group, type Member, type Person, type Rating, type VoteRound } from './model.js';
import { may, personKey } from './roster.js';

/** Position on the scale: green 0 < yellow 1 < red 2. */
export const SEVERITY = Object.fromEntries(RATINGS.map((r, i) => [r, i])) as Record<Rating, number>;
export const isRating = (v: unknown): v is Rating => (RATINGS as readonly unknown[]).includes(v);

export type Tally = Record<Rating, number>;

export const emptyTally = (): Tally => ({ green: 0, yellow: 0, red: 0 });

export function tallyOf(votes: readonly Rating[]): Tally {
  const t = emptyTally();
  for (const v of votes) t[v]++;
  return t;
}

/**
 * The median of the votes on the green < yellow < red scale. With an even number of votes the two
 * middle votes may differ: then the more severe one counts (a risk is not talked down by a tie).
 * No votes → null.
 */
export function medianRating(votes: readonly Rating[]): Rating | null {
  if (votes.length === 0) return null;
  const sorted = [...votes].sort((a, b) => SEVERITY[a] - SEVERITY[b]);
  // Upper median: index n/2 for even n (the more severe middle), (n-1)/2 for odd n.
  return sorted[Math.floor(sorted.length / 2)];
}

/** Same median, from a tally: the vote at index n/2 (rounded down) of the sorted votes, counted off instead of sorted (every ballot view computes it for every risk). */
export function medianOfTally(t: Tally): Rating | null {
  const n = t.green + t.yellow + t.red;
  if (n === 0) return null;
  const k = Math.floor(n / 2);
  return k < t.green ? 'green' : k < t.green + t.yellow ? 'yellow' : 'red';
}

/** Votes spanning the whole scale (someone says green, someone red) flag a disagreement to discuss. */
export const isDisagreement = (t: Tally): boolean => t.green > 0 && t.red > 0;

/** Direction of a change from `before` to `after`: 'worse' (more severe), 'better', 'same'. */
export function compareRatings(before: Rating, after: Rating): 'worse' | 'better' | 'same' {
  const d = SEVERITY[after] - SEVERITY[before];
  return d > 0 ? 'worse' : d < 0 ? 'better' : 'same';
}

export type Trend = 'worse' | 'better' | 'same' | null;

/** A risk's last settled rating against the one before it (null: fewer than two settlements). */
export function trendOf(risk: { readonly history: readonly { rating: Rating }[] }): Trend {
  const h = risk.history;
  return h.length < 2 ? null : compareRatings(h[h.length - 2].rating, h[h.length - 1].rating);
}

/** Each voter's current choice for `riskId` (a ballot counts once: the store keeps one per voter). */
export function votesFor(round: Readonly<VoteRound>, riskId: string): Rating[] {
  const out: Rating[] = [];
  for (const b of round.ballots) {
    const c = b.choices[riskId];
    if (c) out.push(c);
  }
  return out;
}

export const roundTally = (round: Readonly<VoteRound>, riskId: string): Tally => tallyOf(votesFor(round, riskId));

export interface Settlement {
  riskId: string;
  tally: Tally;
  median: Rating | null;
  override: Rating | null;
  /** The agreed rating: the override, else the median; null when nobody voted and no override. */
  rating: Rating | null;
  disagreement: boolean;
}

/** What closing the round now would settle, risk by risk (also the chair's preview while open). */
export function settle(round: Readonly<VoteRound>, overrides: Readonly<Record<string, Rating>> = round.overrides ?? {}): Settlement[] {
  return round.riskIds.map((riskId) => {
    const tally = roundTally(round, riskId);
    const median = medianOfTally(tally);
    const override = overrides[riskId] ?? null;
    return { riskId, tally, median, override, rating: override ?? median, disagreement: isDisagreement(tally) };
  });
}

/** The people who may vote: the roster's chair and members (not the referent, not observers). */
const isVoter = (m: Readonly<Member>) => m.role === 'chair' || m.role === 'member';
export const votersOf = (group: Readonly<Group>) => group.roster.filter(isVoter);

/**
 * How a round files a person's ballot (`Ballot.voter`): in a named round the person key, in an
 * anonymous round a keyed hash of it (src/app/vote-privacy.ts makes that function; the domain
 * only compares keys). Without one, the person key.
 */
export type BallotKeyOf = (who: Pick<Person, 'aadObjectId' | 'teamsId'>) => string;

/** Whether each of today's voters has a ballot in the round (who has voted, never what). */
export function hasVoted(
  group: Readonly<Group>,
  round: Readonly<Pick<VoteRound, 'ballots'>>,
  keyOf?: BallotKeyOf,
): Array<{ member: Member; voted: boolean }> {
  const filed = new Set(round.ballots.map((b) => b.voter));
  return votersOf(group).map((member) => ({ member, voted: hasFiled(member, filed, keyOf) }));
}

function hasFiled(m: Readonly<Member>, filed: ReadonlySet<string>, keyOf?: BallotKeyOf): boolean {
  if (keyOf) return filed.has(keyOf(m));
  return (!!m.aadObjectId && filed.has(m.aadObjectId)) || (!!m.teamsId && filed.has(m.teamsId));
}

/**
 * How many of today's voters have a ballot in the round: "3 af 6 har stemt" counts voters only.
 * A ballot cast before a rule change (a referent's, from when referents voted) stays in the round
 * and its result, but is not counted here. An anonymous round needs its `keyOf`.
 */
export function votedCount(group: Readonly<Group>, round: Readonly<Pick<VoteRound, 'ballots'>>, keyOf?: BallotKeyOf): number {
  // Counted without hasVoted's per-member records: every ballot click's answer shows this count.
  const filed = new Set<string>();
  for (const b of round.ballots) filed.add(b.voter);
  let n = 0;
  for (const m of group.roster) if (isVoter(m) && hasFiled(m, filed, keyOf)) n += 1;
  return n;
}

/**
 * The comments on one risk in a round, oldest ballot first: the per-risk comment, else (a ballot
 * from a card before per-risk comments) the ballot's comment when the round had only this risk and
 * the ballot rated it.
 * `name` is null in an anonymous round.
 */
export function commentsOn(round: Readonly<VoteRound>, riskId: string): Array<{ name: string | null; text: string }> {
  const out: Array<{ name: string | null; text: string }> = [];
  for (const b of round.ballots) {
    const legacy = round.riskIds.length === 1 && b.choices[riskId] && b.comment ? b.comment : '';
    const text = (b.comments?.[riskId] ?? legacy).trim();
    if (text) out.push({ name: round.anonymous || !b.voterName ? null : b.voterName, text });
  }
  return out;
}

/** Whether `who` may vote in `group` (for views: show inputs or not). */
export const canVote = (group: Readonly<Group>, who: Pick<Person, 'aadObjectId' | 'teamsId'>) => may(group, who, 'vote');
export const isChair = (group: Readonly<Group>, who: Pick<Person, 'aadObjectId' | 'teamsId'>) => may(group, who, 'closeVote');

export const openRoundOf = (db: Readonly<Db>, groupId: string): VoteRound | undefined =>
  db.voteRounds.find((r) => r.groupId === groupId && r.status === 'open');

export const findRound = (db: Readonly<Db>, groupId: string, roundId: string): VoteRound | undefined =>
  db.voteRounds.find((r) => r.groupId === groupId && r.id === roundId);

export const ballotOf = (
  round: Readonly<VoteRound>,
  who: Pick<Person, 'aadObjectId' | 'teamsId'>,
  keyOf: BallotKeyOf = personKey,
): Ballot | undefined => {
  const key = keyOf(who);
  return round.ballots.find((b) => b.voter === key);
};
