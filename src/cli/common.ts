import path from 'node:path';
import type { Command } from 'commander';
import 'dotenv/config';
import { loadConfig } from '../config.js';
import type { Db, Group } from '../domain/model.js';
import { AppError } from '../errors.js';
import { cliErrorText, errorText } from '../i18n/index.js';
import { isPgUrl, openPgStore, openStore } from '../storage/index.js';

/**
 * Where the store is: --store (a file, or a postgres:// URL), else DATABASE_URL, else STORE_PATH,
 * else data/db.json. With PostgreSQL the CLI reads and writes the database itself.
 */
export function storePathOf(opts: { store?: string }): string {
  if (opts.store) return isPgUrl(opts.store) ? opts.store : path.resolve(opts.store);
  const config = loadConfig({ ...process.env, STYREBOT_CLOCK_OFFSET: '' });
  return config.databaseUrl ?? path.resolve(config.storePath);
}

/**
 * Read-only view of the last durable state: no lock, works while the bot runs (the bot writes
 * by atomic rename, so the file is always a complete version).
 */
export async function readDb(opts: { store?: string }): Promise<Readonly<Db>> {
  const where = storePathOf(opts);
  const store = isPgUrl(where) ? await openPgStore({ url: where, readOnly: true }) : await openStore({ path: where, readOnly: true });
  try {
    return store.read();
  } finally {
    await store.close();
  }
}

/** Groups selected by --group (id or name), or all. */
export function selectGroups(db: Readonly<Db>, groupOpt?: string): Group[] {
  if (!groupOpt) return db.groups;
  const g = db.groups.filter((x) => x.id === groupOpt || x.name === groupOpt);
  if (!g.length)
    throw new AppError('cli_group_unknown', { group: groupOpt, known: db.groups.map((x) => `${x.id} (${x.name})`).join(', ') || '—' });
  return g;
}

/** Exactly one group: --group, or the only one. */
export function oneGroup(db: Readonly<Db>, groupOpt?: string): Group {
  const groups = selectGroups(db, groupOpt).filter((g) => !g.isBoard || groupOpt);
  if (groups.length === 1) return groups[0];
  if (!groups.length) throw new AppError('no_group');
  throw new AppError('cli_several_groups', { groups: groups.map((x) => `${x.id} (${x.name})`).join(', ') });
}

export function printJson(value: unknown): void {
  // JSON.stringify escapes C0 controls but not DEL, C1 or the line separators a terminal may act on.
  const json = JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  process.stdout.write(json + '\n');
}

/**
 * Stored text is whatever people typed in Teams or put in an agenda file: printed as is, a control
 * character could move the cursor, rewrite the line or send terminal escape sequences. Everything
 * in C0 but tab and newline, DEL and C1 is left out; bidi overrides too (they reorder what is shown).
 */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
export const plainText = (text: string): string => text.replace(CONTROLS, '');

/** Text output of the CLI: stored text made safe for a terminal (plainText). */
export function printText(text: string): void {
  process.stdout.write(plainText(text));
}

/** Adds the options every data command shares. */
export function withStoreOptions(cmd: Command): Command {
  return cmd
    .option('--store <path>', 'store file or postgres:// URL (default: DATABASE_URL, STORE_PATH or data/db.json)')
    .option('--group <id>', 'only this group (id or name)');
}

/** Runs a CLI action; AppErrors become a clear one-line message and exit code 1. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>) {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      if (err instanceof AppError) {
        const text = cliErrorText('da', err);
        process.stderr.write(
          plainText(
            `styrebot: ${text === errorText('da', new AppError('internal')) ? `${err.code} ${JSON.stringify(err.params)}` : text}\n`,
          ),
        );
        process.exit(1);
      }
      throw err;
    }
  };
}
