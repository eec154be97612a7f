import type { Command } from 'commander';
import type { ActionPoint, Db } from '../domain/model.js';
import { action, printJson, printText, readDb, selectGroups, withStoreOptions } from './common.js';

/** One action point as `styrebot actions --json` prints it (issue #7: a stable contract). */
export interface ActionJson {
  group: string;
  id: string;
  text: string;
  owner: { name: string; aadObjectId: string | null };
  due: string | null;
  status: 'open' | 'done';
  source: { kind: 'chat' | 'item' | 'risk'; meeting: number | null; item: number | null; risk: string | null };
  /** Progress notes, oldest first (added later: always present, possibly empty). */
  notes: { text: string; by: string; at: string }[];
}

export const actionJson = (a: ActionPoint): ActionJson => ({
  group: a.groupId,
  id: a.id,
  text: a.text,
  owner: { name: a.owner.name, aadObjectId: a.owner.aadObjectId ?? null },
  due: a.due ?? null,
  status: a.status,
  source: { kind: a.source.kind, meeting: a.source.meeting ?? null, item: a.source.item ?? null, risk: a.source.risk ?? null },
  notes: (a.notes ?? []).map((n) => ({ text: n.text, by: n.byName, at: n.at })),
});

/** The action points of the selected groups, in group then numeric id order. */
export function actionsOf(db: Readonly<Db>, groupOpt?: string): ActionJson[] {
  const groups = selectGroups(db, groupOpt);
  const order = new Map(groups.map((g, i) => [g.id, i]));
  return db.actions
    .filter((a) => order.has(a.groupId))
    .sort((a, b) => order.get(a.groupId)! - order.get(b.groupId)! || Number(a.id.slice(1)) - Number(b.id.slice(1)))
    .map(actionJson);
}

/** `styrebot actions [--json] [--group ID] [--store FILE]` (read-only; works while the bot runs). */
export function register(program: Command): void {
  withStoreOptions(
    program
      .command('actions')
      .description('list action points ("opfølgningspunkter") of every group, or one with --group')
      .option(
        '--json',
        'machine-readable: [{group, id, text, owner{name, aadObjectId}, due, status, source{kind, meeting, item, risk}, notes[{text, by, at}]}]',
      ),
  ).action(
    action(async (opts: { json?: boolean; group?: string; store?: string }) => {
      const list = actionsOf(await readDb(opts), opts.group);
      if (opts.json) return printJson(list);
      if (!list.length) return void printText('no action points\n');
      for (const a of list) {
        printText(`${a.group} ${a.id.padEnd(4)} ${a.status.padEnd(4)} ${(a.due ?? '—').padEnd(10)} ${a.owner.name}: ${a.text}\n`);
      }
    }),
  );
}
