/**
 * The `påmindelser` / `reminders` command and the Teams meeting's own start/end events in a
 * linked meeting chat — over HTTP with the fake connector. (The meetings card's calendar button:
 * calendar-link.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText } from '../helpers/bot-harness.js';
import { groupChat, meetingChat, meetingEvent, message, users, withId, type TestConversation } from '../helpers/activities.js';
import { cardOfCall, startRig, type Rig } from '../helpers/reminders-rig.js';

let r: Rig;
const otherMeetingChat: TestConversation = { ...meetingChat, id: '19:meeting_other@thread.v2', meetingId: 'meeting-other' };

/** POST an activity; the bot's replies and sends in that turn (and any outbox drain after it). */
async function turn(activity: object) {
  const before = r.h.fc.calls.length;
  const res = await r.post(activity);
  await r.drain();
  return { ...res, sent: r.h.fc.calls.slice(before).filter((c) => c.method !== 'GET') };
}
const meetingReminders = () =>
  r
    .db()
    .reminders.filter((x) => x.meeting === 1 && x.kind.startsWith('T-'))
    .map((x) => [x.kind, x.dueAt, x.status])
    .sort((a, b) => `${a[1]}${a[0]}`.localeCompare(`${b[1]}${b[0]}`));

beforeAll(async () => {
  r = await startRig('2026-03-10T09:00:00.000Z');
  await r.createMeeting('2026-03-30', '10:00', '12:00');
});
afterAll(() => r.close());

describe('påmindelser / reminders', () => {
  it('shows the plan of the next meeting with local times and status', async () => {
    const res = await turn(message(r.h.fc.url, groupChat, users.bent, 'påmindelser'));
    const text = cardText(cardOfCall(res.sent[0]));
    expect(text).toContain('Påmindelser for 1. møde i Operationel styregruppe');
    expect(text).toContain('14, 2 dage før kl. 9.00; 1 time før');
    expect(text).toMatch(/14 dage før\nmandag 16\. marts 2026 kl\. 9\.00\nplanlagt/);
    expect(text).toMatch(/2 dage før\nfredag 27\. marts 2026 kl\. 9\.00\nplanlagt/);
    expect(text).toMatch(/1 time før\nmandag 30\. marts 2026 kl\. 9\.00\nplanlagt/);
  });

  it('an English command gets the English card', async () => {
    const res = await turn(message(r.h.fc.url, groupChat, users.bent, 'reminders'));
    expect(cardText(cardOfCall(res.sent[0]))).toMatch(/14 days before\nMonday 16 March 2026 at 09:00\nplanned/);
  });

  it('only the chair changes the offsets: a member is refused and nothing changes', async () => {
    const before = JSON.stringify(r.db().reminders);
    const res = await turn(message(r.h.fc.url, groupChat, users.bent, 'påmindelser 7d 1d 2h'));
    expect(res.sent[0].body.text).toContain('Kun formanden kan gøre det.');
    expect(JSON.stringify(r.db().reminders)).toBe(before);
    expect(r.db().groups[0].reminderOffsets).toEqual({ days: [14, 2], hours: [1], atTime: '09:00' });
  });

  it('invalid offsets are refused with the reason', async () => {
    const res = await turn(message(r.h.fc.url, groupChat, users.anna, 'påmindelser 200d 1h'));
    expect(res.sent[0].body.text).toContain('Påmindelser: 200d er uden for det tilladte (1–90d).');
    const junk = await turn(message(r.h.fc.url, groupChat, users.anna, 'påmindelser snart'));
    expect(junk.sent[0].body.text).toContain('Påmindelser: "snart" forstås ikke.');
    const time = await turn(message(r.h.fc.url, groupChat, users.anna, 'reminders 2d at 25:00'));
    expect(time.sent[0].body.text).toContain('Reminders: "25:00" is not a time of day.');
    expect(r.db().groups[0].reminderOffsets).toEqual({ days: [14, 2], hours: [1], atTime: '09:00' });
  });

  it('the chair sets 7d 1d 2h: planned reminders are recomputed (weekend rule applies), the old ones cancelled, audited', async () => {
    const res = await turn(message(r.h.fc.url, groupChat, users.anna, 'påmindelser 7d 1d 2h'));
    expect(res.sent[0].body.text).toBe(
      'Påmindelserne er nu 7, 1 dage før kl. 9.00; 2 timer før. Planlagte møder regnet om: 1; påmindelser flyttet eller tilføjet: 3.',
    );
    expect(cardText(cardOfCall(res.sent[1]))).toMatch(/1 dag før\nfredag 27\. marts 2026 kl\. 9\.00\nplanlagt/);
    expect(r.db().groups[0].reminderOffsets).toEqual({ days: [7, 1], hours: [2], atTime: '09:00' });
    expect(meetingReminders().filter((x) => x[2] === 'planned')).toEqual([
      ['T-7d', '2026-03-23T08:00:00.000Z', 'planned'],
      // The agenda's publication (issue #15) is its own reminder, a week before whatever the offsets.
      ['T-7d-agenda', '2026-03-23T08:00:00.000Z', 'planned'],
      ['T-1d', '2026-03-27T08:00:00.000Z', 'planned'], // Sunday 29 March → Friday
      ['T-2h', '2026-03-30T06:00:00.000Z', 'planned'],
    ]);
    expect(
      meetingReminders()
        .filter((x) => x[2] === 'cancelled')
        .map((x) => x[0])
        .sort(),
    ).toEqual(['T-14d', 'T-1h', 'T-2d']);
    const audit = r.db().audit.filter((a) => a.action === 'reminders.offsets');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'aad-anna', before: { days: [14, 2], hours: [1] }, after: { days: [7, 1], hours: [2] } });

    // Back to the defaults: the cancelled reminders are planned again (same ids, nothing duplicated).
    await turn(message(r.h.fc.url, groupChat, users.anna, 'påmindelser standard'));
    expect(
      meetingReminders()
        .filter((x) => x[2] === 'planned')
        .map((x) => x[0]),
    ).toEqual(['T-14d', 'T-7d-agenda', 'T-2d', 'T-1h']);
    expect(r.db().reminders.filter((x) => x.meeting === 1 && x.kind === 'T-14d')).toHaveLength(1);
  });
});

