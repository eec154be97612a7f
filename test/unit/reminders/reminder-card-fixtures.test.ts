/**
 * The meeting-reminder fixtures in cards/fixtures/reminder/ are the real view's output for a
 * realistic meeting (2. møde, Monday 30 March 2026 10:00–12:00), sent on time and late: each case
 * passes the card gate, and the fixture file is exactly that output.
 * `UPDATE_CARD_FIXTURES=1 npx vitest run test/unit/reminders/reminder-card-fixtures.test.ts`
 * rewrites them. (The nudge fixtures are hand-written and not covered here.)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CARDS_DIR, renderCard } from '../../../src/cards/render.js';
import { reminderView, type ReminderViewInput } from '../../../src/cards/views/reminders.js';
import type { ActionPoint, Group, Meeting, VoteRound } from '../../../src/domain/model.js';
import { checkCard } from '../../cards/gate.js';
import { actionPoint, conversation, group as baseGroup, item, meeting as baseMeeting, member, voteRound } from '../../helpers/builders.js';

const update = process.env.UPDATE_CARD_FIXTURES === '1';

const group: Group = baseGroup('g1', {
  name: 'Operationel styregruppe FLP',
  createdAt: '2026-01-01T00:00:00.000Z',
  conversation: conversation('19:group'),
  roster: [member('Anna Holm', 'chair'), member('Bent Lund')],
  counters: { meeting: 2, risk: 0, action: 3, round: 1, escalation: 0 },
});

const meeting: Meeting = baseMeeting('g1', 2, '2026-03-30', {
  title: '2. Møde',
  location: 'Mødelokale Ærø, Sekretariatet',
  joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc',
  items: [
    item(1, 'Velkomst og godkendelse af referat', { presenter: 'Anna Holm' }),
    item(2, 'Status på tekniske leverancer', { presenter: 'Kvalitetsenheden' }),
    item(3, 'Status på drift og udfordringer', { presenter: 'Platformsoperatøren' }),
    item(4, 'Status på lægesystemerne (aftaler og certificering)'),
    item(5, 'Forløbsplaner for KOL: udbredelse i almen praksis', { presenter: 'Bent Lund' }),
    item(6, 'Projektets risikolog', { presenter: 'Anna Holm' }),
    item(7, 'Eventuelt'),
  ],
  createdAt: '2026-01-01T00:00:00.000Z',
});

const action = (id: string, text: string, owner: string, due: string | null): ActionPoint =>
  actionPoint('g1', id, { text, owner: { name: owner, aadObjectId: null }, due, createdAt: '2026-02-01T09:00:00.000Z' });
const actions = [
  action('A1', 'Udsende vejledning til lægesystemleverandørerne', 'Bent Lund', '2026-03-01'),
  action('A2', 'Afklare certificeringsplan med platformsoperatøren', 'Frida Mose (Extern)', '2026-04-15'),
  action('A3', 'Opdatere risikologgen med nye korrigerende handlinger', 'Anna Holm', null),
];
const round: VoteRound = voteRound('g1', 'R1', ['R1', 'R2'], {
  openedAt: '2026-03-20T09:00:00.000Z',
  deadline: '2026-03-29T22:00:00.000Z',
  meeting: 2,
});

const T14 = '2026-03-16T08:00:00.000Z'; // Monday 16 March 09:00
const T2 = '2026-03-27T08:00:00.000Z'; // Saturday 28 March → Friday 27 March 09:00
const T1H = '2026-03-30T07:00:00.000Z'; // 09:00 summer time

function view(kind: string, dueAt: string, sentAt: string, opts: Partial<ReminderViewInput> = {}) {
  const late = Date.parse(sentAt) - Date.parse(dueAt) > 5 * 60_000;
  return reminderView({
    locale: 'da',
    group,
    reminder: { kind, dueAt, late, ref: null },
    meeting,
    audience: 'group',
    people: [],
    now: new Date(sentAt),
    actions: [],
    rounds: [],
    counts: {},
    ...opts,
  }).data;
}

const cases: Record<string, object> = {
  'call-14d': view('T-14d', T14, T14),
  // Down for a week: sent with 7 days left, it says so.
  'call-14d-late-7d': view('T-14d', T14, '2026-03-23T08:00:00.000Z'),
  'agenda-2d': view('T-2d', T2, T2, { actions, rounds: [round], counts: { R1: { eligible: 3, voted: 1, missing: 2 } } }),
  // Down over the weekend: sent Sunday morning, the meeting is tomorrow.
  'agenda-2d-late-empty': view('T-2d', T2, '2026-03-29T07:00:00.000Z', { meeting: { ...meeting, items: [] } }),
  'short-1h-join': view('T-1h', T1H, T1H),
  'short-1h-place-en': view('T-1h', T1H, T1H, { locale: 'en', meeting: { ...meeting, joinUrl: null } }),
  // Down until 09:40: twenty minutes left.
  'short-1h-late-20min': view('T-1h', T1H, '2026-03-30T07:40:00.000Z'),
};

describe('meeting reminder cards from the view', () => {
  for (const [name, data] of Object.entries(cases)) {
    it(`reminder / ${name}: passes the card gate, and the fixture file matches the view output`, () => {
      expect(checkCard(renderCard('reminder', data))).toEqual([]);
      const file = path.join(CARDS_DIR, 'fixtures', 'reminder', `${name}.json`);
      if (update) writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
      expect(existsSync(file), `${file} missing: run with UPDATE_CARD_FIXTURES=1`).toBe(true);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(data)));
    });
  }

  it('the titles say the time actually left', () => {
    const titles = Object.fromEntries(Object.entries(cases).map(([k, v]) => [k, (v as { title: string }).title]));
    expect(titles).toEqual({
      'call-14d': 'Om 14 dage: 2. Møde',
      'call-14d-late-7d': 'Om 7 dage: 2. Møde',
      'agenda-2d': 'Om 3 dage: 2. Møde',
      'agenda-2d-late-empty': 'I morgen: 2. Møde',
      'short-1h-join': 'Mødet begynder om 1 time, kl. 10.00: 2. Møde',
      'short-1h-place-en': 'The meeting starts in 1 hour, at 10:00: 2. Møde',
      'short-1h-late-20min': 'Mødet begynder om 20 minutter, kl. 10.00: 2. Møde',
    });
  });
});
