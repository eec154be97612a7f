/**
 * Pure view models (domain → template data) for the risk log, the ballot and the vote result
 * (cards/risk-log.json, cards/risk-ballot.json, cards/risk-result.json). Every rating word is
 * paired with its colour (grøn → good, gul → warning, rød → attention); texts naming several
 * ratings stay uncoloured; choice titles carry the word.
 */
import { RATINGS, type Db, type Escalation, type Group, type Locale, type Person, type Rating, type Risk, type VoteRound } from '../../domain/model.js';
import { addDays, clockTime, DEFAULT_ZONE, formatDanishDate, formatLongDate, instantToLocal } from '../../domain/dates.js';
import { personKey } from '../../domain/roster.js';
import { registerMessages, t } from '../../i18n/index.js';
import { plural } from '../../i18n/plural.js';
import messages from '../../i18n/messages/risks.js';
import { escalationsOf, risksOf } from '../../domain/risks.js';
import { NO_OWNER, riskFieldId } from '../../domain/risk-fields.js';
import { ballotOf, canVote, hasVoted, isChair, openRoundOf, settle, trendOf, votedCount, votersOf, type BallotKeyOf } from '../../domain/votes.js';
import { commentLines, privacyText, roundTitle } from './vote-privacy.js';

registerMessages(messages);

export const RATING_COLOR: Record<Rating, 'good' | 'warning' | 'attention'> = { green: 'good', yellow: 'warning', red: 'attention' };
export const RATING_ICON: Record<Rating, string> = { green: '🟢', yellow: '🟡', red: '🔴' };

/** The owner choice meaning "no owner" (a ChoiceSet value cannot be empty). */

/** Universal Actions `refresh` reaches at most this many users. */
export const MAX_REFRESH_USERS = 60;

const zoneOf = (g: Readonly<Group>) => g.timezone || DEFAULT_ZONE;
const label = (locale: Locale, r: Rating) => t(locale, `rating.${r}`);
const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1).trimEnd() + '…' : s);

/** An instant as a reader says it in the group's zone: "tirsdag den 16. juni 2026 kl. 12.00". */
export function formatInstant(iso: string, locale: Locale, zone: string): string {
  const { date, time } = instantToLocal(iso, zone);
  return locale === 'en' ? `${formatLongDate(date, 'en')} at ${time}` : `${formatLongDate(date, 'da')} kl. ${clockTime(time, 'da')}`;
}

/**
 * A round's deadline after "åben til" / "open until". A deadline at midnight is the end of the
 * day before: "til og med søndag den 20. december 2026", never "mandag … kl. 00.00".
 */
export function deadlineText(iso: string, locale: Locale, zone: string): string {
  const { date, time } = instantToLocal(iso, zone);
  if (time !== '00:00') return formatInstant(iso, locale, zone);
  const day = formatLongDate(addDays(date, -1), locale);
  return locale === 'en' ? `the end of ${day}` : `og med ${day}`;
}
const shortDate = (date: string, locale: Locale) => formatDanishDate(date, locale);

export function ratingChoices(locale: Locale) {
  return RATINGS.map((r) => ({ title: t(locale, `rating.choice.${r}`), value: r }));
}

// ------------------------------------------------------------------------------------------------
// Risk log
// ------------------------------------------------------------------------------------------------

export interface RiskLogOptions {
  locale: Locale;
  now: Date;
  /** The chair's tools (escalate, edit, retire) on each risk. */
  chairTools: boolean;
  /** Show this risk as an edit form (chair). */
  editRiskId?: string | null;
  /** Leave out descriptions and shorten actions (a card over budget is re-rendered compact). */
  compact?: boolean;
  /** At most this many risks on the card. */
  maxRisks?: number;
  /** How the open round files ballots (its count of who has voted; required for an anonymous round). */
  keyOf?: BallotKeyOf;
}

