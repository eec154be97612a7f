/**
 * One agenda heading or list entry: "Title, v. Presenter (Bilag 2. Annex title)".
 * A parenthesis is an annex only when it starts with "Bilag"/"Annex"; any other parenthesis is
 * part of the title ("Status på lægesystemerne (certificering 2025)").
 */

export interface HeadingParts {
  title: string;
  presenter: string | null;
  annexes: string[];
}

// One level of nesting inside the annex parenthesis: "(Bilag 2. Plan (revideret))".
const ANNEX_PAREN_RE = /\(\s*((?:bilag|bilagene|annex|annexes|appendix|attachment)\b[^()]*(?:\([^()]*\)[^()]*)*)\)/giu;
// "v. Anna", "v/ Anna", "v.Anna"; the presenter runs to the end of the (annex-free) heading.
const PRESENTER_RE = /(?:^|[\s,–-])v(?:\.|\/)\s*([^()]+?)\s*$/iu;
// English agendas: "Title – presented by Anna" / "Title (by Anna)" are rare; "by" alone is too common.
const PRESENTED_BY_RE = /(?:^|[\s,–-])presented by\s+([^()]+?)\s*$/iu;

/** "Bilag 1. X; Bilag 2. Y" and "Bilag 1. X, Bilag 2. Y" are two annexes; "Bilag 1 og 2" is one. */
export function splitAnnexes(inner: string): string[] {
  return inner
    .split(/\s*;\s*|,\s*(?=bilag\s+\d)|\s+og\s+(?=bilag\s+\d)/iu)
    .map((s) => s.replace(/\s+/g, ' ').replace(/[.,;\s]+$/, '').trim())
    .filter((s) => s !== '');
}

export function splitHeading(raw: string): HeadingParts {
  const annexes: string[] = [];
  let s = raw.replace(ANNEX_PAREN_RE, (_m, inner: string) => {
    annexes.push(...splitAnnexes(inner));
    return ' ';
  });
  s = s.replace(/\s+/g, ' ').trim();
  let presenter: string | null = null;
  const m = PRESENTER_RE.exec(s) ?? PRESENTED_BY_RE.exec(s);
  if (m) {
    presenter = m[1].replace(/[.\s]+$/, '').trim() || null;
    s = s.slice(0, m.index);
  }
  const title = s.replace(/[\s,;:–-]+$/u, '').trim();
  return { title, presenter, annexes };
}

const STOP = new Set(['og', 'af', 'på', 'i', 'for', 'til', 'med', 'om', 'the', 'of', 'and', 'on', 'v']);
const tokens = (s: string) =>
  s.toLowerCase().split(/[^\p{L}\d]+/u).filter((t) => t.length > 1 && !STOP.has(t));

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
  a.toLowerCase().replace(/[^\p{L}\d]+/gu, ' ').trim() === b.toLowerCase().replace(/[^\p{L}\d]+/gu, ' ').trim();

/** Parentheses still open at the end of `s` (a heading wrapped inside its annex label). */
export function openParens(s: string): number {
  let depth = 0;
  for (const c of s) {
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
  }
  return depth;
}
