import path from 'node:path';
import type { Command } from 'commander';
import 'dotenv/config';
import { loadConfig } from '../config.js';
import type { Db, Group } from '../domain/model.js';
import { AppError } from '../errors.js';
import { errorText } from '../i18n/index.js';
import { openStore } from '../storage/index.js';

/** The store path from --store, else STORE_PATH, else data/db.json. */
export function storePathOf(opts: { store?: string }): string {
  if (opts.store) return path.resolve(opts.store);
  return path.resolve(loadConfig({ ...process.env, STYREBOT_CLOCK_OFFSET: '' }).storePath);
}

/**
 * Read-only view of the last durable state: no lock, works while the bot runs (the bot writes
 * by atomic rename, so the file is always a complete version).
 */
export async function readDb(opts: { store?: string }): Promise<Readonly<Db>> {
  const store = await openStore({ path: storePathOf(opts), readOnly: true });
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
  if (!g.length) throw new AppError('cli_group_unknown', { group: groupOpt, known: db.groups.map((x) => `${x.id} (${x.name})`).join(', ') || '—' });
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
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Adds the options every data command shares. */
export function withStoreOptions(cmd: Command): Command {
  return cmd.option('--store <path>', 'store file (default: STORE_PATH or data/db.json)').option('--group <id>', 'only this group (id or name)');
}

/** Runs a CLI action; AppErrors become a clear one-line message and exit code 1. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>) {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      if (err instanceof AppError) {
        const text = errorText('da', err);
        process.stderr.write(`styrebot: ${text === errorText('da', new AppError('internal')) ? `${err.code} ${JSON.stringify(err.params)}` : text}\n`);
        process.exit(1);
      }
      throw err;
    }
  };
}
