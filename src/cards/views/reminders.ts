/**
 * Pure view models (domain → template data) for cards/reminder.json, cards/reminder-plan.json,
 * cards/meeting-start.json and cards/meeting-end.json. No store access: callers pass what to show.
 */
import type { ActionPoint, Group, Locale, Meeting, Person, Reminder, ReminderOffsets, VoteRound } from '../../domain/model.js';
import { clockRange, clockTime, daysBetween, DEFAULT_ZONE, formatDanishDate, formatLongDate, instantToLocal, localToInstant } from '../../domain/dates.js';
import { registerMessages, t } from '../../i18n/index.js';
import messages from '../../i18n/messages/reminders.js';
import { standingStatusSections } from './status.js';
import { deadlineWhen, formatWhen } from './when.js';
import { meetingMaterialView } from './material.js';
import { proposeFormView } from './agenda-edit.js';

registerMessages(messages);

export interface Line {
  text: string;
  /** good/warning: a status's traffic light (views/status.ts). */
  color: 'default' | 'attention' | 'accent' | 'good' | 'warning';
}
export interface Section {
  title: string;
  lines: Line[];
  empty: string;
}
export interface Fact {
  title: string;
  value: string;
}
export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

/** At most this many lines per section: a card must stay well under Teams' size budget. */
export const MAX_LINES = 12;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function capped(lines: Line[], locale: Locale): Line[] {
  if (lines.length <= MAX_LINES) return lines;
  return [...lines.slice(0, MAX_LINES - 1), { text: t(locale, 'reminders.more', { n: lines.length - (MAX_LINES - 1) }), color: 'default' }];
}

export { formatWhen } from './when.js';

/** "mandag den 30. marts 2026 kl. 10.00–12.00". */
export const meetingWhen = (m: Pick<Meeting, 'date' | 'start' | 'end'>, locale: Locale): string =>
  t(locale, 'reminders.meetingWhen', { date: formatLongDate(m.date, locale), start: clockTime(m.start, locale), end: clockTime(m.end, locale) });

export const meetingLabel = (m: Pick<Meeting, 'number' | 'title'>, locale: Locale): string =>
  m.title?.trim() ? clip(m.title.trim(), 120) : locale === 'en' ? `Meeting ${m.number}` : `${m.number}. møde`;

/** "14 dage før", "1 time før", "Rykker: manglende stemmer". */
export function kindLabel(kind: string, locale: Locale): string {
  const m = /^T-(\d+)([dh])$/.exec(kind);
  if (m) {
    const n = Number(m[1]);
    const unit = m[2] === 'd' ? 'day' : 'hour';
    return n === 1 ? t(locale, `reminders.kind.${unit}1`) : t(locale, `reminders.kind.${unit}`, { n });
  }
  const key = `reminders.kind.${kind}`;
  const text = t(locale, key);
  return text === key ? kind : text;
}

export function statusLabel(r: Pick<Reminder, 'status' | 'late'>, locale: Locale): string {
  const s = t(locale, `reminders.status.${r.status}`);
  return r.late && r.status !== 'planned' ? t(locale, 'reminders.status.late', { status: s }) : s;
}

export function offsetsText(o: ReminderOffsets, locale: Locale): string {
  const days = [...o.days].sort((a, b) => b - a);
  const hours = [...o.hours].sort((a, b) => b - a);
  return t(locale, 'reminders.plan.offsetsValue', {
    days: !days.length ? t(locale, 'reminders.plan.noneDays') : days.join() === '1' ? t(locale, 'reminders.plan.daysList1') : t(locale, 'reminders.plan.daysList', { list: days.join(', ') }),
    time: clockTime(o.atTime, locale),
    hours: !hours.length ? t(locale, 'reminders.plan.noneHours') : hours.join() === '1' ? t(locale, 'reminders.plan.hoursList1') : t(locale, 'reminders.plan.hoursList', { list: hours.join(', ') }),
  });
}

/** The mention markup and entity for a person; a person without any Teams id is just named. */
export function mentionOf(p: Person): { text: string; entity: MentionEntity | null } {
  const id = p.teamsId || p.aadObjectId;
  const name = clip(p.name.replace(/[<>]/g, ''), 80);
  if (!id) return { text: name, entity: null };
  const text = `<at>${name}</at>`;
  return { text, entity: { type: 'mention', text, mentioned: { id, name } } };
}

