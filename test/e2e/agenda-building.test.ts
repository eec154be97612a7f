/**
 * Building the agenda in the Agents Playground, in a real browser (issue #15): the bot starts with
 * the demo group and its next meeting (standing items). The chair (Anna, the playground's user)
 * adds an item by typing "nyt punkt", posts the agenda, moves the new item up on the "Redigér
 * dagsorden" card with its buttons; Bent (a member, over the playground's API) proposes an item
 * with "Foreslå punkt" on the overview card; the chair accepts it on her accept/decline card; the
 * overview card everybody sees changes in place to the new agenda. Every step is checked on screen
 * and in the store (`meetings --json`). Screenshots: test-results/e2e/agenda-building/.
 *
 * Material (bilag) on the built agenda is the material journey's (test/e2e/material.test.ts); its
 * link step can follow the last step here (see "material" below).
 */
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { actionsOf, cardText } from '../helpers/card-walk.js';
import { activityText } from '../helpers/playground-client.js';
import { enabledButton } from './support/chat.js';
import { CHAT_NAME, GROUP_NAME, startJourney } from './support/journey.js';
import { cardOf, click, GROUP_CHAT, USERS } from './support/people.js';
import { cli, listing, stored } from './support/store-cli.js';

const NEW_ITEM = 'Orientering om pilotdrift';
const PROPOSED = 'Opfølgning på testvinduer hos leverandørerne';
const { anna, bent } = USERS;

/** The overview card's activity id in the playground's stream (Bent clicks "Foreslå punkt" on it). */
let overviewId = '';

/** Titles in the order a card shows them. */
const order = (text: string, titles: string[]) => titles.map((t) => text.indexOf(t));

