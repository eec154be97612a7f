/**
 * Pure view models (domain → template data) for the meeting cards: agenda overview, agenda item
 * (with the decision and action-point inputs), meetings list, attendance, import preview and the
 * group picker. Templates: cards/agenda-overview.json, agenda-item.json, meetings.json,
 * attendance.json, agenda-preview.json, pick-group.json.
 */
import { itemKey } from '../../domain/agenda-edit.js';
import { exampleParams } from '../../i18n/examples.js';
import { plural } from '../../i18n/plural.js';
import type { ActionPoint, AgendaItem, Group, Locale, Meeting, Outcome, Vendor } from '../../domain/model.js';
import { clockRange, clockTime, formatDanishDate, formatLongDate, instantToLocal } from '../../domain/dates.js';
import type { ParsedAgenda } from '../../domain/agenda.js';
import type { ImportPlan } from '../../domain/import-plan.js';
import { registerMessages, t } from '../../i18n/index.js';
import messages from '../../i18n/messages/meetings.js';
import { itemStatusSection } from './status.js';
import { itemFollowUpSection } from './follow-up.js';
import { vendorItemBlock } from './vendors.js';
import { isVendorItemTitle } from '../../domain/vendors.js';
import { itemMaterialView } from './material.js';
import { overviewActionsView } from './agenda-edit.js';

registerMessages(messages);

const OUTCOME_COLOR: Record<Outcome, string> = { approved: 'good', rejected: 'attention', noted: 'accent', discussed: 'accent', postponed: 'warning' };
/** Long sections are cut so one card stays well inside Teams' size budget (28 KB). */
export const MAX_SECTION_CHARS = 2500;
const MAX_OWNER_CHOICES = 100;

const cut = (s: string, max = MAX_SECTION_CHARS): string => (s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s);

export function whenText(locale: Locale, m: Pick<Meeting, 'date' | 'start' | 'end'>): string {
  return t(locale, 'meeting.when', { date: formatLongDate(m.date, locale), start: clockTime(m.start, locale), end: clockTime(m.end, locale) });
}

/** An instant as the group reads it: "16. juni 2025 kl. 13.05" / "16 June 2025 at 13:05". */
export function instantText(locale: Locale, iso: string, zone: string): string {
  const { date, time } = instantToLocal(iso, zone);
  return `${formatDanishDate(date, locale)} ${locale === 'en' ? 'at' : 'kl.'} ${clockTime(time, locale)}`;
}

export const outcomeLabel = (locale: Locale, o: Outcome | null): string => t(locale, o ? `outcome.${o}` : 'outcome.none');

const actionData = (group: Group, meeting: Meeting, item: AgendaItem) => ({ groupId: group.id, meeting: meeting.number, item: item.number });

