/**
 * Undoes the artefacts of text extracted from PDF/Word before any structure is read:
 * odd spacing, page numbers, bullet glyphs, words hyphenated across lines and paragraphs
 * split by a page break. Output is a list of lines where "" is a paragraph break and a
 * bullet line starts with "• " (one canonical marker, whatever glyph the source used).
 */

export const BULLET = '• ';

// Glyphs seen as list markers in PDF/Word text, including Symbol/Wingdings private-use code
// points. "-"/"–", Word's second-level "o" and lettered entries "a)" / "(b)" count only when
// followed by a space, so that "-5", "–14.00" or "a)b" stay text.
const BULLET_RE = /^(?:[•●▪◦■□○◆◇❖➢➤►‣⁃→✓✔·*\uF0B7\uF0A7\uF076\uF0D8\uF0FC\uF06E\uF0A8\uF071]\s*|(?:[-–—]|o|\(?[a-z]\))\s+)/u;
// "3", "Side 3", "3 af 12", "Page 3 of 12", "- 3 -": a line that is only a page number.
const PAGE_NUMBER_RE = /^(?:(?:side|page|s\.)\s*)?\d{1,3}(?:\s*(?:af|of|\/)\s*\d{1,3})?$|^[-–]\s*\d{1,3}\s*[-–]$/i;
const LIGATURES: Record<string, string> = { ﬀ: 'ff', ﬁ: 'fi', ﬂ: 'fl', ﬃ: 'ffi', ﬄ: 'ffl', ﬅ: 'st', ﬆ: 'st' };
// Danish/English conjunctions after a suspended compound: "Udbredelses- og forankringsindsats".
const SUSPENDED_COMPOUND_NEXT = /^(?:og|eller|samt|and|or)\b/i;

const WORD_CHAR_RE = /^[\p{L}\d]$/u;

type Token = { kind: 'text'; text: string } | { kind: 'blank' } | { kind: 'page' };

function normaliseLine(raw: string): string {
  // Every kind of whitespace (tab, no-break, em space, U+2028 …) becomes one space, so no later
  // pattern ever meets a long run of whitespace: a run of \s is where most backtracking starts.
  return raw
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/[ﬀ-ﬆ]/g, (c) => LIGATURES[c] ?? c)
    .replace(/\s+/gu, ' ')
    .trim();
}

/** "uge 40-" / "44": a number right under a line ending in a dash continues it; no page number. */
const continuesRange = (prev: Token | undefined) => prev?.kind === 'text' && /[-–]$/.test(prev.text);

function tokenise(text: string): Token[] {
  const out: Token[] = [];
  // A form feed is how our PDF extractor (and pdftotext) marks a page break.
  for (const page of text
    .replace(/\r\n?/g, '\n')
    .split('\f')
    .map((p, i) => ({ p, i }))) {
    if (page.i > 0) out.push({ kind: 'page' });
    for (const raw of page.p.split('\n')) {
      let line = normaliseLine(raw);
      if (line === '') out.push({ kind: 'blank' });
      else if (PAGE_NUMBER_RE.test(line) && !continuesRange(out[out.length - 1])) out.push({ kind: 'page' });
      else {
        const bullet = BULLET_RE.exec(line);
        if (bullet) line = BULLET + line.slice(bullet[0].length);
        out.push({ kind: 'text', text: line });
      }
    }
  }
  return out;
}

/** Longest word fragment before a line-end hyphen that is looked at; real words are far shorter. */
const MAX_FRAGMENT = 64;

/**
 * How a line ending in `end` (its last MAX_FRAGMENT + 1 characters) joins the next line when it
 * ends in a hyphen: drop the hyphen, keep it, or join with a space; null if it is no word break.
 */
function hyphenJoin(end: string, next: string): 'drop' | 'keep' | 'space' | null {
  if (end.endsWith('\u00AD')) return 'drop'; // soft hyphen: always a break point
  // The letters before a final hyphen, found by walking back a bounded way (/([\p{L}\d]+)-$/ retries
  // every start of a long run of letters that is not followed by the hyphen: O(n²)).
  if (!end.endsWith('-')) return null;
  let start = end.length - 1;
  while (start > 0 && WORD_CHAR_RE.test(end[start - 1])) start--;
  if (start === end.length - 1) return null;
  const fragment = end.slice(start, -1);
  if (SUSPENDED_COMPOUND_NEXT.test(next)) return 'space';
  // "DAP-" + "styregruppen", "COVID-" + "19", "uge 40-" + "44": the hyphen belongs to the word.
  const keep = /^[\p{Lu}\d]+$/u.test(fragment) || /^[\p{Lu}\d]/u.test(next);
  return keep ? 'keep' : 'drop';
}