function escalationText(locale: Locale, e: Escalation, zone: string): string {
  const date = shortDate(instantToLocal(e.at, zone).date, locale);
  return t(locale, `risklog.escalation.${e.status}`, { date, answer: cut(e.answer ?? '', 200) });
}

function riskItem(db: Readonly<Db>, group: Readonly<Group>, risk: Risk, opts: RiskLogOptions) {
  const { locale } = opts;
  const zone = zoneOf(group);
  const trend = trendOf(risk);
  const lastEscalation = escalationsOf(db, group.id, risk.id).at(-1);
  const editing = opts.chairTools && opts.editRiskId === risk.id && risk.status === 'open';
  const history = risk.history.slice(-6).map((h) => `${RATING_ICON[h.rating]} ${shortDate(h.date, locale)}`);
  const descriptionMax = opts.compact ? 0 : 400;
  const actions = risk.correctiveActions.slice(0, opts.compact ? 3 : 8).map((a) => `- ${cut(a, opts.compact ? 80 : 200)}`);
  if (risk.correctiveActions.length > actions.length) actions.push(`- … (+${risk.correctiveActions.length - actions.length})`);
  const ownerChoices = [
    { title: t(locale, 'risklog.edit.owner.none'), value: NO_OWNER },
    ...group.roster.filter((m) => m.aadObjectId).map((m) => ({ title: m.organisation ? `${m.name} (${m.organisation})` : m.name, value: m.aadObjectId! })),
  ];
  const ownerOnRoster = risk.owner?.aadObjectId && ownerChoices.some((c) => c.value === risk.owner!.aadObjectId);
  return {
    id: risk.id,
    heading: `${risk.id} · ${risk.title}`,
    rated: risk.rating !== null,
    unrated: risk.rating === null,
    ratingText: risk.rating ? label(locale, risk.rating) : '',
    ratingColor: risk.rating ? RATING_COLOR[risk.rating] : 'default',
    unratedText: t(locale, 'risklog.unrated'),
    hasTrend: trend !== null,
    trendText: trend ? t(locale, `risklog.trend.${trend}`) : '',
    trendColor: trend === 'worse' ? 'attention' : trend === 'better' ? 'good' : 'default',
    owner: risk.owner ? t(locale, 'risklog.owner', { name: risk.owner.name }) : t(locale, 'risklog.owner.none'),
    hasDescription: !!risk.description && descriptionMax > 0 && !editing,
    description: risk.description ? cut(risk.description, descriptionMax || 1) : '',
    hasActions: actions.length > 0 && !editing,
    actionsTitle: t(locale, 'risklog.actions'),
    actionsText: actions.join('\n'),
    hasHistory: history.length > 0,
    historyText: t(locale, 'risklog.history', { entries: history.join(' · ') }),
    hasEscalation: !!lastEscalation,
    escalationText: lastEscalation ? escalationText(locale, lastEscalation, zone) : '',
    tools: opts.chairTools && !editing && risk.status === 'open',
    editing,
    edit: editing
      ? {
          title: t(locale, 'risklog.edit.title', { id: risk.id }),
          ownerId: riskFieldId('owner', risk.id),
          ownerLabel: t(locale, 'risklog.edit.owner'),
          ownerChoices,
          ownerValue: ownerOnRoster ? risk.owner!.aadObjectId! : NO_OWNER,
          ownerOtherId: riskFieldId('ownerOther', risk.id),
          ownerOtherLabel: t(locale, 'risklog.edit.ownerOther'),
          ownerOtherPlaceholder: t(locale, 'risklog.edit.ownerOther.placeholder'),
          ownerOtherValue: risk.owner && !ownerOnRoster ? risk.owner.name : '',
          descriptionId: riskFieldId('description', risk.id),
          descriptionLabel: t(locale, 'risklog.edit.description'),
          descriptionValue: risk.description ?? '',
          actionsId: riskFieldId('actions', risk.id),
          actionsLabel: t(locale, 'risklog.edit.actions'),
          actionsValue: risk.correctiveActions.join('\n'),
        }
      : { title: '', ownerId: '', ownerLabel: '', ownerChoices: [], ownerValue: '', ownerOtherId: '', ownerOtherLabel: '', ownerOtherPlaceholder: '', ownerOtherValue: '', descriptionId: '', descriptionLabel: '', descriptionValue: '', actionsId: '', actionsLabel: '', actionsValue: '' },
  };
}