/** The agenda item card: the same card for everyone (the shared message); saving is checked per clicker. */
/** `vendors`: the group's GP-system vendors, shown as a table on the vendors' standing item (src/cards/views/vendors.ts). */
/** `actions`: the action points, listed as "Opfølgning" on the first item (src/cards/views/follow-up.ts). */
export function agendaItemView(
  locale: Locale,
  group: Group,
  meeting: Meeting,
  item: AgendaItem,
  vendors: readonly Vendor[] = [],
  actions: readonly ActionPoint[] = [],
) {
  const L = (k: string, p?: Record<string, string | number>) => t(locale, k, p);
  const sections = (['background', 'proposal', 'nextSteps'] as const)
    .filter((k) => item[k])
    .map((k) => ({ id: `section-${k}`, toggle: L(`item.toggle.${k}`), heading: L(`item.${k}`), text: cut(item[k]!) }));
  const locked = meeting.minutes.status === 'approved';
  const cancelled = meeting.status === 'cancelled';
  const decided = item.outcome !== null;
  const data = actionData(group, meeting, item);
  const owners = group.roster
    .filter((m) => m.aadObjectId || m.teamsId)
    .slice(0, MAX_OWNER_CHOICES)
    .map((m) => ({ title: m.organisation ? `${m.name} (${m.organisation})` : m.name, value: (m.aadObjectId ?? m.teamsId)! }));
  return {
    title: L('item.title', { number: item.number, title: item.title }),
    subtitle: [item.presenter ? L('item.presenter', { name: item.presenter }) : null, L('item.meeting', { meeting: meeting.number, date: formatDanishDate(meeting.date, locale) })].filter(Boolean).join(' · '),
    carried: item.carriedFrom ? L('item.carried', { number: item.carriedFrom }) : '',
    // The decision button names the item by title too: a click on a card older than a move or delete changes nothing.
    key: itemKey(item.title),
    annexesLabel: L('item.annexes'),
    // The annexes are listed as material (with their links, or marked missing): src/cards/views/material.ts.
    annexes: [] as string[],
    ...itemMaterialView(locale, item),
    ...itemFollowUpSection(locale, group, meeting, item, actions),
    ...itemStatusSection(locale, group, item),
    ...vendorItemBlock(
      locale,
      isVendorItemTitle(item.title),
      vendors.filter((v) => v.groupId === group.id).sort((a, b) => a.name.localeCompare(b.name, 'da')),
      meeting.date,
    ),
    recommendationLabel: L('item.recommendation'),
    recommendationLead: L('item.recommendation.lead'),
    recommendation: item.recommendation.map((r) => `• ${cut(r, 600)}`),
    sections,
    decided,
    decision: {
      label: L('item.decision'),
      outcome: outcomeLabel(locale, item.outcome),
      color: item.outcome ? OUTCOME_COLOR[item.outcome] : 'default',
      text: item.decision ?? '',
      by: decided ? L('item.decision.by', { name: item.byName ?? item.by ?? '?', when: item.at ? instantText(locale, item.at, group.timezone) : '' }) : '',
    },
    notice: locked ? L('item.locked') : cancelled ? L('item.cancelled') : '',
    canDecide: !locked && !cancelled,
    decide: {
      title: decided ? L('item.decide.change') : L('item.decide.title'),
      hint: L('item.decide.hint'),
      outcomeLabel: L('item.decide.outcome'),
      outcomeError: L('item.decide.outcome.error'),
      outcome: item.outcome ?? '',
      outcomes: (['approved', 'rejected', 'noted', 'discussed', 'postponed'] as const satisfies readonly Outcome[]).map((o) => ({ title: outcomeLabel(locale, o), value: o })),
      textLabel: L('item.decide.text'),
      placeholder: L('item.decide.placeholder'),
      text: item.decision ?? '',
      save: L('item.decide.save'),
    },
    canAct: !cancelled && owners.length > 0,
    action: {
      title: L('item.action.title'),
      textLabel: L('item.action.text'),
      textError: L('item.action.text.error'),
      ownerLabel: L('item.action.owner'),
      ownerError: L('item.action.owner.error'),
      owners,
      dueLabel: L('item.action.due'),
      save: L('item.action.save'),
    },
    data,
  };
}

