import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPlayground, type Playground } from '../../scripts/playground.js';
import { startBot, type RunningBot } from '../../src/bot.js';
import { VERBS } from '../../src/cards/verbs.js';
import { votesJson, risksJson } from '../../src/cli/risks.js';
import { loadConfig } from '../../src/config.js';
import { PLAYGROUND, seedDemo } from '../../src/demo.js';
import { createLogger } from '../../src/log.js';
import { activityText, freePort, PlaygroundClient, type PgActivity } from '../helpers/playground-client.js';

/**
 * "Done when" of issue #6 in the real local client (Agents Playground, driven over its API): a
 * round is opened, voted by several of its users, re-voted and closed; the listings show exactly
 * what was cast. (The playground has no per-user refresh; the personal views are the invoke answers.)
 */
describe('risk vote in the Agents Playground', () => {
  let bot: RunningBot;
  let pg: Playground;
  let client: PlaygroundClient;
  let dir: string;
  const GROUP = PLAYGROUND.groupChatId;
  const [anna, bent, carsten, dorthe, erik, gustav] = PLAYGROUND.users.map((u) => u.teamsId);
  const inGroup = (text: string) => (a: PgActivity) => a.conversation?.id === GROUP && activityText(a).includes(text);
  const invokeText = (r: unknown) => JSON.stringify(r);

  /** The chair adds R1 and R2 and opens a round; the ballot card as it appears in the chat. */
  async function openRound(): Promise<PgActivity> {
    let from = client.received.length;
    await client.mentionBot(GROUP, anna, 'ny risiko Teknik: Forsinket certificering af lægesystemerne');
    await client.waitFor(inGroup('Risiko R1 er oprettet'), { from });
    await client.mentionBot(GROUP, anna, 'ny risiko Udbredelse: For få praksisser tager forløbsplanerne i brug');
    await client.waitFor(inGroup('Risiko R2 er oprettet'), { from });
    from = client.received.length;
    await client.mentionBot(GROUP, anna, 'risikoafstemning');
    return client.waitFor(inGroup('Risikoafstemning V1'), { from });
  }
  /** Bent, Carsten, Dorthe and Anna vote on the ballot, then Bent changes his mind; each is answered with their own view. */
  async function castVotes(ballot: PgActivity) {
    const votes: Array<[string, Record<string, string>]> = [
      [bent, { r_R1: 'red', r_R2: 'yellow' }],
      [carsten, { r_R1: 'yellow', r_R2: 'yellow' }],
      [dorthe, { r_R1: 'yellow', r_R2: 'green' }],
      [anna, { r_R1: 'green', r_R2: 'green' }],
      [bent, { r_R1: 'yellow', r_R2: 'red' }], // Bent changes his mind
    ];
    for (const [who, choices] of votes) {
      const r = await client.invoke(GROUP, who, ballot.id!, VERBS.voteCast, { groupId: 'g1', roundId: 'V1', ...choices, comment: '' });
      expect(invokeText(r)).toContain('Din stemme er registreret');
    }
  }

  // Each test gets its own bot on a fresh demo store and its own playground.
  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'styrebot-pg-risks-'));
    const pgPort = await freePort();
    const config = loadConfig({ PORT: '0', STORE_PATH: path.join(dir, 'db.json'), STYREBOT_LOG_LEVEL: 'silent' });
    bot = await startBot({
      config,
      log: createLogger('silent'),
      beforeListen: async (s) => void (await seedDemo(s.store, config, pgPort)),
    });
    pg = await startPlayground({ port: pgPort, botEndpoint: `${bot.url}/api/messages` });
    client = new PlaygroundClient(pg.url);
    await client.connect();
  }, 90_000);

  afterEach(async () => {
    client?.close();
    await pg?.stop();
    await bot?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the chair adds risks and opens a round; one ballot card appears in the chat', async () => {
    const ballot = await openRound();
    expect(bot.services.store.read().voteRounds[0].card?.activityId).toBe(ballot.id);
  });

  it('several users vote, one re-votes, the observer and the referent are refused; each gets their own view', async () => {
    const ballot = await openRound();
    await castVotes(ballot);
    const observer = await client.invoke(GROUP, erik, ballot.id!, VERBS.voteCast, { groupId: 'g1', roundId: 'V1', r_R1: 'red' });
    expect(invokeText(observer)).toContain('Du har ikke stemmeret i denne gruppe');
    // The referent takes the minutes and has no vote (the chair and the members vote).
    const referent = await client.invoke(GROUP, gustav, ballot.id!, VERBS.voteCast, { groupId: 'g1', roundId: 'V1', r_R1: 'green' });
    expect(invokeText(referent)).toContain('Du har ikke stemmeret i denne gruppe');
    const round = bot.services.store.read().voteRounds[0];
    expect(round.ballots.map((b) => [b.voterName, b.choices])).toEqual([
      ['Carsten Vang', { R1: 'yellow', R2: 'yellow' }],
      ['Dorthe Kjær', { R1: 'yellow', R2: 'green' }],
      ['Anna Holm', { R1: 'green', R2: 'green' }],
      ['Bent Lund', { R1: 'yellow', R2: 'red' }],
    ]);
    // The shared card in the chat follows (coalesced) with the count, no names.
    const updated = await client.waitFor(
      (a, kind) => kind === 'updateMessage' && a.id === ballot.id && activityText(a).includes('Stemmer afgivet: 4 af 4'),
      { timeoutMs: 10_000 },
    );
    expect(activityText(updated)).not.toContain('Carsten Vang');
  });

  it('the chair closes from the card; everyone sees the result; the listings show exactly what was cast', async () => {
    const ballot = await openRound();
    await castVotes(ballot);
    const from = client.received.length;
    const closed = await client.invoke(GROUP, anna, ballot.id!, VERBS.voteClose, {
      groupId: 'g1',
      roundId: 'V1',
      o_R1: 'median',
      o_R2: 'median',
    });
    expect(invokeText(closed)).toContain('Resultat: Gul');
    await client.waitFor(inGroup('Resultat af risikoafstemning V1'), { from, timeoutMs: 10_000 });
    const db = bot.services.store.read();
    // R1: green, yellow, yellow, yellow → yellow. R2: green, green, yellow, red → the more severe middle: yellow.
    expect(votesJson(db)).toEqual([
      {
        group: 'g1',
        id: 'V1',
        status: 'closed',
        deadline: db.voteRounds[0].deadline,
        ballots: db.voteRounds[0].ballots.map((b) => ({ voter: b.voter, choices: b.choices, at: b.at })),
        result: { R1: 'yellow', R2: 'yellow' },
      },
    ]);
    expect(votesJson(db)[0].ballots.map((b) => b.voter)).toEqual([
      '00000000-0000-0000-0000-0000000000022',
      '00000000-0000-0000-0000-0000000000023',
      '00000000-0000-0000-0000-0000000000020',
      '00000000-0000-0000-0000-0000000000021',
    ]);
    expect(risksJson(db).map((r) => [r.id, r.rating, r.history.map((h) => [h.rating, h.tally, h.disagreement])])).toEqual([
      ['R1', 'yellow', [['yellow', { green: 1, yellow: 3, red: 0 }, false]]],
      ['R2', 'yellow', [['yellow', { green: 2, yellow: 1, red: 1 }, true]]],
    ]);
  });
});
