/**
 * A whole steering-group meeting, end to end, in the local Teams-like client (issue #10).
 *
 * The bot runs as `node --import tsx src/index.ts` on a fresh store with the demo group seeded;
 * the Microsoft 365 Agents Playground runs against it; headless Debian Chromium (playwright-core)
 * opens the playground's web client. Every step checks what is ON SCREEN (the rendered Adaptive
 * Cards in the browser, buttons enabled) and what is STORED (the CLI's `--json` listings, run as
 * an operator would while the bot runs). A screenshot of every step: test-results/e2e/NN-step.png.
 * `E2E_DOCS=1` also refreshes the curated pictures in docs/e2e/; `E2E_KEEP=1` keeps the temp dir
 * (store, logs). The bot's and the playground's logs are copied to test-results/e2e/ at the end.
 *
 * Who does what:
 * - Anna Holm (chair) is the playground's current user: she types and clicks in the browser
 *   (commands with the @mention typeahead, the decision form on an item card, her ballot, …).
 * - The playground has no user switcher, so Bent Lund and Carsten Vang (members), Gustav Eng
 *   (referent), Dorthe Kjær and Erik Sand (observer) act over HTTP: their card clicks through the
 *   playground's invoke endpoint (`/_conversation/v1/invoke`, which honours `from`); their
 *   messages as the Teams activity (with `<at>` mention entities) injected through
 *   `/_internal/v1/customActivities`, because the playground's message endpoint always sends as
 *   its current user. The window does not show other users' messages, only the bot's public
 *   answers to them; the private answer to a click (their own card) is rendered on a "card stage"
 *   tab with the official Adaptive Cards renderer and checked there.
 *
 * What the playground cannot do, and how it is covered:
 * - Meeting start/end (Teams sends them only from a real meeting): INJECTED here — the chair links
 *   a channel meeting's chat with `tilknyt 1`, then the meetingStart/meetingEnd events Teams would
 *   send arrive through /_internal/v1/customActivities (steps 06 and 14). The playground's window
 *   cannot open that chat without installing the bot there, so the cards the bot posts into it are
 *   taken from the playground's stream and shown on the card stage. Also covered over HTTP in
 *   test/integration/reminders-meeting.test.ts.
 * - Per-user views (Universal Actions `refresh`; the playground warns "User specific view is not
 *   supported yet"): a shared card update replaces everyone's copy in the playground, so Anna's
 *   window shows the shared ballot (counts only); each voter's own view is the invoke answer,
 *   checked on the card stage (step 11). Refresh itself: test/integration/risks-vote.test.ts.
 * - File upload of an agenda (the playground ignores the manifest's supportsFiles and cannot
 *   download from SharePoint offline): NOT driven here; covered in
 *   test/integration/meetings-import.test.ts (download allow-list, preview card, import).
 * - Downloading the minutes as Word/Markdown (a signed link to the bot's /files route): not
 *   clicked here; covered in test/integration/minutes-files.test.ts.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { activityText, type PgActivity } from '../helpers/playground-client.js';
import { CardStage } from './support/card-stage.js';
import { enabledButton, PlaygroundChat } from './support/chat.js';
import { cardOf, click, GROUP_CHAT, MEETING_CHAT, meetingChatMessage, meetingEvent, posted, say, USERS } from './support/people.js';
import { ARTEFACTS, DOCS_SHOTS, KEPT_BOT_LOG, resetArtefacts, startStack, type Stack } from './support/stack.js';
import { cli, listing, stored } from './support/store-cli.js';

const GROUP_NAME = 'Operationel styregruppe for forløbsplaner';
const CHAT_NAME = 'Operationel styregruppe FLP'; // the playground's name for the group chat
const { anna, bent, carsten, erik, gustav } = USERS;
/** The minutes card's approve button ("Godkend"; "Godkend referat" in earlier versions). */
const APPROVE = /^Godkend( referat)?$/;

