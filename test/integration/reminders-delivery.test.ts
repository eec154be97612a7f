/**
 * Reminders before meetings, end to end over HTTP: the real bot with a fake clock, the job runner
 * ticked as the minute poll would, the outbox draining into the fake Bot Connector. Every
 * reminder must reach each of its conversations exactly once, on time or flagged late, and none
 * may go out for a meeting that has begun.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sendReminderInTx } from '../../src/app/reminders.js';
import { AGENDA_REMINDER_KIND } from '../../src/domain/agenda-publication.js';
import type { Reminder } from '../../src/domain/model.js';
import { buildReminderActivity } from '../../src/teams/features/reminders.js';
import { cardText } from '../helpers/bot-harness.js';
import { groupChat, meetingChat, message, users } from '../helpers/activities.js';
import { cardOfCall, deliveredPosts, itemsOf, postsOfItem, startRig, type Rig } from '../helpers/reminders-rig.js';

const MIN = 60_000;
let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

/** The meeting's offset reminders (T-14d, T-2d, T-1h); the agenda's publication T-7d-agenda is tested in meetings-agenda-edit.test.ts. */
const remindersOf = (r: Rig, n: number): Reminder[] =>
  r
    .db()
    .reminders.filter((x) => x.meeting === n && x.kind.startsWith('T-') && x.kind !== AGENDA_REMINDER_KIND)
    .slice()
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
/** Cards the bot posted into the group or meeting chat, apart from the welcome card at install. */
const reminderCardPosts = (r: Rig) =>
  r.h.fc.posts().filter(
    (c) =>
      c.status === 200 &&
      (c.conversationId === groupChat.id || c.conversationId === meetingChat.id) &&
      cardOfCall(c) &&
      !cardText(cardOfCall(c)).includes('Hej, jeg er styrebot') &&
      // The standing items' status requests (test/integration/status-requests.test.ts) are not counted here.
      !/^Status (til|for) /.test(cardText(cardOfCall(c))) &&
      // Nor the agenda the T-7d-agenda reminder publishes (test/integration/meetings-agenda-edit.test.ts).
      !cardText(cardOfCall(c)).startsWith('Dagsorden — '),
  );

/** Each item of the reminder reached its conversation exactly once (200), and the reminder is recorded as sent. */
function expectDeliveredOnce(r: Rig, rem: Reminder, conversations: string[]) {
  const now = r.db().reminders.find((x) => x.id === rem.id)!;
  expect(now.status, `${rem.kind} status`).toBe('sent');
  const items = itemsOf(r.db(), rem);
  expect(items.map((o) => o.conversation.conversationId).sort()).toEqual([...conversations].sort());
  for (const item of items) {
    expect(item.status).toBe('sent');
    expect(deliveredPosts(r.h.fc.calls, item), `${rem.kind} → ${item.conversation.conversationId}`).toHaveLength(1);
  }
  expect(now.outboxId).toBe(items[0].id);
  expect(now.activityId).toMatch(/^act-/); // Teams' id, recorded when the outbox delivered it
  return items.map((item) => cardText(cardOfCall(deliveredPosts(r.h.fc.calls, item)[0])));
}

