/**
 * The agenda corpus (test/fixtures/agendas/, made by scripts/make-agenda-corpus.ts): Word files
 * with automatic numbering, PDFs printed from them and e-mail pastes, each read through
 * readAgendaBuffer — the function the bot calls for an upload — and compared field by field with
 * its expected JSON. The share of right fields over the whole corpus must be at least 98 %.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import bundle from '../../src/i18n/messages/import-warnings.js';
import { readAgendaBuffer } from '../../src/import/read-agenda-file.js';
import { scoreAgenda, type Expected, type FieldScore } from './import/helpers/field-score.js';

const dir = new URL('../fixtures/agendas/', import.meta.url).pathname;
const documents = readdirSync(dir)
  .filter((f) => /\.(docx|pdf|txt)$/.test(f))
  .sort();

const scores = new Map<string, FieldScore>();
const warningsOf = new Map<string, string[]>();

describe('agenda import corpus', () => {
  it('holds at least 12 documents of every kind, each with its expected JSON', () => {
    expect(documents.length).toBeGreaterThanOrEqual(12);
    for (const ext of ['docx', 'pdf', 'txt']) expect(documents.some((f) => f.endsWith(`.${ext}`))).toBe(true);
    for (const f of documents) expect(readdirSync(dir)).toContain(f.replace(/\.\w+$/, '.expected.json'));
  });

  it.each(documents)('imports %s', async (file) => {
    const expected = JSON.parse(readFileSync(join(dir, file.replace(/\.\w+$/, '.expected.json')), 'utf8')) as Expected;
    const parsed = await readAgendaBuffer(readFileSync(join(dir, file)), file);
    const score = scoreAgenda(parsed, expected);
    scores.set(file, score);
    warningsOf.set(file, parsed.warnings);
    // Every document must at least give its date and all of its items.
    expect(parsed.date).toBe(expected.date);
    expect(parsed.items.map((i) => i.number)).toEqual(expected.items.map((i) => i.number));
  });

  it('gets at least 98 % of all fields right over the corpus', () => {
    let right = 0;
    let total = 0;
    for (const [file, s] of scores) {
      right += s.right;
      total += s.total;
      console.log(`${file}: ${s.right}/${s.total}${s.wrong.length ? `\n  ${s.wrong.join('\n  ')}` : ''}`);
    }
    const share = total ? right / total : 0;
    console.log(`agenda corpus: ${right}/${total} fields right = ${(100 * share).toFixed(1)} % over ${scores.size} documents`);
    expect(scores.size).toBe(documents.length);
    expect(share).toBeGreaterThanOrEqual(0.98);
  });

  it('words every warning from the message bundle, naming the item when it is about one', () => {
    const escape = (x: string) => x.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    const templates = Object.values(bundle.da).map((text) => ({
      re: new RegExp(
        `^${text
          .split(/\{\w+\}/)
          .map(escape)
          .join('[\\s\\S]*?')}$`,
      ),
      aboutItem: text.includes('{item}'),
    }));
    const all = [...warningsOf.values()].flat();
    expect(all.length).toBeGreaterThan(0);
    for (const w of all) {
      const template = templates.find((x) => x.re.test(w));
      expect(template, w).toBeDefined();
      if (template!.aboutItem) expect(w).toMatch(/(?:^Punkt \d+\b|punkt \d+)/);
    }
  });

  afterAll(() => {
    for (const [file, w] of warningsOf) if (w.length) console.log(`${file} warnings:\n  ${w.join('\n  ')}`);
  });
});