// Dates relative to today (Copenhagen), so the meeting is always ahead: a Thursday 3–4 weeks out.
const ZONE = 'Europe/Copenhagen';
const today = DateTime.now().setZone(ZONE).startOf('day');
const meetingDay = today.plus({ days: 21 }).plus({ days: (4 - today.plus({ days: 21 }).weekday + 7) % 7 });
const dueDay = meetingDay.plus({ days: 5 });
const typed = (d: DateTime) => d.toFormat('dd-MM-yyyy');
const iso = (d: DateTime) => d.toISODate()!;
const longDa = (d: DateTime) => d.setLocale('da').toFormat("cccc 'den' d. LLLL yyyy");

let stack: Stack;
let chat: PlaygroundChat;
let stage: CardStage;

// ------------------------------------------------------------------------------------------------
// Steps: each one names itself in failures, keeps a screenshot, and stops the rest after a failure.
// ------------------------------------------------------------------------------------------------

let failedStep: string | null = null;
let current = '';
let shots = 0;

/** A screenshot of the playground window for the current step (the message scrolled into view). */
async function snap(focus?: Locator, suffix = ''): Promise<string> {
  if (focus) await chat.focus(focus);
  const file = path.join(ARTEFACTS, `${current}${suffix}.png`);
  await stack.page.screenshot({ path: file, animations: 'disabled' });
  shots++;
  return file;
}

/** A screenshot of the card stage (another user's view, or a card in the meeting chat). */
async function snapStage(suffix: string): Promise<string> {
  const file = path.join(ARTEFACTS, `${current}${suffix}.png`);
  await stage.screenshot(file);
  shots++;
  return file;
}

/** Curated pictures for the README (only with E2E_DOCS=1): the whole window, the card at the top. */
async function docShot(name: string, focus: Locator): Promise<void> {
  if (!process.env.E2E_DOCS) return;
  await chat.focus(focus);
  mkdirSync(DOCS_SHOTS, { recursive: true });
  await stack.page.screenshot({ path: path.join(DOCS_SHOTS, `${name}.png`), animations: 'disabled' });
}

function step(n: number, name: string, title: string, fn: () => Promise<void>, timeoutMs = 150_000): void {
  const id = `${String(n).padStart(2, '0')}-${name}`;
  it(
    `${id}: ${title}`,
    async () => {
      if (failedStep) throw new Error(`not run: step ${failedStep} failed first`);
      current = id;
      const before = shots;
      try {
        await fn();
        if (shots === before) await snap();
      } catch (err) {
        failedStep = id;
        const png = path.join(ARTEFACTS, `${id}-FAILED.png`);
        await stack?.page.screenshot({ path: png }).catch(() => {});
        const e = err as Error;
        e.message =
          `e2e step ${id} (${title}) failed: ${e.message}\n` +
          `  screenshot: ${png}\n` +
          `  bot log: ${KEPT_BOT_LOG} (whole log, written when the suite stops)\n--- bot log (tail) ---\n${stack?.botLogTail(30)}\n--- playground log (tail) ---\n${stack?.playgroundLogTail(8)}\n`;
        throw e;
      }
    },
    timeoutMs,
  );
}

// ------------------------------------------------------------------------------------------------

/** The bot's item card for an agenda item in Anna's window (the one with the decision button). */
const itemCard = (title: string) =>
  chat.botMessages
    .filter({ hasText: title })
    .filter({ has: stack.page.getByRole('button', { name: /beslutning$/ }) })
    .last();

/** The activity id of the bot's message in the stream (to click it as someone else). */
let streamFrom = 0;
const mark = () => (streamFrom = stack.client.received.length);

