/**
 * The meetings card's calendar button (issue #8, point 5) over HTTP: `møder` → the button →
 * a card with a signed, expiring link on the bot's own /files route → an iCalendar file of the
 * group's planned meetings. Plus who may get a link, and the route's refusals for calendar tokens.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { FILE_LINK_TTL_S, signFileToken } from '../../src/http/file-links.js';
import { cardAction, groupChat, message, personalChat, users } from '../helpers/activities.js';
import { cardOf, cardText, invokeCard, invokeMessage } from '../helpers/bot-harness.js';
import { parseIcs } from '../helpers/ics.js';
import { startRig, type Rig } from '../helpers/reminders-rig.js';

const NOW = '2026-03-10T09:00:00.000Z'; // Tuesday 10 March, 10:00 in Copenhagen

/** Every action of a card, wherever it sits (card actions, ActionSets, fallbacks left out). */
function actionsOf(card: any): any[] {
  const out: any[] = [];
  const walk = (n: any) => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    if (typeof n.type === 'string' && n.type.startsWith('Action.')) out.push(n);
    for (const [k, v] of Object.entries(n)) if (k !== 'fallback') walk(v);
  };
  walk(card);
  return out;
}
const openUrl = (card: any): string | null => actionsOf(card).find((a) => a.type === 'Action.OpenUrl')?.url ?? null;
const payloadOf = (url: string) => JSON.parse(Buffer.from(url.split('/files/')[1]!.split('.')[0]!, 'base64url').toString());

let r: Rig;

async function say(from = users.anna, text: string) {
  const before = r.h.fc.calls.length;
  await r.post(message(r.h.fc.url, groupChat, from, text));
  return r.h.fc.calls.slice(before).filter((c) => c.method === 'POST');
}
/** The calendar button's data as the `møder` / `meetings` card carries it. */
async function buttonData(command: string) {
  const [post] = await say(users.bent, command);
  const button = actionsOf(cardOf(post)).find((a) => a.verb === VERBS.meetingsIcs);
  expect(button, 'the meetings card has the calendar button').toBeTruthy();
  return button.data as Record<string, unknown>;
}
/** Dorthe clicks the calendar button on the Danish meetings card; the link its answer card carries. */
async function calendarLink(): Promise<string> {
  const res = await r.post(cardAction(r.h.fc.url, groupChat, users.dorthe, VERBS.meetingsIcs, await buttonData('møder')));
  return openUrl(invokeCard(res.body))!;
}

// Each test starts from a fresh bot: meetings 1 and 2 planned, meeting 3 cancelled.
beforeEach(async () => {
  r = await startRig(NOW);
  await r.createMeeting('2026-03-30', '10:00', '12:00'); // summer time from 29 March
  await r.createMeeting('2026-10-26', '10:00', '12:00', null); // winter time from 25 October
  await r.createMeeting('2026-12-07', '10:00', '12:00');
  const [cancelled] = await say(users.anna, 'aflys møde 3');
  expect(cancelled.body.text).toContain('aflyst');
});
afterEach(() => r.close());

