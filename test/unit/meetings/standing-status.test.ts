/**
 * The pure rules of status requests on standing items (src/domain/standing-status.ts): which
 * items are standing, who presents them (matched safely from "v. <navn>" or set by the chair),
 * when presenters are asked and nudged (working days), and what a valid report is.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_STANDING_ITEMS } from '../../../src/app/groups.js';
import { emptyItem } from '../../../src/domain/meeting-agenda.js';
import type { Member } from '../../../src/domain/model.js';
import {
  isSafeLink,
  isStandingStatusItem,
  normaliseName,
  normaliseStatus,
  planStatusReminders,
  resolvePresenter,
  sameStatus,
  standingStatusItems,
  statusReminderAt,
} from '../../../src/domain/standing-status.js';
import { isAppError } from '../../../src/errors.js';
import { member as rosterMember } from '../../helpers/builders.js';

/** Ids given, not derived from the first name: the roster has namesakes. */
const member = (name: string, id: string, role: Member['role'] = 'member'): Member =>
  rosterMember(name, role, { aadObjectId: `aad-${id}`, teamsId: `29:${id}` });

const roster: Member[] = [
  member('Anna Holm', 'anna', 'chair'),
  member('Bent Ole Lund', 'bent'),
  member('Carsten Vang', 'carsten'),
  member('Frida Mose (Extern)', 'frida'),
  member('Søren Ærø', 'soren'),
  member('Lars Nielsen', 'lars1'),
  member('Lars Nielsen', 'lars2'),
  member('Jens Peter Hansen', 'jens1'),
  member('Jens Hansen', 'jens2'),
  member('René Bøgh', 'rene'),
];

const presenter = (text: string | null, presenterId: string | null = null) => resolvePresenter({ presenter: text, presenterId }, roster);
const nameOf = (m: ReturnType<typeof presenter>) => (m.kind === 'set' || m.kind === 'matched' ? m.member.aadObjectId : m.kind);

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
  return 'none';
}

describe('which items are standing', () => {
  it('the group’s standing items report a status, except the welcome and "Eventuelt"', () => {
    const reporting = DEFAULT_STANDING_ITEMS.filter((t) => isStandingStatusItem(t, DEFAULT_STANDING_ITEMS));
    expect(reporting).toEqual([
      'Status på tekniske leverancer',
      'Status på drift og udfordringer',
      'Status på lægesystemerne (aftaler og certificering)',
      'Projektets risikolog',
    ]);
  });

  it('a title worded a little differently in the agenda document is the same topic; other items are not standing', () => {
    expect(isStandingStatusItem('Status på drift', DEFAULT_STANDING_ITEMS)).toBe(true);
    expect(isStandingStatusItem('status på  lægesystemerne (certificering 2026).', DEFAULT_STANDING_ITEMS)).toBe(true);
    expect(isStandingStatusItem('Nye visninger i eksterne apps', DEFAULT_STANDING_ITEMS)).toBe(false);
    expect(isStandingStatusItem('Status', DEFAULT_STANDING_ITEMS)).toBe(false);
    expect(isStandingStatusItem('Eventuelt', ['Eventuelt'])).toBe(false);
    expect(isStandingStatusItem('Status på drift', [])).toBe(false);
  });

  it('standingStatusItems picks them from a meeting in agenda order', () => {
    const items = [
      emptyItem(3, 'Status på drift og udfordringer'),
      emptyItem(1, 'Velkomst'),
      emptyItem(2, 'Status på tekniske leverancer'),
      emptyItem(4, 'Budget 2027'),
    ];
    expect(standingStatusItems({ items }, DEFAULT_STANDING_ITEMS).map((i) => i.number)).toEqual([2, 3]);
  });
});

describe('who presents an item', () => {
  it('the exact name, with or without case, accents, "v." or an organisation in parenthesis', () => {
    expect(nameOf(presenter('Carsten Vang'))).toBe('aad-carsten');
    expect(nameOf(presenter('v. carsten  vang'))).toBe('aad-carsten');
    expect(nameOf(presenter('Frida Mose'))).toBe('aad-frida');
    expect(nameOf(presenter('Rene Bøgh (MedCom)'))).toBe('aad-rene');
    expect(nameOf(presenter('Søren Ærø'))).toBe('aad-soren');
    expect(normaliseName('  René  Bøgh (PLO) ')).toBe('rene bøgh');
  });

  it('first and last name match a member with a middle name (and the other way round)', () => {
    expect(nameOf(presenter('Bent Lund'))).toBe('aad-bent');
    expect(nameOf(presenter('Carsten Erik Vang'))).toBe('aad-carsten');
  });

  it('an organisation after a comma does not stop the match', () => {
    expect(nameOf(presenter('Carsten Vang, PLO'))).toBe('aad-carsten');
  });

  it('ambiguous: two members of the same name, or a first+last that fits two members — nobody is chosen', () => {
    const twins = presenter('Lars Nielsen');
    expect(twins.kind).toBe('ambiguous');
    expect(twins.kind === 'ambiguous' && twins.candidates.map((m) => m.aadObjectId)).toEqual(['aad-lars1', 'aad-lars2']);
    // "Jens Hansen" is one member exactly: the exact name wins over first+last.
    expect(nameOf(presenter('Jens Hansen'))).toBe('aad-jens2');
    // Two presenters both on the roster: no single one to ask.
    expect(presenter('Anna Holm og Carsten Vang').kind).toBe('ambiguous');
  });

  it('no match: a first name alone, an unknown name, no presenter', () => {
    expect(presenter('Carsten').kind).toBe('none');
    expect(presenter('Karen Blixen').kind).toBe('none');
    expect(presenter(null).kind).toBe('none');
    expect(presenter('  ').kind).toBe('none');
  });

  it('the presenter the chair set wins over the agenda text; a removed member falls back to the text', () => {
    expect(presenter('Carsten Vang', 'aad-bent')).toEqual({ kind: 'set', member: roster[1] });
    expect(presenter(null, '29:anna')).toEqual({ kind: 'set', member: roster[0] });
    expect(nameOf(presenter('Carsten Vang', 'aad-gone'))).toBe('aad-carsten');
  });
});

