/**
 * The first five minutes (issue #20), in the Agents Playground in a real browser: the bot starts
 * as `npm start` starts it, with the demo group AND its sample (next meeting, risks, an action
 * point) seeded from today's clock. Without creating anything first, the chair posts the agenda,
 * records a decision on the item with a recommendation and opens the minutes — every step checked
 * on screen and in the store. Screenshots: test-results/e2e/first-run/.
 */
import { DateTime } from 'luxon';
import { describe, expect } from 'vitest';
import { enabledButton } from './support/chat.js';
import { GROUP_NAME, startJourney } from './support/journey.js';
import { listing, stored } from './support/store-cli.js';

const DECISION = 'Tidsplanen for certificeringen godkendes; leverandørerne melder testdatoer senest to uger før.';

describe('first run: the seeded demo works from the first command', () => {
  const j = startJourney('first-run', { demoSample: true });

  j.step('the demo has its next meeting ahead, two risks and an open action point, nothing typed yet', async () => {
    const [meeting] = await listing(j.stack.storePath, 'meetings');
    const today = DateTime.now().setZone('Europe/Copenhagen').toISODate()!;
    expect(meeting.number).toBe(1);
    expect(meeting.status).toBe('planned');
    expect(meeting.date > today).toBe(true);
    expect(meeting.items.filter((i) => i.presenter === 'Carsten Vang').map((i) => i.title)).toEqual([
      'Status på lægesystemerne (aftaler og certificering)',
    ]); // the item with the recommendation
    expect((await listing(j.stack.storePath, 'risks')).map((r) => r.id)).toEqual(['R1', 'R2']);
    expect((await listing(j.stack.storePath, 'actions')).map((a) => [a.id, a.status])).toEqual([['A1', 'open']]);
    await j.openGroupChat();
  });

  j.step('dagsorden posts the seeded meeting: overview and one card per item', async () => {
    const [meeting] = await listing(j.stack.storePath, 'meetings');
    const after = await j.chat.botMessageCount();
    await j.chat.say('dagsorden');
    const overview = await j.chat.waitForBotMessage([`Dagsorden — 1. møde i ${GROUP_NAME}`], { after, timeoutMs: 60_000 });
    const text = await overview.innerText();
    expect(text).toContain('12.30–14.00');
    expect(text).toContain('Mødelokale 2, MedCom');
    expect(text).toContain('0 af 6 punkter har en beslutning.');
    for (const item of meeting.items) {
      expect(text).toContain(item.title);
      await enabledButton(
        await j.chat.waitForBotMessage([item.title, 'Registrér beslutning'], { after: after + 1 }),
        'Registrér beslutning',
      );
    }
    const withRecommendation = await j.chat.waitForBotMessage(['Indstilling', 'Det indstilles, at styregruppen', 'godkender tidsplanen'], {
      after: after + 1,
    });
    await j.chat.focus(withRecommendation);
  });

  j.step('the chair records a decision on the item with the recommendation', async () => {
    const [meeting] = await listing(j.stack.storePath, 'meetings');
    const item = meeting.items.find((i) => i.presenter === 'Carsten Vang')!; // the item with the recommendation
    const card = j.chat.botMessages
      .filter({ hasText: item.title })
      .filter({ has: j.stack.page.getByRole('button', { name: /beslutning$/ }) })
      .last();
    await (await enabledButton(card, 'Registrér beslutning')).click();
    await card.getByRole('radio', { name: 'Godkendt', exact: true }).check();
    await card.locator('textarea').fill(DECISION);
    await (await enabledButton(card, 'Gem beslutning')).click();
    await j.chat.waitForText(card, ['Beslutning:', 'Godkendt', DECISION, 'Registreret af Anna Holm']);
    await stored(j.stack.storePath, 'meetings', (list) =>
      expect(list[0].items.find((i) => i.number === item.number)).toMatchObject({ outcome: 'approved', decision: DECISION }),
    );
  });

  j.step('referat (no number) opens the minutes draft of that meeting with the decision, the risks and the action point', async () => {
    const minutes = await j.chat.ask('referat', ['Referat: 1. møde i', 'Udkast'], 60_000);
    const text = await minutes.innerText();
    expect(text).toContain(DECISION);
    expect(text).toContain('Forsinket certificering af lægesystemerne');
    expect(text).toContain('Send udkast til testplan til leverandørerne');
    expect(text).not.toMatch(/<[a-zæøå]+>/i); // no swallowed placeholders
    await enabledButton(minutes, /Word$/);
    await j.chat.focus(minutes);
  });
});
