/**
 * The agenda corpus (test/fixtures/agendas/): each document is described once by what it means
 * (header, items, their texts) and how its author wrote it (numbering, headings, bullets,
 * presenters, blank lines, hyphenation). The writers (docx.ts, text.ts, pdf.ts) lay it out the
 * way people do; the expected JSON is what it means, in the parser's output contract.
 */
import type { ParsedAgenda, ParsedItem, ParsedParticipant, ProposedMeeting } from '../../src/domain/agenda.js';

export interface CorpusItem {
  /** The section heading's wording: the expected title. */
  title: string;
  /** The "Dagsorden" list's wording when it differs from the heading (shorter, longer). */
  listTitle?: string;
  presenter?: string;
  annexes?: string[];
  /** "Det indstilles, at styregruppen" before the bullets (not an entry). */
  recLead?: string;
  rec?: string[];
  background?: string[];
  backgroundBullets?: string[];
  /** A list typed with numbers inside the background ("1. Svartider"): the numbers stay in the text. */
  backgroundNumbered?: string[];
  proposal?: string[];
  nextSteps?: string[];
  nextStepsBullets?: string[];
}

export type Bullet = '•' | '◦' | '▪' | '–' | '-' | '*' | 'o' | '' | 'a)';

export interface CorpusStyle {
  header: 'table' | 'colon';
  /** auto = Word numbering; typed = numbers typed by hand; table = Nr | Tid | Punkt | Ansvarlig. */
  list: 'auto' | 'typed' | 'table' | 'none';
  /** auto = Word numbering "%1."; autoAd = numbering text "Ad punkt %1."; ad = "Ad 3. Title"; adPunkt = "Ad punkt 3" alone. */
  heading: 'auto' | 'autoAd' | 'typed' | 'ad' | 'adPunkt' | 'item' | 'style' | 'paren';
  presenter: 'v.' | 'v/' | 'ved' | 'oplæg ved' | 'paren' | 'presented by';
  bullet: Bullet;
  /** Blank lines / paragraph spacing between paragraphs and sections. */
  blank: boolean;
  /** Words broken at line ends (PDF/text) or soft hyphens and manual breaks (Word). */
  hyphenate: boolean;
  /** Where an item's annexes are named. */
  annexIn: 'heading' | 'body';
  /** Section labels numbered under their item ("3.1 Indstilling"; in Word: the outline's level 2). */
  numberedLabels?: boolean;
  /** List entries start with their time slot ("12.30-12.45 Velkomst"). */
  listTimes?: boolean;
  /** Word: headings edited with track changes on (deleted words stay in the file as w:del). */
  trackedChanges?: boolean;
  /** Word: the participants typed in one paragraph with line breaks (Shift+Enter). */
  participantBreaks?: boolean;
}

export interface CorpusDoc {
  name: string;
  format: 'docx' | 'pdf' | 'txt';
  lang: 'da' | 'en';
  /** Lines before the header (an e-mail's greeting). */
  preamble?: string[];
  header: {
    title: string;
    number: number | null;
    dateText: string;
    date: string;
    timeText: string;
    start: string;
    end: string;
    location: string;
    participants: [string, ParsedParticipant][];
  };
  style: CorpusStyle;
  items: CorpusItem[];
  proposedMeetings: ProposedMeeting[];
}

export const LABELS = {
  da: {
    title: 'Mødetitel',
    date: 'Mødedato',
    time: 'Tidspunkt',
    location: 'Sted',
    participants: 'Deltagere',
    list: 'Dagsorden:',
    rec: 'Indstilling',
    background: 'Baggrund',
    proposal: 'Løsning',
    nextSteps: 'Videre proces',
    table: ['Nr.', 'Tid', 'Punkt', 'Ansvarlig'],
  },
  en: {
    title: 'Meeting title',
    date: 'Date',
    time: 'Time',
    location: 'Location',
    participants: 'Participants',
    list: 'Agenda:',
    rec: 'Recommendation',
    background: 'Background',
    proposal: 'Proposal',
    nextSteps: 'Next steps',
    table: ['No.', 'Time', 'Item', 'Presenter'],
  },
};

/** "Title, v. Anna" / "Title ved Anna" / "Title (v. Anna)" / "Title, presented by Anna". */
export function withPresenter(title: string, presenter: string | undefined, style: CorpusStyle): string {
  if (!presenter) return title;
  switch (style.presenter) {
    case 'v.':
      return `${title}, v. ${presenter}`;
    case 'v/':
      return `${title} v/ ${presenter}`;
    case 'ved':
      return `${title}, ved ${presenter}`;
    case 'oplæg ved':
      return `${title} – oplæg ved ${presenter}`;
    case 'paren':
      return `${title} (v. ${presenter})`;
    case 'presented by':
      return `${title}, presented by ${presenter}`;
  }
}

