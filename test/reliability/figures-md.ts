/**
 * Prints the last run's figures (test-results/reliability/figures.json, and soak.json when
 * `npm run soak` ran) as the Markdown tables of docs/reliability.md:
 *   npx tsx test/reliability/figures-md.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describeSoak, type SoakResult } from './soak-lib.js';
import { FIGURES_PATH, readFigures, SECTIONS } from './figures.js';

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const clip = (s: string, n = 600) => (s.length > n ? `${s.slice(0, n)} …` : s);
const rows = readFigures().sort((a, b) => a.section - b.section);
const out: string[] = [];
out.push(
  `Run of ${rows.at(-1)?.at.slice(0, 16).replace('T', ' ') ?? '—'} UTC.`,
  '',
  '| Area | Proof | Figures | Result |',
  '|---|---|---|---|',
);
for (const r of rows)
  if (!(r.section === 3 && r.proof.startsWith('Replay ')))
    out.push(`| ${SECTIONS[r.section]} | ${esc(r.proof)} | ${esc(clip(r.figure))} | ${r.result} |`);
const soakPath = resolve(dirname(FIGURES_PATH), 'soak.json');
if (existsSync(soakPath)) {
  const s = JSON.parse(readFileSync(soakPath, 'utf8')) as SoakResult & { at: string; minutes: number; checks: Record<string, boolean> };
  const ok = Object.values(s.checks).every(Boolean);
  out.push(
    `| ${SECTIONS[4]} | \`npm run soak\` (${s.minutes} min, ${s.at.slice(0, 16).replace('T', ' ')} UTC) | ${esc(describeSoak(s))}; checks: ${Object.entries(
      s.checks,
    )
      .map(([k, v]) => `${k} ${v ? 'pass' : 'FAIL'}`)
      .join(', ')} | ${ok ? 'pass' : 'FAIL'} |`,
  );
}
const replays = rows.filter((r) => r.section === 3 && r.proof.startsWith('Replay '));
if (replays.length) {
  out.push(
    '',
    'Duplicate delivery, per verb (1 click, then 2 more with the same activity id and 2 with new ids):',
    '',
    '| Verb | Figures | Result |',
    '|---|---|---|',
  );
  for (const r of replays) out.push(`| \`${r.proof.slice('Replay '.length)}\` | ${esc(r.figure)} | ${r.result} |`);
}
console.log(out.join('\n'));