describe('building the agenda in the chat: an item, a move on the edit card, a member’s proposal', () => {
  const j = startJourney('agenda-building', { demoSample: true, stage: true });

  /** The shared agenda overview in Anna's window (the one with "Foreslå punkt"). */
  const overviewCard = (): Locator =>
    j.chat.botMessages
      .filter({ hasText: `Dagsorden — 1. møde i ${GROUP_NAME}` })
      .filter({ has: j.stack.page.getByRole('button', { name: 'Foreslå punkt' }) })
      .last();

  j.step('the chair adds an item with "nyt punkt": it goes in before Eventuelt', async () => {
    await j.openGroupChat();
    const before = (await listing(j.stack.storePath, 'meetings'))[0].items.length;
    const reply = await j.chat.ask(`nyt punkt ${NEW_ITEM} v. Carsten Vang`, [`"${NEW_ITEM}" er føjet til dagsordenen for 1. møde`]);
    await j.chat.focus(reply);
    await stored(j.stack.storePath, 'meetings', (list) => {
      const items = list[0].items;
      expect(items).toHaveLength(before + 1);
      expect(items.slice(-2).map((i) => [i.title, i.presenter])).toEqual([
        [NEW_ITEM, 'Carsten Vang'],
        ['Eventuelt', null],
      ]);
    });
  });

  j.step('the chair posts the agenda: the overview lists the new item and carries "Foreslå punkt"', async () => {
    const after = await j.chat.botMessageCount();
    const mark = j.stack.client.received.length;
    await j.chat.say('dagsorden');
    const card = await j.chat.waitForBotMessage([`Dagsorden — 1. møde i ${GROUP_NAME}`, NEW_ITEM], { after, timeoutMs: 60_000 });
    await enabledButton(card, 'Foreslå punkt');
    await enabledButton(card, 'Redigér dagsorden');
    await enabledButton(card, 'Udsend dagsorden');
    await j.chat.focus(card);
    const activity = await j.stack.client.waitFor(
      (a) =>
        a.conversation?.id === GROUP_CHAT && activityText(a).includes('Dagsorden — 1. møde') && activityText(a).includes('Foreslå punkt'),
      { from: mark },
    );
    overviewId = String(activity.id);
    expect(overviewId).not.toBe('');
  });

  j.step('on the "Redigér dagsorden" card the chair moves the new item up one place with its button', async () => {
    const [meeting] = await listing(j.stack.storePath, 'meetings');
    const n = meeting.items.find((i) => i.title === NEW_ITEM)!.number;
    const above = meeting.items[n - 2].title;
    const mark = j.stack.client.received.length;
    const card = await j.chat.ask('redigér dagsorden', ['Redigér dagsorden — 1. møde', NEW_ITEM]);
    await enabledButton(card, 'Tilføj punkt');
    const ups = card.getByRole('button', { name: '▲ Op', exact: true });
    // Every row but the first has "▲ Op"; the new item's is the last but one (Eventuelt is last).
    expect(await ups.count()).toBe(meeting.items.length - 1);
    await j.chat.focus(card);
    // The playground's web client sends only card-level and ShowCard actions, not those of an
    // ActionSet in the card's body (Teams sends both): the chair's click on that row's button is
    // sent as Teams would send it, with the data the card carries, through the playground's API.
    const activity = await j.stack.client.waitFor((a) => activityText(a).includes('Redigér dagsorden — 1. møde'), { from: mark });
    const action = actionsOf(cardOf(activity)).find((a) => a.verb === VERBS.agendaEditMove && a.data?.item === n && a.data?.to === n - 1);
    expect(action).toBeTruthy();
    const answer = await click(j.stack.client, anna, String(activity.id), VERBS.agendaEditMove, action!.data!);
    expect(cardText(answer.card)).toContain(`"${NEW_ITEM}" er nu punkt ${n - 1}.`);
    const stagedCard = await j.stage.show(answer.card, 'Formandens "Redigér dagsorden"-kort efter klikket på ▲ Op:');
    expect(await stagedCard.innerText()).toContain(`"${NEW_ITEM}" er nu punkt ${n - 1}.`);
    await j.stage.screenshot(path.join(j.shots, 'edit-card-after-up.png'));
    await stored(j.stack.storePath, 'meetings', (list) => {
      expect(list[0].items[n - 2].title).toBe(NEW_ITEM);
      expect(list[0].items[n - 1].title).toBe(above);
    });
    // The overview everybody sees follows, in place (coalesced card update).
    const until = Date.now() + 30_000;
    for (;;) {
      const [moved, next] = order(await overviewCard().innerText(), [NEW_ITEM, above]);
      if (moved >= 0 && moved < next) break;
      if (Date.now() > until) throw new Error(`the overview never showed "${NEW_ITEM}" before "${above}"`);
      await j.stack.page.waitForTimeout(250);
    }
    await j.chat.focus(overviewCard());
  });

  j.step('a member proposes an item with "Foreslå punkt" on the overview; the chair gets the accept/decline card', async () => {
    const mark = j.stack.client.received.length;
    const answer = await click(j.stack.client, bent, overviewId, VERBS.proposalSubmit, {
      groupId: (JSON.parse(await cli(j.stack.storePath, ['export'])) as { groups: { id: string }[] }).groups[0].id,
      meeting: 1,
      from: 'overview',
      propTitle: PROPOSED,
      propPresenter: 'Bent Lund',
      propRecommendation: 'at styregruppen tager status til efterretning',
    });
    expect(answer.message).toBe(`Tak. Dit forslag "${PROPOSED}" er sendt til formanden for 1. møde.`);
    await j.stack.client.waitFor((a) => activityText(a).includes('Bent Lund foreslår et punkt'), { from: mark });
    await stored(j.stack.storePath, 'meetings', (list) =>
      expect(list[0].proposals).toEqual([
        {
          title: PROPOSED,
          presenter: 'Bent Lund',
          recommendation: 'at styregruppen tager status til efterretning',
          by: 'Bent Lund',
          status: 'open',
        },
      ]),
    );
  });

  j.step('the chair accepts it on her card: it becomes an item, and the overview card shows it', async () => {
    // The card is in Anna's personal chat with the bot when the bot knows it, else in the group j.chat.
    let card = j.chat.botMessages.filter({ hasText: 'Bent Lund foreslår et punkt' }).last();
    const inGroup = await card.count();
    if (!inGroup) {
      await j.chat.open('Personal Chat');
      card = await j.chat.waitForBotMessage(['Bent Lund foreslår et punkt', PROPOSED], { timeoutMs: 30_000 });
    }
    await j.chat.focus(card);
    await (await enabledButton(card, 'Optag på dagsordenen')).click();
    await j.chat.waitForText(card, ['Optaget som punkt', 'Anna Holm']);
    await j.stack.page.screenshot({ path: path.join(j.shots, 'proposal-accepted.png') });
    const list = await stored(j.stack.storePath, 'meetings', (l) => {
      expect(l[0].proposals.map((p) => p.status)).toEqual(['accepted']);
      expect(l[0].items.slice(-2).map((i) => i.title)).toEqual([PROPOSED, 'Eventuelt']);
    });
    expect(list[0].items.find((i) => i.title === PROPOSED)!.presenter).toBe('Bent Lund');
    if (!inGroup) await j.chat.open(CHAT_NAME);
    const text = await j.chat.waitForText(overviewCard(), [PROPOSED, NEW_ITEM]);
    const [a, b] = order(text, [PROPOSED, 'Eventuelt']);
    expect(a).toBeLessThan(b);
    await j.chat.focus(overviewCard());
  });

  // material: the material journey can attach a link to the new item here ("bilag 1.<nr> <url>")
  // and check it on the item card, as test/e2e/material.test.ts does for a standing item.
});