describe('when presenters are asked and nudged', () => {
  it('T-10d and T-4d at 09:00 local on working days (winter time before a Monday meeting)', () => {
    const m = { date: '2026-03-30', start: '10:00', status: 'planned' as const };
    expect(planStatusReminders(m)).toEqual([
      { kind: 'status-request', dueAt: '2026-03-20T08:00:00.000Z' }, // Friday 20 March
      { kind: 'status-nudge', dueAt: '2026-03-26T08:00:00.000Z' }, // Thursday 26 March
    ]);
  });

  it('a day on a weekend or Easter holiday moves back to the previous working day, in summer time', () => {
    // Tuesday 14 April 2026: T-10d is Saturday 4 April; Good Friday and Maundy Thursday are holidays → Wednesday 1 April.
    expect(statusReminderAt({ date: '2026-04-14' }, 10)).toBe('2026-04-01T07:00:00.000Z');
    expect(statusReminderAt({ date: '2026-04-14' }, 4)).toBe('2026-04-10T07:00:00.000Z');
    // The group's time of day is used.
    expect(statusReminderAt({ date: '2026-04-14' }, 4, 'Europe/Copenhagen', '08:30')).toBe('2026-04-10T06:30:00.000Z');
  });

  it('a held or cancelled meeting gets none', () => {
    expect(planStatusReminders({ date: '2026-03-30', start: '10:00', status: 'cancelled' })).toEqual([]);
    expect(planStatusReminders({ date: '2026-03-30', start: '10:00', status: 'held' })).toEqual([]);
  });
});

describe('a submitted report', () => {
  it('is tidied: trimmed summary, one point or link a line, bullets dropped, empty lists left out', () => {
    expect(
      normaliseStatus({
        rating: 'yellow',
        summary: '  Release 4.2 forsinket  ',
        points: '• Test hos CGM\n\n- Ny dato 12/5 ',
        links: ' https://example.org/plan \n',
      }),
    ).toEqual({
      rating: 'yellow',
      summary: 'Release 4.2 forsinket',
      points: ['Test hos CGM', 'Ny dato 12/5'],
      links: ['https://example.org/plan'],
    });
    expect(normaliseStatus({ rating: 'green', summary: 'OK', points: '', links: null })).toEqual({ rating: 'green', summary: 'OK' });
  });

  it('refuses a rating outside grøn/gul/rød, a missing or long summary, too many points, non-https links', () => {
    expect(code(() => normaliseStatus({ rating: 'purple', summary: 'x' }))).toBe('status_bad_rating');
    expect(code(() => normaliseStatus({ rating: { toString: 1 }, summary: 'x' }))).toBe('status_bad_rating');
    expect(code(() => normaliseStatus({ rating: 'red', summary: '   ' }))).toBe('status_summary_missing');
    expect(code(() => normaliseStatus({ rating: 'red', summary: 'x'.repeat(501) }))).toBe('status_summary_too_long');
    expect(code(() => normaliseStatus({ rating: 'red', summary: 'x', points: Array(9).fill('p').join('\n') }))).toBe(
      'status_points_too_many',
    );
    expect(code(() => normaliseStatus({ rating: 'red', summary: 'x', links: 'http://example.org' }))).toBe('status_link_invalid');
    expect(code(() => normaliseStatus({ rating: 'red', summary: 'x', links: 'javascript:alert(1)' }))).toBe('status_link_invalid');
    expect(code(() => normaliseStatus({ rating: 'red', summary: 'x', points: { a: 1 } }))).toBe('bad_input');
  });

  it('links: https with a host, no credentials', () => {
    expect(isSafeLink('https://sharepoint.example/sites/flp/Plan.docx')).toBe(true);
    expect(isSafeLink('https://user:pw@example.org/')).toBe(false);
    expect(isSafeLink('ftp://example.org/')).toBe(false);
    expect(isSafeLink(`https://example.org/${'a'.repeat(600)}`)).toBe(false);
  });

  it('sameStatus: identical content is the same report; any change is not', () => {
    const a = normaliseStatus({ rating: 'green', summary: 'OK', points: 'a' });
    expect(sameStatus(a, normaliseStatus({ rating: 'green', summary: 'OK', points: 'a' }))).toBe(true);
    expect(sameStatus(a, normaliseStatus({ rating: 'green', summary: 'OK' }))).toBe(false);
    expect(sameStatus(null, a)).toBe(false);
  });
});