/** The last `n` characters of the line held as parts (parts are joined once, at the end). */
function endOf(parts: string[], n: number): string {
  let s = '';
  for (let k = parts.length - 1; k >= 0 && s.length < n; k--) s = parts[k] + s;
  return s.length > n ? s.slice(-n) : s;
}

const startsLower = (s: string) => /^\p{Ll}/u.test(s);

/**
 * Clean text into lines. Hyphenated words are rejoined (the next line's text moves up, which is
 * harmless because both lines belong to the same paragraph), also across a page break when the
 * continuation starts in lower case. A paragraph interrupted by a page number is rejoined when
 * it plainly continues (no sentence end before, lower case after).
 */
export function cleanLines(text: string): string[] {
  const tokens = tokenise(text.replace(/\u00AD(?!\s*\n)/g, ''));
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (t.kind !== 'text') {
      i++;
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    // The line grows by whole next lines; kept as parts so that a chain of thousands of hyphenated
    // lines costs O(n), not a copy of the whole line per join.
    const parts = [t.text];
    i++;
    for (;;) {
      let j = i;
      let sawPage = false;
      for (; j < tokens.length && tokens[j].kind !== 'text'; j++) if (tokens[j].kind === 'page') sawPage = true;
      if (j >= tokens.length) break;
      const next = (tokens[j] as { text: string }).text;
      if (next.startsWith(BULLET)) break;
      const adjacent = j === i;
      const end = endOf(parts, MAX_FRAGMENT + 1);
      const join = hyphenJoin(end, next);
      if (join !== null && (adjacent || startsLower(next))) {
        if (join === 'drop') parts[parts.length - 1] = parts[parts.length - 1].slice(0, -1);
        parts.push(join === 'space' ? ` ${next}` : next);
        i = j + 1;
        continue;
      }
      if (!adjacent && sawPage && startsLower(next) && !/[.:!?)]$/.test(end)) {
        parts.push(` ${next}`);
        i = j + 1;
        continue;
      }
      break;
    }
    const line = parts.join('');
    // A lone bullet glyph (its own text item in some PDFs): the entry's text is the next line.
    if (out.length > 0 && out[out.length - 1] === BULLET) out[out.length - 1] = BULLET + line.replace(/^• /, '');
    else out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

export interface Block {
  text: string;
  bullet: boolean;
}

/** The number of a line that starts a numbered-list entry ("1. Svartider", "2) …"), else null. */
function listNumber(line: string): number | null {
  const m = /^(\d{1,2})[.)]\s/.exec(line);
  return m ? +m[1] : null;
}

/** "…tre åbne handlinger:" followed by "1. Svartider": a numbered list starts under a colon. */
const opensList = (parts: string[], line: string) => listNumber(line) === 1 && parts[parts.length - 1].endsWith(':');

/**
 * Group lines into paragraphs and bullet entries. Wrapped lines join with a space; a blank line
 * or a bullet starts a new block. Text may carry no bullet glyphs at all (typed, or copied from Word
 * as plain text), where every paragraph is its own block — callers must not rely on `bullet` alone.
 * "2. Udbredelse" right after a block starting "1. Svartider" is the next entry of a numbered
 * list, not a wrapped line. Only consecutive numbers count, so a wrap such as "…til" /
 * "4. kvartal." stays inside its paragraph. A block keeps its lines and its first line's number
 * (joined once at the end: testing the growing text per line was O(n²)).
 */
export function toBlocks(lines: string[]): Block[] {
  const drafts: { parts: string[]; bullet: boolean; number: number | null }[] = [];
  let cur: (typeof drafts)[number] | null = null;
  for (const line of lines) {
    if (line === '') {
      cur = null;
    } else if (line.startsWith(BULLET)) {
      const text = line.slice(BULLET.length).trim();
      cur = { parts: [text], bullet: true, number: listNumber(text) };
      drafts.push(cur);
    } else if (cur && !(cur.number !== null && listNumber(line) === cur.number + 1) && !opensList(cur.parts, line)) {
      cur.parts.push(line);
    } else {
      cur = { parts: [line], bullet: false, number: listNumber(line) };
      drafts.push(cur);
    }
  }
  return drafts.map((d) => ({ text: d.parts.join(' '), bullet: d.bullet })).filter((b) => b.text !== '');
}

/** Paragraph text of a section: blocks separated by a blank line, or null when empty. */
export function blocksToText(blocks: Block[]): string | null {
  return blocks.length === 0 ? null : blocks.map((b) => b.text).join('\n\n');
}
