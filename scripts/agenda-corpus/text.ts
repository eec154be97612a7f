/**
 * A corpus document as it is seen on the page: lines with their list marker (number or bullet
 * glyph), the header as label + value, and where a paragraph gap falls. The e-mail writer joins
 * them as plain text; the PDF writer positions them.
 */
import { bodyParts, labelText, LABELS, listText, typedHeading, type CorpusDoc } from './model.js';

export interface VisualLine {
  text: string;
  /** Bullet glyph or list number printed before the text (its own run in a PDF). */
  marker?: string;
  /** Header table: the label column (text is the value column). */
  label?: string;
  /** A paragraph gap (blank line / spacing) before this line. */
  gap: boolean;
  bold?: boolean;
}

const BULLET_TEXT: Record<string, string> = { '': '•', '▪': '•', '◦': 'o', 'a)': 'a)' };

/** The glyph a reader sees for the style's bullet; lettered bullets count a), b), c). */
export function bulletGlyph(doc: CorpusDoc, index: number): string {
  const b = doc.style.bullet;
  if (b === 'a)') return `${String.fromCharCode(97 + index)})`;
  return BULLET_TEXT[b] ?? b;
}

export function visualLines(doc: CorpusDoc): VisualLine[] {
  const L = LABELS[doc.lang];
  const s = doc.style;
  const out: VisualLine[] = [];
  const gap = () => s.blank;
  for (const p of doc.preamble ?? []) out.push({ text: p, gap: out.length > 0 });
  const h = doc.header;
  const fields: [string, string[]][] = [
    [L.title, [h.title]],
    [L.date, [h.dateText]],
    [L.time, [h.timeText]],
    [L.location, [h.location]],
    [L.participants, h.participants.map(([line]) => line)],
  ];
  for (const [label, values] of fields) {
    values.forEach((v, i) => {
      if (s.header === 'table') out.push({ label: i === 0 ? label : '', text: v, gap: i === 0 && out.length > 0 && gap() });
      else out.push({ text: i === 0 ? `${label}: ${v}` : v, gap: i === 0 && out.length > 0 && gap() });
    });
  }
  if (s.list !== 'none') {
    out.push({ text: L.list, gap: true, bold: true });
    doc.items.forEach((it, i) => out.push({ marker: String(i + 1), text: listText(it, s, i), gap: false }));
  }
  doc.items.forEach((it, i) => {
    const n = i + 1;
    const heading = typedHeading(n, it, s);
    heading.forEach((t, k) => out.push({ text: t, gap: k === 0 && (gap() || (i === 0 && s.list !== 'none')), bold: true }));
    let bullets = 0;
    let labels = 0;
    let prev: 'label' | 'p' | 'bullet' | 'heading' = 'heading';
    for (const part of bodyParts(it, doc)) {
      if ('label' in part) {
        out.push({ text: labelText(part.label, n, ++labels, s), gap: gap(), bold: true });
        bullets = 0;
        prev = 'label';
      } else if ('bullet' in part) {
        out.push({ marker: bulletGlyph(doc, bullets++), text: part.bullet, gap: gap() && prev !== 'bullet' });
        prev = 'bullet';
      } else {
        // Word's paragraph spacing: a gap between paragraphs, none right under a label.
        out.push({ text: part.p, gap: gap() && (prev === 'p' || prev === 'bullet') });
        bullets = 0;
        prev = 'p';
      }
    }
  });
  return out;
}

/** Words longer than this may be broken at a line end. */
const MIN_BREAK = 9;

/**
 * `text` wrapped at `width` characters; with `hyphenate`, a long word that does not fit is broken
 * with a hyphen as a word processor's hyphenation does (letters only, at least 4 each side).
 */
export function wrap(text: string, width: number, hyphenate: boolean): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (candidate.length <= width || line === '') {
      line = candidate;
      continue;
    }
    const room = width - line.length - 2; // space + hyphen
    if (hyphenate && word.length >= MIN_BREAK && /^\p{Ll}+[.,]?$/u.test(word) && room >= 4 && word.length - room >= 4) {
      lines.push(`${line} ${word.slice(0, room)}-`);
      line = word.slice(room);
      continue;
    }
    lines.push(line);
    line = word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The document pasted into an e-mail: plain lines wrapped at 76 columns. */
export function emailText(doc: CorpusDoc): string {
  const out: string[] = [];
  for (const l of visualLines(doc)) {
    if (l.gap && out.length > 0) out.push('');
    const lead = l.label !== undefined ? (l.label ? `${l.label}: ` : '  ') : l.marker ? `${l.marker} ` : '';
    const wrapped = wrap(lead + l.text, 76, doc.style.hyphenate);
    out.push(...wrapped.map((w, i) => (i > 0 && l.marker ? `  ${w}` : w)));
  }
  return `${out.join('\n')}\n`;
}
