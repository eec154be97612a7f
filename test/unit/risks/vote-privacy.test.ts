/**
 * The keyed hash that files anonymous ballots (src/app/vote-privacy.ts) and the comments per risk
 * (src/domain/votes.ts): one key per person and round, never the id; STYREBOT_VOTE_KEY wins over
 * the group's own key; a comment travels only with the risk it was written about.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ballotKeyOf, ensureVoteKey, VOTE_KEY_ENV } from '../../../src/app/vote-privacy.js';
import { riskSnapshot } from '../../../src/app/escalations.js';
import { commentsOn } from '../../../src/domain/votes.js';
import type { Group, VoteRound } from '../../../src/domain/model.js';
import { riskWorld, withOpenRound } from '../../helpers/risk-world.js';

const bent = { aadObjectId: 'aad-bent', teamsId: '29:bent' };
const carsten = { aadObjectId: 'aad-carsten', teamsId: '29:carsten' };

describe('anonymous ballot keys', () => {
  afterEach(() => {
    delete process.env[VOTE_KEY_ENV];
  });

  it('are the same for one person in one round, differ between people and rounds, and never contain the id', () => {
    const group = { id: 'g1' } as Group;
    ensureVoteKey(group);
    const key = group.voteKey;
    ensureVoteKey(group);
    expect(group.voteKey).toBe(key); // generated once
    const v1 = ballotKeyOf(group, { id: 'V1', anonymous: true });
    const v2 = ballotKeyOf(group, { id: 'V2', anonymous: true });
    expect(v1(bent)).toMatch(/^anon:[0-9a-f]{32}$/);
    expect(v1(bent)).toBe(ballotKeyOf(group, { id: 'V1', anonymous: true })(bent));
    expect(v1(bent)).not.toBe(v1(carsten));
    expect(v1(bent)).not.toBe(v2(bent));
    expect(v1(bent)).not.toContain('bent');
    // A named round files ballots under the person key, as before.
    expect(ballotKeyOf(group, { id: 'V3' })(bent)).toBe('aad-bent');
  });

  it('use STYREBOT_VOTE_KEY when set: no key is kept in the store, and the hash depends on the secret', () => {
    const group = { id: 'g1', voteKey: 'stored-key' } as Group;
    const withStored = ballotKeyOf(group, { id: 'V1', anonymous: true })(bent);
    process.env[VOTE_KEY_ENV] = 'a secret from the environment';
    const fresh = { id: 'g2' } as Group;
    ensureVoteKey(fresh);
    expect(fresh.voteKey).toBeUndefined();
    expect(ballotKeyOf(group, { id: 'V1', anonymous: true })(bent)).not.toBe(withStored);
  });
});

describe('comments per risk', () => {
  it('a comment on R1 goes with R1’s escalation only, with the name in a named round and without in an anonymous one', () => {
    const db = riskWorld();
    const round = withOpenRound(db, { voted: 3 }) as VoteRound;
    const [a, b] = round.ballots;
    const [r1, r2] = round.riskIds;
    a.comments = { [r1]: 'Forsinket igen.' };
    b.comments = { [r2]: 'Ser bedre ud.' };
    a.comment = null;
    b.comment = null;
    for (const x of round.ballots.slice(2)) x.comment = 'En kommentar til hele sedlen';
    const risk1 = db.risks.find((r) => r.id === r1)!;
    const risk2 = db.risks.find((r) => r.id === r2)!;
    expect(riskSnapshot(db, risk1).comments).toEqual([`${a.voterName}: Forsinket igen.`]);
    expect(riskSnapshot(db, risk2).comments).toEqual([`${b.voterName}: Ser bedre ud.`]);
    round.anonymous = true;
    expect(riskSnapshot(db, risk1).comments).toEqual(['Forsinket igen.']);
    expect(commentsOn(round, r1)).toEqual([{ name: null, text: 'Forsinket igen.' }]);
  });
});
