import type { Locale } from '../domain/model.js';
import levenshtein from 'damerau-levenshtein';
import type { CommandDef } from './types.js';

export interface ParsedCommand {
  def: CommandDef;
  args: string;
  /** The language of the word the user typed: an English command gets an English answer. */
  lang: Locale;
}

/**
 * Typed text is cut to this many characters before any pattern sees it. A Teams message is at
 * most ~28 KB and commands are one line, so this only trims hostile input.
 */
export const MAX_RAW_TEXT = 16_000;

/** Normalises typed text: strips <at> tags of other mentions' markup noise, nbsp, repeated spaces. */
export function normaliseText(text: string): string {
  // [^<>]* stops at the next "<": with [^>]* every "<p" of "<p<p<p…" rescanned the rest (O(n²)).
  return text
    .slice(0, MAX_RAW_TEXT)
    .replace(/\u00a0/g, ' ')
    .replace(/<\/?(p|div|span|br)[^<>]*>/gi, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface Entry {
  words: string;
  def: CommandDef;
  lang: Locale;
}

/** Builds a matcher over all command names, longest name first ("ny risiko" before "ny"). */
export function createCommandMatcher(defs: CommandDef[]) {
  const entries: Entry[] = [];
  for (const def of defs)
    for (const lang of ['da', 'en'] as const) for (const n of def.names[lang]) entries.push({ words: n.toLowerCase(), def, lang });
  entries.sort((a, b) => b.words.length - a.words.length);
  return (raw: string): ParsedCommand | null => {
    const text = normaliseText(raw).replace(/^\//, '');
    const lower = text.toLowerCase();
    for (const e of entries) {
      if (lower === e.words || lower.startsWith(e.words + ' ') || lower.startsWith(e.words + ':')) {
        return {
          def: e.def,
          args: text
            .slice(e.words.length)
            .replace(/^[:\s]+/, '')
            .trim(),
          lang: e.lang,
        };
      }
    }
    return null;
  };
}

/** Guess whether unknown text is English (to answer "unknown command" in the writer's language). */
export const looksEnglish = (text: string): boolean => /^(the|what|how|show|new|list|add|set|please|hi|hello)\b/i.test(text.trim());

export interface CommandSuggestion {
  /** The command name as the user should type it ("dagsorden"). */
  name: string;
  lang: Locale;
}

/** Typos allowed for a name of this length: 1 for short names, 2 from 6 letters, 3 from 12. */
const allowedSteps = (length: number): number => (length < 6 ? 1 : length < 12 ? 2 : 3);

/**
 * The command name nearest to what was typed, for "Mente du `dagsorden`?". Damerau-Levenshtein
 * distance (a swapped pair of letters is one typo: "dagsordne") between each name and the same
 * number of leading words of the text; null when nothing is close enough to be a typo.
 */
export function createCommandSuggester(defs: CommandDef[]) {
  const names: { words: string; count: number; lang: Locale }[] = [];
  for (const def of defs)
    for (const lang of ['da', 'en'] as const)
      for (const n of def.names[lang]) if (/\p{L}/u.test(n)) names.push({ words: n.toLowerCase(), count: n.split(' ').length, lang });
  return (raw: string): CommandSuggestion | null => {
    const typed = normaliseText(raw).replace(/^\//, '').toLowerCase().split(' ');
    let best: { name: string; lang: Locale; steps: number } | null = null;
    for (const n of names) {
      const head = typed.slice(0, n.count).join(' ');
      if (head.length > 40 || Math.abs(head.length - n.words.length) > 3) continue;
      const steps = levenshtein(head, n.words).steps;
      if (steps === 0 || steps > allowedSteps(n.words.length)) continue;
      // on a tie the longer name wins: it explains more of what was typed ("risk voet" → "risk vote", not "risks")
      if (!best || steps < best.steps || (steps === best.steps && n.words.length > best.name.length))
        best = { name: n.words, lang: n.lang, steps };
    }
    return best && { name: best.name, lang: best.lang };
  };
}
