import type { Command } from 'commander';
import { retentionDaysOf } from '../config.js';
import { backupStore, checkStore } from '../storage/index.js';
import { action, printJson, readDb, storePathOf } from './common.js';

/** export, backup, check: whole-store commands (issue "Durable store"). */
export function register(program: Command): void {
  program
    .command('export')
    .description('print the whole store as JSON (read-only; works while the bot runs)')
    .option('--store <path>', 'store file')
    .action(action(async (opts: { store?: string }) => printJson(await readDb(opts))));

  program
    .command('backup')
    .description('write a consistent copy of the store (safe while the bot runs)')
    .requiredOption('--out <file>', 'where to write the copy')
    .option('--store <path>', 'store file')
    .action(
      action(async (opts: { out: string; store?: string }) => {
        const r = await backupStore(storePathOf(opts), opts.out);
        process.stdout.write(`backup written: ${r.path} (${r.bytes} bytes, schema v${r.schemaVersion})\n`);
      }),
    );

  program
    .command('check')
    .description('validate a store file; prints problems; exit code 1 when any')
    .argument('[file]', 'store file (default: STORE_PATH)')
    .option('--json', 'machine-readable result')
    .action(
      action(async (file: string | undefined, opts: { json?: boolean }) => {
        const r = await checkStore(file ?? storePathOf({}), { retentionDays: retentionDaysOf(process.env) });
        if (opts.json) printJson(r);
        else if (r.ok) process.stdout.write(`ok: ${Object.entries(r.counts).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
        else process.stdout.write(r.problems.map((p) => `problem: ${p}`).join('\n') + '\n');
        if (!opts.json && r.retention) {
          const { days, pruned: p, due: d } = r.retention;
          process.stdout.write(
            `retention (${days} days): pruned so far ${p.outbox} sent outbox items, ${p.jobs} finished jobs, ${p.reminders} reminders in ${p.runs} runs${p.lastAt ? ` (last ${p.lastAt})` : ''}; ` +
              `due now ${d.outbox} outbox items, ${d.jobs} jobs, ${d.reminders} reminders\n`,
          );
        }
        process.exitCode = r.ok ? 0 : 1;
      }),
    );
}