function mentionsOf(people: Person[]): { text: string; entities: MentionEntity[] } {
  const parts = people.map(mentionOf);
  return { text: parts.map((p) => p.text).join(', '), entities: parts.flatMap((p) => (p.entity ? [p.entity] : [])) };
}

export const itemLine = (i: Pick<Meeting['items'][number], 'number' | 'title' | 'presenter'>, locale: Locale): string =>
  i.presenter ? t(locale, 'reminders.itemBy', { number: i.number, title: clip(i.title, 140), presenter: clip(i.presenter, 60) }) : t(locale, 'reminders.item', { number: i.number, title: clip(i.title, 140) });

/**
 * Agenda lines as number + text: the card sets them in two columns so a wrapped title or presenter
 * hangs under the title, not under the number.
 */
function itemRows(items: Meeting['items'], locale: Locale): { number: string; text: string }[] {
  const rows = items.map((i) => ({
    number: `${i.number}.`,
    text: i.presenter ? t(locale, 'reminders.itemTitleBy', { title: clip(i.title, 140), presenter: clip(i.presenter, 60) }) : clip(i.title, 140),
  }));
  if (rows.length <= MAX_LINES) return rows;
  return [...rows.slice(0, MAX_LINES - 1), { number: '', text: t(locale, 'reminders.more', { n: rows.length - (MAX_LINES - 1) }) }];
}

