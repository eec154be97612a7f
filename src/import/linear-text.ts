/**
 * String helpers that replace regular expressions which backtrack on hostile input. A pattern
 * such as /[.,\s]+$/ retries its run from every start position, so a long run of those characters
 * followed by anything else costs O(n²); these loops look at each character once.
 */

const WS = /\s/u;
/** Is `c` (one UTF-16 unit or code point) whitespace in the sense of the regex class \s? */
export const isSpace = (c: string): boolean => WS.test(c);

/** `s` without its trailing characters that satisfy `drop` (the linear form of s.replace(/[…]+$/, '')). */
export function trimEndWhere(s: string, drop: (c: string) => boolean): string {
  let end = s.length;
  while (end > 0 && drop(s[end - 1])) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Trailing characters from `chars`, plus any whitespace when `spaces` is set. */
export function trimEndChars(s: string, chars: string, spaces = true): string {
  return trimEndWhere(s, (c) => chars.includes(c) || (spaces && isSpace(c)));
}

/** Every run of whitespace as one space, trimmed (/\s+/g is linear: each run is matched once). */
export const squeezeSpaces = (s: string): string => s.replace(/\s+/gu, ' ').trim();

/** `s` split at `sep`, each part with its surrounding whitespace removed, empty parts kept. */
export const splitTrim = (s: string, sep: string): string[] => s.split(sep).map((p) => p.trim());
