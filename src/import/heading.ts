/**
 * One agenda heading or list entry: "Title, v. Presenter (Bilag 2. Annex title)".
 * A parenthesis is an annex only when it starts with "Bilag"/"Annex"; any other parenthesis is
 * part of the title ("Status på lægesystemerne (certificering 2025)").
 */

import levenshtein from 'damerau-levenshtein';
import { squeezeSpaces, trimEndChars } from './linear-text.js';

export interface HeadingParts {
  title: string;
  presenter: string | null;
  annexes: string[];
}

// One level of nesting inside the annex parenthesis: "(Bilag 2. Plan (revideret))"; "(se bilag 2)" too.
const ANNEX_PAREN_RE = /\(\s*(?:se\s)?((?:bilag|bilagene|annex|annexes|appendix|attachment)\b[^()]*(?:\([^()]*\)[^()]*)*)\)/giu;
// "(v. Anna)", "(ved Anna)", "(oplæg ved Anna)": a presenter in parentheses. Whitespace is squeezed
// before this runs, so "\s?" spans the one space there can be.
const PRESENTER_PAREN_RE = /\(\s?(?:oplæg\s)?(?:v[./]|ved\s|presented by\s|presenter:)([^()]*)\)/giu;

interface PresenterMark {
  re: RegExp;
  /** Extra condition on the name after the marker. */
  name?: (name: string) => boolean;
}

// Capitalised words ("Anna", "Bent Lund", "Anna og Frida"): after a bare "ved", which is also an
// ordinary word ("Nedetid ved opdatering"), only a name counts as a presenter.
const NAME_WORD_RE = /^(?:\p{Lu}[\p{L}.'-]*|og|and|&)$/u;
// Checked only on a short rest: a name is a few words, and checking the rest after every "ved " of
// "ved A ved A ved A …" would re-read the heading once per marker (O(n²)).
const MAX_NAME_CHARS = 60;
const looksLikeName = (name: string) => {
  if (name.length > MAX_NAME_CHARS) return false;
  const words = name.trim().split(' ');
  return words.length <= 4 && /^\p{Lu}/u.test(name.trim()) && words.every((w) => NAME_WORD_RE.test(w));
};

// "oplæg ved Anna", "v. Anna", "v/ Anna", "v.Anna", "presented by Anna" (English agendas; "by"
// alone is too common), and "ved Anna" when a name follows: the presenter runs to the end of the
// (annex-free) heading. Found by scanning for the fixed-width marker instead of one pattern with
// a lazy group and trailing \s*, which backtracks in O(n²) or worse on "v. v. v. …" (192 KB once
// blocked the bot for 11 s).
const PRESENTER_MARKS: PresenterMark[] = [
  { re: /(?:^|[\s,–-])(?:oplæg|præsenteret|fremlagt|fremlægges) (?:ved|v[./]|af) ?/giu },
  { re: /(?:^|[\s,–-])v[./]/giu },
  { re: /(?:^|[\s,–-])presented by\s/giu },
  { re: /(?:^|[\s,–-])ved /giu, name: looksLikeName },
];

/** "Bilag 1. X; Bilag 2. Y" and "Bilag 1. X, Bilag 2. Y" are two annexes; "Bilag 1 og 2" is one. */
export function splitAnnexes(inner: string): string[] {
  // With whitespace squeezed first, every \s* below spans at most one character: linear.
  return squeezeSpaces(inner)
    .split(/ ?; ?|, ?(?=bilag \d)| og (?=bilag \d)/iu)
    .map((s) => trimEndChars(s, '.,;').trim())
    .filter((s) => s !== '');
}

/** The first presenter marker after which the heading has text and no parenthesis, or null. */
function presenterMark(s: string): { index: number; name: string } | null {
  const lastParen = Math.max(s.lastIndexOf('('), s.lastIndexOf(')'));
  for (const mark of PRESENTER_MARKS) {
    // A marker that ends at or before the last parenthesis cannot qualify: start just before it
    // (the longest marker is 16 characters), so "v. v. v. …(" costs one scan, not one match per "v.".
    mark.re.lastIndex = Math.max(0, lastParen - 16);
    for (let m = mark.re.exec(s); m; m = mark.re.exec(s)) {
      const end = m.index + m[0].length;
      if (end > lastParen && end < s.length && (!mark.name || mark.name(s.slice(end)))) return { index: m.index, name: s.slice(end) };
    }
  }
  return null;
}

export function splitHeading(raw: string): HeadingParts {
  const annexes: string[] = [];
  let presenter: string | null = null;
  let s = squeezeSpaces(raw).replace(ANNEX_PAREN_RE, (_m, inner: string) => {
    annexes.push(...splitAnnexes(inner));
    return ' ';
  });
  s = s.replace(PRESENTER_PAREN_RE, (m, inner: string) => {
    const name = trimEndChars(inner, '.').trim();
    // A name starts with a capital letter: "(v.v.)" or "(ved siden af)" is part of the title.
    if (!/^\p{Lu}/u.test(name) || presenter) return m;
    presenter = name;
    return ' ';
  });
  s = squeezeSpaces(s);
  const m = presenter ? null : presenterMark(s);
  if (m) {
    presenter = trimEndChars(m.name, '.').trim() || null;
    s = s.slice(0, m.index);
  }
  const title = trimEndChars(s, ',;:–-').trim();
  return { title, presenter, annexes };
}

const STOP = new Set(['og', 'af', 'på', 'i', 'for', 'til', 'med', 'om', 'the', 'of', 'and', 'on', 'v']);
const tokens = (s: string) =>
  s
    .toLowerCase()
    .split(/[^\p{L}\d]+/u)
    .filter((t) => t.length > 1 && !STOP.has(t));

/**
 * Characters of each title compared by edit distance (O(n·m) per pair, once per numbered line that
 * could be a heading): titles are shorter, and a cap keeps 2 MB of numbered lines well under a second.
 */
const MAX_EDIT_CHARS = 60;

/** Edit similarity (1 = equal), skipped when the lengths alone rule out the 0.6 it must reach. */
function editSimilarity(a: string, b: string): number {
  if (!a || !b || Math.abs(a.length - b.length) > 0.4 * Math.max(a.length, b.length)) return 0;
  return levenshtein(a, b).similarity;
}
/** Lower case, words only: the form in which two titles or annex labels are "the same text". */
export const normal = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\d]+/gu, ' ')
    .trim();

