/**
 * Schema migrations, applied in memory on load (the writer persists the result in its first
 * durable write, after the original file has been copied to `<path>.bak`).
 *
 * Each step takes the plain JSON of version n and returns version n+1. Steps never validate the
 * whole document: the zod schema does that after the last step, so a damaged old file is still
 * reported as corrupt with the schema's precise message.
 */
import { SCHEMA_VERSION } from '../domain/model.js';

/**
 * Version 1 (the first pilot): the same collections as today minus everything the delivery
 * machinery added in v2 — no `outbox`, `reminders`, `jobs`, `processed` (invoke de-duplication)
 * or `seq` (store-wide ids). Escalations were posted directly, so they had no `outboxId`.
 */
export interface DbV1 {
  schemaVersion: 1;
  groups: unknown[];
  meetings: unknown[];
  risks: unknown[];
  voteRounds: unknown[];
  actions: unknown[];
  escalations: Record<string, unknown>[];
  audit: unknown[];
}

type Json = Record<string, unknown>;

function v1ToV2(v1: Json): Json {
  const escalations = Array.isArray(v1.escalations)
    ? v1.escalations.map((e) => (e && typeof e === 'object' && !('outboxId' in e) ? { ...(e as Json), outboxId: null } : e))
    : v1.escalations; // left as is: the schema reports it precisely
  return {
    ...v1,
    schemaVersion: 2,
    escalations,
    outbox: [],
    reminders: [],
    jobs: [],
    processed: [],
    // No store-wide ids were issued in v1 (group counters number risks/actions), so start at 0.
    seq: 0,
  };
}

/**
 * v3 moved the audit trail out of the document into `<store>.audit.jsonl` (audit-log.ts). The
 * step only adds the count; the trail stays inline in memory until the writer's first write puts
 * it into the log (log first, then the v3 document — a crash in between leaves the v2 file, which
 * is migrated again).
 */
function v2ToV3(v2: Json): Json {
  return { ...v2, schemaVersion: 3, auditCount: Array.isArray(v2.audit) ? v2.audit.length : 0 };
}

/** `steps[n]` migrates version n to n+1. */
const steps: Record<number, (db: Json) => Json> = { 1: v1ToV2, 2: v2ToV3 };

export type MigrationResult =
  { ok: true; data: Json; from: number } | { ok: false; code: 'store_corrupt' | 'store_too_new'; problem: string };

export function migrate(raw: unknown): MigrationResult {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, code: 'store_corrupt', problem: 'top level is not a JSON object' };
  }
  let data = raw as Json;
  const from = data.schemaVersion;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) {
    return { ok: false, code: 'store_corrupt', problem: `schemaVersion is missing or invalid (${JSON.stringify(from)})` };
  }
  if (from > SCHEMA_VERSION) {
    return {
      ok: false,
      code: 'store_too_new',
      problem: `schemaVersion ${from} is newer than this bot supports (${SCHEMA_VERSION}); upgrade the bot`,
    };
  }
  for (let v = from; v < SCHEMA_VERSION; v++) {
    const step = steps[v];
    if (!step) return { ok: false, code: 'store_corrupt', problem: `no migration from schemaVersion ${v}` };
    data = step(data);
  }
  return { ok: true, data, from };
}
