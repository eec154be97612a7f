/**
 * Reading the action-point command, "handling <tekst> @person [frist <dato>]", and the typed
 * filter of the list command: text in, plain values out (no store, no Teams).
 */
import type { ActionFilter } from '../../app/actions.js';
import { DEFAULT_ZONE, parseDanishDate } from '../../domain/dates.js';
import type { Group, Person } from '../../domain/model.js';
import { findMemberByName } from '../../domain/roster.js';
import { AppError } from '../../errors.js';

const DUE_KEYWORD = /(?:^|\s)(frist|due|deadline)\s+/gi;
/** "frist for certificering", "due to the delay": the keyword is a noun in the text, not a due date. */
const NOUN_USE = /^(?:for|på|til|af|fra|med|of|to|from|with|date)(?:\s|$)/i;

export interface ParsedAction {
  text: string;
  due: string | null;
  /** Personal chat: the roster name typed after "@" (no real mention possible there). */
  ownerName: string | null;
}

/**
 * Splits off the last "frist <dato>" / "due <date>". What follows the keyword must be a date:
 * anything else is refused (never stored as part of the text with no due date), unless the
 * keyword reads as a noun ("afklar frist for certificering").
 */
function splitDue(text: string, today: string, zone: string): { text: string; due: string | null } {
  const matches = [...text.matchAll(DUE_KEYWORD)];
  const last = matches.at(-1);
  if (!last) return { text, due: null };
  const rest = text.slice(last.index! + last[0].length).trim();
  if (NOUN_USE.test(rest)) return { text, due: null };
  const due = parseDanishDate(rest, { today, zone });
  if (due) return { text: text.slice(0, last.index!).trim(), due };
  throw new AppError('action_due_not_date', { text: rest.slice(0, 60), keyword: last[1].toLowerCase() });
}

interface AtTag {
  start: number;
  end: number;
  name: string;
}

const LINE_BREAK = /[\n\r\u2028\u2029]/g;

/**
 * The `<at>…</at>` mentions in `s`, as `/<at>(.*?)<\/at>/g` finds them (no line break inside), but
 * in one pass: that pattern rescanned the rest of the text from every unclosed "<at>" (quadratic).
 */
function atTags(s: string): AtTag[] {
  const out: AtTag[] = [];
  // The next "</at>" and line break at or after a position only move forward: each is searched
  // for again only once the scan has passed the last one found.
  let close = -1;
  let brk = -1;
  let from = 0;
  for (;;) {
    const open = s.indexOf('<at>', from);
    if (open < 0) return out;
    const inner = open + 4;
    if (close < inner) close = s.indexOf('</at>', inner);
    if (close < 0) return out; // no later "<at>" can close either
    if (brk < inner) {
      LINE_BREAK.lastIndex = inner;
      brk = LINE_BREAK.exec(s)?.index ?? Infinity;
    }
    if (brk < close) {
      // Every "<at>" before the break would have to cross it to reach a close.
      from = brk + 1;
      continue;
    }
    out.push({ start: open, end: close + 5, name: s.slice(inner, close) });
    from = close + 5;
  }
}

/** `s` with each mention replaced by its name (`s.replace(/<at>(.*?)<\/at>/g, '$1')`, linear). */
function unwrapAtTags(s: string): string {
  let out = '';
  let at = 0;
  for (const tag of atTags(s)) {
    out += s.slice(at, tag.start) + tag.name;
    at = tag.end;
  }
  return out + s.slice(at);
}

/**
 * The text, due date and (personal chat) owner name of an action command. Mentions arrive as
 * `<at>Name</at>` in the text: the last one is the owner (removed), earlier ones stay as names.
 */
export function parseActionCommand(args: string, opts: { today: string; zone?: string; personal: boolean }): ParsedAction {
  const zone = opts.zone ?? DEFAULT_ZONE;
  const tags = atTags(args);
  let text = args;
  let ownerName: string | null = null;
  if (tags.length) {
    const last = tags[tags.length - 1];
    text = unwrapAtTags(`${args.slice(0, last.start)} ${args.slice(last.end)}`);
  } else if (opts.personal) {
    const at = text.search(/(^|\s)@\S/);
    if (at >= 0) {
      const start = text.indexOf('@', at);
      let segment = text.slice(start + 1);
      let tail = '';
      const kw = /\s(frist|due|deadline)\s/i.exec(segment);
      if (kw) {
        tail = segment.slice(kw.index);
        segment = segment.slice(0, kw.index);
      }
      ownerName = segment.trim() || null;
      text = `${text.slice(0, start)} ${tail}`;
    }
  }
  text = text.replace(/\s+/g, ' ').trim();
  const split = splitDue(text, opts.today, zone);
  return { text: withoutTrailingMark(split.text), due: split.due, ownerName };
}

/**
 * `s.replace(/\s*[,;:–-]\s*$/, '').trim()` without the pattern, which (unanchored at the start)
 * retries a whitespace run from each of its positions: one trailing mark and the space around it.
 */
function withoutTrailingMark(s: string): string {
  const end = s.trimEnd();
  return (end && ',;:–-'.includes(end.slice(-1)) ? end.slice(0, -1) : end).trim();
}

/** A typed roster name (personal chat): the longest leading run of words that names one member. */
export function ownerByName(group: Group, name: string): { owner: Person; rest: string } {
  const words = name.split(/\s+/).filter(Boolean);
  for (let k = words.length; k >= 1; k--) {
    const found = findMemberByName(group, words.slice(0, k).join(' '));
    if (found.length === 1) return { owner: found[0], rest: words.slice(k).join(' ') };
    if (found.length > 1)
      throw new AppError('bad_input', { detail: `"${words.slice(0, k).join(' ')}" matcher flere: ${found.map((m) => m.name).join(', ')}` });
  }
  throw new AppError('member_unknown', { name: name.slice(0, 80) });
}

/** The filter words of `handlinger <filter>`. */
export const FILTERS: Record<string, ActionFilter> = {
  '': 'all',
  alle: 'all',
  all: 'all',
  mine: 'mine',
  åbne: 'open',
  aabne: 'open',
  open: 'open',
  forfaldne: 'overdue',
  overdue: 'overdue',
};
