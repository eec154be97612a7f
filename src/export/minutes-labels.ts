import type { EscalationStatus, Locale, Outcome, Rating } from '../domain/model.js';

/** How a risk's settled rating moved since the previous settled rating. */
export type Trend = 'worse' | 'better' | 'same' | 'new' | 'unrated';

/**
 * Every fixed word of the minutes and the escalation memo, per locale. Kept apart from
 * src/i18n because these are document terms (the group's own headings: Indstilling,
 * Beslutning, …), not chat messages, and the renderers need them as a typed set.
 */
export interface MinutesLabels {
  minutes: string;
  meeting: (n: number) => string;
  meetingOf: (n: number, groupName: string) => string;
  meetingTitled: (n: number, title: string) => string;
  date: string;
  time: string;
  place: string;
  joinUrl: string;
  participants: string;
  absent: string;
  notRecorded: string;
  referent: string;
  chair: string;
  cancelled: string;
  agenda: string;
  presenterBy: string;
  /** Before the presenter in an item heading: "Title v. Anna" / "Title, by Anna". */
  headingBy: string;
  annex: string;
  /** The material (bilag) list of an item, and the mark of an entry without a link. */
  material: string;
  noLink: string;
  recommendation: string;
  background: string;
  proposal: string;
  nextSteps: string;
  decision: string;
  noDecision: string;
  recordedBy: string;
  carriedFrom: (n: number) => string;
  outcome: Record<Outcome, string>;
  risks: string;
  noRisks: string;
  risk: string;
  category: string;
  owner: string;
  rating: string;
  ratingWord: Record<Rating, string>;
  notRated: string;
  trend: string;
  trendWord: Record<Trend, string>;
  from: string;
  votes: string;
  disagreement: string;
  currentRatingNote: string;
  correctiveActions: string;
  followUp: string;
  newActions: string;
  overdueActions: string;
  noActions: string;
  action: string;
  due: string;
  noDue: string;
  status: string;
  actionStatus: { open: string; done: string };
  sourceItem: (n: number) => string;
  sourceRisk: (id: string) => string;
  responsible: string;
  escalations: string;
  noEscalations: string;
  reason: string;
  escalatedBy: string;
  answer: string;
  escalationStatus: Record<EscalationStatus, string>;
  minutesStatus: string;
  minutesStatusWord: { draft: string; approved: string };
  version: string;
  amendments: string;
  item: string;
  generated: string;
  at: string;
  memoTitle: (board: string, riskId: string, title: string) => string;
  board: string;
  memoFrom: string;
  memoDate: string;
  riskSection: string;
  description: string;
  currentRating: string;
  history: string;
  meetingCol: string;
  latestVote: string;
  comments: string;
  noneRecorded: string;
  statusAndAnswer: string;
  acknowledged: string;
  by: string;
  awaitingAnswer: string;
}

const da: MinutesLabels = {
  minutes: 'Referat',
  meeting: (n) => `${n}. møde`,
  meetingOf: (n, g) => `${n}. Møde i ${g}`,
  meetingTitled: (n, t) => `${n}. møde: ${t}`,
  date: 'Mødedato',
  time: 'Tidspunkt',
  place: 'Sted',
  joinUrl: 'Mødelink',
  participants: 'Deltagere',
  absent: 'Afbud',
  notRecorded: 'Fremmøde ikke registreret',
  referent: 'Referent',
  chair: 'Formand',
  cancelled: 'Mødet blev aflyst.',
  agenda: 'Dagsorden',
  presenterBy: 'v.',
  headingBy: ' v.',
  annex: 'Bilag',
  material: 'Materiale',
  noLink: 'intet link',
  recommendation: 'Indstilling',
  background: 'Baggrund',
  proposal: 'Løsning',
  nextSteps: 'Videre proces',
  decision: 'Beslutning',
  noDecision: 'Ingen beslutning registreret',
  recordedBy: 'registreret af',
  carriedFrom: (n) => `Overført fra ${n}. møde`,
  outcome: { approved: 'Godkendt', rejected: 'Ikke godkendt', noted: 'Taget til efterretning', discussed: 'Drøftet', postponed: 'Udsat' },
  risks: 'Risikovurdering',
  noRisks: 'Ingen åbne risici.',
  risk: 'Risiko',
  category: 'Område',
  owner: 'Ejer',
  rating: 'Vurdering',
  ratingWord: { green: 'grøn', yellow: 'gul', red: 'rød' },
  notRated: 'ikke vurderet',
  trend: 'Udvikling',
  trendWord: { worse: 'forværret', better: 'forbedret', same: 'uændret', new: 'ny', unrated: 'ikke vurderet' },
  from: 'fra',
  votes: 'Stemmer',
  disagreement: 'uenighed',
  currentRatingNote: 'ikke vurderet på mødet; aktuel vurdering vist',
  correctiveActions: 'Korrigerende handlinger',
  followUp: 'Opfølgning',
  newActions: 'Nye opfølgningspunkter',
  overdueActions: 'Overskredne opfølgningspunkter',
  noActions: 'Ingen.',
  action: 'Opfølgningspunkt',
  due: 'Frist',
  noDue: 'ingen frist',
  status: 'Status',
  actionStatus: { open: 'Åben', done: 'Udført' },
  sourceItem: (n) => `punkt ${n}`,
  sourceRisk: (id) => `risiko ${id}`,
  responsible: 'Ansvarlig',
  escalations: 'Eskaleringer',
  noEscalations: 'Ingen eskaleringer.',
  reason: 'Begrundelse',
  escalatedBy: 'Eskaleret af',
  answer: 'Svar',
  escalationStatus: {
    pending: 'afventer',
    sent: 'sendt',
    acknowledged: 'modtaget',
    answered: 'besvaret',
    failed: 'fejlet',
    uncertain: 'usikker',
  },
  minutesStatus: 'Referatets status',
  minutesStatusWord: { draft: 'Udkast', approved: 'Godkendt' },
  version: 'version',
  amendments: 'Rettelser',
  item: 'punkt',
  generated: 'Dannet af styrebot',
  at: 'kl.',
  memoTitle: (b, id, t) => `Notat til ${b}: Eskalering af risiko ${id} – ${t}`,
  board: 'DAP-styregruppen',
  memoFrom: 'Fra',
  memoDate: 'Dato',
  riskSection: 'Risikoen',
  description: 'Beskrivelse',
  currentRating: 'Aktuel vurdering',
  history: 'Vurderingshistorik',
  meetingCol: 'Møde',
  latestVote: 'Seneste afstemning',
  comments: 'Kommentarer',
  noneRecorded: 'Ingen registreret.',
  statusAndAnswer: 'Status og svar',
  acknowledged: 'Modtaget',
  by: 'af',
  awaitingAnswer: 'Der er endnu ikke kommet svar.',
};