describe('a whole meeting in the Agents Playground, in a real browser', () => {
  beforeAll(async () => {
    resetArtefacts();
    stack = await startStack();
    chat = new PlaygroundChat(stack.page);
    stage = await CardStage.open(stack.context);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  step(1, 'welcome', 'the group chat greets the group with the welcome card: chair, members, language', async () => {
    await stack.page.goto(stack.pg.url);
    // The personal chat is open first: its own welcome.
    await chat.waitForBotMessage(['Hej, jeg er styrebot', 'Her i vores personlige chat'], { timeoutMs: 60_000 });
    await chat.hideLogPanel();
    await snap(undefined, '-personal');
    await chat.open(CHAT_NAME);
    const welcome = await chat.waitForBotMessage(['Hej, jeg er styrebot', `Mødeassistent for ${GROUP_NAME}`], { timeoutMs: 60_000 });
    const text = await welcome.innerText();
    expect(text).toMatch(/Formand\s+Anna Holm/);
    expect(text).toMatch(/Medlemmer\s+4/);
    expect(text).toMatch(/Sprog\s+Dansk/);
    expect(text).toContain('Skriv "@styrebot hjælp"');
    // One install, one welcome: Teams sends installationUpdate and conversationUpdate for it.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await chat.botMessages.allInnerTexts()).filter((t) => t.includes(`Mødeassistent for ${GROUP_NAME}`))).toHaveLength(1);
    await snap(welcome);
    await docShot('01-welcome', welcome);

    const db = JSON.parse(await cli(stack.storePath, ['export']));
    expect(db.groups).toHaveLength(1);
    expect(db.groups[0].name).toBe(GROUP_NAME);
    expect(db.groups[0].conversation.conversationId).toBe(GROUP_CHAT);
    expect(await Promise.all((['meetings', 'risks', 'votes', 'actions'] as const).map((name) => listing(stack.storePath, name)))).toEqual([
      [],
      [],
      [],
      [],
    ]);
  });

  step(2, 'help', '"@styrebot hjælp" shows every command as a card; "help" answers in English', async () => {
    const help = await chat.ask('hjælp', ['styrebot — kommandoer']);
    const text = await help.innerText();
    for (const cmd of [
      'roller',
      'nyt møde',
      'dagsorden',
      'ny risiko',
      'risikoafstemning',
      'luk afstemning',
      'handling',
      'referat [mødenr]',
    ])
      expect(text).toContain(cmd);
    for (const section of ['Gruppe og roller', 'Møder og dagsorden', 'Referat']) expect(text).toContain(section);
    await snap(help);

    // Carsten asks in English: the answer (visible to all) is the English help card.
    const after = await chat.botMessageCount();
    await say(stack.client, carsten, 'help');
    const english = await chat.waitForBotMessage(['styrebot — commands'], { after });
    for (const cmd of ['roles', 'new meeting', 'risk vote', 'minutes [meeting no]']) expect(await english.innerText()).toContain(cmd);
    await snap(english, '-english');
    expect(await Promise.all((['meetings', 'risks', 'votes', 'actions'] as const).map((name) => listing(stack.storePath, name)))).toEqual([
      [],
      [],
      [],
      [],
    ]);
  });

  step(3, 'roles', '"@styrebot roller" shows the roster: Anna chair, Gustav referent, Erik observer', async () => {
    const roster = await chat.ask('roller', [`Roller i ${GROUP_NAME}`]);
    const text = await roster.innerText();
    expect(text).toContain('6 personer på listen');
    expect(text).toMatch(/Formand \(1\)[\s\S]*Anna Holm/);
    expect(text).toMatch(/Referent \(1\)[\s\S]*Gustav Eng/);
    expect(text).toMatch(/Observatør \(1\)[\s\S]*Erik Sand/);
    expect(text).toContain('Medlemmer (3)');
    for (const name of ['Bent Lund', 'Carsten Vang', 'Dorthe Kjær']) expect(text).toContain(name);
    await snap(roster);

    const db = JSON.parse(await cli(stack.storePath, ['export']));
    const roles = Object.fromEntries(db.groups[0].roster.map((m: { name: string; role: string }) => [m.name, m.role]));
    expect(roles).toEqual({
      'Anna Holm': 'chair',
      'Bent Lund': 'member',
      'Carsten Vang': 'member',
      'Dorthe Kjær': 'member',
      'Erik Sand': 'observer',
      'Gustav Eng': 'referent',
    });
  });

  step(4, 'new-meeting', 'a member may not create a meeting; the chair creates meeting 1 with "nyt møde"', async () => {
    // Bent (member, over the API) tries first: the refusal is public in the chat.
    let after = await chat.botMessageCount();
    await say(stack.client, bent, `nyt møde ${typed(meetingDay)} 12:30-14:00`);
    const refusal = await chat.waitForBotMessage(['Kun formanden eller referenten kan gøre det.'], { after });
    await snap(refusal, '-refused');
    expect(await listing(stack.storePath, 'meetings')).toEqual([]);

    after = await chat.botMessageCount();
    const created = await chat.ask(`nyt møde ${typed(meetingDay)} 12:30-14:00 Mødelokale 2`, [
      'Møde 1 er oprettet',
      longDa(meetingDay),
      'Dagsordenen har 6 punkter',
    ]);
    expect(await created.innerText()).toContain('12.30–14.00, Mødelokale 2');
    await snap(created);

    const meetings = await stored(stack.storePath, 'meetings', (list) => {
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({
        number: 1,
        date: iso(meetingDay),
        start: '12:30',
        end: '14:00',
        location: 'Mødelokale 2',
        status: 'planned',
      });
    });
    expect(meetings[0].items).toHaveLength(6);
    expect(meetings[0].items.every((i) => i.outcome === null)).toBe(true);
  });

  step(5, 'agenda', '"@styrebot dagsorden" posts the overview and one card per item with its decision buttons', async () => {
    const after = await chat.botMessageCount();
    mark();
    await chat.say('dagsorden');
    const overview = await chat.waitForBotMessage([`Dagsorden — 1. møde i ${GROUP_NAME}`], { after });
    const text = await overview.innerText();
    expect(text).toContain(longDa(meetingDay));
    expect(text).toContain('12.30–14.00');
    expect(text).toContain('Mødelokale 2');
    expect(text).toContain('0 af 6 punkter har en beslutning.');
    const { items } = (await listing(stack.storePath, 'meetings'))[0];
    for (const item of items) {
      expect(text).toContain(item.title);
      const card = await chat.waitForBotMessage([item.title, 'Registrér beslutning'], { after: after + 1 });
      await enabledButton(card, 'Registrér beslutning');
      await enabledButton(card, 'Opret opfølgningspunkt');
    }
    await snap(overview);
    await snap(itemCard(items[1].title), '-items');
  });

  step(
    6,
    'meeting-start',
    "the chair links the Teams meeting chat; Teams' meeting-start event brings the agenda there (injected)",
    async () => {
      mark();
      await stack.client.customActivity(meetingChatMessage(stack.pg.url, anna, 'tilknyt 1', 'e2e-link-1'));
      const linked = await posted(stack.client, ['Denne mødechat er nu knyttet til', '1. møde'], {
        conversation: MEETING_CHAT.id,
        from: streamFrom,
      });
      expect(activityText(linked)).toContain(GROUP_NAME);

      mark();
      await stack.client.customActivity(meetingEvent(stack.pg.url, 'start', 'e2e-meeting-start-1'));
      const started = await posted(stack.client, ['Dagsorden'], { conversation: MEETING_CHAT.id, from: streamFrom });
      const card = await stage.show(cardOf(started), 'I mødechatten (Teams-møde i DAP-styregruppen / General), da mødet startede:');
      const text = await card.innerText();
      const { items, status } = (await listing(stack.storePath, 'meetings'))[0];
      for (const item of items) expect(text).toContain(item.title);
      expect(status).toBe('planned');
      await snapStage('');

      const db = JSON.parse(await cli(stack.storePath, ['export']));
      expect(db.groups[0].linkedChats.map((l: any) => [l.conversation.conversationId, l.meetingNumber])).toEqual([[MEETING_CHAT.id, 1]]);
      expect(db.meetings[0].startedAt).toEqual(expect.any(String));
    },
  );

  step(7, 'decision-by-chair', 'the chair records a decision on an item card: outcome, text, save', async () => {
    const { items } = (await listing(stack.storePath, 'meetings'))[0];
    const card = itemCard(items[1].title);
    await (await enabledButton(card, 'Registrér beslutning')).click();
    await card.getByRole('radio', { name: 'Godkendt', exact: true }).check();
    await card.locator('textarea').fill('Leverancen til pilotklinikkerne godkendes med opstart i uge 6.');
    await snap(card, '-form');
    await (await enabledButton(card, 'Gem beslutning')).click();
    const text = await chat.waitForText(card, [
      'Beslutning:',
      'Godkendt',
      'Leverancen til pilotklinikkerne godkendes med opstart i uge 6.',
      'Registreret af Anna Holm',
    ]);
    expect(text).not.toContain('Kun formanden og referenten kan gemme');
    await enabledButton(card, 'Ændr beslutning');
    await snap(card);
    await docShot('02-decision', card);

    await stored(stack.storePath, 'meetings', (list) => {
      expect(list[0].items[1]).toMatchObject({
        number: 2,
        outcome: 'approved',
        decision: 'Leverancen til pilotklinikkerne godkendes med opstart i uge 6.',
      });
      expect(list[0].items[1].by).toBe(anna.aadObjectId);
    });
  });

  step(
    8,
    'decision-refused-for-member',
    "a member's decision is refused and nothing is stored; the referent's decision shows up on everyone's card",
    async () => {
      const { items } = (await listing(stack.storePath, 'meetings'))[0];
      const item3 = await posted(stack.client, [items[2].title, 'Registrér beslutning'], { timeoutMs: 5000 });
      // Bent fills in the same form on his copy of item 3 and presses "Gem beslutning".
      const refused = await click(stack.client, bent, item3.id!, VERBS.itemDecide, {
        groupId: 'g1',
        meeting: 1,
        item: 3,
        outcome: 'approved',
        decision: 'Bent godkender selv',
      });
      expect(refused.card).toBeNull();
      expect(refused.message).toMatch(/Kun formanden (og|eller) referenten/);
      const list = await listing(stack.storePath, 'meetings');
      expect(list[0].items[2]).toMatchObject({ outcome: null, decision: null });
      const card = itemCard(items[2].title);
      expect(await card.innerText()).not.toContain('Bent godkender selv');
      await stage.show(
        { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: refused.message, wrap: true, color: 'attention' }] },
        'Bent Lund (medlem) trykker "Gem beslutning" på punkt 3 og får:',
      );
      await snapStage('-bent');

      // Gustav (referent) records item 3 on his copy: Anna's copy is updated by the bot.
      const done = await click(stack.client, gustav, item3.id!, VERBS.itemDecide, {
        groupId: 'g1',
        meeting: 1,
        item: 3,
        outcome: 'noted',
        decision: 'Driftsstatus taget til efterretning; supportkapaciteten følges.',
      });
      expect(done.card).not.toBeNull();
      const text = await chat.waitForText(card, [
        'Taget til efterretning',
        'Driftsstatus taget til efterretning; supportkapaciteten følges.',
        'Registreret af Gustav Eng',
      ]);
      expect(text).toContain('Beslutning:');
      await snap(card);
      await stored(stack.storePath, 'meetings', (l) =>
        expect(l[0].items[2]).toMatchObject({
          number: 3,
          outcome: 'noted',
          decision: 'Driftsstatus taget til efterretning; supportkapaciteten følges.',
          by: gustav.aadObjectId,
        }),
      );
    },
  );

  step(9, 'risks', 'risks are added by the chair and by a member; an observer is refused', async () => {
    const r1 = await chat.ask('ny risiko Teknik: Forsinket certificering af lægesystemer', [
      'Risiko R1 er oprettet under Teknik: Forsinket certificering af lægesystemer',
    ]);
    await snap(r1, '-anna');

    let after = await chat.botMessageCount();
    await say(stack.client, bent, 'ny risiko Drift: Supportkapacitet i overgangsperioden');
    const r2 = await chat.waitForBotMessage(['Risiko R2 er oprettet under Drift: Supportkapacitet i overgangsperioden'], { after });

    after = await chat.botMessageCount();
    await say(stack.client, erik, 'ny risiko Økonomi: Budget til udrulning');
    const refused = await chat.waitForBotMessage(['Observatører kan ikke tilføje risici'], { after });
    await snap(r2);
    expect(await refused.innerText()).toContain('⚠️');

    const risks = await stored(stack.storePath, 'risks', (list) => expect(list.map((r) => r.id)).toEqual(['R1', 'R2']));
    expect(risks[0]).toMatchObject({ category: 'Teknik', title: 'Forsinket certificering af lægesystemer', rating: null, history: [] });
    expect(risks[1]).toMatchObject({ category: 'Drift', title: 'Supportkapacitet i overgangsperioden', rating: null });
    expect(risks.some((r) => r.title.includes('Budget'))).toBe(false);
  });

  let ballotId = '';
  let ballot: Locator;

  step(10, 'vote-opened', '"@styrebot risikoafstemning" opens round V1 and posts the ballot', async () => {
    mark();
    ballot = await chat.ask('risikoafstemning', ['Risikoafstemning V1', 'Åben', 'Stemmer afgivet: 0 af 4']);
    const text = await ballot.innerText();
    expect(text).toContain('R1 · Forsinket certificering af lægesystemer');
    expect(text).toContain('R2 · Supportkapacitet i overgangsperioden');
    expect(text).toContain(`Åben til ${longDa(meetingDay)} kl. 14`);
    await enabledButton(ballot, 'Afgiv stemme');
    await enabledButton(ballot, 'Luk afstemning (formand)');
    await snap(ballot);
    ballotId = (await posted(stack.client, ['Risikoafstemning V1'], { from: streamFrom })).id!;

    await stored(stack.storePath, 'votes', (list) => {
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ id: 'V1', status: 'open', ballots: [], result: null });
      expect(DateTime.fromISO(list[0].deadline).setZone(ZONE).toFormat('yyyy-MM-dd HH:mm')).toBe(`${iso(meetingDay)} 14:00`);
    });
  });

  /** Waits until the shared ballot on screen shows the counts (green, yellow, red) of R1 and R2. */
  async function waitForCounts(snippets: string[], r1: number[], r2: number[]): Promise<string> {
    const counts = ([g, y, r]: number[]) => `Grøn ${g}\\D{0,8}Gul ${y}\\D{0,8}Rød ${r}`;
    const want = new RegExp(`R1 ·[\\s\\S]*${counts(r1)}[\\s\\S]*R2 ·[\\s\\S]*${counts(r2)}`);
    const until = Date.now() + 30_000;
    for (;;) {
      const text = await chat.waitForText(ballot, snippets);
      if (want.test(text)) return text;
      if (Date.now() > until)
        throw new Error(
          `the shared ballot never showed R1 ${r1} / R2 ${r2} (green/yellow/red); it shows: ${text.replace(/\s+/g, ' ').slice(0, 700)}`,
        );
      await stack.page.waitForTimeout(150);
    }
  }

  step(11, 'ballots', 'three voters cast ballots and two change them; everyone sees the counts, each voter their own vote', async () => {
    // Anna votes in the window: R1 red, R2 yellow.
    await ballot.getByRole('radio', { name: /Rød/ }).first().check();
    await ballot.getByRole('radio', { name: /Gul/ }).nth(1).check();
    await (await enabledButton(ballot, 'Afgiv stemme')).click();
    await chat.waitForText(ballot, ['Stemmer afgivet: 1 af 4']);

    // Bent and Carsten vote on their copies (API), then both change their minds.
    const vote = (who: typeof bent, r1: string, r2: string) =>
      click(stack.client, who, ballotId, VERBS.voteCast, { groupId: 'g1', roundId: 'V1', r_R1: r1, r_R2: r2 });
    await vote(bent, 'yellow', 'green');
    await vote(carsten, 'yellow', 'yellow');
    // Anna's window: the shared ballot (counts only; who voted what is not shown).
    // R1: Anna red, Bent yellow, Carsten yellow; R2: Anna yellow, Bent green, Carsten yellow.
    await waitForCounts(['Stemmer afgivet: 3 af 4'], [0, 2, 1], [1, 2, 0]);
    await snap(ballot, '-first');

    await vote(bent, 'red', 'green');
    const carstensView = await vote(carsten, 'yellow', 'green');
    // R1: red, red, yellow; R2: yellow, green, green — still three ballots, only the latest counts.
    const text = await waitForCounts(['Stemmer afgivet: 3 af 4'], [0, 1, 2], [2, 1, 0]);
    for (const name of ['Bent Lund', 'Carsten Vang']) expect(text).not.toContain(name);
    await snap(ballot);
    await docShot('03-ballot', ballot);

    // Carsten's own view: the invoke answer to his last click.
    expect(carstensView.card).not.toBeNull();
    const mine = await (await stage.show(carstensView.card, 'Carsten Vang (medlem) efter at have ændret sin stemme:')).innerText();
    expect(mine).toContain('Din stemme er registreret');
    await snapStage('-carsten');

    await stored(stack.storePath, 'votes', (list) => {
      const ballots = Object.fromEntries(list[0].ballots.map((b) => [b.voter, b.choices]));
      expect(Object.keys(ballots)).toHaveLength(3);
      expect(Object.values(ballots)).toEqual(
        expect.arrayContaining([
          { R1: 'red', R2: 'yellow' },
          { R1: 'red', R2: 'green' },
          { R1: 'yellow', R2: 'green' },
        ]),
      );
      expect(list[0].status).toBe('open');
    });
  });

  step(12, 'vote-closed', '"@styrebot luk afstemning" closes the round: the median becomes each risk\'s rating', async () => {
    const after = await chat.botMessageCount();
    await chat.say('luk afstemning');
    // The result is announced as a new card (through the outbox) and the ballot card closes.
    const result = await chat.waitForBotMessage(['Resultat af risikoafstemning V1'], { after, timeoutMs: 45_000 });
    const text = await chat.waitForText(result, ['Rød', 'Grøn']);
    const closed = await chat.waitForText(ballot, ['Lukket']);
    expect(closed).not.toContain('Afgiv stemme');
    await snap(result);
    await snap(ballot, '-ballot');
    expect(text).toContain('Forsinket certificering af lægesystemer');

    const votes = await stored(stack.storePath, 'votes', (list) => expect(list[0].status).toBe('closed'));
    expect(votes[0].result).toEqual({ R1: 'red', R2: 'green' });
    const risks = await listing(stack.storePath, 'risks');
    expect(risks.map((r) => [r.id, r.rating])).toEqual([
      ['R1', 'red'],
      ['R2', 'green'],
    ]);
    expect(risks[0].history.at(-1)!.tally).toEqual({ green: 0, yellow: 1, red: 2 });
  });

  step(13, 'action-point', 'an action point with an owner (@mention) and a due date, from the chair and from a member', async () => {
    const card = await chat.ask(`handling Send testplan til pilotklinikkerne @{Gustav Eng} frist ${typed(dueDay)}`, [
      'Opfølgningspunkt A1',
      'Send testplan til pilotklinikkerne',
    ]);
    const text = await card.innerText();
    expect(text).toContain('Ansvarlig: Gustav Eng');
    expect(text).toContain(`Frist: ${longDa(dueDay)}`);
    expect(text).toContain('Åben');
    await enabledButton(card, 'Udført');
    await snap(card);
    await docShot('04-action-point', card);

    // Bent (API) with a person mention in the mentions payload, as Teams sends it.
    const after = await chat.botMessageCount();
    await say(stack.client, bent, `handling Afklar supportaftale med leverandøren @{Dorthe Kjær} frist ${typed(dueDay.plus({ days: 2 }))}`);
    const a2 = await chat.waitForBotMessage(['Opfølgningspunkt A2', 'Ansvarlig: Dorthe Kjær'], { after });
    await snap(a2, '-member');

    const actions = await stored(stack.storePath, 'actions', (list) => expect(list.map((a) => a.id)).toEqual(['A1', 'A2']));
    expect(actions[0]).toMatchObject({
      text: 'Send testplan til pilotklinikkerne',
      owner: { name: 'Gustav Eng', aadObjectId: gustav.aadObjectId },
      due: iso(dueDay),
      status: 'open',
    });
    expect(actions[1]).toMatchObject({
      text: 'Afklar supportaftale med leverandøren',
      owner: { name: 'Dorthe Kjær', aadObjectId: USERS.dorthe.aadObjectId },
      due: iso(dueDay.plus({ days: 2 })),
      status: 'open',
    });
  });

  step(
    14,
    'meeting-end',
    "Teams' meeting-end event (injected) posts the summary with the new action points into the meeting chat",
    async () => {
      mark();
      await stack.client.customActivity(meetingEvent(stack.pg.url, 'end', 'e2e-meeting-end-1'));
      const ended: PgActivity = await posted(stack.client, ['A1'], { conversation: MEETING_CHAT.id, from: streamFrom });
      const text = await (await stage.show(cardOf(ended), 'I mødechatten, da mødet sluttede:')).innerText();
      expect(text).toContain('Send testplan til pilotklinikkerne');
      expect(text).toContain('Gustav Eng');
      await snapStage('');
      await stored(stack.storePath, 'meetings', (list) => expect(list[0].status).toBe('held'));
    },
  );

  step(
    15,
    'minutes',
    '"@styrebot referat 1" shows the minutes: decisions, risk ratings, action points; the chair approves them',
    async () => {
      const minutes = await chat.ask('referat 1', ['Referat: 1. møde i', 'Udkast']);
      const text = await minutes.innerText();
      const [meeting] = await listing(stack.storePath, 'meetings');
      const actions = await listing(stack.storePath, 'actions');
      expect(text).toContain('Mødelokale 2');
      expect(text).toContain('Referent');
      expect(text).toContain('Gustav Eng');
      for (const item of meeting.items) {
        expect(text).toContain(item.title);
        if (item.decision) expect(text).toContain(item.decision);
      }
      expect(text).toContain('Godkendt');
      expect(text).toContain('Taget til efterretning');
      expect(text).toMatch(/R1 Forsinket certificering af lægesystemer[\s\S]*rød/i);
      for (const a of actions) expect(text).toContain(a.text);
      const approve = await enabledButton(minutes, APPROVE);
      await enabledButton(minutes, /Word$/);
      await enabledButton(minutes, /Markdown$/);
      await snap(minutes);
      await docShot('05-minutes', minutes);

      await approve.click();
      const approved = await chat.waitForText(minutes, ['Referatets status: Godkendt']);
      expect(approved).not.toContain('Udkast');
      await snap(minutes, '-approved');
      const db = JSON.parse(await cli(stack.storePath, ['export']));
      expect(db.meetings[0].minutes.status).toBe('approved');
    },
  );
});
