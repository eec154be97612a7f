/**
 * Reads what follows `leverandør` / `vendor` into one intent. Pure (no I/O): the caller passes
 * the group's vendor names and today's local date; dates go through the bot's date reader
 * (Danish and ISO, relative words), so "1. marts 2027", "1/3-2027", "2027-03-01" and
 * "om 3 uger" all work.
 *
 * A vendor name may have spaces ("EG Sundhed"): the longest known name the text starts with
 * wins; an unknown name is what comes before the first command word.
 */
import type { VendorChange } from '../../app/vendors.js';
import { parseDanishDate } from '../../domain/dates.js';
import { AppError } from '../../errors.js';

export type VendorIntent =
  | { kind: 'list' }
  | { kind: 'new'; name: string }
  | { kind: 'delete'; name: string }
  | { kind: 'show'; name: string }
  | { kind: 'edit'; name: string; change: VendorChange }
  /** `ansvarlig @person`: the person comes from the message's mentions (or a typed roster name). */
  | { kind: 'responsible'; name: string; who: string };

const NEW = /^(ny|nyt|opret|tilføj|new|add|create)$/i;
const DELETE = /^(slet|fjern|delete|remove)$/i;
const CLEAR = /^(-|ingen|none|slet|delete|clear)$/i;
const KEYWORDS =
  /^(certificeret|certificering|certified|certification|milepæl|milepael|milestone|kontakt|kontaktperson|contact|aftale|agreement|test|note|noter|notes|ansvarlig|responsible)$/i;

/** Dates people type are at most this many words ("mandag den 1. marts 2027"). */
const MAX_DATE_WORDS = 5;

/** The longest run of leading words that reads as a date, and the rest. */
export function leadingDate(words: string[], today: string): { date: string; rest: string[] } | null {
  for (let k = Math.min(MAX_DATE_WORDS, words.length); k >= 1; k--) {
    const date = parseDanishDate(words.slice(0, k).join(' '), { today });
    if (date) return { date, rest: words.slice(k) };
  }
  return null;
}

/**
 * A typed amount in kroner, or null. Danish "250.000" / "1.250.000,50", English "250,000" /
 * "250000.50", plain digits.
 */
export function readAmountToken(token: string): number | null {
  const t = token.replace(/^(kr\.?|dkk)/i, '').replace(/(kr\.?|dkk|,-|\.-)$/i, '');
  let m: RegExpExecArray | null;
  if ((m = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/.exec(t))) return Number(`${m[1]!.replace(/\./g, '')}.${m[2] ?? '0'}`);
  if ((m = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?$/.exec(t))) return Number(`${m[1]!.replace(/,/g, '')}.${m[2] ?? '0'}`);
  if ((m = /^(\d{1,12})(?:,(\d{1,2}))?$/.exec(t))) return Number(`${m[1]}.${m[2] ?? '0'}`);
  if ((m = /^(\d{1,12})\.(\d{1,2})$/.exec(t))) return Number(`${m[1]}.${m[2]}`);
  return null;
}

const MARKER = /^(kr\.?|dkk)$/i;

/**
 * Splits a trailing amount off a milestone's text. A number counts as an amount when it is
 * marked ("250.000 kr", "kr. 250.000", "DKK 250000", "250.000,-"), written with thousands
 * separators ("250.000"), or has five digits or more: "Release 2" and "Version 2027" stay text.
 */
export function trailingAmount(words: string[]): { amount: number | null; text: string[] } {
  const n = words.length;
  if (n >= 2 && MARKER.test(words[n - 1]!)) {
    const a = readAmountToken(words[n - 2]!);
    if (a !== null) return { amount: a, text: words.slice(0, n - 2) };
  }
  if (n >= 2 && MARKER.test(words[n - 2]!)) {
    const a = readAmountToken(words[n - 1]!);
    if (a !== null) return { amount: a, text: words.slice(0, n - 2) };
  }
  const last = words[n - 1];
  if (last && n >= 2) {
    const a = readAmountToken(last);
    const marked = /^(kr|dkk)|(kr\.?|dkk|,-|\.-)$/i.test(last);
    const separated = /^\d{1,3}([.,]\d{3})+/.test(last);
    const digits = (last.match(/\d/g) ?? []).length;
    if (a !== null && (marked || separated || digits >= 5)) return { amount: a, text: words.slice(0, n - 1) };
  }
  return { amount: null, text: words };
}

