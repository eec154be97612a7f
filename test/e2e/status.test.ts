/**
 * A standing item's presenter reports its status, end to end, in the local Teams-like client
 * (issue #16, "Status requests for standing items"). Same stack as meeting.test.ts: the bot as
 * `node --import tsx src/index.ts` on a fresh store with the demo group, the Agents Playground,
 * headless Chromium; every step checks what is ON SCREEN and what is STORED (CLI `--json`).
 *
 * - Anna Holm (chair) is the playground's user: she creates the meeting, names the presenters
 *   (`oplægsholder 1.2 @Anna Holm`, `oplægsholder 1.3 @Bent Lund`), and — presenter of item 2 —
 *   fills in the status card in the browser (traffic light, summary, key points) and sends it.
 * - Bent Lund (member, presenter of item 3) acts over HTTP like the other users in
 *   meeting.test.ts: he asks for his card (`status 1.3`) and submits it through the playground's
 *   invoke endpoint; his private answer (the receipt) is rendered on the card j.stage. Carsten's
 *   click on Bent's card is refused.
 * - The T-10d/T-4d requests themselves are timed (covered with a fake clock in
 *   test/integration/status-requests.test.ts); here `reminders --json` shows them planned.
 *
 * Screenshots: test-results/e2e/status/NN-step.png.
 */
import path from 'node:path';
import type { DateTime } from 'luxon';
import { describe, expect } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { enabledButton } from './support/chat.js';
import { meetingDayAhead, startJourney, type Shot } from './support/journey.js';
import { click, posted, say, USERS } from './support/people.js';
import { cli, listing, stored } from './support/store-cli.js';

const { anna, bent, carsten } = USERS;

const meetingDay = meetingDayAhead();
const typed = (d: DateTime) => d.toFormat('dd-MM-yyyy');

const ANNA_SUMMARY = 'Pilotleverancen er på plan; visningen i de eksterne apps testes i næste sprint.';
const BENT_SUMMARY = 'Driften er stabil, men release 4.2 er forsinket en uge.';

