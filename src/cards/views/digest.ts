/**
 * The weekly digest (cards/reminder.json, the same card as the meeting reminders): what moved in
 * the group since the last digest, grouped in short sections. Pure: the caller passes the content.
 */
import type { DigestContent, DigestSettings } from '../../domain/digest.js';
import { clockTime, formatDanishDate, formatLongDate, instantToLocal, isoWeekday, WEEKDAYS_DA, WEEKDAYS_EN } from '../../domain/dates.js';
import type { Group, Locale, Rating } from '../../domain/model.js';
import { registerMessages, t } from '../../i18n/index.js';
import messages from '../../i18n/messages/digest.js';
import riskMessages from '../../i18n/messages/risks.js';
import { boardName } from './escalations.js';
import type { Line, Section } from './reminders.js';

registerMessages(messages);
registerMessages(riskMessages);

const MAX_LINES = 12;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const COLOR: Record<Rating, Line['color']> = { green: 'good', yellow: 'warning', red: 'attention' };

function isoWeek(date: string): number {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 4 - isoWeekday(date));
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

export interface DigestViewInput {
  locale: Locale;
  group: Group;
  content: DigestContent;
  settings: DigestSettings;
  since: Date;
  now: Date;
}

export function digestView(input: DigestViewInput) {
  const { locale, group, content: c } = input;
  const zone = group.timezone;
  const rating = (r: Rating | null) => t(locale, r ? `rating.${r}` : 'rating.none').toLowerCase();
  const due = (d: string) => formatDanishDate(d, locale);
  const section = (title: string, lines: Line[]): Section => ({
    title,
    lines: lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES - 1), { text: `… +${lines.length - MAX_LINES + 1}`, color: 'default' }] : lines,
    empty: '',
  });
  const sections: Section[] = [];
  if (c.newRisks.length)
    sections.push(
      section(
        t(locale, 'digest.section.new_risks'),
        c.newRisks.map((r) => ({
          text: t(locale, 'digest.line.risk', { id: r.id, title: clip(r.title, 90), category: r.category, rating: rating(r.rating) }),
          color: r.rating ? COLOR[r.rating] : 'default',
        })),
      ),
    );
  if (c.reRated.length)
    sections.push(
      section(
        t(locale, 'digest.section.re_rated'),
        c.reRated.map((r) => {
          const before = r.history.length > 1 ? r.history[r.history.length - 2]!.rating : null;
          return {
            text: t(locale, 'digest.line.re_rated', { id: r.id, title: clip(r.title, 90), before: rating(before), after: rating(r.rating) }),
            // Two ratings in one line: neither colour would be true of the whole line.
            color: 'default' as const,
          };
        }),
      ),
    );
  if (c.answers.length)
    sections.push(
      section(
        t(locale, 'digest.section.answers', { board: boardName(locale, group) }),
        c.answers.map((e) => ({ text: t(locale, 'digest.line.answer', { title: clip(e.snapshot.title, 80), answer: clip(e.answer ?? '', 200) }), color: 'default' })),
      ),
    );
  if (c.statuses.length)
    sections.push(
      section(
        t(locale, 'digest.section.statuses'),
        c.statuses.map((s) => ({
          text: t(locale, 'digest.line.status', {
            meeting: s.meeting,
            item: s.item,
            title: clip(s.title, 80),
            rating: rating(s.rating as Rating),
            by: s.byName ? ` (${s.byName})` : '',
          }),
          color: COLOR[s.rating as Rating] ?? 'default',
        })),
      ),
    );
  const actionLine = (color: Line['color']) => (a: DigestContent['dueSoon'][number]) => ({
    text: t(locale, 'digest.line.action', { id: a.id, text: clip(a.text, 100), owner: a.owner.name, due: due(a.due!) }),
    color,
  });
  if (c.overdue.length) sections.push(section(t(locale, 'digest.section.overdue'), c.overdue.map(actionLine('attention'))));
  if (c.dueSoon.length) sections.push(section(t(locale, 'digest.section.due_soon'), c.dueSoon.map(actionLine('default'))));
  const today = instantToLocal(input.now, zone).date;
  const since = instantToLocal(input.since, zone).date;
  const facts = c.nextMeeting
    ? [
        {
          title: t(locale, 'digest.next_meeting'),
          value: t(locale, 'digest.next_meeting.value', {
            number: c.nextMeeting.number,
            date: formatLongDate(c.nextMeeting.date, locale),
            time: clockTime(c.nextMeeting.start, locale),
          }),
        },
      ]
    : [];
  const count = c.newRisks.length + c.reRated.length + c.answers.length + c.statuses.length + c.overdue.length + c.dueSoon.length;
  return {
    summary: t(locale, 'digest.summary', { count }),
    data: {
      title: t(locale, 'digest.title', { group: group.name }),
      subtitle: t(locale, 'digest.subtitle', { week: isoWeek(today), since: formatDanishDate(since, locale) }),
      intro: t(locale, 'digest.intro'),
      facts,
      sections,
      late: '',
      footer: t(locale, 'digest.footer', {
        weekday: (locale === 'en' ? WEEKDAYS_EN : WEEKDAYS_DA)[input.settings.weekday - 1]!,
        time: clockTime(input.settings.time, locale),
      }),
      joinUrl: c.nextMeeting?.joinUrl ?? '',
      joinLabel: t(locale, 'digest.join'),
    },
  };
}
