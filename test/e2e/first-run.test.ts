/**
 * The first five minutes (issue #20), in the Agents Playground in a real browser: the bot starts
 * as `npm start` starts it, with the demo group AND its sample (next meeting, risks, an action
 * point) seeded from today's clock. Without creating anything first, the chair posts the agenda,
 * records a decision on the item with a recommendation and opens the minutes — every step checked
 * on screen and in the store. Screenshots: test-results/e2e/first-run/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enabledButton, PlaygroundChat } from './support/chat.js';
import { ARTEFACTS, startStack, type Stack } from './support/stack.js';
import { listing, stored } from './support/store-cli.js';

const GROUP_NAME = 'Operationel styregruppe for forløbsplaner';
const CHAT_NAME = 'Operationel styregruppe FLP';
const SHOTS = path.join(ARTEFACTS, 'first-run');
const DECISION = 'Tidsplanen for certificeringen godkendes; leverandørerne melder testdatoer senest to uger før.';

let stack: Stack;
let chat: PlaygroundChat;
let failed: string | null = null;

function step(name: string, fn: () => Promise<void>): void {
  it(
    name,
    async () => {
      if (failed) throw new Error(`not run: "${failed}" failed first`);
      try {
        await fn();
        await stack.page.screenshot({ path: path.join(SHOTS, `${name.slice(0, 40).replace(/\W+/g, '-')}.png`) });
      } catch (err) {
        failed = name;
        await stack?.page.screenshot({ path: path.join(SHOTS, 'FAILED.png') }).catch(() => {});
        (err as Error).message += `\n--- bot log (tail) ---\n${stack?.botLogTail(30)}`;
        throw err;
      }
    },
    150_000,
  );
}

describe('first run: the seeded demo works from the first command', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    stack = await startStack({ demoSample: true });
    chat = new PlaygroundChat(stack.page);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  step('the demo has its next meeting ahead, two risks and an open action point, nothing typed yet', async () => {
    const [meeting] = await listing(stack.storePath, 'meetings');
    const today = DateTime.now().setZone('Europe/Copenhagen').toISODate()!;
    expect(meeting.number).toBe(1);
    expect(meeting.status).toBe('planned');
    expect(meeting.date > today).toBe(true);
    expect(meeting.items.filter((i) => i.presenter === 'Carsten Vang').map((i) => i.title)).toEqual([
      'Status på lægesystemerne (aftaler og certificering)',
    ]); // the item with the recommendation
    expect((await listing(stack.storePath, 'risks')).map((r) => r.id)).toEqual(['R1', 'R2']);
    expect((await listing(stack.storePath, 'actions')).map((a) => [a.id, a.status])).toEqual([['A1', 'open']]);
    await stack.page.goto(stack.pg.url);
    await chat.waitForBotMessage(['Hej, jeg er styrebot'], { timeoutMs: 60_000 });
    await chat.hideLogPanel();
    await chat.open(CHAT_NAME);
    await chat.waitForBotMessage([`Mødeassistent for ${GROUP_NAME}`], { timeoutMs: 60_000 });
  });

  step('dagsorden posts the seeded meeting: overview and one card per item', async () => {
    const [meeting] = await listing(stack.storePath, 'meetings');
    const after = await chat.botMessageCount();
    await chat.say('dagsorden');
    const overview = await chat.waitForBotMessage([`Dagsorden — 1. møde i ${GROUP_NAME}`], { after, timeoutMs: 60_000 });
    const text = await overview.innerText();
    expect(text).toContain('12.30–14.00');
    expect(text).toContain('Mødelokale 2, MedCom');
    expect(text).toContain('0 af 6 punkter har en beslutning.');
    for (const item of meeting.items) {
      expect(text).toContain(item.title);
      await enabledButton(await chat.waitForBotMessage([item.title, 'Registrér beslutning'], { after: after + 1 }), 'Registrér beslutning');
    }
    const withRecommendation = await chat.waitForBotMessage(['Indstilling', 'Det indstilles, at styregruppen', 'godkender tidsplanen'], {
      after: after + 1,
    });
    await chat.focus(withRecommendation);
  });

  step('the chair records a decision on the item with the recommendation', async () => {
    const [meeting] = await listing(stack.storePath, 'meetings');
    const item = meeting.items.find((i) => i.presenter === 'Carsten Vang')!; // the item with the recommendation
    const card = chat.botMessages
      .filter({ hasText: item.title })
      .filter({ has: stack.page.getByRole('button', { name: /beslutning$/ }) })
      .last();
    await (await enabledButton(card, 'Registrér beslutning')).click();
    await card.getByRole('radio', { name: 'Godkendt', exact: true }).check();
    await card.locator('textarea').fill(DECISION);
    await (await enabledButton(card, 'Gem beslutning')).click();
    await chat.waitForText(card, ['Beslutning:', 'Godkendt', DECISION, 'Registreret af Anna Holm']);
    await stored(stack.storePath, 'meetings', (list) =>
      expect(list[0].items.find((i) => i.number === item.number)).toMatchObject({ outcome: 'approved', decision: DECISION }),
    );
  });

  step('referat (no number) opens the minutes draft of that meeting with the decision, the risks and the action point', async () => {
    const minutes = await chat.ask('referat', ['Referat: 1. møde i', 'Udkast'], 60_000);
    const text = await minutes.innerText();
    expect(text).toContain(DECISION);
    expect(text).toContain('Forsinket certificering af lægesystemerne');
    expect(text).toContain('Send udkast til testplan til leverandørerne');
    expect(text).not.toMatch(/<[a-zæøå]+>/i); // no swallowed placeholders
    await enabledButton(minutes, /Word$/);
    await chat.focus(minutes);
  });
});
