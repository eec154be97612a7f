import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REMINDER_OFFSETS,
  defaultReminderOffsets,
  nudgeActionAt,
  nudgeVoteAt,
  planReminders,
  reminderOffsetProblems,
  type PlannedMeeting,
} from '../../../src/domain/reminder-plan.js';

const CPH = 'Europe/Copenhagen';
const meeting = (date: string, start: string, status: PlannedMeeting['status'] = 'planned'): PlannedMeeting => ({
  groupId: 'g1',
  number: 1,
  date,
  start,
  status,
});
const byKind = (plan: { kind: string; dueAt: string }[]) => Object.fromEntries(plan.map((p) => [p.kind, p.dueAt]));

describe('planReminders', () => {
  it('plans T-14d, T-2d at 09:00 local and T-1h by default', () => {
    expect(DEFAULT_REMINDER_OFFSETS).toEqual({ days: [14, 2], hours: [1], atTime: '09:00' });
    // Tuesday 16 June 2026 12:30 CEST: T-14d Tue 2 June, T-2d Sun 14 June → Fri 12 June.
    expect(planReminders(meeting('2026-06-16', '12:30'), DEFAULT_REMINDER_OFFSETS, CPH)).toEqual([
      { kind: 'T-14d', dueAt: '2026-06-02T07:00:00.000Z' },
      { kind: 'T-2d', dueAt: '2026-06-12T07:00:00.000Z' },
      { kind: 'T-1h', dueAt: '2026-06-16T09:30:00.000Z' },
    ]);
  });

  it('moves T-2d from Saturday to Friday across the spring switch (Monday 30 March 2026)', () => {
    const plan = byKind(planReminders(meeting('2026-03-30', '10:00'), DEFAULT_REMINDER_OFFSETS, CPH));
    expect(plan['T-2d']).toBe('2026-03-27T08:00:00.000Z'); // Friday 09:00 CET
    expect(plan['T-14d']).toBe('2026-03-16T08:00:00.000Z'); // Monday 16 March 09:00 CET
    expect(plan['T-1h']).toBe('2026-03-30T07:00:00.000Z'); // 09:00 CEST
  });

  it('moves T-2d from Saturday to Friday across the autumn switch (Monday 26 October 2026)', () => {
    const plan = byKind(planReminders(meeting('2026-10-26', '10:00'), DEFAULT_REMINDER_OFFSETS, CPH));
    expect(plan['T-2d']).toBe('2026-10-23T07:00:00.000Z'); // Friday 09:00 CEST
    expect(plan['T-14d']).toBe('2026-10-12T07:00:00.000Z'); // CEST
    expect(plan['T-1h']).toBe('2026-10-26T08:00:00.000Z'); // 09:00 CET
  });

  it('moves a day reminder off a public holiday, but never an hour reminder', () => {
    // Wednesday 8 April 2026: T-2d is Easter Monday 6 April → Wednesday 1 April.
    const plan = byKind(planReminders(meeting('2026-04-08', '12:30'), DEFAULT_REMINDER_OFFSETS, CPH));
    expect(plan['T-2d']).toBe('2026-04-01T07:00:00.000Z');
    // Hour reminders are exact durations: a Sunday meeting's T-1h stays on Sunday.
    const sunday = byKind(planReminders(meeting('2026-03-29', '10:00'), { days: [], hours: [1, 9], atTime: '09:00' }, CPH));
    expect(sunday['T-1h']).toBe('2026-03-29T07:00:00.000Z');
    expect(sunday['T-9h']).toBe('2026-03-28T23:00:00.000Z'); // exact hours, across the gap
  });

  it('plans nothing for held or cancelled meetings', () => {
    expect(planReminders(meeting('2026-06-16', '12:30', 'cancelled'), DEFAULT_REMINDER_OFFSETS, CPH)).toEqual([]);
    expect(planReminders(meeting('2026-06-16', '12:30', 'held'), DEFAULT_REMINDER_OFFSETS, CPH)).toEqual([]);
  });

  it('sends reminders that fall on the same instant once, under the smaller offset', () => {
    // Monday meeting: T-1d (Sunday) and T-2d (Saturday) both roll back to Friday 09:00.
    const plan = planReminders(meeting('2026-03-30', '10:00'), { days: [2, 1], hours: [], atTime: '09:00' }, CPH);
    expect(plan).toEqual([{ kind: 'T-1d', dueAt: '2026-03-27T08:00:00.000Z' }]);
  });

  it('uses the group zone and time', () => {
    const plan = byKind(planReminders(meeting('2026-06-16', '12:30'), { days: [2], hours: [], atTime: '08:15' }, 'America/New_York'));
    expect(plan['T-2d']).toBe('2026-06-12T12:15:00.000Z');
  });

  it('drops invalid stored offsets instead of failing, and reports them for input validation', () => {
    const bad = { days: [14, -1, 2.5, 400], hours: [0, 1], atTime: '9am' };
    expect(reminderOffsetProblems(bad)).toHaveLength(5);
    expect(reminderOffsetProblems(defaultReminderOffsets())).toEqual([]);
    expect(byKind(planReminders(meeting('2026-06-16', '12:30'), bad, CPH))).toEqual({
      'T-14d': '2026-06-02T07:00:00.000Z',
      'T-1h': '2026-06-16T09:30:00.000Z',
    });
  });
});

describe('nudges', () => {
  it('nudges voters at 09:00 on the working day before the deadline', () => {
    // Deadline Monday 30 March 2026 12:00 CEST → Friday 27 March 09:00 CET.
    expect(nudgeVoteAt('2026-03-30T10:00:00.000Z', CPH)).toBe('2026-03-27T08:00:00.000Z');
    // Deadline Tuesday 7 April 2026 (after Easter) → Wednesday 1 April.
    expect(nudgeVoteAt('2026-04-07T10:00:00.000Z', CPH)).toBe('2026-04-01T07:00:00.000Z');
    // Deadline read in local time: 23:30 UTC Thursday is Friday in Copenhagen → Thursday.
    expect(nudgeVoteAt('2026-06-11T22:30:00.000Z', CPH)).toBe('2026-06-11T07:00:00.000Z');
  });

  it('chases action points at the T-2d time', () => {
    expect(nudgeActionAt({ date: '2026-10-26' }, CPH)).toBe('2026-10-23T07:00:00.000Z');
  });
});
