/**
 * The voter's own view of an open round (cards/risk-ballot-voter.json): small enough to be the
 * answer to every ballot click (≤ 4 KB for ten risks). Two modes:
 * - summary (after voting): one line per risk with the voter's choice, their comment, and
 *   "Ret stemme" (vote.refresh with edit: the form comes back as that click's answer);
 * - form (not voted yet, or editing): one line per risk with a compact colour choice holding the
 *   current choice; the risk's details (category, owner, rating now, counts so far) open on a tap
 *   (Action.ToggleVisibility), so they cost no height until asked for.
 * The refresh names only the viewer: this card is theirs; the shared card refreshes the others.
 */
import { RATINGS, type Ballot, type Db, type Group, type Locale, type Person, type Rating, type Risk, type VoteRound } from '../../domain/model.js';
import { DEFAULT_ZONE, formatDanishDate } from '../../domain/dates.js';
import { registerMessages, t } from '../../i18n/index.js';
import { plural } from '../../i18n/plural.js';
import messages from '../../i18n/messages/risk-ballot.js';
import { ballotOf, settle, votedCount, votersOf, type BallotKeyOf } from '../../domain/votes.js';
import { riskFieldId } from '../../domain/risk-fields.js';
import { privacyText, roundTitle } from './vote-privacy.js';
import { deadlineText, formatInstant, RATING_COLOR, ratingChoices } from './risks.js';

registerMessages(messages);

/** Characters of a risk title on its line (the full title is in the risk log and the details). */
const LINE_TITLE = 70;
/** Characters of the voter's own comment on the summary (all of it is in the form). */
const COMMENT_SHOWN = 160;
const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1).trimEnd() + '…' : s);

export interface VoterBallotOptions {
  locale: Locale;
  viewer: Person;
  /** Show the form even though the viewer has voted ("Ret stemme"). */
  edit?: boolean;
  /** How the round files ballots (src/app/vote-privacy.ts); required for an anonymous round. */
  keyOf?: BallotKeyOf;
}

export function voterBallotView(db: Readonly<Db>, group: Readonly<Group>, round: Readonly<VoteRound>, opts: VoterBallotOptions) {
  const { locale, viewer } = opts;
  const zone = group.timezone || DEFAULT_ZONE;
  const mine = ballotOf(round, viewer, opts.keyOf);
  const form = !mine || !!opts.edit;
  const settlement = form ? new Map(settle(round, {}).map((s) => [s.riskId, s])) : null;
  const meeting = round.meeting != null ? db.meetings.find((m) => m.groupId === group.id && m.number === round.meeting) : undefined;
  const risks = round.riskIds.map((id) => db.risks.find((r) => r.groupId === group.id && r.id === id)).filter((r): r is Risk => !!r);
  const rating = (r: Rating) => t(locale, `rating.${r}`);
  return {
    groupId: group.id,
    roundId: round.id,
    refreshUserIds: viewer.teamsId ? [viewer.teamsId] : [],
    title: roundTitle(round, locale),
    privacyText: privacyText(group, round, locale),
    statusText: t(locale, 'ballot.status.open'),
    subtitle: meeting
      ? t(locale, 'ballot.subtitle.meeting', { group: group.name, risks: plural(locale, risks.length, 'risk'), meeting: meeting.number, date: formatDanishDate(meeting.date, locale) })
      : t(locale, 'ballot.subtitle', { group: group.name, risks: plural(locale, risks.length, 'risk') }),
    deadlineText: t(locale, 'ballot.deadline', { deadline: deadlineText(round.deadline, locale, zone) }),
    progress: t(locale, 'ballot.progress', { voted: votedCount(group, round, opts.keyOf), voters: votersOf(group).length }),
    form,
    summary: !form,
    intro: t(locale, 'voterballot.intro'),
    savedText: mine ? t(locale, 'voterballot.saved', { time: formatInstant(mine.at, locale, zone) }) : '',
    risks: risks.map((risk) => {
      const choice = mine?.choices[risk.id] ?? null;
      const line = `${risk.id} · ${cut(risk.title, LINE_TITLE)}`;
      if (!form) return { line: line + ': ', choiceText: choice ? rating(choice) : t(locale, 'voterballot.none'), choiceColor: choice ? RATING_COLOR[choice] : 'default' };
      const tally = settlement!.get(risk.id)!.tally;
      const sub = [risk.category + (risk.status === 'retired' ? ' ' + t(locale, 'ballot.retired') : ''), risk.owner ? t(locale, 'risklog.owner', { name: risk.owner.name }) : t(locale, 'risklog.owner.none')].join(' · ');
      return {
        line,
        inputId: riskFieldId('rating', risk.id),
        value: choice ?? '',
        commentInputId: riskFieldId('comment', risk.id),
        commentLabel: t(locale, 'ballot.comment.risk', { id: risk.id }),
        comment: mine?.comments?.[risk.id] ?? '',
        detailsId: riskFieldId('details', risk.id),
        details: t(locale, 'voterballot.details', {
          sub: risk.title.length > LINE_TITLE ? `${risk.title} · ${sub}` : sub,
          current: risk.rating ? t(locale, 'ballot.current', { rating: rating(risk.rating) }) : t(locale, 'ballot.current.none'),
          counts: RATINGS.map((r) => t(locale, 'ballot.count', { rating: rating(r), n: tally[r] })).join(' · '),
        }),
        // No running counts in an anonymous round (see ballotView).
        ...(round.anonymous ? { details: [sub, risk.rating ? t(locale, 'ballot.current', { rating: rating(risk.rating) }) : t(locale, 'ballot.current.none')].join(' · ') } : {}),
      };
    }),
    hasComment: !form && (!!mine?.comment || Object.keys(mine?.comments ?? {}).length > 0),
    commentText: !form && mine ? myComments(mine, round, locale).join('\n') : '',
    commentId: 'comment',
    commentLabel: t(locale, 'ballot.comment'),
    commentPlaceholder: t(locale, 'ballot.comment.placeholder'),
    comment: mine?.comment ?? '',
    placeholder: t(locale, 'voterballot.placeholder'),
    ratingChoices: ratingChoices(locale),
    buttons: { cast: t(locale, 'ballot.cast'), edit: t(locale, 'voterballot.edit'), refresh: t(locale, 'ballot.refresh') },
  };
}

/** The voter's own comments on the summary: per risk, then a whole-ballot one from an older card. */
function myComments(mine: Ballot, round: Readonly<VoteRound>, locale: Locale): string[] {
  const lines = round.riskIds
    .filter((id) => mine.comments?.[id])
    .map((id) => t(locale, 'voterballot.comment.risk', { id, text: cut(mine.comments![id], COMMENT_SHOWN) }));
  if (mine.comment) lines.push(t(locale, 'voterballot.comment', { text: cut(mine.comment, COMMENT_SHOWN) }));
  return lines;
}