describe('Teams meeting start and end in a linked meeting chat', () => {
  it('an event in a meeting chat that is not linked posts nothing and changes nothing', async () => {
    const before = JSON.stringify(r.db().meetings);
    const res = await turn(meetingEvent(r.h.fc.url, otherMeetingChat, 'start'));
    expect(res.status).toBe(200);
    expect(res.sent).toEqual([]);
    expect(JSON.stringify(r.db().meetings)).toBe(before);
  });

  it('meeting start: the agenda overview is posted in the meeting chat; startedAt and the join URL are recorded', async () => {
    await turn(message(r.h.fc.url, meetingChat, users.anna, 'tilknyt 1'));
    r.clock.set('2026-03-30T08:02:00.000Z');
    const ev = withId(meetingEvent(r.h.fc.url, meetingChat, 'start'), 'evt-start-1');
    const res = await turn(ev);
    expect(res.status).toBe(200);
    const posts = res.sent.filter((c) => c.method === 'POST' && c.conversationId === meetingChat.id);
    expect(posts).toHaveLength(1);
    const text = cardText(cardOfCall(posts[0]));
    expect(text).toContain('Mødet er begyndt: 1. møde i Operationel styregruppe');
    // number and title are two columns (cards/meeting-start.json): cardText puts a line between
    expect(text).toContain('1.\nVelkomst og godkendelse af referat');
    expect(text).toContain('6.\nEventuelt');
    const m = r.db().meetings[0];
    expect(m.startedAt).toBe(new Date((ev.value as any).StartTime).toISOString());
    expect(m.joinUrl).toBe('https://teams.microsoft.com/l/meetup-join/x');
    expect(m.status).toBe('planned');

    // Teams re-sending the same event posts nothing more.
    const again = await turn(ev);
    expect(again.sent).toEqual([]);
  });

  it('meeting end: a summary with decisions, new action points, open items and the minutes pointer; the meeting is held and its reminders stop', async () => {
    await r.bot.services.store.update((db, tx) => {
      const m = db.meetings[0];
      Object.assign(m.items[0], {
        outcome: 'approved',
        decision: 'Referatet fra sidste møde er godkendt.',
        by: 'aad-gustav',
        at: tx.now.toISOString(),
      });
      Object.assign(m.items[1], { outcome: 'noted', decision: null, by: 'aad-gustav', at: tx.now.toISOString() });
      db.actions.push({
        groupId: 'g1',
        id: 'A1',
        text: 'Sende udkast til certificeringsplan',
        owner: { name: users.bent.name, aadObjectId: users.bent.aadObjectId },
        due: '2026-04-20',
        status: 'open',
        source: { kind: 'item', meeting: 1, item: 2, risk: null },
        createdBy: 'aad-gustav',
        createdAt: tx.now.toISOString(),
      });
    });
    r.clock.set('2026-03-30T10:01:00.000Z');
    const res = await turn(withId(meetingEvent(r.h.fc.url, meetingChat, 'end'), 'evt-end-1'));
    const posts = res.sent.filter((c) => c.method === 'POST' && c.conversationId === meetingChat.id);
    expect(posts).toHaveLength(1);
    const text = cardText(cardOfCall(posts[0]));
    expect(text).toContain('Mødet er slut: 1. møde i Operationel styregruppe');
    expect(text).toContain('Beslutninger (2)');
    expect(text).toContain('1. Velkomst og godkendelse af referat: godkendt — Referatet fra sidste møde er godkendt.');
    expect(text).toContain('2. Status på tekniske leverancer: taget til efterretning');
    expect(text).toContain('Nye opfølgningspunkter (1)');
    expect(text).toContain('A1: Sende udkast til certificeringsplan — Bent Lund, frist 20. april 2026');
    expect(text).toContain('Åbne punkter (4)');
    expect(text).toContain("Referatet: skriv 'referat 1'.");

    const m = r.db().meetings[0];
    expect(m.status).toBe('held');
    expect(m.endedAt).toBeTruthy();
    expect(meetingReminders().filter((x) => x[2] === 'planned')).toEqual([]);
    expect(
      r
        .db()
        .audit.filter((a) => a.action === 'meeting.started' || a.action === 'meeting.ended')
        .map((a) => a.action),
    ).toEqual(['meeting.started', 'meeting.ended']);

    // Nothing is sent for a held meeting afterwards.
    const before = r.h.fc.posts().length;
    await r.tick('2026-03-30T10:30:00.000Z');
    await r.drain();
    expect(r.h.fc.posts().length).toBe(before);
    const plan = await turn(message(r.h.fc.url, groupChat, users.bent, 'påmindelser'));
    expect(plan.sent[0].body.text).toBe(
      'Der er ikke noget planlagt møde, så der er ingen påmindelser. De er sat til: 14, 2 dage før kl. 9.00; 1 time før.',
    );
  });
});
