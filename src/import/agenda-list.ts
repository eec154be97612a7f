/**
 * The short numbered list after "Dagsorden:" and the search for each entry's section heading.
 * The list is the anchor: a numbered line in the body only counts as a heading when its number
 * is the next list number and its words match that entry — which is what keeps "1. august 2025."
 * or a numbered list inside an item's text from being read as a new item.
 */
import { startsWithDate } from './dates.js';
import { BULLET } from './text-cleanup.js';
import { openParens, similarTitles, splitHeading, type HeadingParts } from './heading.js';

export interface ListEntry extends HeadingParts {
  number: number;
}

export interface Heading {
  number: number;
  /** Index of the heading's first line and of the first body line after it. */
  start: number;
  bodyStart: number;
  text: string;
}

const LIST_MARKER_RE = /^(?:dagsorden|agenda|program)\s*:?$/i;
// "1 Title" (list), "1. Title" / "1) Title" (sections). Titles start with a letter or "(".
const NUMBERED_RE = /^(\d{1,2})(?:\s*[.)])?\s+([\p{L}(«"].*)$/u;
// … or with a time slot first: "1 12.30-12.45 Velkomst" (squeezed line: single spaces).
const TIMED_RE = /^(\d{1,2})[.)]? ((?:kl\. ?)?\d{1,2}[.:]\d{2}(?: ?[-–] ?\d{1,2}[.:]\d{2})? [\p{L}(].*)$/iu;
const MEETING_TITLE_RE = /^\d{1,3}\.\s*(?:møde|meeting)\b/iu;
// A keyword may carry its outline number ("3.1 Indstilling") when Word numbers the sub-headings.
export const SECTION_KEYWORD_RE =
  /^(?:\d{1,2}\.\d{1,2}\.? )?(indstillinger|indstilling|recommendations?|baggrund|background|sagsfremstilling|løsningsforslag|løsning|forslag|proposal|solution|videre proces|næste skridt|next steps|bilag|annexes|attachments|beslutning|decision|referat|minutes)\s*(?::\s*(.*))?$/iu;

// "Ad 3.", "Ad punkt 3", "Ad pkt. 3:", "Punkt 3", "Item 3:" before a section's number. Lines are
// squeezed (single spaces) before this runs.
const HEADING_PREFIX_RE = /^(?:ad (?:punkt |pkt\. ?)?|punkt |pkt\. ?|item |agenda item )(?=\d)/iu;
/**
 * The number after such a prefix and the title after it: the number may stand alone ("Ad punkt 3",
 * title on the next line) or be followed by ".", ")", ":" or " - ". A scan, not a pattern: each
 * optional separator is one character.
 */
function afterPrefix(rest: string): { number: number; rest: string } | null {
  const digits = /^\d{1,2}/.exec(rest);
  if (!digits) return null;
  let i = digits[0].length;
  if (i < rest.length && !'.):- –'.includes(rest[i])) return null;
  if ('.):'.includes(rest[i] ?? '')) i++;
  if (rest[i] === ' ') i++;
  if ((rest[i] === '-' || rest[i] === '–') && rest[i + 1] === ' ') i += 2;
  return { number: +digits[0], rest: rest.slice(i) };
}

export function numbered(line: string): { number: number; rest: string } | null {
  if (line.startsWith(BULLET) || MEETING_TITLE_RE.test(line) || startsWithDate(line)) return null;
  const prefix = HEADING_PREFIX_RE.exec(line);
  if (prefix) {
    const rest = line.slice(prefix[0].length);
    return startsWithDate(rest) ? null : afterPrefix(rest);
  }
  const m = NUMBERED_RE.exec(line) ?? TIMED_RE.exec(line);
  return m ? { number: +m[1], rest: m[2] } : null;
}

/** Index of the "Dagsorden:" line that is followed by a numbered line, or -1. */
export function findListMarker(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    if (!LIST_MARKER_RE.test(lines[i])) continue;
    // Walk to the next non-blank line in place: slicing per marker line is O(n²) for a file of markers.
    let j = i + 1;
    while (j < lines.length && lines[j] === '') j++;
    if (j < lines.length && numbered(lines[j])) return i;
  }
  return -1;
}

// "12.30-12.45 Velkomst", "kl. 9.00 Velkomst": the time slot before a list entry's title.
const TIME_SLOT_RE = /^(?:kl\. ?)?\d{1,2}[.:]\d{2}(?: ?[-–] ?\d{1,2}[.:]\d{2})? (?=[\p{L}(])/iu;
const withoutTime = (text: string) => text.replace(TIME_SLOT_RE, '');

/** Entries after the marker: strictly increasing numbers; a wrapped entry continues on the next line. */
export function parseAgendaList(lines: string[], from: number): { entries: ListEntry[]; end: number } {
  const raw: { number: number; text: string }[] = [];
  let i = from;
  let prevBlank = true;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') {
      prevBlank = true;
      continue;
    }
    const n = numbered(line);
    const last = raw[raw.length - 1];
    if (n && (!last || n.number > last.number)) raw.push({ number: n.number, text: n.rest });
    else if (!n && last && !prevBlank && !SECTION_KEYWORD_RE.test(line)) last.text += ` ${line}`;
    else break;
    prevBlank = false;
  }
  return { entries: raw.map((r) => ({ number: r.number, ...splitHeading(withoutTime(r.text)) })), end: i };
}

/** A heading may wrap: continue while a parenthesis is open, the line ends in "," or the next starts lower case. */
function headingEnd(lines: string[], i: number): { text: string; next: number } {
  let text = numbered(lines[i])!.rest;
  let j = i + 1;
  while (j < lines.length && j <= i + 3) {
    const l = lines[j];
    if (l === '' || l.startsWith(BULLET) || SECTION_KEYWORD_RE.test(l) || numbered(l)) break;
    if (!(text === '' || openParens(text) > 0 || /[,–-]$/.test(text) || /^\p{Ll}/u.test(l))) break;
    text = text === '' ? l : `${text} ${l}`;
    j++;
  }
  return { text, next: j };
}

interface Candidate {
  number: number;
  index: number;
  atParagraphStart: boolean;
  /**
   * Where a heading can stand in a document without blank lines: after a sentence's end, a
   * closing parenthesis or a heading of its own. Not after "…fremhæves:" (a list follows) nor
   * after a numbered line of the previous number that is no heading ("2. Udbredelse" → "3. …").
   */
  looseStart: boolean;
}

const SENTENCE_END_RE = /[.!?)»"]$/u;

function candidates(lines: string[], from: number): Candidate[] {
  const out: Candidate[] = [];
  // Each line is read once: its number serves as the next line's "previous number".
  let prevNumber: number | undefined;
  for (let i = from; i < lines.length; i++) {
    const n = numbered(lines[i]);
    const before = prevNumber;
    prevNumber = n?.number;
    if (!n) continue;
    const prev = i === from ? '' : lines[i - 1];
    out.push({
      number: n.number,
      index: i,
      atParagraphStart: prev === '',
      looseStart: prev === '' || (SENTENCE_END_RE.test(prev) && before !== n.number - 1) || SECTION_KEYWORD_RE.test(prev),
    });
  }
  return out;
}

/**
 * Section headings for the list entries, in order. An entry whose heading words differ from the
 * list is still taken when it is the only candidate at a paragraph start before the next entry's
 * heading (reported as a warning by the caller); otherwise the entry has no section.
 */
export function findHeadings(lines: string[], from: number, entries: ListEntry[]): Map<number, Heading> {
  const byNumber = new Map(entries.map((e) => [e.number, e]));
  // Only candidates numbered like a list entry matter; each is compared with that one entry, once.
  const cands = candidates(lines, from)
    .filter((c) => byNumber.has(c.number))
    .map((c) => {
      const h = headingEnd(lines, c.index);
      return { ...c, ...h, similar: similarTitles(byNumber.get(c.number)!.title, h.text) };
    });
  // Indexed by number (and the similar ones apart) so a long text with many numbered lines costs
  // O(lines + entries²), not O(lines × entries).
  type Cand = (typeof cands)[number];
  const ofNumber = new Map<number, Cand[]>();
  for (const c of cands) {
    if (!ofNumber.has(c.number)) ofNumber.set(c.number, []);
    ofNumber.get(c.number)!.push(c);
  }
  const similar = cands.filter((c) => c.similar);
  const found = new Map<number, Heading>();
  let pos = from;
  entries.forEach((entry, k) => {
    const mine = (ofNumber.get(entry.number) ?? []).filter((c) => c.index >= pos);
    let hit = mine.find((c) => c.similar);
    if (!hit) {
      const later = new Set(entries.slice(k + 1).map((e) => e.number));
      const stop = similar.find((c) => c.index >= pos && later.has(c.number))?.index ?? Infinity;
      hit = mine.find((c) => c.atParagraphStart && c.index < stop) ?? mine.find((c) => (c.looseStart || c.index === pos) && c.index < stop);
    }
    if (hit) {
      found.set(entry.number, { number: entry.number, start: hit.index, bodyStart: hit.next, text: hit.text });
      pos = hit.next;
    }
  });
  return found;
}

/**
 * Headings numbered firstNumber, firstNumber + 1 … in order, each at a paragraph start: the items
 * of an agenda without a list (firstNumber 1), or sections after the list's last entry.
 */
export function findSequentialHeadings(lines: string[], from: number, firstNumber: number): Heading[] {
  const out: Heading[] = [];
  let expected = firstNumber;
  for (const c of candidates(lines, from)) {
    const last = out[out.length - 1];
    const start = c.atParagraphStart || c.looseStart || (last !== undefined && c.index === last.bodyStart);
    if (c.number !== expected || !start || (last && c.index < last.bodyStart)) continue;
    const h = headingEnd(lines, c.index);
    out.push({ number: c.number, start: c.index, bodyStart: h.next, text: h.text });
    expected++;
  }
  return out;
}
