/**
 * Status requests for standing items over HTTP, with the fake connector and a fake clock: at
 * T-10d each standing item's presenter gets the status card (personal chat where known, else
 * @mentioned in the group; the chair is told of items nobody can be asked about), exactly once;
 * the presenter submits it; the status shows on the item's agenda card, in the T-2d reminder, the
 * minutes and `meetings --json`; at T-4d only the missing statuses are nudged, once.
 */
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingsJson } from '../../src/cli/meetings.js';
import { reminderRows } from '../../src/cli/reminders.js';
import { buildMinutes } from '../../src/export/minutes-model.js';
import { minutesToDocx } from '../../src/export/minutes-docx.js';
import { minutesToMarkdown } from '../../src/export/minutes-md.js';
import type { Reminder } from '../../src/domain/model.js';
import { cardOf, cardText, invokeCard, invokeMessage } from '../helpers/bot-harness.js';
import { cardAction, groupChat, message, personalChat, users } from '../helpers/activities.js';
import { cardOfCall, deliveredPosts, itemsOf, startRig, type Rig } from '../helpers/reminders-rig.js';

let r: Rig;
const url = () => r.h.fc.url;
const bentChat = personalChat(users.bent);
const SUMMARY = 'Release 4.2 er forsinket en uge; driften er stabil.';

const reminder = (kind: string, meeting = 1): Reminder => r.db().reminders.find((x) => x.kind === kind && x.meeting === meeting)!;
const item = (n: number, meeting = 1) =>
  r
    .db()
    .meetings.find((m) => m.number === meeting)!
    .items.find((i) => i.number === n)!;

/** The delivered card of each outbox item of a reminder, keyed by the item's outbox target key. */
function delivered(rem: Reminder): Record<string, any> {
  const out: Record<string, any> = {};
  for (const o of itemsOf(r.db(), rem)) {
    const posts = deliveredPosts(r.h.fc.calls, o);
    expect(posts, `${rem.kind} → ${o.purpose}`).toHaveLength(1);
    out[o.purpose.slice(`reminder:${rem.id}`.length).replace(/^:/, '') || 'group'] = cardOfCall(posts[0]);
  }
  return out;
}

const submit = (from: typeof users.bent, data: Record<string, unknown>, conv = bentChat) =>
  r.post(cardAction(url(), conv, from, 'status.submit', { groupId: 'g1', meeting: 1, ...data }));

beforeAll(async () => {
  r = await startRig('2026-03-10T09:00:00.000Z');
  // Bent has a personal chat with the bot; Carsten and Dorthe do not.
  expect((await r.post(message(url(), bentChat, users.bent, 'hjælp'))).status).toBe(200);
  await r.createMeeting('2026-03-30', '10:00', '12:00');
  await r.bot.services.store.update((db) => {
    db.groups[0].roster.find((m) => m.aadObjectId === 'aad-gustav')!.role = 'referent';
    const items = db.meetings[0].items;
    items[1].presenter = 'Bent Lund'; // 2. Status på tekniske leverancer
    items[2].presenter = 'Carsten Vang, PLO'; // 3. Status på drift og udfordringer
    items[3].presenter = 'Lars'; // 4. Status på lægesystemerne: nobody on the roster
  });
  // The agenda cards are posted in the group, so a status can update item 2's card in place.
  expect((await r.post(message(url(), groupChat, users.anna, 'dagsorden 1'))).status).toBe(200);
  await r.drain();
});
afterAll(() => r.close());

