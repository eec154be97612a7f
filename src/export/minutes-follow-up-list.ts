/**
 * "Opfølgning" under the meeting's first item in the minutes (Markdown and Word): the action
 * points the group went through there — open at the meeting, overdue first — as the agenda
 * item card showed them (src/cards/views/follow-up.ts). The full list; the minutes are not cut.
 */
import type { AgendaItem, Db, Group, Locale, Meeting } from '../domain/model.js';
import { formatDanishDate } from '../domain/dates.js';
import { capFollowUp, followUpAt } from '../domain/follow-up.js';
import { registerMessages, t } from '../i18n/index.js';
import messages from '../i18n/messages/follow-up.js';
import type { MinutesFollowUp } from './minutes-view.js';

registerMessages(messages);

/** The list for `item`, or null when it is not the meeting's first item or nothing was open. */
export function minutesFollowUp(
  db: Readonly<Db>,
  group: Group,
  meeting: Meeting,
  item: AgendaItem,
  locale: Locale,
): MinutesFollowUp | null {
  const first = Math.min(...meeting.items.map((i) => i.number));
  if (item.number !== first) return null;
  const f = followUpAt(db.actions, group.id, meeting.date, group.timezone || undefined);
  const { shown } = capFollowUp(f, Number.POSITIVE_INFINITY);
  if (!shown.length) return null;
  return {
    title: t(locale, 'followUp.title'),
    lines: shown.map(({ action: a, overdue }) => {
      const p = { id: a.id, text: a.text.replace(/\s+/g, ' ').trim(), owner: a.owner.name };
      const line = a.due ? t(locale, 'followUp.line', { ...p, due: formatDanishDate(a.due, locale) }) : t(locale, 'followUp.lineNoDue', p);
      return { text: overdue ? `${line} (${t(locale, 'followUp.overdue')})` : line, overdue };
    }),
  };
}
