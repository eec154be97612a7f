/**
 * Material (bilag) as card data: one row per entry, a linked one opens its document (the row's
 * Action.OpenUrl; card text stays literal, so a link is never markdown), a missing one says so.
 * Used by the agenda item card (cards/agenda-item.json) and the T-2d reminder (cards/reminder.json),
 * both under a `hasMaterial` guard so cards without material render as before.
 */
import { materialLabel, materialOf } from '../../domain/material.js';
import type { AgendaItem, Locale, Meeting } from '../../domain/model.js';
import { registerMessages, t } from '../../i18n/index.js';
import messages from '../../i18n/messages/material.js';

registerMessages(messages);

export interface MaterialRow {
  /** "📎 Bilag 1 – notat om organisering" */
  label: string;
  /** The link (empty when missing). */
  url: string;
  linked: boolean;
  missing: boolean;
  /** "Åbn" on a linked row, "mangler" on a missing one. */
  state: string;
}

/** Rows past this are summed up in one line: a card stays well inside its size budget. */
export const MAX_MATERIAL_ROWS = 20;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function row(locale: Locale, name: string, url: string | null, prefix = ''): MaterialRow {
  const label = `📎 ${prefix}${clip(materialLabel(name), 160)}`;
  return url
    ? { label, url, linked: true, missing: false, state: t(locale, 'material.open') }
    : { label, url: '', linked: false, missing: true, state: t(locale, 'material.missing') };
}

function capped(locale: Locale, rows: MaterialRow[]): { rows: MaterialRow[]; more: string } {
  if (rows.length <= MAX_MATERIAL_ROWS) return { rows, more: '' };
  return { rows: rows.slice(0, MAX_MATERIAL_ROWS), more: `… (+${rows.length - MAX_MATERIAL_ROWS})` };
}

/** The agenda item card's material block. */
export function itemMaterialView(locale: Locale, item: Pick<AgendaItem, 'annexes' | 'material'>) {
  const list = materialOf(item);
  const missing = list.filter((m) => !m.url).length;
  const { rows, more } = capped(
    locale,
    list.map((m) => row(locale, m.name, m.url)),
  );
  return {
    hasMaterial: list.length > 0,
    materialTitle: t(locale, 'material.label'),
    materialNote: missing ? t(locale, 'material.missingCount', { count: missing }) : '',
    material: rows,
    materialMore: more,
  };
}

/** Every item's material of a meeting (the T-2d reminder): linked first per item, what is missing marked. */
export function meetingMaterialView(locale: Locale, meeting: Pick<Meeting, 'items'>) {
  const all = meeting.items.flatMap((i) =>
    materialOf(i).map((m) => row(locale, m.name, m.url, `${t(locale, 'material.itemPrefix', { item: i.number })} `)),
  );
  const missing = all.filter((r) => r.missing).length;
  const { rows, more } = capped(locale, all);
  return {
    hasMaterial: all.length > 0,
    materialTitle: t(locale, 'material.reminder.title'),
    materialNote: missing ? t(locale, 'material.missingCount', { count: missing }) : '',
    material: rows,
    materialMore: more,
  };
}

export type MaterialBlock = ReturnType<typeof itemMaterialView>;
