import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { cardAction, groupChat, message, users, type TestUser } from '../helpers/activities.js';
import { cardOf, cardText, invokeMessage, startHarness, type Harness } from '../helpers/bot-harness.js';

/**
 * The referent takes the minutes for the secretariat and is not a member: no vote. Voters are
 * the chair and the members, and every count ("x af y har stemt") counts voters only — a ballot
 * a referent cast before the rule stays in the round.
 */
describe('the referent has no vote', () => {
  let h: Harness;
  let ballotId: string;
  const db = () => h.services.store.read();
  const say = (from: TestUser, text: string, mentions: TestUser[] = []) => h.turn(message(h.fc.url, groupChat, from, text, mentions));
  const vote = (from: TestUser, choice: string) =>
    h.turn(cardAction(h.fc.url, groupChat, from, VERBS.voteCast, { groupId: 'g1', roundId: 'V1', r_R1: choice }, ballotId));

  beforeAll(async () => {
    h = await startHarness();
    // The installed chat's roster: Anna (chair), Bent, Carsten, Dorthe, Gustav. Gustav takes the minutes.
    await say(users.anna, 'referent', [users.gustav]);
    await say(users.anna, 'ny risiko Teknik: Forsinket certificering');
    const r = await say(users.anna, 'risikoafstemning');
    ballotId = r.sent.find((c) => c.body.attachments)!.activityId ?? 'ballot-1';
  });
  afterAll(async () => h.close());

  it('the ballot counts the chair and the members only', async () => {
    const members = db().groups[0].roster.filter((m) => m.role === 'chair' || m.role === 'member').length;
    await vote(users.bent, 'red');
    const card = cardOf(h.fc.posts(groupChat.id).find((c) => cardText(cardOf(c)).includes('Risikoafstemning V1')));
    expect(members).toBe(4);
    expect(cardText(card)).toContain('0 af 4'); // as posted: Anna, Bent, Carsten, Dorthe — not Gustav
    await h.fc.waitFor(() => h.fc.calls.some((c) => c.method === 'PUT' && cardText(cardOf(c)).includes('1 af 4')));
    expect(card.refresh.userIds).not.toContain(users.gustav.id);
  });

  it('the referent clicking "Stem" is refused; nothing is stored', async () => {
    const r = await vote(users.gustav, 'green');
    expect(invokeMessage(r.body)).toContain(
      'Du har ikke stemmeret i denne gruppe (formanden og medlemmerne stemmer; referenten og observatører gør ikke)',
    );
    expect(db().voteRounds[0].ballots.map((b) => b.voter)).toEqual(['aad-bent']);
  });

  it('a ballot a referent cast before the rule stays in the round, but is not counted as a voter', async () => {
    await h.services.store.update((d) => {
      d.voteRounds[0].ballots.push({
        voter: 'aad-gustav',
        voterName: 'Gustav Eng',
        choices: { R1: 'green' },
        comment: null,
        at: new Date().toISOString(),
      });
    });
    const { votedCount, votersOf } = await import('../../src/domain/votes.js');
    const g = db().groups[0];
    expect(db().voteRounds[0].ballots).toHaveLength(2);
    expect(votedCount(g, db().voteRounds[0])).toBe(1);
    expect(votersOf(g).map((m) => m.role)).not.toContain('referent');
  });
});