describe('status requests', () => {
  it('are planned at T-10d and T-4d 09:00 on working days, visible in reminders --json', () => {
    const rows = reminderRows(r.db()).filter((x) => x.kind.startsWith('status-'));
    expect(rows).toEqual([
      {
        group: 'g1',
        meeting: 1,
        kind: 'status-request',
        to: null,
        dueAt: '2026-03-20T08:00:00.000Z',
        status: 'planned',
        late: false,
        sentAt: null,
      },
      {
        group: 'g1',
        meeting: 1,
        kind: 'status-nudge',
        to: null,
        dueAt: '2026-03-26T08:00:00.000Z',
        status: 'planned',
        late: false,
        sentAt: null,
      },
    ]);
  });

  it('oplægsholder: the chair names the presenter of item 5; anyone else is refused', async () => {
    const refused = await r.h.turn(message(url(), groupChat, users.bent, 'oplægsholder 1.5', [users.dorthe]));
    expect(refused.sent.map((c) => c.body.text).join('\n')).toContain('Kun formanden');
    expect(item(5).presenterId ?? null).toBeNull();

    const res = await r.h.turn(message(url(), groupChat, users.anna, 'oplægsholder 1.5', [users.dorthe]));
    expect(res.sent.map((c) => c.body.text).join('\n')).toContain('Dorthe Kjær er nu oplægsholder for punkt 1.5 "Projektets risikolog".');
    expect(item(5)).toMatchObject({ presenterId: 'aad-dorthe', presenter: 'Dorthe Kjær' });
    expect(r.db().audit.filter((a) => a.action === 'item.presenter')).toHaveLength(1);
  });

  it('at T-10d each presenter gets the card once: Bent in his personal chat, Carsten and Dorthe @mentioned, the chair told about item 4', async () => {
    await r.tick('2026-03-20T08:00:00.000Z');
    await r.drain();
    const req = reminder('status-request');
    expect(req.status).toBe('sent');
    const cards = delivered(req);
    expect(Object.keys(cards).sort()).toEqual(['chair', 'item:3', 'item:5', 'person:aad-bent:item:2']);
    expect(itemsOf(r.db(), req).find((o) => o.purpose.endsWith('item:2'))!.conversation.conversationId).toBe(bentChat.id);

    const bent = cardText(cards['person:aad-bent:item:2']);
    expect(bent).toContain('Hej Bent Lund. Du er oplægsholder for punkt 2 "Status på tekniske leverancer"');
    expect(bent).toContain('Trafiklys');
    expect(cards['person:aad-bent:item:2'].actions[0]).toMatchObject({
      verb: 'status.submit',
      data: { groupId: 'g1', meeting: 1, item: 2 },
    });

    expect(cardText(cards['item:3'])).toContain('<at>Carsten Vang</at>: du er oplægsholder for punkt 3');
    expect(cards['item:3'].msteams.entities).toEqual([
      { type: 'mention', text: '<at>Carsten Vang</at>', mentioned: { id: users.carsten.id, name: users.carsten.name } },
    ]);
    expect(cardText(cards['item:5'])).toContain('<at>Dorthe Kjær</at>');

    const chair = cardText(cards.chair);
    expect(chair).toContain('<at>Anna Holm</at>: disse faste punkter har ingen oplægsholder');
    expect(chair).toContain('4. Status på lægesystemerne (aftaler og certificering): "Lars" står ikke på medlemslisten');
    expect(chair).not.toContain('Status på tekniske leverancer');

    // Exactly once: another tick, and a restart on the same store, queue nothing more.
    const before = r.db().outbox.length;
    await r.tick('2026-03-20T08:01:00.000Z');
    await r.restart();
    await r.tick('2026-03-20T09:00:00.000Z');
    await r.drain();
    expect(r.db().outbox.length).toBe(before);
  });

  it('the presenter submits: the card turns into the receipt, the item stores the status (audited), the shared agenda card follows', async () => {
    const card = r.db().meetings[0].items[1].card!;
    const callsBefore = r.h.fc.calls.length;
    const res = await submit(users.bent, {
      item: 2,
      rating: 'yellow',
      summary: `  ${SUMMARY} `,
      points: '• Test hos CGM\nNy dato 12/5',
      links: 'https://sharepoint.example/flp/plan',
    });
    const receipt = cardText(invokeCard(res.body));
    expect(receipt).toContain('Tak – status modtaget');
    expect(receipt).toContain('Gul');
    expect(receipt).toContain(SUMMARY);
    expect(receipt).toContain('Ret status');
    expect(item(2).status).toEqual({
      rating: 'yellow',
      summary: SUMMARY,
      points: ['Test hos CGM', 'Ny dato 12/5'],
      links: ['https://sharepoint.example/flp/plan'],
      by: 'aad-bent',
      byName: 'Bent Lund',
      at: '2026-03-20T09:00:00.000Z',
    });
    expect(r.db().audit.filter((a) => a.action === 'item.status')).toHaveLength(1);

    // The item's card in the group chat is updated (PUT) and shows the Status section.
    await expect
      .poll(() => r.h.fc.calls.slice(callsBefore).find((c) => c.method === 'PUT' && c.activityId === card.activityId), { timeout: 5000 })
      .toBeTruthy();
    const put = r.h.fc.calls
      .slice(callsBefore)
      .filter((c) => c.method === 'PUT' && c.activityId === card.activityId)
      .at(-1);
    const shown = cardText(cardOf(put));
    expect(shown).toContain('Status:');
    expect(shown).toContain('Gul');
    expect(shown).toContain(SUMMARY);
    expect(shown).toContain('Indsendt af Bent Lund');

    // The same click again (Teams re-sends) changes nothing; a new report replaces it, audited.
    await submit(users.bent, {
      item: 2,
      rating: 'yellow',
      summary: SUMMARY,
      points: 'Test hos CGM\nNy dato 12/5',
      links: 'https://sharepoint.example/flp/plan',
    });
    expect(r.db().audit.filter((a) => a.action === 'item.status')).toHaveLength(1);
    r.clock.advance(60_000);
    await submit(users.bent, { item: 2, rating: 'yellow', summary: SUMMARY, points: 'Test hos CGM', links: '' });
    const audits = r.db().audit.filter((a) => a.action === 'item.status');
    expect(audits).toHaveLength(2);
    expect((audits[1].before as any).points).toEqual(['Test hos CGM', 'Ny dato 12/5']);
    expect(item(2).status).toMatchObject({ points: ['Test hos CGM'], at: '2026-03-20T09:01:00.000Z' });
    expect(item(2).status!.links).toBeUndefined();
  });

  it('refuses: a member who is not the presenter, a bad rating, forged payloads, a non-standing item, a stranger', async () => {
    const msg = async (p: Promise<{ body: any }>) => invokeMessage((await p).body) ?? '';
    expect(await msg(submit(users.carsten, { item: 2, rating: 'green', summary: 'x' }, groupChat))).toContain(
      'Kun oplægsholderen (Bent Lund), formanden eller referenten',
    );
    expect(await msg(submit(users.bent, { item: 2, rating: 'purple', summary: 'x' }))).toContain('Vælg trafiklys');
    expect(await msg(submit(users.bent, { item: 2, rating: 'green', summary: 'x', links: 'http://example.org' }))).toContain('https://');
    expect(await msg(submit(users.bent, { item: { toString: 1 }, rating: 'green', summary: 'x' }))).toContain(
      'Ugyldigt input: status.submit.',
    );
    expect(await msg(submit(users.bent, { item: 6, rating: 'green', summary: 'x' }))).toContain('ikke et fast punkt');
    // The card names another group than this conversation's (written to the security log).
    expect(
      await msg(
        r.post(
          cardAction(url(), groupChat, users.anna, 'status.submit', { groupId: 'g9', meeting: 1, item: 3, rating: 'green', summary: 'x' }),
        ),
      ),
    ).toContain('Ugyldigt input: card data.');
    // Erik is not on the roster.
    expect(
      await msg(
        r.post(
          cardAction(url(), groupChat, users.erik, 'status.submit', { groupId: 'g1', meeting: 1, item: 3, rating: 'green', summary: 'x' }),
        ),
      ),
    ).toContain('Du står ikke på gruppens medlemsliste');
    expect(item(3).status ?? null).toBeNull();
    expect(item(2).status!.rating).toBe('yellow');
  });

  it('the chair (or referent) can submit on the presenter’s behalf', async () => {
    const res = await submit(users.anna, { item: 3, rating: 'green', summary: 'Driften kører stabilt.' }, groupChat);
    expect(cardText(invokeCard(res.body))).toContain('Tak – status modtaget');
    expect(item(3).status).toMatchObject({ rating: 'green', by: 'aad-anna', byName: 'Anna Holm' });
  });

  it('at T-4d only the missing statuses are nudged (items 4 and 5), once', async () => {
    await r.tick('2026-03-26T08:00:00.000Z');
    await r.drain();
    const nudge = reminder('status-nudge');
    expect(nudge.status).toBe('sent');
    const cards = delivered(nudge);
    expect(Object.keys(cards).sort()).toEqual(['chair', 'item:5']);
    expect(cardText(cards['item:5'])).toContain('<at>Dorthe Kjær</at>: vi mangler stadig din status på punkt 5 "Projektets risikolog"');
    const before = r.db().outbox.length;
    await r.tick('2026-03-26T10:00:00.000Z');
    await r.drain();
    expect(r.db().outbox.length).toBe(before);
  });

  it('the T-2d reminder lists the statuses received and those still missing', async () => {
    await r.tick('2026-03-27T08:00:00.000Z');
    await r.drain();
    const text = cardText(delivered(reminder('T-2d')).group);
    expect(text).toContain('Status på faste punkter (2 af 4 modtaget)');
    expect(text).toContain(`2. Status på tekniske leverancer: Gul – ${SUMMARY}`);
    expect(text).toContain('3. Status på drift og udfordringer: Grøn – Driften kører stabilt.');
    expect(text).toContain('5. Projektets risikolog: mangler (v. Dorthe Kjær)');
  });

  it('meetings --json: items carry status {rating, summary, by, at} or null', () => {
    const [m] = meetingsJson(r.db());
    expect(m.items[1].status).toEqual({ rating: 'yellow', summary: SUMMARY, by: 'aad-bent', at: '2026-03-20T09:01:00.000Z' });
    expect(m.items[2].status).toMatchObject({ rating: 'green', by: 'aad-anna' });
    expect(m.items[0].status).toBeNull();
    expect(m.items[4].status).toBeNull();
  });

  it('the minutes print the item’s Status section (Markdown, Word, the minutes card)', async () => {
    const view = buildMinutes(r.db(), 'g1', 1, { now: r.clock.now() });
    const md = minutesToMarkdown(view);
    expect(md).toContain(`**Status**: Gul — ${SUMMARY} *(indsendt af Bent Lund, 20. marts 2026 kl. 10.01)*`);
    expect(md).toContain('- Test hos CGM');
    const docx = (await mammoth.extractRawText({ buffer: await minutesToDocx(view) })).value;
    expect(docx).toContain(`Status: Gul — ${SUMMARY}`);
    expect(docx).toContain('indsendt af Anna Holm');

    const before = r.h.fc.calls.length;
    expect((await r.post(message(url(), groupChat, users.anna, 'referat 1'))).status).toBe(200);
    const card = r.h.fc.calls
      .slice(before)
      .map(cardOf)
      .find((c) => c && cardText(c).includes('Referat'));
    const runs = (JSON.stringify(card).match(/\{[^{}]*"text":"Status: "[^]*?\]/) ?? [''])[0];
    expect(runs).toContain('"text":"Gul"');
    expect(runs).toContain('"color":"warning"');
    expect(runs).toContain(` — ${SUMMARY}`);
  });

  it('approved minutes: the status can no longer change', async () => {
    await r.bot.services.store.update((db) => void (db.meetings[0].minutes.status = 'approved'));
    const res = await submit(users.bent, { item: 2, rating: 'red', summary: 'For sent' });
    expect(invokeMessage(res.body)).toContain('godkendt');
    expect(item(2).status!.rating).toBe('yellow');
  });
});

describe('the nudge when every status is in', () => {
  it('is skipped (cancelled, nothing queued)', async () => {
    await r.createMeeting('2026-04-27', '10:00', '12:00');
    for (const n of [2, 3, 4, 5]) {
      const res = await r.post(
        cardAction(url(), groupChat, users.gustav, 'status.submit', {
          groupId: 'g1',
          meeting: 2,
          item: n,
          rating: 'green',
          summary: `Punkt ${n} følger planen.`,
        }),
      );
      expect(cardText(invokeCard(res.body))).toContain('Tak – status modtaget');
    }
    const nudge = reminder('status-nudge', 2);
    expect(nudge.dueAt).toBe('2026-04-23T07:00:00.000Z');
    await r.tick(nudge.dueAt);
    await r.drain();
    expect(reminder('status-nudge', 2).status).toBe('cancelled');
    expect(itemsOf(r.db(), nudge)).toEqual([]);
    expect(r.db().audit.find((a) => a.action === 'reminder.skipped' && a.target === nudge.id)?.after).toMatchObject({
      reason: 'every status received',
    });
  });
});
