import type { ActionPoint, Db, Escalation, Group, Locale, Meeting, Rating, RatingHistoryEntry, Risk } from '../domain/model.js';
import { compareRatings } from '../domain/votes.js';
import { minutesLabels, TREND_SYMBOL, type Trend } from './minutes-labels.js';
import { byId, dateText, instantText, localDate, nameOf, ratingText, tallyText } from './minutes-format.js';
import type { MinutesAction, MinutesEscalation, MinutesRisk } from './minutes-view.js';

/** The sections after the agenda: risk assessment, follow-up and escalations. */

export interface SectionContext {
  db: Readonly<Db>;
  group: Group;
  meeting: Meeting;
  /** Date of the nearest earlier (not cancelled) meeting, null for the first. */
  previousDate: string | null;
  /** Date of the next meeting, null when none is planned. */
  nextDate: string | null;
  locale: Locale;
}

/** An entry settled before this meeting: by meeting number where known, else by date. */
function isBefore(e: RatingHistoryEntry, m: Meeting): boolean {
  return e.meeting != null ? e.meeting < m.number : e.date.slice(0, 10) < m.date;
}

function trendOf(rating: Rating | null, previous: Rating | null): Trend {
  if (!rating) return 'unrated';
  if (!previous) return 'new';
  return compareRatings(previous, rating);
}

export function riskRows(ctx: SectionContext): MinutesRisk[] {
  const { group, meeting: m, locale } = ctx;
  const l = minutesLabels(locale);
  const rows: MinutesRisk[] = [];
  for (const r of ctx.db.risks
    .filter((x) => x.groupId === group.id)
    .slice()
    .sort(byId)) {
    // Last entry wins: a re-vote at the same meeting replaces the first result.
    const settled = [...r.history].reverse().find((e) => e.meeting === m.number) ?? null;
    // A risk retired since still belongs in the minutes of a meeting that rated it; a risk
    // created after the meeting does not belong in them at all.
    if (!settled && (r.status !== 'open' || localDate(r.createdAt, group.timezone) > m.date)) continue;
    const rating = settled ? settled.rating : r.rating;
    const previous = [...r.history].reverse().find((e) => e !== settled && isBefore(e, m))?.rating ?? null;
    const trend = trendOf(rating, previous);
    const moved = trend === 'worse' || trend === 'better';
    const trendText = [TREND_SYMBOL[trend], l.trendWord[trend], moved ? `(${l.from} ${ratingText(previous, locale)})` : '']
      .filter(Boolean)
      .join(' ');
    const tally = settled?.tally ?? null;
    const disagreement = settled?.disagreement ?? false;
    const votes = tallyText(tally, locale);
    rows.push({
      id: r.id,
      category: r.category,
      title: r.title,
      owner: r.owner?.name ?? null,
      rating,
      ratingText: ratingText(rating, locale),
      source: settled ? 'meeting' : 'current',
      previousRating: previous,
      trend,
      trendText,
      disagreement,
      tally,
      votesText: votes ? (disagreement ? `${votes} — ${l.disagreement}` : votes) : null,
      correctiveActions: r.correctiveActions.filter((a) => a.trim()),
    });
  }
  return rows;
}

function actionRow(a: ActionPoint, meetingNumber: number, locale: Locale): MinutesAction {
  const l = minutesLabels(locale);
  const s = a.source;
  // Only an agenda item or a risk tells the reader something; "from the chat" does not. An
  // item of an earlier meeting needs that meeting named, or "punkt 4" points at the wrong one.
  const earlier = s.meeting != null && s.meeting !== meetingNumber ? `${l.meeting(s.meeting)}, ` : '';
  const sourceText = s.item != null ? `${earlier}${l.sourceItem(s.item)}` : s.risk ? l.sourceRisk(s.risk) : null;
  return {
    id: a.id,
    text: a.text,
    owner: a.owner.name,
    due: a.due,
    dueText: a.due ? dateText(a.due, locale) : l.noDue,
    status: a.status,
    statusLabel: l.actionStatus[a.status],
    sourceText,
  };
}

const byDue = (a: ActionPoint, b: ActionPoint) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || byId(a, b);

/**
 * New = made at this meeting (its source says so) or, lacking a source meeting, created after
 * the previous meeting up to this meeting's day. Overdue = due before the meeting and still
 * open when it was held (one finished later was overdue then, and the minutes must not change
 * just because they are regenerated).
 */
export function actionRows(ctx: SectionContext): { created: MinutesAction[]; overdue: MinutesAction[] } {
  const { group, meeting: m, previousDate, locale } = ctx;
  const mine = ctx.db.actions.filter((a) => a.groupId === group.id);
  const isNew = (a: ActionPoint) => {
    if (a.source.meeting != null) return a.source.meeting === m.number;
    const d = localDate(a.createdAt, group.timezone);
    return d <= m.date && (previousDate == null || d > previousDate);
  };
  const openAtMeeting = (a: ActionPoint) => a.status === 'open' || (a.doneAt != null && localDate(a.doneAt, group.timezone) > m.date);
  const created = mine.filter(isNew);
  const overdue = mine.filter((a) => !isNew(a) && a.due != null && a.due < m.date && openAtMeeting(a));
  return {
    created: created.sort(byDue).map((a) => actionRow(a, m.number, locale)),
    overdue: overdue.sort(byDue).map((a) => actionRow(a, m.number, locale)),
  };
}

function escalationRow(e: Escalation, risk: Risk | undefined, group: Group, locale: Locale): MinutesEscalation {
  const l = minutesLabels(locale);
  const answeredBy = nameOf(group.roster, e.answeredBy ?? null);
  const answeredAt = e.answeredAt ? instantText(e.answeredAt, group.timezone, locale) : null;
  return {
    id: e.id,
    // An agenda item's escalation is named by its item ("2.5"), a risk's by its id.
    riskId: e.subject?.kind === 'item' ? `${e.subject.meeting}.${e.subject.item}` : e.riskId,
    riskTitle: risk?.title ?? e.snapshot.title,
    reason: e.reason,
    byName: e.byName,
    atText: instantText(e.at, group.timezone, locale),
    status: e.status,
    statusLabel: l.escalationStatus[e.status],
    answer: e.answer,
    answeredText: answeredAt ? [answeredBy, answeredAt].filter(Boolean).join(', ') : null,
  };
}

/** The group's escalations up to the next meeting, so old minutes do not grow later ones. */
export function escalationRows(ctx: SectionContext): MinutesEscalation[] {
  const { group, nextDate, locale } = ctx;
  return ctx.db.escalations
    .filter((e) => e.groupId === group.id)
    .filter((e) => nextDate == null || localDate(e.at, group.timezone) < nextDate)
    .slice()
    .sort((a, b) => a.at.localeCompare(b.at) || byId(a, b))
    .map((e) =>
      escalationRow(
        e,
        ctx.db.risks.find((r) => r.groupId === group.id && r.id === e.riskId),
        group,
        locale,
      ),
    );
}