describe('the calendar button on the meetings card', () => {
  it('answers the click with a card: the signed link on the bot’s own /files route, what the file holds and until when — no connector call', async () => {
    const data = await buttonData('møder');
    expect(data).toEqual({ groupId: 'g1', lang: 'da' });
    const before = r.h.fc.calls.length;
    const res = await r.post(cardAction(r.h.fc.url, groupChat, users.dorthe, VERBS.meetingsIcs, data));
    expect(res.status).toBe(200);
    expect(r.h.fc.calls.length).toBe(before);
    const card = invokeCard(res.body);
    const text = cardText(card);
    expect(text).toContain('Kalenderfil: Operationel styregruppe');
    expect(text).toMatch(
      /Fil\nstyregruppe-moeder\.ics\nIndhold\n2 planlagte møder\nLinket virker til\n\d{1,2}\. [a-zæøå]+ \d{4} kl\. 11\.00/,
    );
    expect(text).toContain('Linket virker i en time. Tryk på "Nyt link" for at få et nyt bagefter.');
    expect(text).toContain('1. møde i Operationel styregruppe\nmandag den 30. marts 2026 kl. 10.00–12.00 · Mødelokale Ærø, Sekretariatet');
    expect(text).toContain('2. møde i Operationel styregruppe\nmandag den 26. oktober 2026 kl. 10.00–12.00');
    expect(text).not.toContain('3. møde'); // cancelled: not in the file, not on the card
    const firstLink = openUrl(card)!;
    expect(firstLink).toMatch(new RegExp(`^http://localhost:${r.bot.port}/files/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`));
    expect(payloadOf(firstLink)).toEqual({ g: 'g1', f: 'ics', exp: Date.parse(NOW) / 1000 + FILE_LINK_TTL_S });
    const again = actionsOf(card).find((a) => a.type === 'Action.Execute');
    expect(again).toMatchObject({ title: 'Nyt link', verb: VERBS.meetingsIcs, data: { groupId: 'g1', lang: 'da' } });
  });

  it('the link gives text/calendar: a VCALENDAR of the planned meetings at their Copenhagen times (summer and winter time); the cancelled one is left out', async () => {
    const res = await fetch(await calendarLink());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="styregruppe-moeder.ics"');
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const { calendar, events } = parseIcs(await res.text());
    expect(calendar).toMatchObject({
      VERSION: '2.0',
      METHOD: 'PUBLISH',
      PRODID: '-//Styrebot//Styregruppe//DA',
      'X-WR-CALNAME': 'Operationel styregruppe',
    });
    expect(events.map((e) => [e.UID, e.DTSTART, e.DTEND, e.DTSTAMP])).toEqual([
      ['g1-1@styrebot', '20260330T080000Z', '20260330T100000Z', '20260310T090000Z'], // 10:00 summer time (UTC+2)
      ['g1-2@styrebot', '20261026T090000Z', '20261026T110000Z', '20260310T090000Z'], // 10:00 winter time (UTC+1)
    ]);
    expect(events[0]).toMatchObject({ SUMMARY: '1. møde i Operationel styregruppe', LOCATION: 'Mødelokale Ærø, Sekretariatet' });
  });

  it('the file is made when the link is fetched: a meeting moved after the link was given is at its new time', async () => {
    const firstLink = await calendarLink();
    const [moved] = await say(users.anna, 'flyt møde 2 27-10-2026 13:00-15:00');
    expect(moved.body.text).toContain('flyttet');
    const { events } = parseIcs(await (await fetch(firstLink)).text());
    expect(events.map((e) => [e.UID, e.DTSTART, e.DTEND])[1]).toEqual(['g1-2@styrebot', '20261027T120000Z', '20261027T140000Z']);
  });

  it('in English from the English meetings card; the file name stays in the group’s language', async () => {
    const data = await buttonData('meetings');
    expect(data).toEqual({ groupId: 'g1', lang: 'en' });
    const card = invokeCard((await r.post(cardAction(r.h.fc.url, groupChat, users.bent, VERBS.meetingsIcs, data))).body);
    const text = cardText(card);
    expect(text).toContain('Calendar file: Operationel styregruppe');
    expect(text).toMatch(/File\nstyregruppe-moeder\.ics\nHolds\n2 planned meetings\nLink works until\n\d{1,2} [A-Z][a-z]+ \d{4}, 11:00/);
    expect(text).toContain('Download styregruppe-moeder.ics');
    expect(text).toContain('Monday 26 October 2026 at 10:00–12:00');
    expect((await fetch(openUrl(card)!)).status).toBe(200);
  });

  it('personal chat: someone on the group’s roster gets the link; someone who is not is refused and logged', async () => {
    const member = invokeCard(
      (await r.post(cardAction(r.h.fc.url, personalChat(users.bent), users.bent, VERBS.meetingsIcs, { groupId: 'g1' }))).body,
    );
    expect(cardText(member)).toContain('2 planlagte møder');
    expect((await fetch(openUrl(member)!)).status).toBe(200);

    const stranger = await r.post(cardAction(r.h.fc.url, personalChat(users.erik), users.erik, VERBS.meetingsIcs, { groupId: 'g1' }));
    expect(invokeCard(stranger.body)).toBeNull();
    expect(invokeMessage(stranger.body)).toBe(
      '⚠️ Du står ikke på gruppens medlemsliste. Bed formanden om at tilføje dig med "medlem @dig".',
    );
    expect(readFileSync(`${r.h.storePath}.security.log`, 'utf8')).toMatch(/"code":"not_member".*meetings.ics card for group g1/);
  });

  it('a card naming another group is refused in the group’s chat, logged, and gives no link', async () => {
    const res = await r.post(cardAction(r.h.fc.url, groupChat, users.bent, VERBS.meetingsIcs, { groupId: 'g9' }));
    expect(invokeCard(res.body)).toBeNull();
    expect(invokeMessage(res.body)).toBe('⚠️ Ugyldigt input: card data.');
    expect(readFileSync(`${r.h.storePath}.security.log`, 'utf8')).toMatch(/"code":"card_group_mismatch".*meetings card for group g9/);
    const junk = await r.post(cardAction(r.h.fc.url, groupChat, users.bent, VERBS.meetingsIcs, { groupId: '../g1' }));
    expect(invokeMessage(junk.body)).toBe('⚠️ Ugyldigt input: card data.');
  });
});