/** The time slot of list entry `i` (0-based): a quarter of an hour each from 12.30. */
export function timeSlot(i: number): string {
  const t = (m: number) => `${12 + Math.floor((30 + m) / 60)}.${String((30 + m) % 60).padStart(2, '0')}`;
  return `${t(i * 15)}-${t(i * 15 + 15)}`;
}

/** The list entry's text after its number (and time slot). */
export const listText = (it: CorpusItem, style: CorpusStyle, i = 0) =>
  (style.listTimes ? `${timeSlot(i)} ` : '') + withPresenter(it.listTitle ?? it.title, it.presenter, style);

/** The section heading's text after its number (annexes in parentheses when the style says so). */
export function headingText(it: CorpusItem, style: CorpusStyle): string {
  const annex = style.annexIn === 'heading' && it.annexes?.length ? ` (${it.annexes.join('; ')})` : '';
  return withPresenter(it.title, it.presenter, style) + annex;
}

/** How the heading of item `n` reads with typed numbers. */
export function typedHeading(n: number, it: CorpusItem, style: CorpusStyle): string[] {
  const text = headingText(it, style);
  switch (style.heading) {
    case 'ad':
      return [`Ad ${n}. ${text}`];
    case 'autoAd':
      return [`Ad punkt ${n}. ${text}`];
    case 'adPunkt':
      return [`Ad punkt ${n}`, text];
    case 'item':
      return [`Item ${n}: ${text}`];
    case 'paren':
      return [`${n}) ${text}`];
    default:
      return [`${n}. ${text}`];
  }
}

export type BodyPart = { label: string } | { p: string } | { bullet: string };

/** A section label as typed or printed: "3.1 Indstilling" when labels are numbered. */
export const labelText = (label: string, item: number, k: number, style: CorpusStyle) =>
  style.numberedLabels ? `${item}.${k} ${label}` : label;

/** The body of an item in reading order. */
export function bodyParts(it: CorpusItem, doc: CorpusDoc): BodyPart[] {
  const L = LABELS[doc.lang];
  const out: BodyPart[] = [];
  if (doc.style.annexIn === 'body' && it.annexes?.length)
    out.push({ p: `${doc.lang === 'da' ? 'Bilag' : 'Annexes'}: ${it.annexes.join('; ')}` });
  if (it.rec?.length) {
    out.push({ label: L.rec });
    if (it.recLead) out.push({ p: it.recLead });
    for (const r of it.rec) out.push({ bullet: r });
  }
  const section = (label: string, paras?: string[], bullets?: string[], numbered?: string[]) => {
    if (!paras?.length && !bullets?.length && !numbered?.length) return;
    out.push({ label });
    for (const p of paras ?? []) out.push({ p });
    for (const b of bullets ?? []) out.push({ bullet: b });
    (numbered ?? []).forEach((t, i) => out.push({ p: `${i + 1}. ${t}` }));
  };
  section(L.background, it.background, it.backgroundBullets, it.backgroundNumbered);
  section(L.proposal, it.proposal);
  section(L.nextSteps, it.nextSteps, it.nextStepsBullets);
  return out;
}

const joined = (paras?: string[], bullets?: string[]) => {
  const all = [...(paras ?? []), ...(bullets ?? [])];
  return all.length ? all.join('\n\n') : null;
};

/** The parser's output for the document, as its author meant it. */
export function expectedAgenda(doc: CorpusDoc): Omit<ParsedAgenda, 'warnings'> {
  const h = doc.header;
  const items: ParsedItem[] = doc.items.map((it, i) => ({
    number: i + 1,
    title: it.title,
    presenter: it.presenter ?? null,
    annexes: it.annexes ?? [],
    recommendation: it.rec ?? [],
    background: joined(it.background, [...(it.backgroundBullets ?? []), ...(it.backgroundNumbered ?? []).map((t, i) => `${i + 1}. ${t}`)]),
    proposal: joined(it.proposal),
    nextSteps: joined(it.nextSteps, it.nextStepsBullets),
  }));
  return {
    number: h.number,
    title: h.title,
    date: h.date,
    start: h.start,
    end: h.end,
    location: h.location,
    participants: h.participants.map(([, p]) => p),
    items,
    proposedMeetings: doc.proposedMeetings,
  };
}
