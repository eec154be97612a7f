/**
 * Pure view models for status reports on standing items: the request card (cards/status-request.json:
 * the form, or after submitting the "Tak – status modtaget" receipt with an edit button), the
 * chair's "presenter missing" notice (cards/reminder.json), the item card's Status section and
 * the T-2d reminder's list of statuses. Domain + i18n only.
 */
import { clockTime, formatDanishDate, formatLongDate, instantToLocal, DEFAULT_ZONE } from '../../domain/dates.js';
import type { AgendaItem, Group, ItemStatus, Locale, Meeting, Member, Person, Rating } from '../../domain/model.js';
import { presenterOf, resolvePresenter, standingStatusItems } from '../../domain/standing-status.js';
import { RATINGS } from '../../domain/model.js';
import { registerMessages, t } from '../../i18n/index.js';
import messages from '../../i18n/messages/status.js';

registerMessages(messages);

export const STATUS_COLOR: Record<Rating, 'good' | 'warning' | 'attention'> = { green: 'good', yellow: 'warning', red: 'attention' };

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export const ratingLabel = (locale: Locale, r: Rating): string => t(locale, `status.rating.${r}`);

/** "20. marts 2026 kl. 9.12" / "20 March 2026 at 09:12". */
function instantText(locale: Locale, iso: string, zone: string): string {
  const { date, time } = instantToLocal(iso, zone);
  return `${formatDanishDate(date, locale)} ${locale === 'en' ? 'at' : 'kl.'} ${clockTime(time, locale)}`;
}

const meetingName = (m: Pick<Meeting, 'number'>, locale: Locale) => (locale === 'en' ? `meeting ${m.number}` : `${m.number}. møde`);