const en: MinutesLabels = {
  ...da,
  minutes: 'Minutes',
  meeting: (n) => `meeting ${n}`,
  meetingOf: (n, g) => `Meeting ${n} of ${g}`,
  meetingTitled: (n, t) => `Meeting ${n}: ${t}`,
  date: 'Date',
  time: 'Time',
  place: 'Place',
  joinUrl: 'Meeting link',
  participants: 'Participants',
  absent: 'Apologies',
  notRecorded: 'Attendance not recorded',
  referent: 'Minute-taker',
  chair: 'Chair',
  cancelled: 'The meeting was cancelled.',
  agenda: 'Agenda',
  presenterBy: 'by',
  headingBy: ', by',
  annex: 'Annex',
  material: 'Material',
  noLink: 'no link',
  recommendation: 'Recommendation',
  background: 'Background',
  proposal: 'Proposal',
  nextSteps: 'Next steps',
  decision: 'Decision',
  noDecision: 'No decision recorded',
  recordedBy: 'recorded by',
  carriedFrom: (n) => `Carried over from meeting ${n}`,
  outcome: { approved: 'Approved', rejected: 'Not approved', noted: 'Noted', discussed: 'Discussed', postponed: 'Postponed' },
  risks: 'Risk assessment',
  noRisks: 'No open risks.',
  risk: 'Risk',
  category: 'Area',
  owner: 'Owner',
  rating: 'Rating',
  ratingWord: { green: 'green', yellow: 'yellow', red: 'red' },
  notRated: 'not rated',
  trend: 'Trend',
  trendWord: { worse: 'worse', better: 'better', same: 'unchanged', new: 'new', unrated: 'not rated' },
  from: 'from',
  votes: 'Votes',
  disagreement: 'disagreement',
  currentRatingNote: 'not rated at the meeting; current rating shown',
  correctiveActions: 'Corrective actions',
  followUp: 'Follow-up',
  newActions: 'New action points',
  overdueActions: 'Overdue action points',
  noActions: 'None.',
  action: 'Action point',
  due: 'Due',
  noDue: 'no due date',
  status: 'Status',
  actionStatus: { open: 'Open', done: 'Done' },
  sourceItem: (n) => `item ${n}`,
  sourceRisk: (id) => `risk ${id}`,
  responsible: 'Owner',
  escalations: 'Escalations',
  noEscalations: 'No escalations.',
  reason: 'Reason',
  escalatedBy: 'Escalated by',
  answer: 'Answer',
  escalationStatus: {
    pending: 'pending',
    sent: 'sent',
    acknowledged: 'acknowledged',
    answered: 'answered',
    failed: 'failed',
    uncertain: 'uncertain',
  },
  minutesStatus: 'Status of the minutes',
  minutesStatusWord: { draft: 'Draft', approved: 'Approved' },
  version: 'version',
  amendments: 'Amendments',
  item: 'item',
  generated: 'Generated by styrebot',
  at: 'at',
  memoTitle: (b, id, t) => `Memo to ${b}: Escalation of risk ${id} – ${t}`,
  board: 'the DAP programme board',
  memoFrom: 'From',
  memoDate: 'Date',
  riskSection: 'The risk',
  description: 'Description',
  currentRating: 'Current rating',
  history: 'Rating history',
  meetingCol: 'Meeting',
  latestVote: 'Latest vote',
  comments: 'Comments',
  noneRecorded: 'None recorded.',
  statusAndAnswer: 'Status and answer',
  acknowledged: 'Acknowledged',
  by: 'by',
  awaitingAnswer: 'No answer has been received yet.',
};

const LABELS: Record<Locale, MinutesLabels> = { da, en };

export function minutesLabels(locale: Locale): MinutesLabels {
  return LABELS[locale] ?? da;
}

/** Trend arrows as the group draws them: up = worse (towards red). */
export const TREND_SYMBOL: Record<Trend, string> = { worse: '↑', better: '↓', same: '→', new: '', unrated: '' };