describe('a presenter reports the status of a standing item, in the Agents Playground', () => {
  const j = startJourney('status', { stage: true });
  /** Steps are numbered: their screenshots are NN-name.png. */
  const step = (n: number, name: string, title: string, fn: (shot: Shot) => Promise<void>) =>
    j.step(title, fn, { id: `${String(n).padStart(2, '0')}-${name}` });

  step(1, 'meeting', 'the chair creates meeting 1; its status request (T-10d) and nudge (T-4d) are planned', async () => {
    await j.openGroupChat();
    await j.chat.ask(`nyt møde ${typed(meetingDay)} 12:30-14:00 Mødelokale 2`, ['Møde 1 er oprettet']);
    const rows = JSON.parse(await cli(j.stack.storePath, ['reminders', '--json'])) as { kind: string; meeting: number; status: string }[];
    expect(rows.filter((r) => r.kind.startsWith('status-')).map((r) => [r.kind, r.meeting, r.status])).toEqual([
      ['status-request', 1, 'planned'],
      ['status-nudge', 1, 'planned'],
    ]);
  });

  step(2, 'presenters', '"oplægsholder 1.2 @Anna Holm" and "oplægsholder 1.3 @Bent Lund" name the presenters', async () => {
    // The typeahead offers the chat's other members, not the one typing: Anna's own mention is sent as Teams would.
    const after = await j.chat.botMessageCount();
    await say(j.stack.client, anna, 'oplægsholder 1.2 @{Anna Holm}');
    await j.chat.waitForBotMessage(['Anna Holm er nu oplægsholder for punkt 1.2'], { after });
    await j.chat.ask('oplægsholder 1.3 @{Bent Lund}', ['Bent Lund er nu oplægsholder for punkt 1.3']);
    const db = JSON.parse(await cli(j.stack.storePath, ['export']));
    const items = db.meetings[0].items;
    expect(items[1]).toMatchObject({ presenterId: anna.aadObjectId, presenter: 'Anna Holm' });
    expect(items[2]).toMatchObject({ presenterId: bent.aadObjectId, presenter: 'Bent Lund' });
  });

  step(
    3,
    'anna-submits',
    'Anna (presenter of item 2) fills in her status card in the browser: the card becomes the receipt',
    async (shot) => {
      const { items } = (await listing(j.stack.storePath, 'meetings'))[0];
      const card = await j.chat.ask('status 1.2', ['Status til 1. møde: punkt 2', items[1].title, 'Trafiklys']);
      await card.getByRole('radio', { name: 'Grøn', exact: true }).check();
      const boxes = card.locator('textarea');
      await boxes.nth(0).fill(ANNA_SUMMARY);
      await boxes.nth(1).fill('Pilot i 12 klinikker\nNy visning klar til test');
      await shot('-form');
      await (await enabledButton(card, 'Send status')).click();
      const text = await j.chat.waitForText(card, [
        'Tak – status modtaget',
        'Grøn',
        ANNA_SUMMARY,
        '• Pilot i 12 klinikker',
        'Indsendt af Anna Holm',
      ]);
      expect(text).not.toContain('Kort resumé');
      await enabledButton(card, 'Ret status');
      await stored(j.stack.storePath, 'meetings', (list) => {
        expect(list[0].items[1].status).toMatchObject({ rating: 'green', summary: ANNA_SUMMARY, by: anna.aadObjectId });
      });
    },
  );

  step(4, 'bent-submits', 'Bent asks for his card and submits it; Carsten may not; the stored status is Bent’s', async () => {
    const from = j.stack.client.received.length;
    const after = await j.chat.botMessageCount();
    await say(j.stack.client, bent, 'status 1.3');
    await j.chat.waitForBotMessage(['Status til 1. møde: punkt 3', 'Oplægsholder: Bent Lund', 'Send status'], { after });
    const posting = await posted(j.stack.client, ['Status til 1. møde: punkt 3'], { from });
    const form = {
      groupId: 'g1',
      meeting: 1,
      item: 3,
      rating: 'yellow',
      summary: BENT_SUMMARY,
      points: 'Workaround udrullet',
      links: 'https://example.org/driftsstatus',
    };

    const refused = await click(j.stack.client, carsten, posting.id!, VERBS.statusSubmit, form);
    expect(refused.card).toBeNull();
    expect(refused.message).toContain('Kun oplægsholderen (Bent Lund), formanden eller referenten');

    const done = await click(j.stack.client, bent, posting.id!, VERBS.statusSubmit, form);
    expect(done.card).not.toBeNull();
    const seen = await (await j.stage.show(done.card, 'Bent Lund efter at have sendt sin status:')).innerText();
    for (const s of ['Tak – status modtaget', 'Gul', BENT_SUMMARY, '• Workaround udrullet', 'Indsendt af Bent Lund', 'Ret status'])
      expect(seen).toContain(s);
    await j.stage.screenshot(path.join(j.shots, '04-bent-submits-stage.png'));

    await stored(j.stack.storePath, 'meetings', (list) => {
      expect(list[0].items[2].status).toMatchObject({ rating: 'yellow', summary: BENT_SUMMARY, by: bent.aadObjectId });
      expect(list[0].items[3].status).toBeNull();
    });
  });

  step(5, 'agenda', 'the agenda cards show each status: coloured rating, summary, who sent it', async () => {
    const { items } = (await listing(j.stack.storePath, 'meetings'))[0];
    const after = await j.chat.botMessageCount();
    await j.chat.say('dagsorden');
    const item2 = await j.chat.waitForBotMessage([items[1].title, 'Status:', 'Grøn', ANNA_SUMMARY, 'Registrér beslutning'], { after });
    const item3 = await j.chat.waitForBotMessage([items[2].title, 'Status:', 'Gul', BENT_SUMMARY, 'Indsendt af Bent Lund'], { after });
    await j.chat.focus(item3);
    expect(await item2.innerText()).toContain('Indsendt af Anna Holm');
  });
});