describe('reminders over HTTP with a fake clock', () => {
  it('DST windows: T-14d, T-2d (Saturday → Friday) and T-1h go out once each, on the minute, also into the linked meeting chat', async () => {
    rig = await startRig('2026-03-01T09:00:00.000Z');
    const r = rig;
    await r.createMeeting('2026-03-30', '10:00', '12:00');
    await r.createMeeting('2026-10-26', '10:00', '12:00');
    expect((await r.post(message(r.h.fc.url, meetingChat, users.anna, 'tilknyt 1'))).status).toBe(200);
    // The weekly digest (Monday 09:00, test/integration/digest.test.ts) would share the T-14d minute
    // and the sweep's count; this test is about the meeting reminders alone.
    expect((await r.post(message(r.h.fc.url, groupChat, users.anna, 'ugebrev fra'))).status).toBe(200);
    expect(r.db().reminders.filter((x) => x.kind === 'digest' && x.status === 'planned')).toEqual([]);

    const spring = remindersOf(r, 1);
    const autumn = remindersOf(r, 2);
    expect(spring.map((x) => [x.kind, x.dueAt])).toEqual([
      ['T-14d', '2026-03-16T08:00:00.000Z'],
      ['T-2d', '2026-03-27T08:00:00.000Z'], // Saturday 28 March → Friday, winter time
      ['T-1h', '2026-03-30T07:00:00.000Z'], // 10:00 summer time
    ]);
    expect(autumn.map((x) => [x.kind, x.dueAt])).toEqual([
      ['T-14d', '2026-10-12T07:00:00.000Z'],
      ['T-2d', '2026-10-23T07:00:00.000Z'], // Saturday 24 October → Friday, still summer time
      ['T-1h', '2026-10-26T08:00:00.000Z'], // 10:00 winter time
    ]);

    const texts: Record<string, string[]> = {};
    for (const rem of [...spring, ...autumn]) {
      const due = Date.parse(rem.dueAt);
      const before = reminderCardPosts(r).length;
      await r.tick(due - MIN);
      await r.drain();
      expect(reminderCardPosts(r).length, `nothing before ${rem.kind}`).toBe(before);
      const report = await r.tick(due);
      expect(report.sweeps.reminders).toMatchObject({ sent: 1, late: 0 });
      await r.drain();
      await r.tick(due + MIN);
      await r.drain();
      const linked = rem.meeting === 1 && rem.kind === 'T-1h';
      texts[`${rem.meeting}:${rem.kind}`] = expectDeliveredOnce(r, rem, linked ? [groupChat.id, meetingChat.id] : [groupChat.id]);
      const stored = r.db().reminders.find((x) => x.id === rem.id)!;
      expect(stored.late).toBe(false);
      expect(stored.sentAt).toBe(rem.dueAt);
    }
    expect(reminderCardPosts(r)).toHaveLength(7); // 6 reminders, T-1h of meeting 1 in two chats

    const [call14] = texts['1:T-14d'];
    expect(call14).toContain('Om 14 dage: 1. møde i Operationel styregruppe');
    expect(call14).toContain('send det til formanden (Anna Holm)');
    expect(call14).toContain('mandag den 30. marts 2026 kl. 10.00–12.00');
    expect(call14).toContain('Mødelokale Ærø, Sekretariatet');
    const [agenda2] = texts['1:T-2d'];
    expect(agenda2).toContain('Om 3 dage: 1. møde i Operationel styregruppe'); // Friday → Monday
    expect(agenda2).toContain('1. Velkomst og godkendelse af referat');
    expect(agenda2).toContain('Projektets risikolog');
    expect(agenda2).toContain('Opfølgningspunkter (0 åbne, 0 over fristen)');
    expect(agenda2).toContain('Ingen åben afstemning.');
    const [inGroup, inMeetingChat] = texts['1:T-1h'];
    expect(inGroup).toContain('Mødet begynder om 1 time, kl. 10.00');
    expect(inGroup).toContain('Vi ses kl. 10.00 — Mødelokale Ærø, Sekretariatet.');
    expect(inMeetingChat).toBe(inGroup);
    expect(texts['2:T-2d'][0]).toContain('mandag den 26. oktober 2026');
  });

  it('a connector answering 429 three times: the reminder still reaches the chat exactly once', async () => {
    rig = await startRig('2026-05-20T08:00:00.000Z');
    const r = rig;
    await r.createMeeting('2026-06-16', '12:30', '14:00');
    let throttled = 0;
    r.h.fc.fault = (call) => {
      if (
        call.method === 'POST' &&
        call.conversationId === groupChat.id &&
        JSON.stringify(call.body ?? '').includes('Om 14 dage') &&
        throttled < 3
      ) {
        throttled++;
        return { status: 429 };
      }
      return null;
    };
    const t14 = remindersOf(r, 1)[0];
    expect(t14.kind).toBe('T-14d');
    await r.tick(t14.dueAt);
    await r.drain({ advanceMs: 10_000 }); // back-off waits are on the (fake) clock
    const [item] = itemsOf(r.db(), t14);
    expect(postsOfItem(r.h.fc.calls, item).map((c) => c.status)).toEqual([429, 429, 429, 200]);
    expect(item.attempts).toBe(4);
    expectDeliveredOnce(r, t14, [groupChat.id]);
    // Later ticks (the send port was asked once) do not queue it again.
    await r.tick(Date.parse(t14.dueAt) + 5 * MIN);
    await r.drain();
    expect(itemsOf(r.db(), t14)).toHaveLength(1);
  });

  it('a restart does not repeat a sent reminder; a claim left by a crash is sent once; an enqueue left unmarked is not queued again', async () => {
    rig = await startRig('2026-05-20T08:00:00.000Z');
    const r = rig;
    await r.createMeeting('2026-06-16', '12:30', '14:00');
    const [t14, t2, t1] = remindersOf(r, 1);

    await r.tick(t14.dueAt);
    await r.drain();
    await r.restart(); // same instant: the startup tick must find nothing to do
    await r.tick();
    await r.drain();
    expectDeliveredOnce(r, t14, [groupChat.id]);

    // Crash between the sweep's claim and the send: the reminder is `sending`, nothing queued.
    r.clock.set(Date.parse(t2.dueAt) - 10 * MIN);
    await r.bot.services.store.update((db) => void (db.reminders.find((x) => x.id === t2.id)!.status = 'sending'));
    r.clock.set(t2.dueAt);
    await r.restart();
    await r.tick(); // joins the startup tick
    await r.drain();
    expectDeliveredOnce(r, t2, [groupChat.id]);
    expect(r.db().reminders.find((x) => x.id === t2.id)!.late).toBe(false);

    // A store where the messages were queued but the reminder was never marked (e.g. written by a
    // process that did the two in separate writes): the send port returns the queued item.
    r.clock.set(Date.parse(t1.dueAt) - 10 * MIN);
    const queuedId = await r.bot.services.store.update((db, tx) => {
      const rem = db.reminders.find((x) => x.id === t1.id)!;
      rem.status = 'sending';
      const res = sendReminderInTx(db, tx, t1.id, buildReminderActivity);
      Object.assign(rem, { status: 'sending', outboxId: null, sentAt: null });
      return res.outboxId;
    });
    r.clock.set(t1.dueAt);
    await r.restart();
    await r.tick();
    await r.drain();
    expect(itemsOf(r.db(), t1).map((o) => o.id)).toEqual([queuedId]);
    expectDeliveredOnce(r, t1, [groupChat.id]);
    expect(reminderCardPosts(r)).toHaveLength(3);
  });

  it('after a 30-minute outage a missed reminder is sent at once and flagged late; one whose meeting has begun expires unsent', async () => {
    rig = await startRig('2026-05-20T08:00:00.000Z');
    const r = rig;
    await r.createMeeting('2026-06-16', '12:30', '14:00');
    const [t14, t2, t1] = remindersOf(r, 1);
    expect(t2.dueAt).toBe('2026-06-12T07:00:00.000Z'); // Sunday 14 June → Friday 12 June 09:00

    await r.tick(t14.dueAt);
    await r.drain();

    r.clock.set(Date.parse(t2.dueAt) - 10 * MIN);
    await r.stop(); // down from 08:50 to 09:20 local
    r.clock.set(Date.parse(t2.dueAt) + 20 * MIN);
    await r.restart();
    await r.tick();
    await r.drain();
    const [lateText] = expectDeliveredOnce(r, t2, [groupChat.id]);
    const sent = r.db().reminders.find((x) => x.id === t2.id)!;
    expect(sent.late).toBe(true);
    expect(sent.sentAt).toBe('2026-06-12T07:20:00.000Z');
    expect(lateText).toContain('Påmindelsen kommer forsinket: den skulle være sendt fredag 12. juni 2026 kl. 9.00');

    // Down across the hour before the meeting and its start: T-1h is pointless now.
    r.clock.set(Date.parse(t1.dueAt) - 30 * MIN);
    await r.stop();
    r.clock.set('2026-06-16T11:00:00.000Z'); // 13:00 local, the meeting began at 12:30
    await r.restart();
    await r.tick();
    await r.drain();
    const expired = r.db().reminders.find((x) => x.id === t1.id)!;
    expect(expired.status).toBe('expired');
    expect(expired.sentAt).toBeNull();
    expect(itemsOf(r.db(), t1)).toEqual([]);
    expect(r.db().audit.some((a) => a.action === 'reminder.expired' && a.target === t1.id)).toBe(true);
    expect(reminderCardPosts(r)).toHaveLength(2);
  });

  it('a late reminder says the time actually left: T-14d sent with 7 days to go, T-1h sent 20 minutes before', async () => {
    rig = await startRig('2026-05-20T08:00:00.000Z');
    const r = rig;
    await r.createMeeting('2026-06-16', '12:30', '14:00');
    const [t14, t2, t1] = remindersOf(r, 1);
    expect(t14.dueAt).toBe('2026-06-02T07:00:00.000Z'); // Tuesday 2 June 09:00

    // Down for a week across T-14d: sent Tuesday 9 June 09:00, seven days before the meeting.
    r.clock.set(Date.parse(t14.dueAt) - 10 * MIN);
    await r.stop();
    r.clock.set('2026-06-09T07:00:00.000Z');
    await r.restart();
    await r.tick();
    await r.drain();
    const [text14] = expectDeliveredOnce(r, t14, [groupChat.id]);
    expect(r.db().reminders.find((x) => x.id === t14.id)!.late).toBe(true);
    expect(text14).toContain('Om 7 dage: 1. møde i Operationel styregruppe');
    expect(text14).not.toContain('Om 14 dage');
    expect(text14).toContain('Påmindelsen kommer forsinket: den skulle være sendt tirsdag 2. juni 2026 kl. 9.00');

    // T-2d on time, moved from Sunday to Friday 12 June: four calendar days before Tuesday.
    await r.tick(t2.dueAt);
    await r.drain();
    expect(expectDeliveredOnce(r, t2, [groupChat.id])[0]).toContain('Om 4 dage: 1. møde i Operationel styregruppe');

    // Down from 11:20 to 12:10 local across T-1h: twenty minutes left.
    r.clock.set(Date.parse(t1.dueAt) - 10 * MIN);
    await r.stop();
    r.clock.set('2026-06-16T10:10:00.000Z');
    await r.restart();
    await r.tick();
    await r.drain();
    const [text1] = expectDeliveredOnce(r, t1, [groupChat.id]);
    expect(text1).toContain('Mødet begynder om 20 minutter, kl. 12.30: 1. møde i Operationel styregruppe');
    expect(reminderCardPosts(r)).toHaveLength(3);
  });
});