function splitName(args: string, names: readonly string[]): { name: string; rest: string[] } {
  const lower = args.toLowerCase();
  const known = [...names]
    .sort((a, b) => b.length - a.length)
    .find((n) => lower === n.toLowerCase() || lower.startsWith(`${n.toLowerCase()} `));
  if (known)
    return {
      name: known,
      rest: args.slice(known.length).split(' ').filter(Boolean),
    };
  const words = args.split(' ');
  const i = words.findIndex((w, idx) => idx > 0 && KEYWORDS.test(w));
  return i < 0 ? { name: args, rest: [] } : { name: words.slice(0, i).join(' '), rest: words.slice(i) };
}

function dateOrThrow(text: string, today: string): string {
  const d = parseDanishDate(text, { today });
  if (!d) throw new AppError('vendor_bad_date', { text: text.slice(0, 40) });
  return d;
}

export function parseVendorCommand(raw: string, names: readonly string[], today: string): VendorIntent {
  const args = raw.replace(/\s+/g, ' ').trim();
  if (!args) return { kind: 'list' };
  const [first, ...others] = args.split(' ');
  if (NEW.test(first!)) return { kind: 'new', name: others.join(' ') };
  if (DELETE.test(first!) && others.length) return { kind: 'delete', name: others.join(' ') };
  const { name, rest } = splitName(args, names);
  if (!rest.length) return { kind: 'show', name };
  const word = rest[0]!.toLowerCase();
  const tail = rest.slice(1);
  const text = tail.join(' ');
  const edit = (change: VendorChange): VendorIntent => ({ kind: 'edit', name, change });

  if (/^(certificeret|certificering|certified|certification)$/.test(word)) {
    // "certificeret til 1. marts 2027", "certified until 2027-03-01", "certificering -"
    const dateText = tail[0] && /^(til|until|to|indtil)$/i.test(tail[0]) ? tail.slice(1).join(' ') : text;
    if (CLEAR.test(dateText)) return edit({ kind: 'certified', date: null });
    return edit({ kind: 'certified', date: dateOrThrow(dateText, today) });
  }
  if (/^(milepæl|milepael|milestone)$/.test(word)) {
    // "milepæl 2 betalt" / "milestone 2 paid" / "… ikke betalt" / "… slet"
    const n = /^(\d{1,4})$/.exec(tail[0] ?? '');
    if (n && tail.length >= 2) {
      const what = tail.slice(1).join(' ').toLowerCase();
      const number = Number(n[1]);
      if (/^(betalt|paid|done|udført|opfyldt)$/.test(what)) return edit({ kind: 'milestoneDone', number, done: true });
      if (/^(ikke betalt|not paid|unpaid|åben|open)$/.test(what)) return edit({ kind: 'milestoneDone', number, done: false });
      if (DELETE.test(what)) return edit({ kind: 'milestoneRemove', number });
    }
    const lead = leadingDate(tail, today);
    if (!lead) throw new AppError('vendor_bad_date', { text: tail.slice(0, 3).join(' ').slice(0, 40) });
    const { amount, text: words } = trailingAmount(lead.rest);
    return edit({ kind: 'milestone', date: lead.date, text: words.join(' '), amount });
  }
  if (/^(kontakt|kontaktperson|contact)$/.test(word)) return edit({ kind: 'contact', contact: CLEAR.test(text) ? null : text });
  if (/^(aftale|agreement)$/.test(word)) {
    // "aftale underskrevet 1. maj 2026" / "agreement signed 2026-05-01"
    const dateText = tail[0] && /^(underskrevet|signed|indgået)$/i.test(tail[0]) ? tail.slice(1).join(' ') : text;
    if (CLEAR.test(dateText)) return edit({ kind: 'signed', date: null });
    return edit({ kind: 'signed', date: dateOrThrow(dateText, today) });
  }
  if (word === 'test') {
    // "test slet 2" / "test 2 slet" / "test delete 2": the number shown on the card
    const del = DELETE.test(tail[0] ?? '') ? tail[1] : DELETE.test(tail[1] ?? '') ? tail[0] : undefined;
    if (del !== undefined && /^\d{1,3}$/.test(del) && tail.length === 2) return edit({ kind: 'testRemove', index: Number(del) - 1 });
    const from = leadingDate(tail, today);
    const to = from && leadingDate(from.rest, today);
    if (!from || !to) throw new AppError('vendor_bad_date', { text: text.slice(0, 40) });
    return edit({ kind: 'test', from: from.date, to: to.date, text: to.rest.join(' ') });
  }
  if (/^(note|noter|notes)$/.test(word)) return edit({ kind: 'notes', text: CLEAR.test(text) ? null : text });
  if (/^(ansvarlig|responsible)$/.test(word)) return { kind: 'responsible', name, who: text };
  throw new AppError('vendor_usage');
}
