/**
 * An agenda item's material (bilag): named links to the documents members read before the
 * meeting. The import finds annex names ("Bilag 1. notat om organisering") without files; those
 * are material without a link (shown as missing) until someone attaches one. Items stored before
 * material existed have only `annexes`: `materialOf` derives the list from them, so every reader
 * (cards, reminders, minutes, `meetings --json`) sees the same thing whether or not the item was
 * ever edited. The first change writes the derived list to `item.material`, which wins from then.
 */
import type { AgendaItem, Material } from './model.js';

/** Longest stored material name (a file name or an annex title). */
export const MAX_MATERIAL_NAME = 200;

const squeeze = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The item's material: the stored list, or (never edited) one entry per annex, without a link. */
export function materialOf(item: Pick<AgendaItem, 'annexes' | 'material'>): Material[] {
  if (item.material) return item.material;
  return item.annexes
    .map(squeeze)
    .filter(Boolean)
    .map((name) => ({ name: name.slice(0, MAX_MATERIAL_NAME), url: null }));
}

export const hasMissingMaterial = (item: Pick<AgendaItem, 'annexes' | 'material'>): boolean => materialOf(item).some((m) => !m.url);

const ANNEX_WORD = /^(bilag|annex|appendix|attachment)\s*(\d+[a-z]?)\b\s*[.:)–-]?\s*(.*)$/iu;

/** "Bilag 1. notat om organisering" → "Bilag 1 – notat om organisering"; other names as they are. */
export function materialLabel(name: string): string {
  const n = squeeze(name);
  const m = ANNEX_WORD.exec(n);
  if (!m) return n;
  const head = `${m[1]} ${m[2]}`;
  return m[3] ? `${head} – ${m[3]}` : head;
}

/** The annex number a name or a typed reference carries ("Bilag 2. X" → "2", "bilag 2" → "2", "2" → "2"). */
function annexNumber(s: string): string | null {
  const t = squeeze(s).toLowerCase();
  if (/^\d+[a-z]?$/.test(t)) return t;
  const m = ANNEX_WORD.exec(t);
  return m ? m[2] : null;
}

/**
 * Which entry a typed reference means: the same name; else the same annex number ("Bilag 2",
 * "2"); else a bare number as the entry's place in the list (1 = first); else the one entry
 * whose name starts with the text. -1 when none or several fit.
 */
export function findMaterialIndex(list: readonly Material[], ref: string): number {
  const r = squeeze(ref).toLowerCase();
  if (!r) return -1;
  const exact = list.findIndex((m) => squeeze(m.name).toLowerCase() === r);
  if (exact >= 0) return exact;
  const num = annexNumber(r);
  if (num) {
    const byAnnex = list.map((m, i) => (annexNumber(m.name) === num ? i : -1)).filter((i) => i >= 0);
    if (byAnnex.length === 1) return byAnnex[0];
    if (/^\d+$/.test(r) && byAnnex.length === 0) {
      const at = Number(r) - 1;
      return at >= 0 && at < list.length ? at : -1;
    }
    if (byAnnex.length > 1) return -1;
  }
  const prefix = list.map((m, i) => (squeeze(m.name).toLowerCase().startsWith(r) ? i : -1)).filter((i) => i >= 0);
  return prefix.length === 1 ? prefix[0] : -1;
}

/**
 * A name for a link given without one: the file name at the end of its path when it looks like a
 * file ("…/Shared%20Documents/Notat%20om%20drift.docx" → "Notat om drift.docx"), else null.
 */
export function nameFromLink(url: string): string | null {
  let last: string;
  try {
    last = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
    last = decodeURIComponent(last);
  } catch {
    return null;
  }
  const name = squeeze(last);
  return /^[^\\/]{1,180}\.[a-z0-9]{2,5}$/i.test(name) && !/\.aspx$/i.test(name) ? name : null;
}

const sameItemTitle = (a: string, b: string) => squeeze(a).toLowerCase() === squeeze(b).toLowerCase();

/**
 * An imported agenda replaces a planned meeting's items: the links already attached to an item
 * with the same title stay with it (a named annex of the new agenda gets the link of the same
 * name; other linked entries are kept after the annexes). Entries without a link are the new
 * agenda's business.
 */
export function carryMaterial(previous: readonly AgendaItem[], next: AgendaItem): AgendaItem {
  const linked = (previous.find((p) => sameItemTitle(p.title, next.title))?.material ?? []).filter((m) => m.url);
  if (!linked.length) return next;
  const list = materialOf(next).map((m) => ({ ...m }));
  for (const m of linked) {
    const at = list.findIndex((x) => squeeze(x.name).toLowerCase() === squeeze(m.name).toLowerCase());
    if (at < 0) list.push({ ...m });
    else if (!list[at].url) list[at] = { ...m };
  }
  return { ...next, material: list };
}