describe('calendar tokens on GET /files', () => {
  const secret = () => r.bot.services.config.fileSecret;
  const url = (token: string) => `${r.bot.url}/files/${token}`;
  const signRaw = (obj: unknown, key = secret()) => {
    const p = Buffer.from(JSON.stringify(obj)).toString('base64url');
    return `${p}.${createHmac('sha256', key).update(`styrebot-files.v1.${p}`).digest('base64url')}`;
  };
  const exp = () => Math.floor(r.clock.now().getTime() / 1000) + 600;

  it('an expired link is refused with 403 and says where to get a new one', async () => {
    const token = signFileToken(secret(), { groupId: 'g1', format: 'ics' }, { now: new Date(r.clock.now().getTime() - 2 * 3600_000) });
    const res = await fetch(url(token));
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toBe('This link has expired. Get a new one from the meetings card in Teams.\n');
  });

  it('forged links are refused with 403 and reveal nothing: another secret, another group under the old signature, a changed signature', async () => {
    const [payload, sig] = (await calendarLink()).split('/files/')[1]!.split('.') as [string, string];
    const otherGroup = Buffer.from(JSON.stringify({ g: 'g2', f: 'ics', exp: exp() })).toString('base64url');
    for (const forged of [
      signFileToken('not-the-secret', { groupId: 'g1', format: 'ics' }, { now: r.clock.now() }),
      `${otherGroup}.${sig}`,
      `${payload}.${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`,
    ]) {
      const res = await fetch(url(forged));
      expect(res.status).toBe(403);
      expect(await res.text()).toBe('Invalid link.\n');
      expect(res.headers.get('content-disposition')).toBeNull();
    }
    expect(readFileSync(`${r.h.storePath}.security.log`, 'utf8')).toContain('file_token_forged');
  });

  it('a correctly signed link for a group that does not exist is a plain 404', async () => {
    const res = await fetch(url(signFileToken(secret(), { groupId: 'g2', format: 'ics' }, { now: r.clock.now() })));
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('Not found.\n');
  });

  it('a wrong format is refused as malformed (400), even correctly signed: unknown f, a calendar with a meeting number, minutes without one', async () => {
    for (const bad of [
      { g: 'g1', f: 'pdf', exp: exp() },
      { g: 'g1', f: 'ical', exp: exp() },
      { g: 'g1', m: 1, f: 'ics', exp: exp() },
      { g: 'g1', f: 'docx', exp: exp() },
      { g: 'g1', f: 'md', exp: exp() },
    ]) {
      const res = await fetch(url(signRaw(bad)));
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(await res.text()).toBe('Invalid link.\n');
    }
  });
});

describe('without planned meetings', () => {
  it('the button says so plainly and gives no link; a link given earlier now holds an empty calendar', async () => {
    const firstLink = await calendarLink();
    await say(users.anna, 'aflys møde 1');
    await say(users.anna, 'aflys møde 2');
    const card = invokeCard(
      (await r.post(cardAction(r.h.fc.url, groupChat, users.bent, VERBS.meetingsIcs, { groupId: 'g1', lang: 'da' }))).body,
    );
    expect(cardText(card)).toContain('Der er ingen planlagte møder i Operationel styregruppe, så der er ingen kalenderfil at hente.');
    expect(openUrl(card)).toBeNull();
    expect(actionsOf(card).map((a) => a.title)).toEqual(['Prøv igen']);
    const en = invokeCard(
      (await r.post(cardAction(r.h.fc.url, groupChat, users.bent, VERBS.meetingsIcs, { groupId: 'g1', lang: 'en' }))).body,
    );
    expect(cardText(en)).toContain('There are no planned meetings in Operationel styregruppe, so there is no calendar file to download.');

    const res = await fetch(firstLink);
    expect(res.status).toBe(200);
    const { calendar, events } = parseIcs(await res.text());
    expect(calendar.VERSION).toBe('2.0');
    expect(events).toEqual([]);
  });
});

describe('with BOT_DOMAIN', () => {
  it('the link points at https://BOT_DOMAIN/files/<token>, and the same token works on the bot', async () => {
    const rd = await startRig(NOW, { env: { BOT_DOMAIN: 'styrebot.example.dk' } });
    try {
      await rd.createMeeting('2026-03-30', '10:00', '12:00');
      const card = invokeCard((await rd.post(cardAction(rd.h.fc.url, groupChat, users.bent, VERBS.meetingsIcs, { groupId: 'g1' }))).body);
      const link = openUrl(card)!;
      expect(link).toMatch(/^https:\/\/styrebot\.example\.dk\/files\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      const res = await fetch(`${rd.bot.url}/files/${link.split('/files/')[1]}`);
      expect(res.status).toBe(200);
      expect(parseIcs(await res.text()).events).toHaveLength(1);
    } finally {
      await rd.close();
    }
  });
});