export function agendaOverviewView(locale: Locale, group: Group, meeting: Meeting) {
  const L = (k: string, p?: Record<string, string | number>) => t(locale, k, p);
  const present = meeting.attendance.filter((a) => a.present).length;
  const absent = meeting.attendance.length - present;
  const facts = [
    { title: L('overview.fact.date'), value: formatLongDate(meeting.date, locale) },
    { title: L('overview.fact.time'), value: clockRange(meeting.start, meeting.end, locale) },
    ...(meeting.location ? [{ title: L('overview.fact.location'), value: meeting.location }] : []),
    ...(meeting.participants.length ? [{ title: L('overview.fact.participants'), value: cut(meeting.participants.map((p) => p.name).join(', '), 1500) }] : []),
    ...(meeting.attendance.length ? [{ title: L('overview.fact.attendance'), value: L('overview.attendance', { present, absent }) }] : []),
    ...(meeting.status !== 'planned' ? [{ title: L('overview.fact.status'), value: L(`mstatus.${meeting.status}`) }] : []),
  ];
  const decided = meeting.items.filter((i) => i.outcome !== null).length;
  return {
    title: L('overview.title', { title: meeting.title }),
    subtitle: group.name,
    facts,
    itemsLabel: L('overview.items'),
    items: meeting.items.map((i) => ({
      number: `${i.number}.`,
      title: i.title,
      presenter: i.presenter ? L('item.presenter', { name: i.presenter }) : '',
      outcome: i.outcome ? outcomeLabel(locale, i.outcome) : '–',
      color: i.outcome ? OUTCOME_COLOR[i.outcome] : 'default',
    })),
    decided: L('overview.decided', { count: decided, total: plural(locale, meeting.items.length, 'item') }),
    hint: L('overview.hint'),
    // "Foreslå punkt", "Redigér dagsorden", "Udsend dagsorden": src/cards/views/agenda-edit.ts.
    ...overviewActionsView(locale, group, meeting),
  };
}

/** `today` (the group's local date) dates the example in the empty state. */
export function meetingsView(locale: Locale, group: Group, meetings: Meeting[], today: string) {
  const L = (k: string, p?: Record<string, string | number>) => t(locale, k, p);
  return {
    title: L('meetings.title', { group: group.name }),
    subtitle: L('meetings.subtitle', { meetings: plural(locale, meetings.filter((m) => m.status === 'planned').length, 'upcomingMeeting') }),
    empty: meetings.length ? '' : L('meetings.empty', exampleParams(today)),
    meetings: meetings.map((m) => ({
      heading: `${m.number}. ${m.title.replace(/^\d+\.\s*/, '')}`,
      when: [whenText(locale, m), m.location].filter(Boolean).join(' · '),
      status: `${L(`mstatus.${m.status}`)} · ${L('meetings.items', { items: plural(locale, m.items.length, 'item'), decisions: plural(locale, m.items.filter((i) => i.outcome).length, 'decision') })}`,
      color: m.status === 'cancelled' ? 'attention' : m.status === 'held' ? 'default' : 'good',
    })),
    hasMeetings: meetings.length > 0,
    // lang: the calendar card answers in the language this card was written in.
    ics: { title: L('meetings.ics'), groupId: group.id, lang: locale },
    hint: L('meetings.hint'),
  };
}

export function attendanceView(locale: Locale, group: Group, meeting: Meeting) {
  const L = (k: string, p?: Record<string, string | number>) => t(locale, k, p);
  // "Bent Lund (PLO)": the organisation from the roster, where recorded.
  const withOrg = (a: { name: string; aadObjectId: string | null }) => {
    const m = group.roster.find((r) => (a.aadObjectId && r.aadObjectId ? r.aadObjectId === a.aadObjectId : r.name.toLowerCase() === a.name.toLowerCase()));
    return m?.organisation ? `${a.name} (${m.organisation})` : a.name;
  };
  const present = meeting.attendance.filter((a) => a.present).map(withOrg);
  const absent = meeting.attendance.filter((a) => !a.present).map(withOrg);
  const known = (m: { name: string; aadObjectId: string | null }) =>
    meeting.attendance.some((a) => (a.aadObjectId && m.aadObjectId ? a.aadObjectId === m.aadObjectId : a.name.toLowerCase() === m.name.toLowerCase()));
  const unknown = group.roster.filter((m) => m.role !== 'observer' && !known(m)).map(withOrg);
  const list = (names: string[]) => (names.length ? names.sort((a, b) => a.localeCompare(b, 'da')).join(', ') : L('attendance.none'));
  return {
    title: L('attendance.title', { number: meeting.number }),
    subtitle: L('attendance.subtitle', { date: formatDanishDate(meeting.date, locale), present: present.length, absent: absent.length, unknown: unknown.length }),
    groups: [
      { label: `${L('attendance.present')} (${present.length})`, names: list(present), color: 'good' },
      { label: `${L('attendance.absent')} (${absent.length})`, names: list(absent), color: 'warning' },
      { label: `${L('attendance.unknown')} (${unknown.length})`, names: list(unknown), color: 'default' },
    ],
    hint: L('attendance.hint', { number: meeting.number }),
  };
}

