import type { Command } from 'commander';
import type { Db, Rating } from '../domain/model.js';
import { escalationsOf, risksOf } from '../domain/risks.js';
import { action, printJson, printText, readDb, selectGroups, withStoreOptions } from './common.js';

/**
 * `styrebot risks` and `styrebot votes` (issue #6): read-only listings of the last durable state,
 * usable while the bot runs. `--json` prints exactly the documented contract.
 */

export interface RiskJson {
  group: string;
  id: string;
  category: string;
  title: string;
  rating: Rating | null;
  owner: { name: string; aadObjectId: string | null } | null;
  history: { date: string; rating: Rating; tally: Record<Rating, number>; disagreement: boolean }[];
  escalations: { id: string; status: string; answer: string | null; at: string }[];
}

export interface VoteJson {
  group: string;
  id: string;
  status: 'open' | 'closed';
  deadline: string;
  ballots: { voter: string; choices: Record<string, Rating>; at: string }[];
  result: Record<string, Rating> | null;
}

export function risksJson(db: Readonly<Db>, groupOpt?: string, opts: { includeRetired?: boolean } = {}): RiskJson[] {
  return selectGroups(db, groupOpt).flatMap((g) =>
    risksOf(db, g.id, opts).map((r) => ({
      group: g.id,
      id: r.id,
      category: r.category,
      title: r.title,
      rating: r.rating,
      owner: r.owner ? { name: r.owner.name, aadObjectId: r.owner.aadObjectId ?? null } : null,
      history: r.history.map((h) => ({
        date: h.date,
        rating: h.rating,
        tally: { green: h.tally.green, yellow: h.tally.yellow, red: h.tally.red },
        disagreement: h.disagreement,
      })),
      escalations: escalationsOf(db, g.id, r.id).map((e) => ({ id: e.id, status: e.status, answer: e.answer ?? null, at: e.at })),
    })),
  );
}

export function votesJson(db: Readonly<Db>, groupOpt?: string): VoteJson[] {
  const groups = new Set(selectGroups(db, groupOpt).map((g) => g.id));
  return db.voteRounds
    .filter((v) => groups.has(v.groupId))
    .map((v) => ({
      group: v.groupId,
      id: v.id,
      status: v.status,
      deadline: v.deadline,
      ballots: v.ballots.map((b) => ({ voter: b.voter, choices: { ...b.choices }, at: b.at })),
      result: v.result ? { ...v.result } : null,
    }));
}

const WORD: Record<Rating, string> = { green: 'grøn', yellow: 'gul', red: 'rød' };

export function register(program: Command): void {
  withStoreOptions(
    program
      .command('risks')
      .description('the risk log: every open risk with rating, owner, history and escalations (read-only)')
      .option('--json', 'machine-readable output')
      .option('--include-retired', 'also list retired risks'),
  ).action(
    action(async (opts: { json?: boolean; store?: string; group?: string; includeRetired?: boolean }) => {
      const list = risksJson(await readDb(opts), opts.group, { includeRetired: opts.includeRetired });
      if (opts.json) return printJson(list);
      if (!list.length) return void printText('no risks\n');
      for (const r of list) {
        const trend = r.history.length
          ? ` (historik: ${r.history.map((h) => `${h.date} ${WORD[h.rating]}${h.disagreement ? '!' : ''}`).join(', ')})`
          : '';
        printText(
          `${r.group} ${r.id} [${r.category}] ${r.title} — ${r.rating ? WORD[r.rating] : 'ikke vurderet'}; ejer: ${r.owner?.name ?? '—'}${trend}\n`,
        );
      }
    }),
  );

  withStoreOptions(
    program
      .command('votes')
      .description('every risk vote round with its ballots (one per voter, the latest) and result (read-only)')
      .option('--json', 'machine-readable output'),
  ).action(
    action(async (opts: { json?: boolean; store?: string; group?: string }) => {
      const list = votesJson(await readDb(opts), opts.group);
      if (opts.json) return printJson(list);
      if (!list.length) return void printText('no vote rounds\n');
      for (const v of list) {
        const result = v.result
          ? Object.entries(v.result)
              .map(([id, r]) => `${id} ${WORD[r]}`)
              .join(', ')
          : '—';
        printText(`${v.group} ${v.id} ${v.status}, frist ${v.deadline}, ${v.ballots.length} stemmesedler; resultat: ${result}\n`);
      }
    }),
  );
}
