/**
 * Anonymous vote rounds: how a ballot is filed without saying whose it is.
 *
 * In an anonymous round a ballot's `voter` is `anon:` + HMAC-SHA256(secret, "<group>:<round>:<person
 * key>") (hex, 128 bits), never the person's id, and `voterName` is empty. The same person always
 * gets the same key within a round, so there is still one ballot per person and it can be changed;
 * a different round gives a different key, so ballots cannot be linked across rounds. Who has
 * voted (the count, the chair's list of who is missing, the vote nudge) is found by hashing each
 * voter on the roster and looking for that key: what someone voted is never looked up by name.
 *
 * The secret: `STYREBOT_VOTE_KEY` from the environment when set (recommended: then the store alone
 * cannot be used to recompute the keys), else a random per-group key generated at the group's
 * first anonymous round and kept in the store (`group.voteKey`): it keeps the chair and everyone
 * using Teams or the CLI out, but not someone holding both the store file and the code. Changing
 * STYREBOT_VOTE_KEY while an anonymous round is open splits that round's ballots (a voter's
 * earlier ballot is no longer found): change it between rounds.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Group, Member, VoteRound } from '../domain/model.js';
import { personKey } from '../domain/roster.js';
import { hasVoted, type BallotKeyOf } from '../domain/votes.js';

export const VOTE_KEY_ENV = 'STYREBOT_VOTE_KEY';
const ANON = 'anon:';

/** The environment's key, read at use (the bot, the CLI and tests see the same value). */
const envKey = (): string | null => process.env[VOTE_KEY_ENV]?.trim() || null;

/** Gives the group its own key if anonymous rounds will need one (inside the update that opens the round). */
export function ensureVoteKey(group: Group): void {
  if (!envKey() && !group.voteKey) group.voteKey = randomBytes(32).toString('base64url');
}

/** Whether a stored ballot key is an anonymous one. */
export const isAnonymousKey = (voter: string): boolean => voter.startsWith(ANON);

/**
 * How `round` files a person's ballot: their person key in a named round, the keyed hash in an
 * anonymous one. Pass the result to the domain's ballotOf / votedCount and to the views.
 */
export function ballotKeyOf(group: Readonly<Group>, round: Readonly<Pick<VoteRound, 'id' | 'anonymous'>>): BallotKeyOf {
  if (!round.anonymous) return (who) => personKey(who);
  const secret = envKey() ?? group.voteKey;
  if (!secret) throw new Error(`anonymous round ${round.id} of ${group.id} without a vote key`);
  const cache = new Map<string, string>();
  return (who) => {
    const id = personKey(who);
    let key = cache.get(id);
    if (key === undefined) {
      key = ANON + createHmac('sha256', secret).update(`${group.id}:${round.id}:${id}`).digest('hex').slice(0, 32);
      cache.set(id, key);
    }
    return key;
  };
}

/** The voters (chair and members) with no ballot in the round, for the vote nudge: hashes compared, never choices. */
export function nonVoters(group: Readonly<Group>, round: Readonly<VoteRound>): Member[] {
  const keyOf = round.anonymous ? ballotKeyOf(group, round) : undefined;
  return hasVoted(group, round, keyOf)
    .filter((v) => !v.voted)
    .map((v) => v.member);
}