const safeJoinUrl = (url: string | null | undefined): string => (url && /^https:\/\//.test(url) && url.length <= 2000 ? url : '');

function placeFacts(m: Meeting, locale: Locale): Fact[] {
  const facts: Fact[] = [
    { title: t(locale, 'reminders.fact.date'), value: formatLongDate(m.date, locale) },
    { title: t(locale, 'reminders.fact.time'), value: clockRange(m.start, m.end, locale) },
    { title: t(locale, 'reminders.fact.place'), value: m.location?.trim() ? clip(m.location.trim(), 200) : m.joinUrl ? 'Microsoft Teams' : t(locale, 'reminders.place.unknown') },
  ];
  if (safeJoinUrl(m.joinUrl)) facts.push({ title: t(locale, 'reminders.fact.join'), value: t(locale, 'reminders.fact.joinValue') });
  return facts;
}

function actionLine(a: ActionPoint, today: string, locale: Locale): Line {
  const params = { id: a.id, text: clip(a.text, 120), owner: clip(a.owner.name, 60), due: a.due ? formatDanishDate(a.due, locale) : '' };
  if (!a.due) return { text: t(locale, 'reminders.action', params), color: 'default' };
  if (a.due < today) return { text: t(locale, 'reminders.actionOverdue', params), color: 'attention' };
  return { text: t(locale, 'reminders.actionDue', params), color: 'default' };
}

const capitalise = (s: string): string => s.charAt(0).toLocaleUpperCase() + s.slice(1);

/** Under this, an hour reminder counts hours and minutes; from a day on, calendar days as the others. */
const HOURS_LEAD_LIMIT_MIN = 24 * 60;

/**
 * How long until the meeting, measured when the card is made — not the reminder's kind: a T-14d
 * reminder sent late after downtime with 7 days left says "om 7 dage", and one moved to Friday
 * before a Monday meeting says "om 3 dage". Days are calendar days in the group's zone ("i dag",
 * "i morgen"), so 23:50 the evening before is "i morgen" and summer time changes nothing. Hour
 * reminders (`short`) count hours and minutes while the meeting is less than a day away, rounded
 * to 5 minutes from a quarter of an hour up (the sweep runs each minute: 59½ minutes is "1 time").
 * Lower case; titles capitalise it.
 */
export function leadTime(locale: Locale, input: { now: Date; meeting: Pick<Meeting, 'date' | 'start'>; zone: string; short: boolean }): string {
  const { now, meeting, zone } = input;
  if (input.short) {
    let min = Math.round((localToInstant(meeting.date, meeting.start, zone).getTime() - now.getTime()) / 60_000);
    if (min <= 0) return t(locale, 'reminders.lead.now');
    if (min < HOURS_LEAD_LIMIT_MIN) {
      if (min >= 15) min = Math.round(min / 5) * 5;
      const h = Math.floor(min / 60);
      const m = min % 60;
      const hours = h === 1 ? t(locale, 'reminders.lead.hour1') : t(locale, 'reminders.lead.hours', { n: h });
      const minutes = m === 1 ? t(locale, 'reminders.lead.minute1') : t(locale, 'reminders.lead.minutes', { n: m });
      if (h && m) return t(locale, 'reminders.lead.inBoth', { hours, minutes });
      return t(locale, 'reminders.lead.in', { span: h ? hours : minutes });
    }
  }
  const days = daysBetween(instantToLocal(now, zone).date, meeting.date);
  if (days <= 0) return t(locale, 'reminders.lead.today');
  if (days === 1) return t(locale, 'reminders.lead.tomorrow');
  return t(locale, 'reminders.lead.days', { n: days });
}

export interface ReminderCardData {
  title: string;
  subtitle: string;
  intro: string;
  facts: Fact[];
  sections: Section[];
  late: string;
  footer: string;
  joinUrl: string;
  joinLabel: string;
  /** The agenda digest's material block (views/material.ts); absent on other reminders. */
  hasMaterial?: boolean;
  /** The call for items' "Foreslå punkt" form (views/agenda-edit.ts); absent on other reminders. */
  hasPropose?: boolean;
}

export interface ReminderView {
  data: ReminderCardData;
  /** Entities for `msteams.entities` (Teams notifies the @mentioned people). */
  mentions: MentionEntity[];
  /** One line for notifications (activity summary). */
  summary: string;
}

export interface ReminderViewInput {
  locale: Locale;
  group: Group;
  reminder: Pick<Reminder, 'kind' | 'dueAt' | 'late' | 'ref'>;
  meeting: Meeting | null;
  audience: 'group' | 'meeting-chat' | 'personal';
  /** Personal: the person addressed; group nudges: the people to mention. */
  people: Person[];
  now: Date;
  actions: ActionPoint[];
  rounds: VoteRound[];
  /** Vote counts per round id (computed against the roster by the caller). */
  counts: Record<string, { eligible: number; voted: number; missing: number }>;
}

/** Which reminder text a meeting reminder gets: far ahead a call for items, close an agenda digest, hours a short notice. */
export function meetingReminderMode(kind: string): 'call' | 'agenda' | 'short' | null {
  const m = /^T-(\d+)([dh])$/.exec(kind);
  if (!m) return null;
  if (m[2] === 'h') return 'short';
  return Number(m[1]) >= 5 ? 'call' : 'agenda';
}

export function reminderView(input: ReminderViewInput): ReminderView {
  const { locale, group, reminder: r, meeting } = input;
  const zone = group.timezone || DEFAULT_ZONE;
  const today = instantToLocal(input.now, zone).date;
  const base: ReminderCardData = {
    title: '',
    subtitle: clip(group.name, 120),
    intro: '',
    facts: [],
    sections: [],
    late: r.late ? t(locale, 'reminders.late', { when: formatWhen(r.dueAt, zone, locale) }) : '',
    footer: '',
    joinUrl: '',
    joinLabel: t(locale, 'reminders.join'),
  };
  let mentions: MentionEntity[] = [];

  if (r.kind === 'nudge-vote') {
    const round = input.rounds.find((v) => v.id === r.ref);
    const deadline = round ? deadlineWhen(round.deadline, zone, locale) : '—';
    const c = (round && input.counts[round.id]) || { eligible: 0, voted: 0, missing: 0 };
    base.title = t(locale, 'reminders.nudgeVote.title', { round: r.ref ?? '' });
    if (input.audience === 'personal') {
      base.intro = t(locale, 'reminders.nudgeVote.personal', { name: clip(input.people[0]?.name ?? '', 80), group: clip(group.name, 120), deadline });
    } else {
      const m = mentionsOf(input.people);
      mentions = m.entities;
      base.intro = t(locale, 'reminders.nudgeVote.group', { mentions: m.text, deadline });
    }
    base.footer = t(locale, 'reminders.nudgeVote.how', { voted: c.voted, eligible: c.eligible });
    return { data: base, mentions, summary: base.title };
  }

  if (r.kind === 'nudge-action') {
    const a = input.actions.find((x) => x.id === r.ref);
    const due = a?.due ? formatDanishDate(a.due, locale) : '';
    const dueText = !a?.due ? t(locale, 'reminders.nudgeAction.noDue') : a.due < today ? t(locale, 'reminders.nudgeAction.overdue', { due }) : t(locale, 'reminders.nudgeAction.soon', { due });
    const text = clip(a?.text ?? '', 200);
    base.title = t(locale, 'reminders.nudgeAction.title', { id: r.ref ?? '' });
    if (input.audience === 'personal') {
      base.intro = t(locale, 'reminders.nudgeAction.personal', { name: clip(input.people[0]?.name ?? a?.owner.name ?? '', 80), text, group: clip(group.name, 120), dueText });
    } else {
      const people = input.people.length ? input.people : a ? [{ name: a.owner.name, aadObjectId: null, teamsId: null }] : [];
      const m = mentionsOf(people);
      mentions = m.entities;
      base.intro = t(locale, 'reminders.nudgeAction.group', { mentions: m.text, text, dueText });
    }
    if (meeting) base.footer = t(locale, 'reminders.nudgeAction.how', { when: formatLongDate(meeting.date, locale) });
    return { data: base, mentions, summary: base.title };
  }

  // Meeting reminders.
  if (!meeting) throw new RangeError(`reminder ${r.kind} without its meeting`);
  const label = meetingLabel(meeting, locale);
  const when = meetingWhen(meeting, locale);
  const mode = meetingReminderMode(r.kind) ?? 'agenda';
  base.footer = t(locale, 'reminders.footer');
  base.joinUrl = safeJoinUrl(meeting.joinUrl);
  if (mode === 'call') {
    const chair = group.roster.filter((m) => m.role === 'chair').map((m) => m.name).join(', ') || '—';
    base.title = t(locale, 'reminders.call.title', { lead: capitalise(leadTime(locale, { now: input.now, meeting, zone, short: false })), meeting: label });
    base.intro = t(locale, 'reminders.call.intro', { group: clip(group.name, 120), when, chair: clip(chair, 120) });
    base.facts = placeFacts(meeting, locale);
    Object.assign(base, { hasPropose: true, propose: proposeFormView(locale, group, meeting) });
  } else if (mode === 'agenda') {
    base.title = t(locale, 'reminders.agenda.title', { lead: capitalise(leadTime(locale, { now: input.now, meeting, zone, short: false })), meeting: label });
    base.intro = t(locale, 'reminders.agenda.intro', { group: clip(group.name, 120), when });
    base.facts = placeFacts(meeting, locale);
    const sorted = [...input.actions].sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.id.localeCompare(b.id, 'da', { numeric: true }));
    const overdue = sorted.filter((a) => a.due && a.due < today).length;
    base.sections = [
      { title: t(locale, 'reminders.section.agenda'), empty: t(locale, 'reminders.section.agendaEmpty'), lines: capped(meeting.items.map((i) => ({ text: itemLine(i, locale), color: 'default' as const })), locale) },
      {
        title: t(locale, 'reminders.section.actions', { open: sorted.length, overdue }),
        empty: t(locale, 'reminders.section.actionsEmpty'),
        lines: capped(sorted.map((a) => actionLine(a, today, locale)), locale),
      },
      {
        title: t(locale, 'reminders.section.vote'),
        empty: t(locale, 'reminders.section.voteEmpty'),
        lines: input.rounds.map((v) => {
          const c = input.counts[v.id] ?? { eligible: 0, voted: 0, missing: 0 };
          return { text: t(locale, 'reminders.vote.line', { deadline: deadlineWhen(v.deadline, zone, locale, 'til'), ...c }), color: 'default' as const };
        }),
      },
    ];
    Object.assign(base, meetingMaterialView(locale, meeting));
    base.sections.push(...standingStatusSections(locale, group, meeting));
  } else {
    const place = meeting.location?.trim() ? clip(meeting.location.trim(), 200) : '';
    const join = base.joinUrl;
    base.title = t(locale, 'reminders.short.title', { lead: leadTime(locale, { now: input.now, meeting, zone, short: true }), start: clockTime(meeting.start, locale), meeting: label });
    const key = join && place ? 'introJoinPlace' : join ? 'introJoin' : place ? 'introPlace' : 'introNone';
    base.intro = t(locale, `reminders.short.${key}`, { start: clockTime(meeting.start, locale), place });
    base.footer = '';
  }
  return { data: base, mentions, summary: base.title };
}

