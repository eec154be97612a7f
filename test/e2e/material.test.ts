/**
 * Material (bilag) in the Agents Playground, in a real browser (issue #15): the bot starts with the
 * demo group and its next meeting; the chair posts the agenda, pastes a SharePoint link as an item's
 * material, and the item card everybody sees changes in place to list it as a link; the item's
 * presenter (Carsten, a member, over the API) adds a second link; a member who is not the presenter
 * is refused in the chat. Every step is checked on screen and in the store (`meetings --json`).
 * Screenshots: test-results/e2e/material/.
 *
 * Not driven here: sending the file itself in personal chat (the playground ignores the manifest's
 * supportsFiles); covered through the fake connector in test/integration/material.test.ts.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enabledButton, PlaygroundChat } from './support/chat.js';
import { say, USERS } from './support/people.js';
import { ARTEFACTS, startStack, type Stack } from './support/stack.js';
import { listing, stored } from './support/store-cli.js';

const GROUP_NAME = 'Operationel styregruppe for forløbsplaner';
const CHAT_NAME = 'Operationel styregruppe FLP';
const SHOTS = path.join(ARTEFACTS, 'material');
const TIDSPLAN = 'https://contoso.sharepoint.com/sites/FLP/Shared%20Documents/Tidsplan%20certificering.docx';
const TESTPLAN = 'https://contoso-my.sharepoint.com/personal/carsten_contoso_dk/Documents/Testplan%20leverand%C3%B8rer.xlsx';
const { bent, carsten } = USERS;

let stack: Stack;
let chat: PlaygroundChat;
let failed: string | null = null;
let itemNo = 0;
let itemTitle = '';

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

/** The item's card in Anna's window (the one with the decision button). */
const itemCard = (): Locator =>
  chat.botMessages
    .filter({ hasText: itemTitle })
    .filter({ has: stack.page.getByRole('button', { name: /beslutning$/ }) })
    .last();

describe('material: a SharePoint link attached in the chat shows on the item card', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    stack = await startStack({ demoSample: true });
    chat = new PlaygroundChat(stack.page);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  step('the chair posts the agenda: the presenter’s item card has no material yet', async () => {
    const [meeting] = await listing(stack.storePath, 'meetings');
    const item = meeting.items.find((i) => i.presenter === 'Carsten Vang')!;
    itemNo = item.number;
    itemTitle = item.title;
    expect(item.material).toEqual([]);
    await stack.page.goto(stack.pg.url);
    await chat.waitForBotMessage(['Hej, jeg er styrebot'], { timeoutMs: 60_000 });
    await chat.hideLogPanel();
    await chat.open(CHAT_NAME);
    await chat.waitForBotMessage([`Mødeassistent for ${GROUP_NAME}`], { timeoutMs: 60_000 });
    const after = await chat.botMessageCount();
    await chat.say('dagsorden');
    await chat.waitForBotMessage([`Dagsorden — 1. møde i ${GROUP_NAME}`], { after, timeoutMs: 60_000 });
    const card = await chat.waitForBotMessage([itemTitle, 'Registrér beslutning'], { after: after + 1 });
    await enabledButton(card, 'Registrér beslutning');
    expect(await card.innerText()).not.toContain('📎');
  });

  step('the chair pastes a SharePoint link as Bilag 1: the answer names it and the item card lists it as a link', async () => {
    const reply = await chat.ask(`bilag 1.${itemNo} ${TIDSPLAN} Bilag 1. Tidsplan for certificering`, [
      '📎 Bilag 1 – Tidsplan for certificering er vedhæftet punkt',
    ]);
    await chat.focus(reply);
    const card = itemCard();
    await chat.waitForText(card, ['Bilag', '📎 Bilag 1 – Tidsplan for certificering', 'Åbn ↗']);
    await chat.focus(card);
    // The row is the Action.OpenUrl: the renderer makes it a focusable control named after the material.
    const link = card
      .getByRole('link', { name: 'Bilag 1 – Tidsplan for certificering' })
      .or(card.getByRole('button', { name: 'Bilag 1 – Tidsplan for certificering' }));
    await link.first().waitFor({ state: 'visible', timeout: 10_000 });
    await stack.page.screenshot({ path: path.join(SHOTS, 'item-card-with-material.png') });
    await stored(stack.storePath, 'meetings', (list) =>
      expect(list[0].items.find((i) => i.number === itemNo)!.material).toEqual([
        { name: 'Bilag 1. Tidsplan for certificering', url: TIDSPLAN },
      ]),
    );
  });

  step('the presenter adds a second link; a member who is not the presenter is refused in the chat', async () => {
    let after = await chat.botMessageCount();
    await say(stack.client, carsten, `bilag 1.${itemNo} ${TESTPLAN} Testplan for leverandørerne`);
    await chat.waitForBotMessage(['📎 Testplan for leverandørerne er vedhæftet punkt'], { after });
    await chat.waitForText(itemCard(), ['📎 Bilag 1 – Tidsplan for certificering', '📎 Testplan for leverandørerne']);

    after = await chat.botMessageCount();
    await say(stack.client, bent, `bilag 1.${itemNo} https://contoso.sharepoint.com/x.docx Noget`);
    const refusal = await chat.waitForBotMessage(['Kun formanden, referenten eller oplægsholderen'], { after });
    await chat.focus(refusal);
    await stored(stack.storePath, 'meetings', (list) =>
      expect(list[0].items.find((i) => i.number === itemNo)!.material.map((m) => m.url)).toEqual([TIDSPLAN, TESTPLAN]),
    );
  });

  step('a link outside Microsoft 365 is refused with the reason, and nothing is stored', async () => {
    const refusal = await chat.ask(`bilag 1.${itemNo} https://evil.example.com/sharepoint.com/bilag.docx Falsk`, [
      'Linket peger på evil.example.com',
    ]);
    await chat.focus(refusal);
    const [meeting] = await listing(stack.storePath, 'meetings');
    expect(meeting.items.find((i) => i.number === itemNo)!.material).toHaveLength(2);
  });
});
