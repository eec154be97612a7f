/**
 * The figures table of `npm run test:reliability`. Each proof appends a row to
 * test-results/reliability/figures.json (files run one at a time, so a plain read-modify-write
 * is safe); figures-setup.ts empties the file before the run, figures-reporter.ts prints the
 * table after it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIGURES_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results/reliability/figures.json');

export type FigureResult = 'pass' | 'FAIL' | 'not registered' | 'info';

export interface Figure {
  /** 1 hostile input, 2 connector faults, 3 duplicates, 4 soak, 5 earlier proofs, 6 hostile transport, 7 restart after a crash. */
  section: number;
  proof: string;
  figure: string;
  result: FigureResult;
  at: string;
}

export function readFigures(path = FIGURES_PATH): Figure[] {
  if (!existsSync(path)) return [];
  try {
    const rows = JSON.parse(readFileSync(path, 'utf8'));
    return Array.isArray(rows) ? rows : [];
  } catch {
    return [];
  }
}

/** Records one row (replacing an earlier row of the same section and proof, e.g. a retried test). */
export function figure(section: number, proof: string, text: string, result: FigureResult | boolean = 'pass'): void {
  const res: FigureResult = result === true ? 'pass' : result === false ? 'FAIL' : result;
  const rows = readFigures().filter((r) => !(r.section === section && r.proof === proof));
  rows.push({ section, proof, figure: text, result: res, at: new Date().toISOString() });
  mkdirSync(dirname(FIGURES_PATH), { recursive: true });
  writeFileSync(FIGURES_PATH, JSON.stringify(rows, null, 2) + '\n');
}

export const SECTIONS: Record<number, string> = {
  1: 'Hostile input',
  2: 'Connector faults',
  3: 'Duplicate delivery',
  4: 'Soak',
  5: 'Earlier proofs (re-run)',
  6: 'Hostile transport',
  7: 'Restart after a crash',
};

/** A plain-text table (also pasted into docs/reliability.md). */
export function formatTable(rows: Figure[]): string {
  const sorted = [...rows].sort((a, b) => a.section - b.section);
  const head = ['#', 'Proof', 'Figures', 'Result'];
  const body = sorted.map((r) => [String(r.section), r.proof, r.figure, r.result]);
  const widths = head.map((h, i) => Math.min(i === 2 ? 90 : 60, Math.max(h.length, ...body.map((b) => b[i].length))));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [line(head), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...body.map(line)].join('\n');
}

/** Milliseconds as "1.23 s" / "45 ms". */
export const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`);

/** The p-th percentile (0–100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