export interface StatusMention {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

function mention(p: Person): { text: string; entity: StatusMention | null } {
  const id = p.teamsId || p.aadObjectId;
  const name = clip(p.name.replace(/[<>]/g, ''), 80);
  if (!id) return { text: name, entity: null };
  const text = `<at>${name}</at>`;
  return { text, entity: { type: 'mention', text, mentioned: { id, name } } };
}

/** Links as buttons: the host and the start of the path, never the whole (long) URL. */
const linkButtons = (links: readonly string[] | undefined) =>
  (links ?? []).slice(0, 5).map((url) => ({ title: clip(url.replace(/^https:\/\//, ''), 40), url }));

/** The receipt part of a status: label, coloured rating, summary, points, links, who and when. */
export function statusReceipt(locale: Locale, s: ItemStatus, zone: string) {
  return {
    label: t(locale, 'status.label'),
    rating: ratingLabel(locale, s.rating),
    color: STATUS_COLOR[s.rating],
    summary: s.summary,
    pointsLabel: t(locale, 'status.receipt.points'),
    points: (s.points ?? []).map((p) => `• ${p}`),
    hasPoints: (s.points ?? []).length > 0,
    links: linkButtons(s.links),
    hasLinks: (s.links ?? []).length > 0,
    by: t(locale, 'status.receipt.by', { name: clip(s.byName, 80), when: instantText(locale, s.at, zone) }),
  };
}

/** The agenda item card's Status section (a guarded `hasStatus` block in cards/agenda-item.json). */
export function itemStatusSection(locale: Locale, group: Pick<Group, 'timezone'>, item: Pick<AgendaItem, 'status'>) {
  // No status: no keys at all, so the card data of items without one stays as it was (the template's $when is false).
  return item.status ? { hasStatus: true, status: statusReceipt(locale, item.status, group.timezone || DEFAULT_ZONE) } : {};
}

export interface StatusCardInput {
  locale: Locale;
  group: Group;
  meeting: Meeting;
  item: AgendaItem;
  /** request/nudge: sent by the reminder; manual: asked for with `status 2.3` or a submit's answer. */
  mode: 'request' | 'nudge' | 'manual';
  audience: 'personal' | 'group';
  /** The reminder's due time when it went out late, else null. */
  lateSince?: string | null;
}

/** The status request card: the form until a status is in, then the receipt with "Ret status". */
export function statusCardView(input: StatusCardInput) {
  const { locale, group, meeting, item } = input;
  const zone = group.timezone || DEFAULT_ZONE;
  const L = (k: string, p?: Record<string, string | number>) => t(locale, k, p);
  const presenter: Member | null = presenterOf(resolvePresenter(item, group.roster));
  const title = clip(item.title, 140);
  const when = formatLongDate(meeting.date, locale);
  const m = presenter ? mention(presenter) : null;
  const params = { number: item.number, title, when, name: clip(presenter?.name ?? '', 80), mention: m?.text ?? '' };
  let intro: string;
  if (input.mode === 'manual' || !presenter) intro = L('status.card.manual', { ...params, presenter: presenter?.name ?? item.presenter ?? L('status.card.noPresenter') });
  else if (input.mode === 'nudge') intro = L(input.audience === 'personal' ? 'status.card.nudgePersonal' : 'status.card.nudgeGroup', params);
  else intro = L(input.audience === 'personal' ? 'status.card.personal' : 'status.card.group', params);
  const locked = meeting.minutes.status === 'approved' ? L('status.locked') : meeting.status === 'cancelled' ? L('status.cancelled') : '';
  const s = item.status ?? null;
  const data = {
    title: L('status.card.title', { meeting: meetingName(meeting, locale), number: item.number }),
    subtitle: L('status.card.subtitle', { group: clip(group.name, 120), when }),
    itemTitle: L('status.card.item', { number: item.number, title }),
    intro,
    late: input.lateSince ? L('status.card.late', { when: instantText(locale, input.lateSince, zone) }) : '',
    submitted: !!s,
    receiptTitle: L('status.receipt.title'),
    receipt: s ? statusReceipt(locale, s, zone) : null,
    showForm: !s && !locked,
    canEdit: !!s && !locked,
    notice: locked,
    form: {
      ratingLabel: L('status.form.rating'),
      ratingError: L('status.form.ratingError'),
      ratings: RATINGS.map((r) => ({ title: ratingLabel(locale, r), value: r })),
      rating: s?.rating ?? '',
      summaryLabel: L('status.form.summary'),
      summaryPlaceholder: L('status.form.summaryPlaceholder'),
      summaryError: L('status.form.summaryError'),
      summary: s?.summary ?? '',
      pointsLabel: L('status.form.points'),
      pointsPlaceholder: L('status.form.pointsPlaceholder'),
      points: (s?.points ?? []).join('\n'),
      linksLabel: L('status.form.links'),
      linksPlaceholder: L('status.form.linksPlaceholder'),
      links: (s?.links ?? []).join('\n'),
      submit: L('status.form.submit'),
      edit: L('status.form.edit'),
    },
    data: { groupId: group.id, meeting: meeting.number, item: item.number },
  };
  const mentions = input.audience === 'group' && input.mode !== 'manual' && m?.entity ? [m.entity] : [];
  return { data, mentions, summary: `${data.title}: ${title}` };
}

/** The chair's notice (cards/reminder.json): standing items that have nobody to ask, and why. */
export function missingPresenterView(
  locale: Locale,
  group: Group,
  meeting: Meeting,
  unassigned: { item: AgendaItem; candidates: Member[] }[],
  chairs: Person[],
  nudge = false,
) {
  const L = (k: string, p?: Record<string, string | number>) => t(locale, k, p);
  const parts = chairs.map(mention);
  const lines = unassigned.map(({ item, candidates }) => {
    const p = { number: item.number, title: clip(item.title, 120), presenter: clip(item.presenter ?? '', 80), names: candidates.map((c) => c.name).join(', ') };
    const key = candidates.length ? 'status.chair.ambiguous' : item.presenter?.trim() ? 'status.chair.unknown' : 'status.chair.none';
    return { text: L(key, p), color: 'attention' as const };
  });
  const first = unassigned[0]?.item.number ?? 1;
  const data = {
    title: L(nudge ? 'status.chair.nudgeTitle' : 'status.chair.title', { meeting: meetingName(meeting, locale) }),
    subtitle: clip(group.name, 120),
    intro: L('status.chair.intro', { mention: parts.map((x) => x.text).join(', '), example: `${meeting.number}.${first}` }),
    facts: [] as { title: string; value: string }[],
    sections: [{ title: L('status.chair.section'), empty: '', lines }],
    late: '',
    footer: '',
    joinUrl: '',
    joinLabel: '',
  };
  return { data, mentions: parts.flatMap((x) => (x.entity ? [x.entity] : [])), summary: data.title };
}

/**
 * The T-2d reminder's section: each standing item's status (rating – summary) or "mangler" with
 * its presenter. No section when the meeting has no standing items.
 */
export function standingStatusSections(locale: Locale, group: Group, meeting: Meeting) {
  const items = standingStatusItems(meeting, group.standingItems);
  if (!items.length) return [];
  const lines = items.map((i) => {
    const title = clip(i.title, 100);
    if (i.status)
      return {
        text: t(locale, 'status.section.line', { number: i.number, title, rating: ratingLabel(locale, i.status.rating), summary: clip(i.status.summary, 160) }),
        color: STATUS_COLOR[i.status.rating],
      };
    const who = presenterOf(resolvePresenter(i, group.roster))?.name ?? i.presenter ?? null;
    return {
      text: t(locale, 'status.section.missing', { number: i.number, title, presenter: who ? t(locale, 'status.section.missingBy', { name: clip(who, 60) }) : '' }),
      color: 'default' as const,
    };
  });
  const received = items.filter((i) => i.status).length;
  return [{ title: t(locale, 'status.section.title', { received, total: items.length }), empty: '', lines }];
}