/** Share of `want`'s words that occur in `have` (1 when `want` has none). */
function wordShare(want: string[], have: string[]): number {
  if (want.length === 0) return 1;
  const set = new Set(have);
  return want.filter((t) => set.has(t)).length / want.length;
}

/**
 * How alike a list title and a section heading are, 0–1: the larger of the share of the list's
 * words found in the heading (headings add presenter and annex), the share of the heading's words
 * found in the list (headings shorten: "Risikolog" for "Projektets risikolog"), and the edit
 * similarity of the two titles (damerau-levenshtein: typos, inflections).
 */
export function titleSimilarity(listTitle: string, heading: string): number {
  const headTitle = splitHeading(heading).title;
  const want = tokens(listTitle);
  const have = tokens(heading);
  const headWords = tokens(headTitle);
  const a = normal(listTitle).slice(0, MAX_EDIT_CHARS);
  const b = normal(headTitle).slice(0, MAX_EDIT_CHARS);
  const words = Math.max(wordShare(want, have), headWords.length > 0 ? wordShare(headWords, want) : 0);
  return words >= 0.6 ? words : Math.max(words, editSimilarity(a, b));
}

/** Does a section heading belong to an agenda-list entry (see titleSimilarity)? */
export function similarTitles(listTitle: string, heading: string): boolean {
  return titleSimilarity(listTitle, heading) >= 0.6;
}

/** Normalised for "is this the same title" comparisons in warnings. */
export const sameText = (a: string, b: string) => normal(a) === normal(b);

/** Parentheses still open at the end of `s` (a heading wrapped inside its annex label), `depth` open before it. */
export function openParens(s: string, depth = 0): number {
  for (const c of s) {
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
  }
  return depth;
}
