/**
 * Publishing a meeting's agenda: by default a week before the meeting ("T-7d-agenda", at the
 * group's reminder time, moved back to a working day like the other day reminders), unless the
 * chair or referent sent it by hand first. Pure: meeting + time of day + zone → the instant.
 */
import { addDays, DEFAULT_ZONE, isHhMm, localToInstant } from './dates.js';
import type { Meeting } from './model.js';
import type { PlannedReminder } from './reminder-plan.js';
import { previousWorkingDay } from './working-days.js';

export const AGENDA_REMINDER_KIND = 'T-7d-agenda';
export const AGENDA_REMINDER_DAYS = 7;

/** The agenda's publication reminder, if the meeting still wants one (planned, not yet sent, before the start). */
export function agendaReminderPlan(
  meeting: Pick<Meeting, 'date' | 'start' | 'status' | 'agendaSentAt'>,
  atTime = '09:00',
  zone: string = DEFAULT_ZONE,
): PlannedReminder[] {
  if (meeting.status !== 'planned' || meeting.agendaSentAt) return [];
  const time = isHhMm(atTime) ? atTime : '09:00';
  const at = localToInstant(previousWorkingDay(addDays(meeting.date, -AGENDA_REMINDER_DAYS)), time, zone);
  if (at.getTime() >= localToInstant(meeting.date, meeting.start, zone).getTime()) return [];
  return [{ kind: AGENDA_REMINDER_KIND, dueAt: at.toISOString() }];
}
