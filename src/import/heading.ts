/**
 * One agenda heading or list entry: "Title, v. Presenter (Bilag 2. Annex title)".
 * A parenthesis is an annex only when it starts with "Bilag"/"Annex"; any other parenthesis is
 * part of the title ("Status på lægesystemerne (certificering 2025)").
 */

import { squeezeSpaces, trimEndChars } from './linear-text.js';

export interface HeadingParts {
  title: string;
  presenter: string | null;
  annexes: string[];
}

// One level of nesting inside the annex parenthesis: "(Bilag 2. Plan (revideret))".
const ANNEX_PAREN_RE = /\(\s*((?:bilag|bilagene|annex|annexes|appendix|attachment)\b[^()]*(?:\([^()]*\)[^()]*)*)\)/giu;
// "v. Anna", "v/ Anna", "v.Anna" and "presented by Anna" (English agendas; "by" alone is too
// common): the presenter runs to the end of the (annex-free) heading. Found by scanning for the
// fixed-width marker instead of one pattern with a lazy group and trailing \s*, which backtracks
// in O(n²) or worse on "v. v. v. …" (192 KB once blocked the bot for 11 s).
const PRESENTER_MARKS = [/(?:^|[\s,–-])v[./]/giu, /(?:^|[\s,–-])presented by\s/giu];

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
    // (the longest marker is 14 characters), so "v. v. v. …(" costs one scan, not one match per "v.".
    mark.lastIndex = Math.max(0, lastParen - 14);
    for (let m = mark.exec(s); m; m = mark.exec(s)) {
      const end = m.index + m[0].length;
      if (end > lastParen && end < s.length) return { index: m.index, name: s.slice(end) };
    }
  }
  return null;
}

export function splitHeading(raw: string): HeadingParts {
  const annexes: string[] = [];
  let s = raw.replace(ANNEX_PAREN_RE, (_m, inner: string) => {
    annexes.push(...splitAnnexes(inner));
    return ' ';
  });
  s = squeezeSpaces(s);
  let presenter: string | null = null;
  const m = presenterMark(s);
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
 * Does a section heading belong to an agenda-list entry? At least 60 % of the list title's
 * words must occur in the heading (headings often add presenter/annex, lists often shorten).
 */
export function similarTitles(listTitle: string, heading: string): boolean {
  const want = tokens(listTitle);
  if (want.length === 0) return true;
  const have = new Set(tokens(heading));
  return want.filter((t) => have.has(t)).length / want.length >= 0.6;
}

/** Normalised for "is this the same title" comparisons in warnings. */
export const sameText = (a: string, b: string) =>
  a
    .toLowerCase()
    .replace(/[^\p{L}\d]+/gu, ' ')
    .trim() ===
  b
    .toLowerCase()
    .replace(/[^\p{L}\d]+/gu, ' ')
    .trim();

/** Parentheses still open at the end of `s` (a heading wrapped inside its annex label), `depth` open before it. */
export function openParens(s: string, depth = 0): number {
  for (const c of s) {
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
  }
  return depth;
}