// ------------------------------------------------------------------------------------------------

export interface PlanRow {
  label: string;
  when: string;
  status: string;
  color: 'default' | 'good' | 'attention' | 'accent';
}

export function reminderPlanView(input: { locale: Locale; group: Group; meeting: Meeting; reminders: Reminder[] }) {
  const { locale, group, meeting } = input;
  const zone = group.timezone || DEFAULT_ZONE;
  const rows: PlanRow[] = input.reminders.map((r) => ({
    label: kindLabel(r.kind, locale),
    when: formatWhen(r.dueAt, zone, locale),
    status: statusLabel(r, locale),
    color: r.status === 'sent' ? 'good' : r.status === 'failed' || r.status === 'uncertain' || r.status === 'expired' ? 'attention' : r.status === 'planned' ? 'accent' : 'default',
  }));
  return {
    title: t(locale, 'reminders.plan.title', { meeting: meetingLabel(meeting, locale) }),
    subtitle: t(locale, 'reminders.plan.subtitle', { group: clip(group.name, 120), when: meetingWhen(meeting, locale) }),
    facts: [{ title: t(locale, 'reminders.plan.offsets'), value: offsetsText(group.reminderOffsets, locale) }],
    rows: rows.slice(0, 20),
    empty: t(locale, 'reminders.plan.empty'),
    hint: t(locale, 'reminders.plan.hint'),
  };
}

