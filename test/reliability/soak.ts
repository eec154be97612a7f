/**
 * `npm run soak` — the long soak (not in CI): mixed traffic at 100 requests/s for `--minutes`
 * (default 10) against the real bot on a fast-forwarded clock (test/reliability/soak-lib.ts).
 * Passes when, after a one-minute warm-up, memory is flat (< 10 % growth of RSS, and of the heap
 * after GC apart from the data the bot stores, which grows by design: audit trail, ballots),
 * the event loop's p99 delay stays < 50 ms, and no request failed. Prints the figures for the
 * README (docs/reliability.md) and writes them to test-results/reliability/soak.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeSoak, soak } from './soak-lib.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : dflt;
};
const minutes = arg('minutes', 10);
const rate = arg('rate', 100);
const seconds = Math.round(minutes * 60);
const warmupSeconds = Math.min(60, Math.round(seconds / 5));

process.env.STYREBOT_LOG_LEVEL ??= 'silent';
console.log(`soak: ${minutes} min at ${rate} requests/s (warm-up ${warmupSeconds} s)`);
const r = await soak({ seconds, rate, warmupSeconds, log: (l) => console.log(l) });

const checks = [
  ['no failed request or 5xx', r.errors === 0],
  ['no bot error', r.botErrors.length === 0],
  ['memory flat after warm-up: heap after GC, apart from the stored data, grows < 10 %', r.ownHeapGrowthPct < 10],
  ['RSS growth after warm-up (medians) < 10 %', r.rssGrowthPct < 10],
  ['event-loop delay p99 < 50 ms', r.eld.p99Ms < 50],
] as const;
const out = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results/reliability/soak.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    { at: new Date().toISOString(), minutes, checks: Object.fromEntries(checks), ...r, botErrors: r.botErrors.slice(0, 50) },
    null,
    2,
  ) + '\n',
);

console.log(`\n${describeSoak(r)}\n`);
console.log('| check | result |\n|---|---|');
for (const [what, ok] of checks) console.log(`| ${what} | ${ok ? 'pass' : 'FAIL'} |`);
console.log(`\nfigures: ${out}`);
if (r.botErrors.length) console.log(`bot errors:\n${[...new Set(r.botErrors)].slice(0, 10).join('\n')}`);
process.exit(checks.every(([, ok]) => ok) ? 0 : 1);
