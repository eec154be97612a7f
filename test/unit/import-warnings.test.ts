/**
 * The import's warnings (src/i18n/messages/import-warnings.ts): Danish and English for every
 * code; each text about an item names it, and each says what the importer can do about it.
 */
import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/index.js';
import bundle from '../../src/i18n/messages/import-warnings.js';
import { parseAgendaText } from '../../src/import/agenda-parser.js';
import { quote, warningText, type WarningCode } from '../../src/import/warnings.js';

const codes = Object.keys(bundle.da).map((k) => k.replace('import.warn.', '')) as WarningCode[];
/** Codes about the document as a whole or its header, which has no item to name. */
const DOCUMENT_CODES = new Set([
  'no_list',
  'no_items',
  'participant_unreadable',
  'text_before_title',
  'no_meeting_title',
  'no_meeting_number',
  'several_dates',
  'date_no_year',
  'no_date',
  'only_start',
  'no_time',
  'no_location',
  'no_participants',
  'not_participants',
  'cut',
  'more',
]);
// Words that start the advice part of a warning: what the importer can do.
const ADVICE = {
  da: /\b(Skriv|Tjek|Tilføj|Ret|Flyt|Giv|Nummerér|Der er intet at gøre|udfyld|slet|del)\b/,
  en: /\b(Write|Check|Add|Correct|Move|Give|Number|Nothing to do|fill|remove|split|List|Record)\b/,
};

describe('import warnings', () => {
  it('has an English twin for every Danish text, with the same placeholders', () => {
    expect(Object.keys(bundle.en).sort()).toEqual(Object.keys(bundle.da).sort());
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(bundle.da) as (keyof typeof bundle.da)[]) expect(holes(bundle.en[key])).toEqual(holes(bundle.da[key]));
  });

  it.each(codes.filter((c) => c !== 'more'))('%s says what to do, and names the item when it is about one', (code) => {
    for (const locale of ['da', 'en'] as const) {
      const text = warningText(code, {}, locale);
      expect(text, `${code} (${locale})`).toMatch(ADVICE[locale]);
      // At least two sentences: what was found, then what to do.
      expect(text.split(/[.!?](?:\s|$)/).filter((s) => s.trim() !== '').length, `${code} (${locale})`).toBeGreaterThanOrEqual(2);
      if (!DOCUMENT_CODES.has(code)) expect(text, `${code} (${locale})`).toContain('{item}');
    }
  });

  it('fit the 300 characters the preview card shows, with every quote at its 60-character cap', () => {
    const params = {
      item: 12,
      count: 12,
      date: '2026-01-01',
      start: '12:30',
      ...Object.fromEntries(['title', 'list', 'heading', 'text', 'name', 'line', 'label'].map((k) => [k, quote('x'.repeat(500))])),
    };
    for (const code of codes)
      for (const locale of ['da', 'en'] as const) expect(warningText(code, params, locale).length, code).toBeLessThanOrEqual(300);
  });

  it('are reachable through t() in both languages', () => {
    expect(t('en', 'import.warn.no_title', { item: 4 })).toBe(
      'Item 4 has no title. Give it a title in the document, or afterwards with "edit item".',
    );
    expect(t('da', 'import.warn.no_title', { item: 4 })).toBe(warningText('no_title', { item: 4 }));
  });

  it('name the item in what the parser reports', () => {
    const a = parseAgendaText(
      'Mødetitel 3. Møde\nMødedato 4. februar 2026\nTidspunkt 9.00 til 10.30\nSted Teams\nDeltagere Anna Holm, MedCom\n\nDagsorden:\n1 Velkomst\n2 Drift\n\n1. Velkomst til mødet\nTekst.\n\nBeslutning\nGodkendt.',
    );
    expect(a.warnings).toEqual([
      warningText('title_differs', { item: 1, list: 'Velkomst', heading: 'Velkomst til mødet' }),
      warningText('loose_text', { item: 1 }),
      warningText('minutes_section', { item: 1, name: 'Beslutning' }),
      warningText('item_no_section', { item: 2, title: 'Drift' }),
    ]);
    for (const w of a.warnings) expect(w).toMatch(/^Punkt [12]\b/);
  });
});
