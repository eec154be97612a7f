import type { Db, EscalationStatus, Locale, Rating, Risk } from '../domain/model.js';
import { compareRatings } from '../domain/votes.js';
import { AppError } from '../errors.js';
import { minutesLabels, TREND_SYMBOL, type Trend } from './minutes-labels.js';
import { byId, dateText, instantText, nameOf, ratingText, tallyText } from './minutes-format.js';
import { riskLogLabels } from './risk-log-labels.js';

/**
 * The group's risk log as plain data for the Word and Excel annexes: open risks per category
 * (in the order the group first used them), each with its rating, trend, owner, corrective
 * actions, the last vote and the escalations with the board's answers. Pure: reads `db` only.
 */
export interface RiskLogView {
  locale: Locale;
  groupName: string;
  title: string;
  generated: string;
  categories: { name: string; risks: RiskLogRow[] }[];
}

export interface RiskLogRow {
  id: string;
  category: string;
  title: string;
  description: string | null;
  rating: Rating | null;
  ratingText: string;
  trend: Trend;
  /** "↑ forværret (fra gul)" */
  trendText: string;
  owner: string;
  correctiveActions: string[];
  lastVote: { tally: Record<Rating, number>; disagreement: boolean; text: string; atText: string } | null;
  escalations: RiskLogEscalation[];
}

export interface RiskLogEscalation {
  id: string;
  status: EscalationStatus;
  statusLabel: string;
  reason: string;
  atText: string;
  answer: string | null;
  /** "Svar fra Bo Berg 3. marts 2026 kl. 10.00: …" or null while unanswered. */
  answerText: string | null;
}

function trendOfRisk(r: Risk): Trend {
  const n = r.history.length;
  if (!r.rating || n === 0) return 'unrated';
  if (n === 1) return 'new';
  return compareRatings(r.history[n - 2]!.rating, r.history[n - 1]!.rating);
}

export function buildRiskLog(db: Readonly<Db>, groupId: string, opts: { now: Date; locale?: Locale }): RiskLogView {
  const group = db.groups.find((g) => g.id === groupId);
  if (!group) throw new AppError('no_group');
  const locale = opts.locale ?? group.locale;
  const zone = group.timezone;
  const l = riskLogLabels(locale);
  const ml = minutesLabels(locale);
  const categories = new Map<string, RiskLogRow[]>();
  const risks = db.risks.filter((r) => r.groupId === groupId && r.status === 'open').sort(byId);
  for (const r of risks) {
    const trend = trendOfRisk(r);
    const previous = r.history.length > 1 ? r.history[r.history.length - 2]!.rating : null;
    const moved = trend === 'worse' || trend === 'better';
    const last = r.history.at(-1) ?? null;
    const votes = last ? tallyText(last.tally, locale) : null;
    const row: RiskLogRow = {
      id: r.id,
      category: r.category.trim() || l.uncategorised,
      title: r.title,
      description: r.description,
      rating: r.rating,
      ratingText: r.rating ? ratingText(r.rating, locale) : l.noRating,
      trend,
      trendText: [TREND_SYMBOL[trend], ml.trendWord[trend], moved ? `(${ml.from} ${ratingText(previous, locale)})` : '']
        .filter(Boolean)
        .join(' '),
      owner: r.owner?.name ?? l.noOwner,
      correctiveActions: r.correctiveActions.filter((a) => a.trim()),
      lastVote: last
        ? {
            tally: { ...last.tally },
            disagreement: last.disagreement,
            text: votes ? (last.disagreement ? `${votes} — ${l.disagreement}` : votes) : l.noVote,
            atText: last.date.length > 10 ? instantText(last.date, zone, locale) : dateText(last.date, locale),
          }
        : null,
      escalations: db.escalations
        .filter((e) => e.groupId === groupId && e.riskId === r.id)
        .sort((a, b) => a.at.localeCompare(b.at) || byId(a, b))
        .map((e) => {
          const by = e.answeredByName ?? nameOf(group.roster, e.answeredBy ?? null) ?? '–';
          const at = e.answeredAt ? instantText(e.answeredAt, zone, locale) : '';
          return {
            id: e.id,
            status: e.status,
            statusLabel: ml.escalationStatus[e.status],
            reason: e.reason,
            atText: instantText(e.at, zone, locale),
            answer: e.answer,
            answerText: e.answer ? l.answerLine(by, at, e.answer) : null,
          };
        }),
    };
    const list = categories.get(row.category) ?? [];
    list.push(row);
    categories.set(row.category, list);
  }
  return {
    locale,
    groupName: group.name,
    title: l.title(group.name),
    generated: l.generated(instantText(opts.now.toISOString(), zone, locale)),
    categories: [...categories].map(([name, rows]) => ({ name, risks: rows })),
  };
}
