/**
 * Material (bilag) in the Agents Playground, in a real browser (issue #15): the bot starts with the
 * demo group and its next meeting; the chair posts the agenda, pastes a SharePoint link as an item's
 * material, and the item card everybody sees changes in place to list it as a link; the item's
 * presenter (Carsten, a member, over the API) adds a second link; a member who is not the presenter
 * is refused in the j.chat. Every step is checked on screen and in the store (`meetings --json`).
 * Screenshots: test-results/e2e/material/.
 *
 * Not driven here: sending the file itself in personal chat (the playground ignores the manifest's
 * supportsFiles); covered through the fake connector in test/integration/material.test.ts.
 */
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect } from 'vitest';
import { enabledButton } from './support/chat.js';
import { GROUP_NAME, startJourney } from './support/journey.js';
import { say, USERS } from './support/people.js';
import { listing, stored } from './support/store-cli.js';

const TIDSPLAN = 'https://contoso.sharepoint.com/sites/FLP/Shared%20Documents/Tidsplan%20certificering.docx';
const TESTPLAN = 'https://contoso-my.sharepoint.com/personal/carsten_contoso_dk/Documents/Testplan%20leverand%C3%B8rer.xlsx';
const { bent, carsten } = USERS;

let itemNo = 0;
let itemTitle = '';

describe('material: a SharePoint link attached in the chat shows on the item card', () => {
  const j = startJourney('material', { demoSample: true });

  /** The item's card in Anna's window (the one with the decision button). */
  const itemCard = (): Locator =>
    j.chat.botMessages
      .filter({ hasText: itemTitle })
      .filter({ has: j.stack.page.getByRole('button', { name: /beslutning$/ }) })
      .last();

  j.step('the chair posts the agenda: the presenter’s item card has no material yet', async () => {
    const [meeting] = await listing(j.stack.storePath, 'meetings');
    const item = meeting.items.find((i) => i.presenter === 'Carsten Vang')!;
    itemNo = item.number;
    itemTitle = item.title;
    expect(item.material).toEqual([]);
    await j.openGroupChat();
    const after = await j.chat.botMessageCount();
    await j.chat.say('dagsorden');
    await j.chat.waitForBotMessage([`Dagsorden — 1. møde i ${GROUP_NAME}`], { after, timeoutMs: 60_000 });
    const card = await j.chat.waitForBotMessage([itemTitle, 'Registrér beslutning'], { after: after + 1 });
    await enabledButton(card, 'Registrér beslutning');
    expect(await card.innerText()).not.toContain('📎');
  });

  j.step('the chair pastes a SharePoint link as Bilag 1: the answer names it and the item card lists it as a link', async () => {
    const reply = await j.chat.ask(`bilag 1.${itemNo} ${TIDSPLAN} Bilag 1. Tidsplan for certificering`, [
      '📎 Bilag 1 – Tidsplan for certificering er vedhæftet punkt',
    ]);
    await j.chat.focus(reply);
    const card = itemCard();
    await j.chat.waitForText(card, ['Bilag', '📎 Bilag 1 – Tidsplan for certificering', 'Åbn ↗']);
    await j.chat.focus(card);
    // The row is the Action.OpenUrl: the renderer makes it a focusable control named after the material.
    const link = card
      .getByRole('link', { name: 'Bilag 1 – Tidsplan for certificering' })
      .or(card.getByRole('button', { name: 'Bilag 1 – Tidsplan for certificering' }));
    await link.first().waitFor({ state: 'visible', timeout: 10_000 });
    await j.stack.page.screenshot({ path: path.join(j.shots, 'item-card-with-material.png') });
    await stored(j.stack.storePath, 'meetings', (list) =>
      expect(list[0].items.find((i) => i.number === itemNo)!.material).toEqual([
        { name: 'Bilag 1. Tidsplan for certificering', url: TIDSPLAN },
      ]),
    );
  });

  j.step('the presenter adds a second link; a member who is not the presenter is refused in the chat', async () => {
    let after = await j.chat.botMessageCount();
    await say(j.stack.client, carsten, `bilag 1.${itemNo} ${TESTPLAN} Testplan for leverandørerne`);
    await j.chat.waitForBotMessage(['📎 Testplan for leverandørerne er vedhæftet punkt'], { after });
    await j.chat.waitForText(itemCard(), ['📎 Bilag 1 – Tidsplan for certificering', '📎 Testplan for leverandørerne']);

    after = await j.chat.botMessageCount();
    await say(j.stack.client, bent, `bilag 1.${itemNo} https://contoso.sharepoint.com/x.docx Noget`);
    const refusal = await j.chat.waitForBotMessage(['Kun formanden, referenten eller oplægsholderen'], { after });
    await j.chat.focus(refusal);
    await stored(j.stack.storePath, 'meetings', (list) =>
      expect(list[0].items.find((i) => i.number === itemNo)!.material.map((m) => m.url)).toEqual([TIDSPLAN, TESTPLAN]),
    );
  });

  j.step('a link outside Microsoft 365 is refused with the reason, and nothing is stored', async () => {
    const refusal = await j.chat.ask(`bilag 1.${itemNo} https://evil.example.com/sharepoint.com/bilag.docx Falsk`, [
      'Linket peger på evil.example.com',
    ]);
    await j.chat.focus(refusal);
    const [meeting] = await listing(j.stack.storePath, 'meetings');
    expect(meeting.items.find((i) => i.number === itemNo)!.material).toHaveLength(2);
  });
});