export function riskLogView(db: Readonly<Db>, group: Readonly<Group>, opts: RiskLogOptions) {
  const { locale } = opts;
  const zone = zoneOf(group);
  const all = risksOf(db, group.id);
  const max = opts.maxRisks ?? 20;
  const shown = all.slice(0, max);
  const categories: string[] = [];
  for (const r of shown) if (!categories.includes(r.category)) categories.push(r.category);
  const retired = risksOf(db, group.id, { includeRetired: true }).filter((r) => r.status === 'retired');
  const round = openRoundOf(db, group.id);
  const today = instantToLocal(opts.now, zone).date;
  return {
    groupId: group.id,
    title: t(locale, 'risklog.title', { group: group.name }),
    subtitle: t(locale, all.length === 1 ? 'risklog.subtitle.one' : 'risklog.subtitle', { count: all.length, date: shortDate(today, locale) }),
    hasOpenRound: !!round,
    openRoundText: round
      ? t(locale, 'risklog.round.open', { id: round.id, deadline: deadlineText(round.deadline, locale, zone), voted: votedCount(group, round, opts.keyOf), voters: votersOf(group).length })
      : '',
    empty: all.length === 0,
    emptyText: t(locale, 'risklog.empty'),
    categories: categories.map((name) => {
      const risks = shown.filter((r) => r.category === name);
      return { name: t(locale, 'risklog.category', { name, count: risks.length }), risks: risks.map((r) => riskItem(db, group, r, opts)) };
    }),
    truncated: all.length > shown.length,
    truncatedText: t(locale, 'risklog.truncated', { shown: shown.length, count: all.length }),
    hasRetired: retired.length > 0,
    retiredTitle: t(locale, 'risklog.retired', { count: retired.length }),
    retiredText: retired
      .slice(-10)
      .map((r) => `${r.id} ${cut(r.title, 60)}`)
      .join(' · '),
    hint: t(locale, 'risklog.hint'),
    buttons: {
      escalate: t(locale, 'risklog.button.escalate'),
      edit: t(locale, 'risklog.button.edit'),
      retire: t(locale, 'risklog.button.retire'),
      save: t(locale, 'risklog.button.save'),
      cancel: t(locale, 'risklog.button.cancel'),
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Ballot (shared and personal views)
// ------------------------------------------------------------------------------------------------

/** Teams user ids for Universal Actions `refresh`: chairs first, then the other voters; at most 60. */
export function refreshUserIds(group: Readonly<Group>): string[] {
  const ids: string[] = [];
  const voters = votersOf(group);
  for (const m of [...voters.filter((v) => v.role === 'chair'), ...voters.filter((v) => v.role !== 'chair')]) {
    if (m.teamsId && !ids.includes(m.teamsId)) ids.push(m.teamsId);
    if (ids.length >= MAX_REFRESH_USERS) break;
  }
  return ids;
}

export interface BallotOptions {
  locale: Locale;
  /** null: the shared card everyone sees (counts only). */
  viewer: Person | null;
  /** Leave out owners and cap name lists (a card over budget is re-rendered compact). */
  compact?: boolean;
  /** Names per colour in the chair's closed view (default: all, compact: 30). */
  maxNames?: number;
  /** How the round files ballots (src/app/vote-privacy.ts); required for an anonymous round. */
  keyOf?: BallotKeyOf;
}

const names = (list: string[], max = 25) => (list.length > max ? `${list.slice(0, max).join(', ')} … (+${list.length - max})` : list.join(', '));

export function ballotView(db: Readonly<Db>, group: Readonly<Group>, round: Readonly<VoteRound>, opts: BallotOptions) {
  const { locale, viewer } = opts;
  const compact = !!opts.compact;
  const zone = zoneOf(group);
  const open = round.status === 'open';
  const chair = !!viewer && isChair(group, viewer);
  const voter = !!viewer && canVote(group, viewer);
  const mine = viewer ? ballotOf(round, viewer, opts.keyOf) : undefined;
  const anonymous = !!round.anonymous;
  const voters = votersOf(group);
  const settlement = new Map(settle(round, open ? {} : round.overrides).map((s) => [s.riskId, s]));
  const meeting = round.meeting != null ? db.meetings.find((m) => m.groupId === group.id && m.number === round.meeting) : undefined;
  const risks = round.riskIds.map((id) => db.risks.find((r) => r.groupId === group.id && r.id === id)).filter((r): r is Risk => !!r);
  // Names per colour: only for the chair, only after the close, never in an anonymous round.
  const showNames = chair && !open && !anonymous;
  const riskViews = risks.map((risk) => {
    const s = settlement.get(risk.id)!;
    const tally = s.tally; // the same count settle() just made (overrides do not change it)
    const myChoice = mine?.choices[risk.id] ?? null;
    const result = open ? null : (round.result?.[risk.id] ?? null);
    // The rating before this round: the one the round itself settled is not "now" but the result.
    const before = open ? risk.rating : (risk.history.filter((h) => h.round !== round.id).at(-1)?.rating ?? null);
    return {
      id: risk.id,
      heading: `${risk.id} · ${compact ? cut(risk.title, 90) : risk.title}`,
      sub: [risk.category + (risk.status === 'retired' ? ' ' + t(locale, 'ballot.retired') : ''), ...(compact ? [] : [risk.owner ? t(locale, 'risklog.owner', { name: risk.owner.name }) : t(locale, 'risklog.owner.none')])].join(' · '),
      // An anonymous round shows no running counts: a count changing as someone leaves the
      // "not voted" list would tell what they voted.
      showCounts: !showNames && !(anonymous && open),
      // Closed: the result is the rating now, so the old one is "Før" (before), and nothing when there was none.
      hasCurrent: open || before !== null,
      currentText: !before ? (open ? t(locale, 'ballot.current.none') : '') : t(locale, open ? 'ballot.current' : 'ballot.before', { rating: label(locale, before) }),
      currentColor: before ? RATING_COLOR[before] : 'default',
      // TextRuns are joined as they are: the separator goes into the text itself.
      counts: RATINGS.map((r, i) => ({ text: (i ? ' · ' : '') + t(locale, 'ballot.count', { rating: label(locale, r), n: tally[r] }), color: RATING_COLOR[r] })),
      inputId: riskFieldId('rating', risk.id),
      commentInputId: riskFieldId('comment', risk.id),
      commentLabel: t(locale, 'ballot.comment.risk', { id: risk.id }),
      myComment: mine?.comments?.[risk.id] ?? '',
      choiceLabel: t(locale, 'ballot.choice.label', { id: risk.id }),
      mine: myChoice ?? '',
      // While open the voter's choice is preselected in the input; after the close it is spelled out.
      showMine: !open && !!viewer && voter && !!mine,
      hasMine: !!myChoice,
      mineText: myChoice ? t(locale, 'ballot.mine', { rating: label(locale, myChoice) }) : t(locale, 'ballot.mine.none'),
      mineColor: myChoice ? RATING_COLOR[myChoice] : 'default',
      hasResult: !open && result !== null,
      noResult: !open && result === null,
      resultText: result ? t(locale, 'ballot.result', { rating: label(locale, result) }) : t(locale, 'ballot.result.none'),
      resultColor: result ? RATING_COLOR[result] : 'default',
      overridden: !open && !!result && !!s.override && s.override !== s.median,
      resultNote: t(locale, 'ballot.result.override'),
      disagreement: s.disagreement,
      disagreementText: t(locale, 'ballot.disagreement'),
      names: showNames
        ? RATINGS.map((r) => ({ r, list: round.ballots.filter((b) => b.choices[risk.id] === r).map((b) => b.voterName) }))
            .filter((x) => x.list.length > 0)
            .map((x) => ({ text: t(locale, 'ballot.names', { rating: label(locale, x.r), count: x.list.length, names: names(x.list, opts.maxNames ?? (compact ? 30 : 60)) }), color: RATING_COLOR[x.r] }))
        : [],
      proposalText: s.median ? t(locale, 'ballot.close.proposal', { id: risk.id, rating: label(locale, s.median) }) : t(locale, 'ballot.close.proposal.none', { id: risk.id }),
      proposalColor: s.median ? RATING_COLOR[s.median] : 'default',
      overrideId: riskFieldId('override', risk.id),
      overrideLabel: t(locale, 'ballot.close.override.label', { id: risk.id, title: cut(risk.title, 60) }),
    };
  });
  const missing = chair && open ? hasVoted(group, round, opts.keyOf ?? personKey).filter((v) => !v.voted).map((v) => v.member.name) : [];
  // The chair's closed view: comments per risk (with names in a named round); a whole-ballot
  // comment from an older card, with its name, when it cannot be tied to one risk.
  const legacy = round.riskIds.length > 1 && !anonymous ? round.ballots.filter((b) => b.comment && b.voterName) : [];
  const comments =
    chair && !open
      ? [
          ...commentLines(round, locale, showNames),
          ...legacy.map((b) => t(locale, 'ballot.comment.line', { name: b.voterName, text: cut(b.comment!, 300) })),
        ]
      : [];
  const closer = round.closedBy && round.closedBy !== 'system' ? group.roster.find((m) => personKey(m) === round.closedBy)?.name ?? round.closedBy : null;
  return {
    groupId: group.id,
    roundId: round.id,
    title: roundTitle(round, locale),
    subtitle: meeting
      ? t(locale, 'ballot.subtitle.meeting', { group: group.name, risks: plural(locale, risks.length, 'risk'), meeting: meeting.number, date: shortDate(meeting.date, locale) })
      : t(locale, 'ballot.subtitle', { group: group.name, risks: plural(locale, risks.length, 'risk') }),
    deadlineText: t(locale, 'ballot.deadline', { deadline: deadlineText(round.deadline, locale, zone) }),
    privacyText: privacyText(group, round, locale),
    statusText: open ? t(locale, 'ballot.status.open') : t(locale, 'ballot.status.closed', { date: round.closedAt ? formatInstant(round.closedAt, locale, zone) : '' }),
    statusColor: open ? 'accent' : 'default',
    closedByText: open ? '' : closer ? t(locale, 'ballot.closed.by', { name: closer }) : t(locale, 'ballot.closed.system'),
    open,
    closed: !open,
    intro: t(locale, 'ballot.intro'),
    progress: t(locale, 'ballot.progress', { voted: votedCount(group, round, opts.keyOf), voters: voters.length }),
    personal: !!viewer,
    canVote: open && (!viewer || voter),
    notVoter: !!viewer && !voter && open,
    notVoterText: t(locale, 'ballot.notVoter'),
    savedText: mine ? t(locale, 'ballot.mine.saved', { time: formatInstant(mine.at, locale, zone) }) : '',
    hasSaved: !!mine && open,
    risks: riskViews,
    commentId: 'comment',
    commentLabel: t(locale, 'ballot.comment'),
    commentPlaceholder: t(locale, 'ballot.comment.placeholder'),
    comment: mine?.comment ?? '',
    // The close panel (overrides) is on the chair's own view; the shared card has a button that opens it.
    showClosePanel: open && chair,
    showCloseReview: open && !viewer,
    closeIntro: t(locale, 'ballot.close.intro'),
    medianChoice: t(locale, 'ballot.close.median'),
    hasMissing: missing.length > 0,
    missingText: t(locale, 'ballot.missing', { count: missing.length, names: names(missing, 30) }),
    hasComments: comments.length > 0,
    commentsTitle: t(locale, 'ballot.comments'),
    commentsText: comments.slice(0, compact ? 5 : 15).join('\n\n'),
    refreshUserIds: refreshUserIds(group),
    buttons: {
      cast: t(locale, 'ballot.cast'),
      refresh: t(locale, 'ballot.refresh'),
      close: t(locale, 'ballot.close'),
      closeNow: t(locale, 'ballot.close.now'),
      closeReview: t(locale, 'ballot.close.review'),
    },
    ratingChoices: ratingChoices(locale),
  };
}

// ------------------------------------------------------------------------------------------------
// Result (posted when a round closes)
// ------------------------------------------------------------------------------------------------

export function resultView(db: Readonly<Db>, group: Readonly<Group>, round: Readonly<VoteRound>, locale: Locale) {
  const zone = zoneOf(group);
  const settlement = new Map(settle(round, round.overrides).map((s) => [s.riskId, s]));
  const meeting = round.meeting != null ? db.meetings.find((m) => m.groupId === group.id && m.number === round.meeting) : undefined;
  const date = meeting?.date ?? instantToLocal(round.closedAt ?? round.deadline, zone).date;
  const risks = round.riskIds.map((id) => db.risks.find((r) => r.groupId === group.id && r.id === id)).filter((r): r is Risk => !!r);
  // The disagreement is explained once at the top; each risk it concerns only carries a mark.
  const disputed = risks.filter((r) => settlement.get(r.id)?.disagreement).map((r) => r.id);
  return {
    title: t(locale, 'result.title', { id: round.id }),
    // Comments per risk, never with names: the result goes to the whole group.
    hasComments: commentLines(round, locale, false).length > 0,
    commentsTitle: t(locale, 'result.comments'),
    commentsText: commentLines(round, locale, false, 200).slice(0, 20).join('\n'),
    hasDisagreement: disputed.length > 0,
    disagreementSummary: disputed.length ? t(locale, 'result.disagreement', { ids: disputed.join(', ') }) : '',
    subtitle: t(locale, round.ballots.length === 1 ? 'result.subtitle.one' : 'result.subtitle', { group: group.name, date: shortDate(date, locale), ballots: round.ballots.length }),
    closedByText: round.closedBy === 'system' ? t(locale, 'ballot.closed.system') : t(locale, 'ballot.closed.by', { name: group.roster.find((m) => personKey(m) === round.closedBy)?.name ?? round.closedBy ?? '' }),
    risks: risks.map((risk) => {
      const s = settlement.get(risk.id)!;
      const result = round.result?.[risk.id] ?? null;
      const trend = result ? trendOf(risk) : null;
      return {
        heading: `${risk.id} · ${risk.title}`,
        hasResult: result !== null,
        resultText: result ? label(locale, result) : t(locale, 'ballot.result.none'),
        resultColor: result ? RATING_COLOR[result] : 'default',
        hasTrend: trend !== null,
        trendText: trend ? t(locale, `risklog.trend.${trend}`) : '',
        trendColor: trend === 'worse' ? 'attention' : trend === 'better' ? 'good' : 'default',
        tally: RATINGS.map((r) => ({ text: t(locale, 'result.tally', { rating: label(locale, r), n: s.tally[r] }), color: RATING_COLOR[r] })),
        overridden: !!result && !!s.override && s.override !== s.median,
        overrideText: t(locale, 'ballot.result.override'),
        disagreement: s.disagreement,
        disagreementText: t(locale, 'result.disagreement.mark'),
      };
    }),
    hint: t(locale, 'result.hint'),
  };
}