// ------------------------------------------------------------------------------------------------

export function meetingStartView(input: { locale: Locale; group: Group; meeting: Meeting }) {
  const { locale, group, meeting } = input;
  const place = meeting.location?.trim() ? clip(meeting.location.trim(), 200) : '';
  return {
    title: t(locale, 'reminders.start.title', { meeting: meetingLabel(meeting, locale) }),
    subtitle: t(locale, 'reminders.start.subtitle', { group: clip(group.name, 120), when: meetingWhen(meeting, locale) }),
    facts: place ? [{ title: t(locale, 'reminders.fact.place'), value: place }] : [],
    agendaTitle: t(locale, 'reminders.start.agenda'),
    items: itemRows(meeting.items, locale),
    empty: t(locale, 'reminders.start.empty'),
    hint: t(locale, 'reminders.start.hint'),
  };
}

export function meetingEndView(input: { locale: Locale; group: Group; meeting: Meeting; newActions: ActionPoint[] }) {
  const { locale, group, meeting } = input;
  const decided = meeting.items.filter((i) => i.outcome);
  const open = meeting.items.filter((i) => !i.outcome);
  const outcome = (o: string) => t(locale, `reminders.outcome.${o}`);
  const today = '0000-00-00'; // nothing is overdue in a summary of what was just agreed
  const sections: Section[] = [
    {
      title: t(locale, 'reminders.end.decisions', { n: decided.length }),
      empty: t(locale, 'reminders.end.decisionsEmpty'),
      lines: capped(
        decided.map((i) => ({
          text: i.decision?.trim()
            ? t(locale, 'reminders.end.decisionText', { number: i.number, title: clip(i.title, 100), outcome: outcome(i.outcome!), decision: clip(i.decision.trim(), 200) })
            : t(locale, 'reminders.end.decision', { number: i.number, title: clip(i.title, 100), outcome: outcome(i.outcome!) }),
          color: 'default' as const,
        })),
        locale,
      ),
    },
    {
      title: t(locale, 'reminders.end.actions', { n: input.newActions.length }),
      empty: t(locale, 'reminders.end.actionsEmpty'),
      lines: capped(input.newActions.map((a) => actionLine(a, today, locale)), locale),
    },
    {
      title: t(locale, 'reminders.end.open', { n: open.length }),
      empty: t(locale, 'reminders.end.openEmpty'),
      lines: capped(open.map((i) => ({ text: itemLine(i, locale), color: 'default' as const })), locale),
    },
  ];
  return {
    title: t(locale, 'reminders.end.title', { meeting: meetingLabel(meeting, locale) }),
    subtitle: t(locale, 'reminders.end.subtitle', { group: clip(group.name, 120), when: meetingWhen(meeting, locale) }),
    sections,
    footer: t(locale, 'reminders.end.minutes', { number: meeting.number }),
  };
}
