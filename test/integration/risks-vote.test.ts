/**
 * Risk votes over HTTP with the real bot and a fake Bot Connector (issue #6): a round is opened,
 * 50 voters cast 10 ballots each with 500 invokes in flight, every invoke is replayed, the chair
 * closes with an override, and the CLI listings show exactly what was cast.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { risksJson, votesJson } from '../../src/cli/risks.js';
import { readDb } from '../../src/cli/common.js';
import type { Rating } from '../../src/domain/model.js';
import { VERBS } from '../../src/cards/verbs.js';
import { cardAction, groupChat, message, users, type TestUser } from '../helpers/activities.js';
import { cardOf, cardText, invokeCard, invokeMessage, startHarness, type Harness } from '../helpers/bot-harness.js';
import { seeded } from '../helpers/risk-world.js';

const run = promisify(execFile);
const RISKS = ['R1', 'R2', 'R3', 'R4'];
const COLOURS: Rating[] = ['green', 'yellow', 'red'];
const voters: TestUser[] = Array.from({ length: 50 }, (_, i) => ({
  id: `29:voter-${i}`,
  name: `Vælger ${String(i + 1).padStart(2, '0')} Testesen`,
  aadObjectId: `aad-voter-${i}`,
}));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Every object in a card, depth first. */
function nodes(card: unknown): any[] {
  const out: any[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      out.push(n);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return out;
}

describe('risk vote over HTTP: 50 voters, 500 concurrent ballots, replays, close', () => {
  let h: Harness;
  let ballotId: string;

  /** Anna, Bent, Carsten and Frida add R1–R4; the bot's replies. */
  async function addRisks(): Promise<string[]> {
    const add = [
      [users.anna, 'ny risiko Teknik: Forsinket certificering af lægesystemerne'],
      [users.bent, 'ny risiko Udbredelse: For få praksisser tager forløbsplanerne i brug'],
      [users.carsten, 'new risk teknik: Unstable integration with the data-sharing platform'],
      [users.frida, 'ny risiko Prioritering: Konkurrerende projekter trækker på de samme udviklere'],
    ] as const;
    const replies: string[] = [];
    for (const [who, text] of add) replies.push((await h.turn(message(h.fc.url, groupChat, who, text))).sent[0].body.text);
    return replies;
  }
  /** The chair opens round V1; the turn that posted its ballot card (whose id becomes ballotId). */
  async function openRound() {
    const r = await h.turn(message(h.fc.url, groupChat, users.anna, 'risikoafstemning'));
    ballotId = h.services.store.read().voteRounds[0].card!.activityId;
    return r;
  }
  /** Frida (external member) votes R1 red, R2 yellow, R3 not chosen, R4 green, with a comment. */
  const fridaVotes = () =>
    h.turn(
      cardAction(
        h.fc.url,
        groupChat,
        users.frida,
        VERBS.voteCast,
        {
          groupId: 'g1',
          roundId: 'V1',
          r_R1: 'red',
          r_R2: 'yellow',
          r_R3: '',
          r_R4: 'green',
          comment: 'Vi ser samme forsinkelse som sidst.',
        },
        ballotId,
      ),
    );
  /**
   * 10 ballots for each of the 50 voters (seeded), in shuffled order; voter index → their choices
   * in click order. Teams stamps each click; the clicks of one voter are 1 s apart.
   */
  function planBallots() {
    const plan = new Map<number, Array<Record<string, Rating>>>();
    const ballots: object[] = [];
    const rnd = seeded(2025);
    const t0 = Date.now() - 120_000;
    for (let v = 0; v < voters.length; v++) {
      const seq: Array<Record<string, Rating>> = [];
      for (let k = 0; k < 10; k++) {
        const choices = Object.fromEntries(RISKS.map((id) => [id, COLOURS[Math.floor(rnd() * 3)]])) as Record<string, Rating>;
        seq.push(choices);
        const data = {
          groupId: 'g1',
          roundId: 'V1',
          ...Object.fromEntries(RISKS.map((id) => [`r_${id}`, choices[id]])),
          comment: k === 9 && v % 10 === 0 ? `Endelig vurdering fra vælger ${v + 1}` : '',
        };
        ballots.push({
          ...cardAction(h.fc.url, groupChat, voters[v], VERBS.voteCast, data, ballotId),
          id: `ballot-${v}-${k}`,
          timestamp: new Date(t0 + k * 1000 + v).toISOString(),
        });
      }
      plan.set(v, seq);
    }
    for (let i = ballots.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [ballots[i], ballots[j]] = [ballots[j], ballots[i]];
    }
    return { plan, ballots };
  }
  /** The risks, round V1, Frida's ballot and the 500 voter ballots (the HTTP requests race); the ballots sent. */
  async function everyoneVotes(): Promise<object[]> {
    await addRisks();
    await openRound();
    await fridaVotes();
    const { ballots } = planBallots();
    await Promise.all(ballots.map((b) => h.post(b)));
    return ballots;
  }
  /** The chair closes V1 from the card: R2 overridden to a colour other than its median, R4 left out, the rest by median. */
  async function closeWithOverride() {
    const round = h.services.store.read().voteRounds[0];
    const median = (id: string) => {
      const sev = { green: 0, yellow: 1, red: 2 } as const;
      const v = round.ballots
        .map((b) => b.choices[id])
        .filter(Boolean)
        .sort((a, b) => sev[a] - sev[b]);
      return v[Math.floor(v.length / 2)];
    };
    const override: Rating = median('R2') === 'red' ? 'green' : 'red';
    const r = await h.post(
      cardAction(
        h.fc.url,
        groupChat,
        users.anna,
        VERBS.voteClose,
        { groupId: 'g1', roundId: 'V1', o_R1: 'median', o_R2: override, o_R3: 'median', o_R4: '' },
        ballotId,
      ),
    );
    return { r, median, override };
  }

  // Each test starts from a fresh group with the roster below and no risks.
  beforeEach(async () => {
    h = await startHarness();
    // The roster: the installed chat (Anna chair, Bent, Carsten, Dorthe, Gustav), 50 test voters, Frida from
    // another organisation, Erik as observer.
    await h.services.store.update((db) => {
      const g = db.groups[0];
      for (const v of voters)
        g.roster.push({ name: v.name, aadObjectId: v.aadObjectId, teamsId: v.id, role: 'member', organisation: 'Testorganisation' });
      g.roster.push({
        name: users.frida.name,
        aadObjectId: users.frida.aadObjectId,
        teamsId: users.frida.id,
        role: 'member',
        organisation: 'Konsulenthuset',
      });
      g.roster.push({
        name: users.erik.name,
        aadObjectId: users.erik.aadObjectId,
        teamsId: users.erik.id,
        role: 'observer',
        organisation: null,
      });
    });
  });
  afterEach(async () => h.close());

  it('members add risks with "ny risiko <kategori>: <titel>" (audited), and risici shows them grouped by category', async () => {
    const replies = await addRisks();
    expect(replies[0]).toBe(
      'Risiko R1 er oprettet under Teknik: Forsinket certificering af lægesystemerne. Formanden kan sætte ejer og beskrivelse på risikologgen ("risici").',
    );
    expect(replies[2]).toContain('Risk R3 added under Teknik');
    const db = h.services.store.read();
    expect(db.risks.map((r) => [r.id, r.category])).toEqual([
      ['R1', 'Teknik'],
      ['R2', 'Udbredelse'],
      ['R3', 'Teknik'],
      ['R4', 'Prioritering'],
    ]);
    expect(db.audit.filter((a) => a.action === 'risk.add').map((a) => a.actor)).toEqual([
      'aad-anna',
      'aad-bent',
      'aad-carsten',
      'aad-frida-ext',
    ]);
    const log = cardText(cardOf((await h.turn(message(h.fc.url, groupChat, users.bent, 'risici'))).sent[0]));
    expect(log.indexOf('Teknik (2)')).toBeLessThan(log.indexOf('Udbredelse (1)'));
    expect(log).toContain('Ikke vurderet endnu');
  });

  it('a member cannot open a round; the chair opens one and ONE ballot card is posted, its id stored on the round', async () => {
    await addRisks();
    const refused = await h.turn(message(h.fc.url, groupChat, users.bent, 'risikoafstemning'));
    expect(refused.sent).toHaveLength(1);
    expect(refused.sent[0].body.text).toContain('Kun formanden kan gøre det.');
    expect(h.services.store.read().voteRounds).toEqual([]);
    const r = await openRound();
    expect(r.sent).toHaveLength(1);
    const card = cardOf(r.sent[0]);
    const round = h.services.store.read().voteRounds[0];
    expect(round).toMatchObject({ id: 'V1', status: 'open', riskIds: RISKS });
    expect(round.card).toEqual({ conversationId: groupChat.id, activityId: expect.any(String) });
    const sets = nodes(card).filter((n) => n.type === 'Input.ChoiceSet');
    expect(sets.map((s) => s.id)).toEqual(['r_R1', 'r_R2', 'r_R3', 'r_R4']);
    expect(sets[0].choices.map((c: any) => c.value)).toEqual(['green', 'yellow', 'red']);
    expect(sets[0].choices.map((c: any) => c.title)).toEqual(['🟢 Grøn', '🟡 Gul', '🔴 Rød']);
    expect(nodes(card).filter((n) => n.type === 'Action.Execute' && n.verb === VERBS.voteCast)).toHaveLength(1);
    expect(card.refresh.action).toEqual({
      type: 'Action.Execute',
      title: 'Opdatér',
      verb: VERBS.voteRefresh,
      data: { groupId: 'g1', roundId: 'V1' },
    });
    expect(card.refresh.userIds[0]).toBe(users.anna.id);
    expect(card.refresh.userIds).toHaveLength(56); // chair + 4 members + 50 voters + Frida; not the observer
    expect(card.refresh.userIds).not.toContain(users.erik.id);
  });

  it('a ballot click answers with the voter’s own view and makes no connector call during the turn (external member)', async () => {
    await addRisks();
    await openRound();
    const r = await fridaVotes();
    expect(r.status).toBe(200);
    expect(r.sent).toEqual([]); // nothing posted or updated while the click was being answered
    const view = invokeCard(r.body);
    // The answer is the voter's compact summary: one line per risk with their choice, and "Ret stemme".
    expect(JSON.stringify(r.body).length).toBeLessThan(4096);
    expect(nodes(view).filter((n) => n.type === 'Input.ChoiceSet')).toEqual([]);
    const lines = nodes(view)
      .filter((n) => n.type === 'RichTextBlock')
      .map((b) => b.inlines.map((i: any) => i.text).join(''));
    expect(lines).toEqual([
      expect.stringMatching(/^R1 · .*: Rød$/),
      expect.stringMatching(/^R2 · .*: Gul$/),
      expect.stringMatching(/^R3 · .*: ikke valgt$/),
      expect.stringMatching(/^R4 · .*: Grøn$/),
    ]);
    expect(cardText(view)).toContain('Stemmer afgivet: 1 af 56');
    expect(cardText(view)).toContain('Din stemme er registreret');
    expect(cardText(view)).toContain('Din kommentar: Vi ser samme forsinkelse som sidst.');
    // "Ret stemme" answers with the form, the choices preselected.
    const edit = nodes(view).find((n) => n.verb === VERBS.voteRefresh && n.data?.edit === true);
    expect(edit?.title).toBe('Ret stemme');
    const form = invokeCard((await h.post(cardAction(h.fc.url, groupChat, users.frida, VERBS.voteRefresh, edit.data, ballotId))).body);
    const sets = nodes(form).filter((n) => n.type === 'Input.ChoiceSet');
    expect(Object.fromEntries(sets.map((s) => [s.id, s.value]))).toEqual({ r_R1: 'red', r_R2: 'yellow', r_R3: '', r_R4: 'green' });
    expect(h.services.store.read().voteRounds[0].ballots).toEqual([
      expect.objectContaining({
        voter: 'aad-frida-ext',
        choices: { R1: 'red', R2: 'yellow', R4: 'green' },
        comment: 'Vi ser samme forsinkelse som sidst.',
      }),
    ]);
    // The shared card follows after the turn, with the new count.
    await h.fc.waitFor((calls) => calls.some((c) => c.method === 'PUT' && c.activityId === ballotId), 5000);
    expect(cardText(cardOf(h.fc.puts(groupChat.id).at(-1)))).toContain('Stemmer afgivet: 1 af 56');
  });

  it('50 voters × 10 ballots with 500 invokes in flight: each voter’s last ballot counts exactly once; no posts; ≤ 1 update per 2 s', async () => {
    await addRisks();
    await openRound();
    await fridaVotes();
    await sleep(2100); // let the interval of the update after Frida's ballot pass
    const { plan, ballots } = planBallots();
    const callsBefore = h.fc.calls.length;
    const started = Date.now();
    const responses = await Promise.all(ballots.map((b) => h.post(b)));
    const elapsed = Date.now() - started;
    const during = h.fc.calls.slice(callsBefore).filter((c) => c.at <= started + elapsed);
    expect(responses.every((r) => r.status === 200 && invokeCard(r.body) !== null)).toBe(true);
    // No replies or proactive posts from ballot turns; only the coalesced update of the one shared card.
    expect(during.filter((c) => c.method !== 'PUT')).toEqual([]);
    expect(new Set(during.map((c) => c.activityId))).toEqual(new Set(during.length ? [ballotId] : []));
    expect(during.length).toBeLessThanOrEqual(Math.ceil(elapsed / 2000) + 1);

    const round = h.services.store.read().voteRounds[0];
    expect(round.ballots).toHaveLength(51); // 50 voters + Frida, once each
    for (let v = 0; v < voters.length; v++) {
      const b = round.ballots.filter((x) => x.voter === voters[v].aadObjectId);
      expect(b).toHaveLength(1);
      expect(b[0].choices).toEqual(plan.get(v)![9]);
    }
    // Each risk's tally equals the voters' last choices (plus Frida's).
    for (const id of RISKS) {
      const expected = { green: 0, yellow: 0, red: 0 };
      for (let v = 0; v < voters.length; v++) expected[plan.get(v)![9][id]]++;
      const frida = ({ R1: 'red', R2: 'yellow', R4: 'green' } as Record<string, Rating>)[id];
      if (frida) expected[frida]++;
      const tally = { green: 0, yellow: 0, red: 0 };
      for (const b of round.ballots) if (b.choices[id]) tally[b.choices[id]]++;
      expect(tally).toEqual(expected);
    }
    // At most 500 accepted changes were audited (stale clicks that arrived after a newer one are not).
    const casts = h.services.store.read().audit.filter((a) => a.action === 'vote.cast');
    expect(casts.length).toBeGreaterThanOrEqual(51);
    expect(casts.length).toBeLessThanOrEqual(501);
  });

  it('every invoke replayed (Teams re-sends) changes nothing and is still answered with the voter’s view', async () => {
    const ballots = await everyoneVotes();
    const before = JSON.stringify({
      rounds: h.services.store.read().voteRounds,
      audit: h.services.store.read().audit.length,
      risks: h.services.store.read().risks,
    });
    const responses = await Promise.all(ballots.map((b) => h.post(b)));
    expect(responses.every((r) => r.status === 200 && invokeCard(r.body) !== null)).toBe(true);
    const after = JSON.stringify({
      rounds: h.services.store.read().voteRounds,
      audit: h.services.store.read().audit.length,
      risks: h.services.store.read().risks,
    });
    expect(after).toBe(before);
  });

  it('the fake connector saw at most one update per 2 s for the ballot card, and the last one shows the final counts, no names', async () => {
    await everyoneVotes();
    await sleep(2600);
    const puts = h.fc.puts(groupChat.id).filter((c) => c.activityId === ballotId);
    expect(puts.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < puts.length; i++) expect(puts[i].at - puts[i - 1].at).toBeGreaterThanOrEqual(1990);
    const text = cardText(cardOf(puts.at(-1)));
    expect(text).toContain('Stemmer afgivet: 51 af 56');
    for (const v of voters) expect(text).not.toContain(v.name);
  });

  it('a member refreshing sees counts, not who voted what; a non-chair cannot close', async () => {
    await everyoneVotes();
    const r = await h.post(cardAction(h.fc.url, groupChat, users.bent, VERBS.voteRefresh, { groupId: 'g1', roundId: 'V1' }, ballotId));
    const text = cardText(invokeCard(r.body));
    expect(text).toContain('Stemmer afgivet: 51 af 56');
    for (const v of voters) expect(text).not.toContain(v.name);
    const close = await h.post(cardAction(h.fc.url, groupChat, users.bent, VERBS.voteClose, { groupId: 'g1', roundId: 'V1' }, ballotId));
    expect(invokeMessage(close.body)).toContain('Kun formanden kan gøre det.');
    expect(h.services.store.read().voteRounds[0].status).toBe('open');
  });

  it('the chair closes from the card with an override: medians elsewhere, history entries, result card for everyone', async () => {
    await everyoneVotes();
    await sleep(2600); // the last coalesced update of the ballot card has gone out
    const callsBefore = h.fc.calls.length;
    const { r, median, override } = await closeWithOverride();
    expect(h.fc.calls.slice(callsBefore).filter((c) => c.method !== 'GET')).toEqual([]); // answered before any send
    const chairView = cardText(invokeCard(r.body));
    expect(chairView).toContain('Lukket');
    expect(chairView).toContain(voters[0].name); // the chair now sees who voted what
    const closed = h.services.store.read().voteRounds[0];
    expect(closed.status).toBe('closed');
    expect(closed.result).toEqual({ R1: median('R1'), R2: override, R3: median('R3'), R4: median('R4') });
    const risks = h.services.store.read().risks;
    for (const id of RISKS) {
      const risk = risks.find((x) => x.id === id)!;
      expect(risk.rating).toBe(closed.result![id]);
      expect(risk.history).toHaveLength(1);
      expect(risk.history[0]).toMatchObject({ round: 'V1', rating: closed.result![id], meeting: null });
    }
    expect(risks.find((x) => x.id === 'R2')!.history[0].overridden).toBe(true);
    // The shared card shows the result (no names), and the result card is posted once.
    await h.fc.waitFor(
      (calls) => calls.some((c) => c.method === 'POST' && cardText(cardOf(c)).includes('Resultat af risikoafstemning V1')),
      5000,
    );
    await h.fc.waitFor((calls) => calls.slice(callsBefore).some((c) => c.method === 'PUT' && c.activityId === ballotId), 5000);
    const shared = cardText(
      cardOf(
        h.fc
          .puts(groupChat.id)
          .filter((c) => c.activityId === ballotId)
          .at(-1),
      ),
    );
    expect(shared).toContain('Resultat:');
    for (const v of voters) expect(shared).not.toContain(v.name);
  });

  it('after the close a member’s refreshed view shows no names while the chair’s does; ballots are refused', async () => {
    await everyoneVotes();
    await closeWithOverride();
    const member = cardText(
      invokeCard(
        (await h.post(cardAction(h.fc.url, groupChat, users.bent, VERBS.voteRefresh, { groupId: 'g1', roundId: 'V1' }, ballotId))).body,
      ),
    );
    const chair = cardText(
      invokeCard(
        (await h.post(cardAction(h.fc.url, groupChat, users.anna, VERBS.voteRefresh, { groupId: 'g1', roundId: 'V1' }, ballotId))).body,
      ),
    );
    for (const v of voters.slice(0, 10)) {
      expect(member).not.toContain(v.name);
      expect(chair).toContain(v.name);
    }
    expect(member).toContain('Resultat:');
    const late = await h.post(
      cardAction(h.fc.url, groupChat, voters[3], VERBS.voteCast, { groupId: 'g1', roundId: 'V1', r_R1: 'green' }, ballotId),
    );
    expect(invokeMessage(late.body)).toContain('Afstemning V1 er lukket; der kan ikke længere stemmes.');
  });

  it('risks --json and votes --json show exactly what was cast (functions and the real CLI)', async () => {
    await everyoneVotes();
    await closeWithOverride();
    const db = await readDb({ store: h.storePath });
    const votes = votesJson(db);
    const round = h.services.store.read().voteRounds[0];
    expect(votes).toEqual([
      {
        group: 'g1',
        id: 'V1',
        status: 'closed',
        deadline: round.deadline,
        ballots: round.ballots.map((b) => ({ voter: b.voter, choices: b.choices, at: b.at })),
        result: round.result,
      },
    ]);
    expect(Object.keys(votes[0].ballots[0]).sort()).toEqual(['at', 'choices', 'voter']);
    const risks = risksJson(db);
    expect(risks).toHaveLength(4);
    expect(risks[0]).toEqual({
      group: 'g1',
      id: 'R1',
      category: 'Teknik',
      title: 'Forsinket certificering af lægesystemerne',
      rating: round.result!.R1,
      owner: null,
      history: [
        {
          date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          rating: round.result!.R1,
          tally: expect.objectContaining({ green: expect.any(Number) }),
          disagreement: expect.any(Boolean),
        },
      ],
      escalations: [],
    });
    const cli = await run(process.execPath, ['bin/styrebot.mjs', 'votes', '--json', '--store', h.storePath, '--group', 'g1'], {
      cwd: process.cwd(),
      env: { ...process.env, STORE_PATH: h.storePath },
    });
    expect(JSON.parse(cli.stdout)).toEqual(JSON.parse(JSON.stringify(votes)));
    const cliRisks = await run(process.execPath, ['bin/styrebot.mjs', 'risks', '--json', '--store', h.storePath], {
      cwd: process.cwd(),
      env: { ...process.env, STORE_PATH: h.storePath },
    });
    expect(JSON.parse(cliRisks.stdout)).toEqual(JSON.parse(JSON.stringify(risks)));
  });

  it('the risk log shows the settled ratings in colour and a new round can be opened', async () => {
    await everyoneVotes();
    await closeWithOverride();
    const log = cardOf((await h.turn(message(h.fc.url, groupChat, users.anna, 'risici'))).sent[0]);
    const r1 = h.services.store.read().risks[0].rating!;
    const word = { green: 'Grøn', yellow: 'Gul', red: 'Rød' }[r1];
    expect(nodes(log).find((n) => n.type === 'TextBlock' && n.text === word)?.color).toBe(
      { green: 'good', yellow: 'warning', red: 'attention' }[r1],
    );
    // Grouped by category in first-seen order: Teknik (R1, R3), Udbredelse (R2), Prioritering (R4).
    expect(
      nodes(log)
        .filter((n) => n.verb === VERBS.riskEscalate)
        .map((n) => n.data),
    ).toEqual(['R1', 'R3', 'R2', 'R4'].map((riskId) => ({ groupId: 'g1', riskId })));
    const again = await h.turn(message(h.fc.url, groupChat, users.anna, 'risk vote'));
    // The shared ballot is in the group's language whoever asked (its later updates are too).
    expect(cardText(cardOf(again.sent[0]))).toContain('Risikoafstemning V2');
  });
});
