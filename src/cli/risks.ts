import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { Db, Rating } from '../domain/model.js';
import { escalationsOf, risksOf } from '../domain/risks.js';
import { RISK_LOG_FORMATS, renderRiskLogFile, type RiskLogFormat } from '../app/risk-log-files.js';
import { AppError } from '../errors.js';
import { registerMessages } from '../i18n/index.js';
import riskLogMessages from '../i18n/messages/risk-log.js';
import { action, oneGroup, printJson, printText, readDb, selectGroups, withStoreOptions } from './common.js';

registerMessages(riskLogMessages);

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
  /** Only on anonymous rounds: their ballots have no `voter` (src/app/vote-privacy.ts). */
  anonymous?: true;
  ballots: { voter?: string; choices: Record<string, Rating>; at: string }[];
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
      ...(v.anonymous ? { anonymous: true as const } : {}),
      ballots: v.ballots.map((b) =>
        v.anonymous ? { choices: { ...b.choices }, at: b.at } : { voter: b.voter, choices: { ...b.choices }, at: b.at },
      ),
      result: v.result ? { ...v.result } : null,
    }));
}

const WORD: Record<Rating, string> = { green: 'grøn', yellow: 'gul', red: 'rød' };

interface RisksOptions {
  json?: boolean;
  store?: string;
  group?: string;
  includeRetired?: boolean;
  format?: string;
  out?: string;
  generatedAt?: string;
}

/** `styrebot risks --format docx|xlsx [--out FILE]`: the open risks as the group's annex (issue #16). */
async function writeRiskLog(opts: RisksOptions): Promise<void> {
  const format = (opts.format ?? '').toLowerCase();
  if (!(RISK_LOG_FORMATS as readonly string[]).includes(format))
    throw new AppError('risklog_cli_option', { option: '--format', value: opts.format ?? '' });
  const now = opts.generatedAt ? new Date(opts.generatedAt) : new Date();
  if (Number.isNaN(now.getTime())) throw new AppError('risklog_cli_option', { option: '--generated-at', value: opts.generatedAt ?? '' });
  const db = await readDb(opts);
  const group = oneGroup(db, opts.group);
  const file = await renderRiskLogFile(db, group.id, format as RiskLogFormat, now);
  const out = path.resolve(opts.out ?? file.filename);
  await writeFile(out, file.bytes);
  process.stderr.write(`risk log written: ${out} (${file.bytes.length} bytes)\n`);
}

export function register(program: Command): void {
  withStoreOptions(
    program
      .command('risks')
      .description('the risk log: every open risk with rating, owner, history and escalations (read-only)')
      .option('--json', 'machine-readable output')
      .option('--include-retired', 'also list retired risks')
      .option('--format <format>', "write the risk log as a document: docx or xlsx (the group's annex)")
      .option('--out <file>', 'with --format: write to this file (default risikolog-<date>.<format>)')
      .option('--generated-at <iso>', 'with --format: the "generated" time printed in the document (default now)'),
  ).action(
    action(async (opts: RisksOptions) => {
      if (opts.format || opts.out) return writeRiskLog(opts);
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