export interface PreviewInput {
  pendingId: string;
  filename: string;
  groupName: string;
  agenda: ParsedAgenda;
  /** The plan, or the refusal text when the import cannot go ahead. */
  plan: ImportPlan | null;
  blocked: string | null;
}

export function agendaPreviewView(locale: Locale, input: PreviewInput) {
  const L = (k: string, p?: Record<string, string | number>) => t(locale, k, p);
  const a = input.agenda;
  const p = input.plan;
  const when = (x: { date: string; start: string | null; end: string | null }) =>
    x.start && x.end ? whenText(locale, { date: x.date, start: x.start, end: x.end }) : formatLongDate(x.date, locale);
  const facts = [
    { title: L('preview.file'), value: input.filename },
    { title: L('preview.group'), value: input.groupName },
    ...(a.title ? [{ title: L('preview.meeting'), value: a.title }] : []),
    ...(a.date ? [{ title: L('overview.fact.date'), value: when({ date: a.date, start: p?.target.start ?? a.start, end: p?.target.end ?? a.end }) }] : []),
    ...(a.location ? [{ title: L('overview.fact.location'), value: a.location }] : []),
    ...(a.participants.length ? [{ title: L('overview.fact.participants'), value: L('preview.participants', { participants: plural(locale, a.participants.length, 'participant') }) }] : []),
  ];
  const MAX_WARNINGS = 15;
  const warnings = a.warnings.slice(0, MAX_WARNINGS).map((w) => `• ${cut(w, 300)}`);
  if (a.warnings.length > MAX_WARNINGS) warnings.push(`… (+${a.warnings.length - MAX_WARNINGS})`);
  return {
    title: L('preview.title'),
    facts,
    target: p ? L(p.target.existing ? 'preview.target.fill' : 'preview.target.new', { number: p.target.number }) : '',
    renumbered: p?.renumbered ? L('preview.renumbered', p.renumbered) : '',
    itemsLabel: L('preview.items', { count: a.items.length }),
    items: a.items.slice(0, 60).map((i) => `${i.number}. ${cut(i.title, 200)}${i.presenter ? ` (${L('item.presenter', { name: i.presenter })})` : ''}`),
    proposalsLabel: L('preview.proposals'),
    proposals: (p?.proposals ?? []).map((x) => L(x.existing ? 'preview.proposal.existing' : 'preview.proposal.new', { when: when(x), number: x.number })),
    warningsLabel: L('preview.warnings', { count: a.warnings.length }),
    warnings,
    noWarnings: a.warnings.length ? '' : L('preview.nowarnings'),
    blockedLabel: L('preview.blocked'),
    blocked: input.blocked ?? '',
    canImport: !input.blocked,
    confirm: L('preview.import'),
    cancel: L('preview.cancel'),
    pending: input.pendingId,
  };
}

export function pickGroupView(locale: Locale, input: { pendingId: string; filename: string; groups: Group[] }) {
  const L = (k: string, p?: Record<string, string | number>) => t(locale, k, p);
  return {
    title: L('pick.title'),
    text: L('pick.text', { filename: input.filename }),
    label: L('pick.label'),
    error: L('pick.error'),
    groups: input.groups.map((g) => ({ title: g.name, value: g.id })),
    next: L('pick.next'),
    cancel: L('preview.cancel'),
    pending: input.pendingId,
  };
}
