import type { Locale } from '../domain/model.js';
import { minutesLabels, type MinutesLabels } from './minutes-labels.js';

/** The fixed words of the risk log annex (Word and Excel), per locale. */
export interface RiskLogLabels {
  title: (groupName: string) => string;
  generated: (when: string) => string;
  empty: string;
  sheet: string;
  id: string;
  category: string;
  risk: string;
  description: string;
  rating: string;
  trend: string;
  owner: string;
  correctiveActions: string;
  lastVote: string;
  disagreement: string;
  disagreementColumn: string;
  escalations: string;
  answer: string;
  noVote: string;
  noOwner: string;
  noRating: string;
  escalationLine: (at: string, status: string, reason: string) => string;
  answerLine: (by: string, at: string, answer: string) => string;
  uncategorised: string;
}

/** The document terms the risk log shares with the minutes: one wording in both documents. */
const shared = (m: MinutesLabels) => ({
  generated: (when: string) => `${m.generated} ${when}`,
  risk: m.risk,
  description: m.description,
  rating: m.rating,
  trend: m.trend,
  owner: m.owner,
  correctiveActions: m.correctiveActions,
  disagreement: m.disagreement,
  escalations: m.escalations,
  answer: m.answer,
});

const da: RiskLogLabels = {
  ...shared(minutesLabels('da')),
  title: (g) => `Risikolog – ${g}`,
  empty: 'Gruppen har ingen åbne risici.',
  sheet: 'Risikolog',
  id: 'Nr.',
  category: 'Kategori',
  lastVote: 'Seneste afstemning',
  disagreementColumn: 'Uenighed',
  noVote: 'Ingen afstemning endnu',
  noOwner: 'Ingen ejer',
  noRating: 'Ikke vurderet',
  escalationLine: (at, status, reason) => `${at} (${status}): ${reason}`,
  answerLine: (by, at, answer) => `Svar fra ${by} ${at}: ${answer}`,
  uncategorised: 'Uden kategori',
};

const en: RiskLogLabels = {
  ...shared(minutesLabels('en')),
  title: (g) => `Risk log – ${g}`,
  empty: 'The group has no open risks.',
  sheet: 'Risk log',
  id: 'No.',
  category: 'Category',
  lastVote: 'Last vote',
  disagreementColumn: 'Disagreement',
  noVote: 'No vote yet',
  noOwner: 'No owner',
  noRating: 'Not rated',
  escalationLine: (at, status, reason) => `${at} (${status}): ${reason}`,
  answerLine: (by, at, answer) => `Answer from ${by} ${at}: ${answer}`,
  uncategorised: 'Uncategorised',
};

export const riskLogLabels = (locale: Locale): RiskLogLabels => (locale === 'en' ? en : da);
