/**
 * Building a meeting's agenda by hand: where a new item goes ("before Eventuelt"), moving and
 * removing items, and renumbering. Pure rules over item arrays. Items are moved as whole objects,
 * so a decision, material, status or posted card stays with its item whatever its new number.
 */
import type { AgendaItem, Meeting } from './model.js';

/** "Eventuelt" (any other business) stays last: new items go in before it. */
const AOB = /^(eventuelt|evt\.?|aob|any other business)\b/i;
export const isAob = (title: string): boolean => AOB.test(title.trim());

/** Shortest pause between a change to a sent agenda and the "Dagsorden opdateret" note: edits inside it share one note. */
export const AGENDA_NOTE_DELAY_MS = 3 * 60_000;

/** The longest item title and presenter name accepted from a command or a card. */
export const MAX_ITEM_TITLE = 300;
export const MAX_PRESENTER = 120;
/** Longest recommendation / background / solution text of one item. */
export const MAX_ITEM_TEXT = 2000;

/**
 * Why a meeting's agenda (its items and their material) can no longer change, or null when it
 * can. Approved minutes are the record of the meeting; a cancelled meeting has no agenda to prepare.
 */
export function agendaLockOf(meeting: Pick<Meeting, 'status' | 'minutes'>): 'minutes_approved' | 'cancelled' | null {
  if (meeting.minutes?.status === 'approved') return 'minutes_approved';
  if (meeting.status === 'cancelled') return 'cancelled';
  return null;
}

/** Gives every item its place as number (1-based); returns old → new numbers of the items that moved. */
export function renumber(items: AgendaItem[]): Map<number, number> {
  const moved = new Map<number, number>();
  items.forEach((it, i) => {
    if (it.number !== i + 1) moved.set(it.number, i + 1);
    it.number = i + 1;
  });
  return moved;
}

/** Where a new item goes: just before a final "Eventuelt", else last (0-based index). */
export function insertIndex(items: readonly Pick<AgendaItem, 'title'>[]): number {
  const last = items[items.length - 1];
  return last && isAob(last.title) ? items.length - 1 : items.length;
}

/** Inserts `item` before "Eventuelt" and renumbers; returns the renumbering of the items after it. */
export function insertBeforeAob(items: AgendaItem[], item: AgendaItem): Map<number, number> {
  items.splice(insertIndex(items), 0, item);
  return renumber(items);
}

/**
 * Moves item `from` to place `to` (both 1-based; `to` beyond the end means last). Returns the
 * renumbering, or null when `from` does not exist.
 */
export function moveItem(items: AgendaItem[], from: number, to: number): Map<number, number> | null {
  const index = items.findIndex((i) => i.number === from);
  if (index < 0) return null;
  const target = Math.min(Math.max(1, to), items.length) - 1;
  const [item] = items.splice(index, 1);
  items.splice(target, 0, item);
  return renumber(items);
}

/** Removes item `number`; returns it and the renumbering of the items after it, or null. */
export function removeItem(items: AgendaItem[], number: number): { removed: AgendaItem; moved: Map<number, number> } | null {
  const index = items.findIndex((i) => i.number === number);
  if (index < 0) return null;
  const [removed] = items.splice(index, 1);
  return { removed, moved: renumber(items) };
}

const norm = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, ' ');
export const sameTitle = (a: string, b: string): boolean => norm(a) === norm(b);

/** One line of typed or pasted text: whitespace squeezed, trimmed. */
export const cleanLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The item fields a chair may edit by name (Danish and English command words). */
export const ITEM_FIELDS = ['title', 'presenter', 'recommendation', 'background', 'proposal'] as const;
export type ItemField = (typeof ITEM_FIELDS)[number];

const FIELD_WORDS: Record<string, ItemField> = {
  titel: 'title',
  title: 'title',
  oplægsholder: 'presenter',
  oplaegsholder: 'presenter',
  presenter: 'presenter',
  indstilling: 'recommendation',
  recommendation: 'recommendation',
  baggrund: 'background',
  background: 'background',
  løsning: 'proposal',
  loesning: 'proposal',
  løsningsforslag: 'proposal',
  solution: 'proposal',
  proposal: 'proposal',
};

export const fieldOfWord = (word: string): ItemField | null => FIELD_WORDS[word.trim().toLowerCase()] ?? null;

/** "2.3" → meeting 2, item 3; "3" alone → item 3 of the default meeting. */
export function parseItemRef(token: string): { meeting: number | null; item: number } | null {
  const m = /^(?:(\d{1,5})\.)?(\d{1,4})\.?$/.exec(token.trim());
  if (!m) return null;
  const item = Number(m[2]);
  if (item < 1) return null;
  return { meeting: m[1] ? Number(m[1]) : null, item };
}

/**
 * `nyt punkt [mødenr] <titel> [v. <navn>]`: the meeting number (a leading number followed by
 * more words), the title, and the presenter after a final "v." / "oplæg ved" / "by".
 */
export function parseNewItem(args: string): { meeting: number | null; title: string; presenter: string | null } | null {
  let text = cleanLine(args);
  let meeting: number | null = null;
  const lead = /^(\d{1,5})\.?\s+(.*)$/.exec(text);
  if (lead) {
    meeting = Number(lead[1]);
    text = lead[2];
  }
  let presenter: string | null = null;
  // The last "v." wins ("Status v. 2025 v. Bent Lund"); plain "ved" is left alone: it is an ordinary Danish word.
  const by = /^(.*)[ ,](?:v\.|oplæg ved|by) (.+)$/i.exec(text);
  if (by && by[1].trim()) {
    text = by[1].trim();
    presenter = by[2].trim();
  }
  const title = text.replace(/[\s,;:–-]+$/, '');
  return title ? { meeting, title, presenter } : null;
}

/** An edited text field as stored: recommendation is a list of lines, the rest one text or null. */
export function fieldValue(field: ItemField, text: string): string | string[] | null {
  const value = text.replace(/\r\n/g, '\n').trim();
  if (field === 'recommendation') return value ? value.split(/\n+/).map(cleanLine).filter(Boolean) : [];
  if (field === 'title' || field === 'presenter') return cleanLine(value) || null;
  return value || null;
}

/** A standing item list with `title` added before "Eventuelt" (or removed). Null when there is nothing to do. */
export function withStandingItem(list: readonly string[], title: string): string[] | null {
  if (list.some((t) => sameTitle(t, title))) return null;
  const next = [...list];
  next.splice(insertIndex(next.map((t) => ({ title: t }))), 0, title);
  return next;
}

export function withoutStandingItem(list: readonly string[], title: string): string[] | null {
  const next = list.filter((t) => !sameTitle(t, title));
  return next.length === list.length ? null : next;
}

/**
 * A short key of an item's title, carried on card buttons: a click made on a card older than the
 * agenda (or re-sent by Teams after the agenda moved on) names an item that no longer matches
 * and changes nothing. FNV-1a over the normalised title, base 36.
 */
export function itemKey(title: string): string {
  let h = 0x811c9dc5;
  for (const ch of norm(title)) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}
