import type { Command } from 'commander';
import { loadConfig, retentionDaysOf } from '../config.js';
import { AppError } from '../errors.js';
import { backupPg, backupStore, checkPg, checkStore, copyIntoPg, isPgUrl, openStore, redactUrl } from '../storage/index.js';
import { action, printJson, readDb, storePathOf } from './common.js';

/** export, backup, check: whole-store commands (issue "Durable store"). */
export function register(program: Command): void {
  program
    .command('export')
    .description('print the whole store as JSON (read-only; works while the bot runs)')
    .option('--store <path>', 'store file or postgres:// URL')
    .action(action(async (opts: { store?: string }) => printJson(await readDb(opts))));

  program
    .command('store')
    .description('move the store between backends')
    .command('migrate')
    .description('copy a JSON file store (document and audit log) into an empty PostgreSQL database and check the copy')
    .requiredOption('--to <url>', 'postgres://user:password@host/database')
    .option('--store <path>', 'the store file to copy (default: STORE_PATH or data/db.json)')
    .action(
      action(async (opts: { to: string; store?: string }) => {
        if (!isPgUrl(opts.to)) throw new AppError('bad_input', { detail: '--to must be a postgres:// URL' });
        const from = opts.store
          ? storePathOf({ store: opts.store })
          : storePathOf({ store: loadConfig({ ...process.env, STYREBOT_CLOCK_OFFSET: '' }).storePath });
        if (isPgUrl(from)) throw new AppError('bad_input', { detail: '--store must be a store file' });
        // Read-only: works next to a running bot, and reads the whole audit trail.
        const src = await openStore({ path: from, readOnly: true });
        let r;
        try {
          r = await copyIntoPg(src.read(), opts.to);
        } finally {
          await src.close();
        }
        const counts = Object.entries(r.counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
        if (r.problems.length) {
          process.stdout.write(r.problems.map((p) => `problem: ${p}`).join('\n') + '\n');
          process.exitCode = 1;
        } else process.stdout.write(`copied ${from} into ${redactUrl(opts.to)} and checked it: ${counts}\n`);
      }),
    );

  program
    .command('backup')
    .description('write a consistent copy of the store (safe while the bot runs)')
    .requiredOption('--out <file>', 'where to write the copy')
    .option('--store <path>', 'store file or postgres:// URL')
    .action(
      action(async (opts: { out: string; store?: string }) => {
        const where = storePathOf(opts);
        // PostgreSQL: a consistent JSON export (one snapshot), the same store pair a file backup is.
        const r = isPgUrl(where) ? await backupPg(where, opts.out) : await backupStore(where, opts.out);
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
        const where = file ?? storePathOf({});
        const r = isPgUrl(where) ? await checkPg(where) : await checkStore(where, { retentionDays: retentionDaysOf(process.env) });
        if (opts.json) printJson(r);
        else if (r.ok)
          process.stdout.write(
            `ok: ${Object.entries(r.counts)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}\n`,
          );
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
