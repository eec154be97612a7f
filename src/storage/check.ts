/**
 * `checkStore(path)`: is this store file usable, and is it internally consistent?
 * Reads what a store reader reads (durable-state.ts) and never writes, so it is safe next to a
 * running bot. Reports instead of throwing.
 */
import type { Db } from '../domain/model.js';
import { AppError } from '../errors.js';
import { inspectDb, withAudit } from './codec.js';
import { nodeFs } from './durable-adapter.js';
import { readDurableState, type DurableState } from './durable-state.js';
import {
  countsOf as expiredCounts,
  DEFAULT_RETENTION_DAYS,
  expiredRecords,
  prunedSoFar,
  type RetentionCounts,
} from '../domain/retention.js';

export interface CheckResult {
  ok: boolean;
  problems: string[];
  /** Size of each collection (and seq, schemaVersion) — empty when the file is unusable. */
  counts: Record<string, number>;
  /**
   * Retention (src/domain/retention.ts): what the bot's daily prunes removed so far (from the
   * audit trail) and what is older than `days` now and goes at the next prune. Absent when the
   * file is unusable.
   */
  retention?: { days: number; pruned: RetentionCounts & { runs: number; lastAt: string | null }; due: RetentionCounts };
}

export interface CheckOptions {
  /** Retention age in days (STYREBOT_RETENTION_DAYS; default 400). */
  retentionDays?: number;
  now?: Date;
}

export function countsOf(db: Db): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [key, value] of Object.entries(db)) {
    if (Array.isArray(value)) counts[key] = value.length;
  }
  counts.seq = db.seq;
  counts.schemaVersion = db.schemaVersion;
  return counts;
}

class UnusableText extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

export async function checkStore(path: string, opts: CheckOptions = {}): Promise<CheckResult> {
  let state: DurableState | null;
  let from = 0;
  try {
    state = await readDurableState(nodeFs, path, (text) => {
      const r = inspectDb(text);
      if (!r.ok) throw new UnusableText(r.problems.map((p) => `${path}: ${p}`));
      from = r.from;
      return r.db;
    });
  } catch (err) {
    if (err instanceof UnusableText) return { ok: false, problems: err.problems, counts: {} };
    if (err instanceof AppError) return { ok: false, problems: [err.message], counts: {} };
    return { ok: false, problems: [`cannot read ${path}: ${(err as Error).message}`], counts: {} };
  }
  if (!state) return { ok: false, problems: [`${path} does not exist`], counts: {} };
  const db = withAudit(state.file, state.entries);
  const problems = consistencyProblems(db);
  // An old schemaVersion is not a problem (the writer migrates on start); counts say which it is.
  // Bytes after the counted audit entries are an append a crash interrupted: harmless (ignored by
  // readers, removed by the next writer), but worth seeing; so are journal lines not yet
  // checkpointed into the document (a running bot's last seconds, or a crashed bot's).
  const excess = state.log?.excessBytes ?? 0;
  const journal = state.journal;
  const tornBytes = state.journalFiles.reduce((n, f) => n + f.tornBytes, 0);
  const counts = {
    ...countsOf(db),
    fileSchemaVersion: from,
    ...(excess > 0 ? { auditLogUnfinishedBytes: excess } : {}),
    ...(journal && journal.records > 0 ? { journalLines: journal.records } : {}),
    ...(tornBytes > 0 ? { journalUnfinishedBytes: tornBytes } : {}),
  };
  const days = opts.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const retention = { days, pruned: prunedSoFar(db.audit), due: expiredCounts(expiredRecords(db, opts.now ?? new Date(), days)) };
  return { ok: problems.length === 0, problems, counts, retention };
}

/** Cross-record rules the schema cannot express: unique ids and references that resolve. */
export function consistencyProblems(db: Db): string[] {
  const problems: string[] = [];
  const dupes = (what: string, keys: string[]) => {
    const seen = new Set<string>();
    for (const k of keys) {
      if (seen.has(k)) problems.push(`duplicate ${what} ${k}`);
      seen.add(k);
    }
  };
  dupes(
    'group id',
    db.groups.map((g) => g.id),
  );
  dupes(
    'meeting',
    db.meetings.map((m) => `${m.groupId}#${m.number}`),
  );
  dupes(
    'risk',
    db.risks.map((r) => `${r.groupId}/${r.id}`),
  );
  dupes(
    'vote round',
    db.voteRounds.map((v) => `${v.groupId}/${v.id}`),
  );
  dupes(
    'action point',
    db.actions.map((a) => `${a.groupId}/${a.id}`),
  );
  dupes(
    'escalation',
    db.escalations.map((e) => `${e.groupId}/${e.id}`),
  );
  dupes(
    'outbox id',
    db.outbox.map((o) => o.id),
  );
  dupes(
    'reminder id',
    db.reminders.map((r) => r.id),
  );
  dupes(
    'job id',
    db.jobs.map((j) => j.id),
  );

  const groups = new Set(db.groups.map((g) => g.id));
  const orphan = (what: string, items: { groupId: string | null; id?: string; number?: number }[]) => {
    for (const it of items) {
      if (it.groupId !== null && !groups.has(it.groupId)) {
        problems.push(`${what} ${it.id ?? it.number} refers to unknown group ${it.groupId}`);
      }
    }
  };
  orphan('meeting', db.meetings);
  orphan('risk', db.risks);
  orphan('vote round', db.voteRounds);
  orphan('action point', db.actions);
  orphan('escalation', db.escalations);
  orphan('outbox item', db.outbox);
  orphan('reminder', db.reminders);

  const risks = new Set(db.risks.map((r) => `${r.groupId}/${r.id}`));
  for (const e of db.escalations) {
    if (e.subject?.kind !== 'item' && !risks.has(`${e.groupId}/${e.riskId}`))
      problems.push(`escalation ${e.id} refers to unknown risk ${e.riskId}`);
  }
  for (const v of db.voteRounds) {
    for (const id of v.riskIds) {
      if (!risks.has(`${v.groupId}/${id}`)) problems.push(`vote round ${v.id} refers to unknown risk ${id}`);
    }
  }
  return problems;
}
