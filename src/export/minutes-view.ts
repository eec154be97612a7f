import type { EscalationStatus, Locale, Outcome, Rating } from '../domain/model.js';
import type { Trend } from './minutes-labels.js';

/**
 * The minutes as plain data: every text already resolved for the locale, so the Markdown and
 * Word renderers only lay it out and never look anything up in the Db.
 */
export interface MinutesView {
  locale: Locale;
  groupName: string;
  meetingNumber: number;
  /** "Referat: 2. Møde i den operationelle styregruppe for forløbsplaner" */
  title: string;
  /** "2. Møde i den operationelle styregruppe for forløbsplaner" */
  meetingTitle: string;
  header: MinutesHeader;
  items: MinutesItem[];
  risks: MinutesRisk[];
  actions: { created: MinutesAction[]; overdue: MinutesAction[] };
  escalations: MinutesEscalation[];
  status: MinutesStatusView;
  /** "Dannet af styrebot 17. juni 2025 kl. 10.00" */
  generated: string;
}

export interface MinutesHeader {
  /** Local `YYYY-MM-DD`. */
  date: string;
  dateText: string;
  timeText: string;
  place: string | null;
  joinUrl: string | null;
  cancelled: boolean;
  /** False when nobody's attendance was recorded: then `present` lists every participant. */
  attendanceRecorded: boolean;
  participants: MinutesParticipant[];
  /** Display lines "Anna Holm, MedCom (Formand)", referent excluded (shown on its own). */
  present: string[];
  absent: string[];
  /** Participants with no attendance entry although others have one. */
  unknown: string[];
  referent: string | null;
  referentName: string | null;
}

export interface MinutesParticipant {
  name: string;
  organisation: string | null;
  role: string | null;
  present: boolean | null;
  line: string;
}

export interface MinutesItem {
  number: number;
  title: string;
  presenter: string | null;
  annexes: string[];
  /** "1. Velkomst v. Anna (Bilag 1. Referat af 1. møde)" */
  heading: string;
  /** "Velkomst, v. Anna" — the short form for the agenda list. */
  agendaLine: string;
  /** "Det indstilles, at styregruppen" when every bullet started with it (then cut from them). */
  recommendationLead: string | null;
  recommendation: string[];
  background: string | null;
  proposal: string | null;
  nextSteps: string | null;
  outcome: Outcome | null;
  outcomeLabel: string | null;
  decision: string | null;
  hasDecision: boolean;
  /** "Godkendt — Referatet blev godkendt." or "Ingen beslutning registreret". */
  decisionLine: string;
  /** Who recorded the decision, only when not the meeting's referent. */
  recordedBy: string | null;
  /** "Overført fra 1. møde" */
  note: string | null;
  /** A standing item's status report (src/export/minutes-status.ts); absent or null: none. */
  status?: MinutesItemStatus | null;
  /** The item's material once any of it has a link ("Bilag 1 – notat", url or null = no link); empty otherwise (the heading names the annexes). */
  material?: MinutesMaterial[];
  /** The item's escalations to the programme board and the board's answers (src/export/minutes-escalated-items.ts). */
  escalations?: string[];
  /** The vendor table on the vendors' standing item (src/export/minutes-vendors.ts); absent or null: none. */
  vendors?: MinutesVendorTable | null;
  /** "Opfølgning" on the first item: the action points open at the meeting (src/export/minutes-follow-up-list.ts); absent or null: none. */
  followUp?: MinutesFollowUp | null;
}

export interface MinutesFollowUp {
  /** "Opfølgning" */
  title: string;
  /** "A3 text – owner, frist 12. marts 2026 (forfalden)", overdue first. */
  lines: { text: string; overdue: boolean }[];
}

export interface MinutesVendorTable {
  /** "Lægesystemleverandører" */
  title: string;
  /** "Status pr. 16. juni 2026" */
  asOf: string;
  /** Column heads: vendor, certification, next milestone, overdue. */
  head: string[];
  rows: { name: string; status: 'valid' | 'expiring' | 'expired' | 'none'; certification: string; next: string; overdue: string }[];
}

export interface MinutesMaterial {
  label: string;
  url: string | null;
}

export interface MinutesRisk {
  id: string;
  category: string;
  title: string;
  owner: string | null;
  rating: Rating | null;
  ratingText: string;
  /** 'meeting' = settled at this meeting; 'current' = no entry for it, current rating shown. */
  source: 'meeting' | 'current';
  previousRating: Rating | null;
  trend: Trend;
  /** "↑ forværret (fra gul)" */
  trendText: string;
  disagreement: boolean;
  tally: Record<Rating, number> | null;
  /** "1 grøn, 2 gul, 3 rød — uenighed" or null when no vote is recorded. */
  votesText: string | null;
  correctiveActions: string[];
}

export interface MinutesAction {
  id: string;
  text: string;
  owner: string;
  due: string | null;
  dueText: string;
  status: 'open' | 'done';
  statusLabel: string;
  /** "punkt 4", "risiko R2", "chat" */
  sourceText: string | null;
}

export interface MinutesEscalation {
  id: string;
  riskId: string;
  riskTitle: string;
  reason: string;
  byName: string;
  atText: string;
  status: EscalationStatus;
  statusLabel: string;
  answer: string | null;
  answeredText: string | null;
}

export interface MinutesStatusView {
  status: 'draft' | 'approved';
  label: string;
  version: number;
  /** "Udkast, version 2" / "Godkendt, version 3, godkendt af Anna Holm 20. juni 2025 kl. 9.00" */
  line: string;
  amendments: { text: string; by: string | null; atText: string; item: number | null; line: string }[];
}

export interface MinutesItemStatus {
  /** "Status" */
  label: string;
  rating: Rating;
  /** "Gul" */
  ratingLabel: string;
  summary: string;
  points: string[];
  links: string[];
  /** "indsendt af Bent Lund, 20. marts 2026 kl. 9.12" */
  byLine: string;
  /** "Gul — Release 4.2 er forsinket" */
  line: string;
}
