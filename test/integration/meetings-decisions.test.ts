import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import type { Meeting } from '../../src/domain/model.js';
import { cardAction, cardSubmit, groupChat, meetingChat, message, personalChat, users } from '../helpers/activities.js';
import { cardOf, cardText, invokeCard, invokeMessage, startHarness, type Harness } from '../helpers/bot-harness.js';

/**
 * Meetings over HTTP with the fake Bot Connector: nyt/flyt/aflys møde with reminders, the agenda
 * posted as cards, and the decision flow for chair, referent and member. The clock is fixed at
 * 1 May 2025 so June meetings lie ahead.
 */
const NOW = new Date('2025-05-01T08:00:00.000Z');

/** Polls until `cond` holds (outbox sends are asynchronous), or fails after `ms`. */
async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('meetings and decisions over HTTP', () => {
  let h: Harness;
  let groupId: string;
  const meeting = (n: number): Meeting => h.services.store.read().meetings.find((m) => m.groupId === groupId && m.number === n)!;
  // The meeting's reminders, without the standing items' status request and nudge (status-requests.test.ts).
  const reminders = (n: number) =>
    h.services.store.read().reminders.filter((r) => r.groupId === groupId && r.meeting === n && !r.kind.startsWith('status-'));
  const audits = (action: string) => h.services.store.read().audit.filter((a) => a.action === action);
  const decide = (who: (typeof users)[keyof typeof users], item: number, outcome: string, decision: string, replyToId?: string) =>
    h.post(
      cardAction(
        h.fc.url,
        groupChat,
        who,
        VERBS.itemDecide,
        { groupId, meeting: 1, item, outcome, decision },
        replyToId ?? meeting(1).items[item - 1].card!.activityId,
      ),
    );

  beforeAll(async () => {
    h = await startHarness({ clock: { now: () => NOW } });
    groupId = h.services.store.read().groups[0].id;
    // Gustav takes the minutes.
    await h.turn(message(h.fc.url, groupChat, users.anna, 'referent', [users.gustav]));
  });
  afterAll(async () => h.close());

  it('nyt møde creates meeting 1 with the standing items and plans its reminders', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.anna, 'nyt møde 16-06-2025 12:30-14:00 Mødelokale 2, Sekretariatet'));
    expect(r.sent[0].body.text).toContain('Møde 1 er oprettet: mandag den 16. juni 2025 kl. 12.30–14.00, Mødelokale 2, Sekretariatet');
    expect(meeting(1)).toMatchObject({
      date: '2025-06-16',
      start: '12:30',
      end: '14:00',
      location: 'Mødelokale 2, Sekretariatet',
      status: 'planned',
    });
    expect(meeting(1).items).toHaveLength(6);
    expect(reminders(1).map((x) => [x.kind, x.status])).toEqual([
      ['T-14d', 'planned'],
      ['T-2d', 'planned'],
      ['T-1h', 'planned'],
      // The agenda's publication a week before (issue #15).
      ['T-7d-agenda', 'planned'],
    ]);
  });

  it('a member cannot create a meeting: clear refusal, nothing is created', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.bent, 'nyt møde 20-06-2025 09:00-10:00'));
    expect(r.sent[0].body.text).toContain('Kun formanden eller referenten kan gøre det.');
    expect(h.services.store.read().meetings).toHaveLength(1);
  });

  it('an unreadable date or time gets a message that says how to write it', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.anna, 'nyt møde engang 12:30-14:00'));
    expect(r.sent[0].body.text).toContain('Jeg kan ikke læse datoen');
    const t = await h.turn(message(h.fc.url, groupChat, users.anna, 'nyt møde 20-06-2025 kl. 14 til 12'));
    expect(t.sent[0].body.text).toContain('Jeg kan ikke læse tidspunktet');
  });

  it('møder lists the meeting with a calendar button', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.bent, 'møder'));
    const card = cardOf(r.sent[0]);
    expect(cardText(card)).toContain('mandag den 16. juni 2025 kl. 12.30–14.00 · Mødelokale 2, Sekretariatet');
    expect(card.actions[0]).toMatchObject({ verb: VERBS.meetingsIcs, data: { groupId } });
  });

  it('dagsorden (chair) posts an overview and one card per item through the outbox, in order, and remembers each card', async () => {
    const before = h.fc.posts(groupChat.id).length;
    const r = await h.turn(message(h.fc.url, groupChat, users.anna, 'dagsorden'));
    expect(r.status).toBe(200);
    await until(() => meeting(1).items.every((i) => i.card) && !!meeting(1).overviewCard);
    const posted = h.fc.posts(groupChat.id).slice(before);
    expect(posted).toHaveLength(7);
    expect(cardText(cardOf(posted[0]))).toContain('Dagsorden — 1. møde i Operationel styregruppe');
    const second = cardOf(posted[2]);
    expect(cardText(second)).toContain('2. Status på tekniske leverancer');
    expect(cardText(second)).toContain('Registrér beslutning');
    const m = meeting(1);
    expect(m.overviewCard).toEqual({ conversationId: groupChat.id, activityId: expect.any(String) });
    expect(m.items.every((i) => i.card?.conversationId === groupChat.id)).toBe(true);
    expect(new Set(m.items.map((i) => i.card!.activityId)).size).toBe(6);
  });

  it('a member asking for the agenda gets the overview only, nothing is re-posted', async () => {
    const before = JSON.stringify(meeting(1));
    const r = await h.turn(message(h.fc.url, groupChat, users.bent, 'dagsorden 1'));
    expect(r.sent).toHaveLength(2);
    expect(r.sent[1].body.text).toContain('Kun formanden og referenten lægger dagsordenen ud');
    expect(JSON.stringify(meeting(1))).toBe(before);
  });

  it('the referent saves a decision: the updated card is the invoke response, no connector call is answered during the invoke, the shared card and the overview are PUT afterwards', async () => {
    const cardId = meeting(1).items[1].card!.activityId;
    const overviewId = meeting(1).overviewCard!.activityId;
    // Every PUT is held for a second by the fake connector: a turn waiting for one would be slow.
    h.fc.fault = (call) => (call.method === 'PUT' ? { delayMs: 1000 } : null);
    const before = h.fc.calls.length;
    const t0 = Date.now();
    const r = await decide(users.gustav, 2, 'noted', 'Styregruppen tog orienteringen om udviklingsplanen til efterretning.', cardId);
    const elapsed = Date.now() - t0;
    const answeredDuringInvoke = h.fc.calls.slice(before).filter((c) => c.status !== 0 && c.method !== 'GET');
    h.fc.fault = null;
    expect(r.status).toBe(200);
    expect(elapsed).toBeLessThan(900);
    expect(answeredDuringInvoke).toEqual([]);
    expect(h.fc.calls.slice(before).filter((c) => c.method === 'POST')).toEqual([]);
    const text = cardText(invokeCard(r.body));
    expect(text).toContain('Taget til efterretning');
    expect(text).toContain('Styregruppen tog orienteringen om udviklingsplanen til efterretning.');
    expect(text).toMatch(/Registreret af Gustav Eng, 1\. maj 2025 kl\. 10\.00/);
    expect(meeting(1).items[1]).toMatchObject({
      outcome: 'noted',
      by: users.gustav.aadObjectId,
      byName: 'Gustav Eng',
      at: NOW.toISOString(),
    });
    await h.fc.waitFor(
      (calls) =>
        calls.some((c) => c.method === 'PUT' && c.activityId === cardId && c.status === 200) &&
        calls.some((c) => c.method === 'PUT' && c.activityId === overviewId && c.status === 200),
    );
    const put = h.fc
      .puts(groupChat.id)
      .filter((c) => c.activityId === cardId)
      .at(-1)!;
    expect(cardText(cardOf(put))).toContain('Registreret af Gustav Eng');
    const overview = h.fc
      .puts(groupChat.id)
      .filter((c) => c.activityId === overviewId)
      .at(-1)!;
    expect(cardText(cardOf(overview))).toContain('1 af 6 punkter har en beslutning.');
    expect(audits('item.decide')).toHaveLength(1);
  });

  it('a member clicking save gets a clear refusal; nothing changes, no card is updated, the attempt is logged', async () => {
    const before = JSON.stringify(meeting(1));
    const puts = h.fc.puts().length;
    const r = await decide(users.bent, 2, 'approved', 'Jeg godkender selv.');
    expect(invokeMessage(r.body)).toBe('⚠️ Kun formanden eller referenten kan gøre det.');
    expect(JSON.stringify(meeting(1))).toBe(before);
    await new Promise((res) => setTimeout(res, 300));
    expect(h.fc.puts().length).toBe(puts);
    expect(readFileSync(`${h.storePath}.security.log`, 'utf8')).toContain('not_chair_or_referent');
  });

  it('the same decision re-sent (Teams re-sends invokes) returns the card and changes nothing', async () => {
    const before = JSON.stringify(h.services.store.read().meetings);
    const r = await decide(users.gustav, 2, 'noted', 'Styregruppen tog orienteringen om udviklingsplanen til efterretning.');
    expect(cardText(invokeCard(r.body))).toContain('Taget til efterretning');
    expect(JSON.stringify(h.services.store.read().meetings)).toBe(before);
    expect(audits('item.decide')).toHaveLength(1);
  });

  it('the chair changes the decision; the audit keeps before and after', async () => {
    const r = await decide(users.anna, 2, 'approved', 'Den reviderede udviklingsplan blev godkendt.');
    expect(cardText(invokeCard(r.body))).toContain('Registreret af Anna Holm');
    expect(audits('item.decide').at(-1)).toMatchObject({
      actor: users.anna.aadObjectId,
      target: 'meeting 1 item 2',
      before: { outcome: 'noted', by: users.gustav.aadObjectId },
      after: { outcome: 'approved', decision: 'Den reviderede udviklingsplan blev godkendt.', by: users.anna.aadObjectId },
    });
  });

  it('a save without an outcome, or with a forged outcome, is refused as invalid input', async () => {
    const none = await decide(users.anna, 3, '', 'x');
    expect(invokeMessage(none.body)).toContain('Vælg et udfald');
    const forged = await decide(users.anna, 3, 'vetoed', 'x');
    expect(invokeMessage(forged.body)).toContain('Ugyldigt input');
    expect(meeting(1).items[2].outcome).toBeNull();
  });

  it('old clients: the Action.Submit fallback records the decision and replaces the clicked card', async () => {
    const cardId = meeting(1).items[2].card!.activityId;
    await h.post(
      cardSubmit(
        h.fc.url,
        groupChat,
        users.gustav,
        VERBS.itemDecide,
        { groupId, meeting: 1, item: 3, outcome: 'discussed', decision: 'Drøftet; driften følges.' },
        cardId,
      ),
    );
    expect(meeting(1).items[2]).toMatchObject({ outcome: 'discussed', decision: 'Drøftet; driften følges.' });
    await h.fc.waitFor((calls) => calls.some((c) => c.method === 'PUT' && c.activityId === cardId));
    expect(
      cardText(
        cardOf(
          h.fc
            .puts()
            .filter((c) => c.activityId === cardId)
            .at(-1),
        ),
      ),
    ).toContain('Drøftet; driften følges.');
  });

  it('fremmøde records present and absent people by @mention and shows the attendance card', async () => {
    const p = await h.turn(message(h.fc.url, groupChat, users.gustav, 'fremmøde 1 til stede', [users.anna, users.carsten, users.gustav]));
    expect(p.sent[0].body.text).toBe('Fremmøde til 1. møde: Anna Holm, Carsten Vang, Gustav Eng er registreret til stede.');
    const a = await h.turn(message(h.fc.url, groupChat, users.gustav, 'fremmøde 1 afbud', [users.dorthe]));
    expect(a.sent[0].body.text).toBe('Fremmøde til 1. møde: afbud fra Dorthe Kjær.');
    expect(meeting(1).attendance).toEqual([
      { name: 'Anna Holm', aadObjectId: 'aad-anna', present: true },
      { name: 'Carsten Vang', aadObjectId: 'aad-carsten', present: true },
      { name: 'Gustav Eng', aadObjectId: 'aad-gustav', present: true },
      { name: 'Dorthe Kjær', aadObjectId: 'aad-dorthe', present: false },
    ]);
    const card = await h.turn(message(h.fc.url, groupChat, users.bent, 'fremmøde'));
    const text = cardText(cardOf(card.sent[0]));
    expect(text).toContain('Til stede (3)');
    expect(text).toContain('Ikke registreret (1)');
    expect(text).toContain('Bent Lund');
    const member = await h.turn(message(h.fc.url, groupChat, users.bent, 'fremmøde 1 til stede', [users.bent]));
    expect(member.sent[0].body.text).toContain('Kun formanden eller referenten');
  });

  it('once the minutes are approved, a decision can no longer change', async () => {
    await h.services.store.update((db) => {
      db.meetings.find((m) => m.groupId === groupId && m.number === 1)!.minutes.status = 'approved';
    });
    const r = await decide(users.anna, 4, 'approved', 'For sent.');
    expect(invokeMessage(r.body)).toContain('Referatet for 1. møde er godkendt');
    expect(meeting(1).items[3].outcome).toBeNull();
    await h.services.store.update((db) => {
      db.meetings.find((m) => m.groupId === groupId && m.number === 1)!.minutes.status = 'draft';
    });
  });

  it('flyt møde moves the meeting and its planned reminders (same reminders, new times)', async () => {
    await h.turn(message(h.fc.url, groupChat, users.anna, 'nyt møde 22-10-2025 12:30-14:00'));
    const before = reminders(2);
    const r = await h.turn(message(h.fc.url, groupChat, users.gustav, 'flyt møde 2 29. oktober 2025 kl. 9.00 - 10.30'));
    expect(r.sent[0].body.text).toBe('Møde 2 er flyttet til onsdag den 29. oktober 2025 kl. 9.00–10.30. Påmindelserne er flyttet med.');
    expect(meeting(2)).toMatchObject({ date: '2025-10-29', start: '09:00', end: '10:30' });
    const after = reminders(2);
    expect(after.map((x) => x.id)).toEqual(before.map((x) => x.id));
    expect(after.find((x) => x.kind === 'T-1h')!.dueAt).toBe('2025-10-29T07:00:00.000Z'); // winter time: UTC+1
    expect(after.every((x) => x.status === 'planned')).toBe(true);
  });

  it('aflys møde cancels the meeting and its reminders; a member cannot', async () => {
    const m = await h.turn(message(h.fc.url, groupChat, users.bent, 'aflys møde 2'));
    expect(m.sent[0].body.text).toContain('Kun formanden eller referenten');
    const r = await h.turn(message(h.fc.url, groupChat, users.anna, 'aflys møde 2'));
    expect(r.sent[0].body.text).toBe('Møde 2 (29. oktober 2025) er aflyst. De planlagte påmindelser er annulleret.');
    expect(meeting(2).status).toBe('cancelled');
    expect(reminders(2).map((x) => x.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect(audits('meeting.cancel')).toHaveLength(1);
  });

  it('English commands get English answers', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.anna, 'new meeting 4 February 2026 9:00-10:30 Via Teams'));
    expect(r.sent[0].body.text).toContain('Meeting 3 is created: Wednesday 4 February 2026 at 09:00–10:30, Via Teams.');
  });

  it('in a linked Teams meeting chat, dagsorden posts the cards there and a decision updates them there', async () => {
    const link = await h.turn(message(h.fc.url, meetingChat, users.anna, 'tilknyt 1'));
    expect(link.sent[0].body.text).toContain('knyttet til');
    const before = h.fc.posts(meetingChat.id).length;
    await h.turn(message(h.fc.url, meetingChat, users.gustav, 'dagsorden'));
    await until(() => meeting(1).items.every((i) => i.card?.conversationId === meetingChat.id));
    expect(h.fc.posts(meetingChat.id).slice(before)).toHaveLength(7);
    const id = meeting(1).items[3].card!.activityId;
    expect(meeting(1).items[3].card!.conversationId).toBe(meetingChat.id);
    const d = await h.post(
      cardAction(
        h.fc.url,
        meetingChat,
        users.gustav,
        VERBS.itemDecide,
        { groupId, meeting: 1, item: 4, outcome: 'approved', decision: 'Tidsplanen for certificering er godkendt.' },
        id,
      ),
    );
    expect(cardText(invokeCard(d.body))).toContain('Tidsplanen for certificering er godkendt.');
    await h.fc.waitFor((calls) =>
      calls.some((c) => c.method === 'PUT' && c.conversationId === meetingChat.id && c.activityId === id && c.status === 200),
    );
  });

  it('personal chat: a member gets the overview; the referent’s dagsorden is posted in the group’s chat', async () => {
    const m = await h.turn(message(h.fc.url, personalChat(users.bent), users.bent, 'dagsorden 1'));
    const mine = m.sent.filter((c) => c.method === 'POST'); // a card PUT from the click above may still be on its way
    expect(mine.every((c) => c.conversationId === personalChat(users.bent).id)).toBe(true);
    expect(cardText(cardOf(mine[0]))).toContain('Dagsorden — 1. møde');
    expect(mine[1].body.text).toContain('Formanden eller referenten lægger dagsordenen ud');
    const before = h.fc.posts(groupChat.id).length;
    const r = await h.turn(message(h.fc.url, personalChat(users.gustav), users.gustav, 'dagsorden 1'));
    expect(r.sent.filter((c) => c.method === 'POST')[0].body.text).toBe('Dagsordenen for 1. møde sendes til gruppens chat (7 kort).');
    await until(() => meeting(1).items.every((i) => i.card?.conversationId === groupChat.id));
    expect(h.fc.posts(groupChat.id).length - before).toBe(7);
  });
});
