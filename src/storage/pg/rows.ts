/**
 * The SQL of the PostgreSQL store: reading rows changed since a revision, and writing one
 * commit (changed rows, new audit entries, the change notice) in a single statement.
 */
import type pg from 'pg';
import type { AuditEntry } from '../../domain/model.js';
import type { PartDoc } from './partition.js';

export const CHANNEL = 'styrebot_changes';

export interface PartRow {
  part: string;
  pos: number;
  rev: number;
  doc: PartDoc | null;
}

export interface Changes {
  parts: PartRow[];
  audit: { id: number; entry: AuditEntry }[];
  /** The newest row revision and audit id in the snapshot read: everything up to them is now known. */
  rev: number;
  auditId: number;
}

type Queryable = Pick<pg.ClientBase, 'query'>;

/** Serialises the last statement of every commit (see writeChanges); a one-key advisory lock. */
export const COMMIT_ORDER_LOCK = 0x57b0_0005;

/** What this instance committed itself above its watermarks: already in memory, not read back. */
export interface Own {
  revs: number[];
  auditIds: number[];
}

/**
 * Rows written after `rev` and audit entries after `auditId` (all of them from 0/0), except this
 * instance's own. Because commits publish in revision order (writeChanges), a snapshot holding
 * revision R holds every committed revision below R, so the returned maxima are safe watermarks.
 */
export async function readChanges(q: Queryable, rev: number, auditId: number, auditLimit: number | null, own?: Own): Promise<Changes> {
  // One round trip: a UNION of the two tables and their maxima as text, parsed here.
  const limit = auditLimit === null ? '' : ` ORDER BY id DESC LIMIT ${Math.max(0, Math.floor(auditLimit))}`;
  const { rows } = await q.query<{ k: string; part: string | null; pos: string | null; n: string; doc: string | null }>(
    `SELECT 'p' AS k, part, pos::text, rev::text AS n, doc::text FROM styrebot_parts WHERE rev > $1 AND rev <> ALL($3::bigint[])
     UNION ALL
     (SELECT 'a', NULL, NULL, id::text, entry::text FROM styrebot_audit WHERE id > $2 AND id <> ALL($4::bigint[])${limit})
     UNION ALL
     SELECT 'm', NULL, NULL, COALESCE((SELECT max(rev) FROM styrebot_parts), 0)::text,
            COALESCE((SELECT max(id) FROM styrebot_audit), 0)::text`,
    [rev, auditId, own?.revs ?? [], own?.auditIds ?? []],
  );
  const out: Changes = { parts: [], audit: [], rev, auditId };
  for (const r of rows) {
    if (r.k === 'p')
      out.parts.push({ part: r.part!, pos: Number(r.pos), rev: Number(r.n), doc: r.doc === null ? null : JSON.parse(r.doc) });
    else if (r.k === 'a') out.audit.push({ id: Number(r.n), entry: JSON.parse(r.doc!) });
    else {
      out.rev = Math.max(rev, Number(r.n));
      out.auditId = Math.max(auditId, Number(r.doc));
    }
  }
  out.audit.sort((a, b) => a.id - b.id);
  return out;
}

export interface WriteInput {
  /** Changed rows: JSON text, or null for a removed group. `pos` null = a new row (takes the rev). */
  parts: { part: string; pos: number | null; json: string | null }[];
  audit: AuditEntry[];
}

/**
 * Writes one commit's rows and audit entries and notifies the other instances; returns the rev
 * and the audit ids given. Commits of different groups run side by side, but this last statement
 * first takes COMMIT_ORDER_LOCK (held to COMMIT): revisions and audit ids are then drawn in the
 * order the commits become visible, so readers can follow changes by revision without missing a
 * commit that drew an older number and finished later. The lock is held for this statement and
 * the COMMIT only; the mutators and the reads of the commit run before it.
 */
export async function writeChanges(q: Queryable, w: WriteInput): Promise<{ rev: number; auditIds: number[] }> {
  const { rows } = await q.query<{ rev: string; ids: string[] | null }>(
    `WITH l AS MATERIALIZED (SELECT pg_advisory_xact_lock(${COMMIT_ORDER_LOCK}) AS locked),
     r AS MATERIALIZED (SELECT nextval('styrebot_rev') AS rev FROM l),
     p AS (
       INSERT INTO styrebot_parts (part, pos, rev, doc)
       SELECT x.part, COALESCE(x.pos, r.rev), r.rev, x.doc::json
       FROM unnest($1::text[], $2::bigint[], $3::text[]) AS x(part, pos, doc), r
       ON CONFLICT (part) DO UPDATE SET rev = EXCLUDED.rev, doc = EXCLUDED.doc
       RETURNING 1
     ),
     a AS (
       INSERT INTO styrebot_audit (entry)
       SELECT e.entry::json FROM unnest($4::text[]) WITH ORDINALITY AS e(entry, ord), r ORDER BY e.ord
       RETURNING id
     )
     SELECT r.rev::text, (SELECT array_agg(id::text ORDER BY id) FROM a) AS ids,
            (SELECT count(*) FROM p) AS written, pg_notify('${CHANNEL}', r.rev::text)
     FROM r`,
    [w.parts.map((p) => p.part), w.parts.map((p) => p.pos), w.parts.map((p) => p.json), w.audit.map((e) => JSON.stringify(e))],
  );
  return { rev: Number(rows[0].rev), auditIds: (rows[0].ids ?? []).map(Number) };
}

/**
 * A shared card may be updated by one instance at a time, at most once per `minIntervalMs` in
 * total: claim the card's slot when its last update (by anyone) is that old. Times are the
 * database's, so the instances' clocks do not matter. Returns 0 when claimed, else ms to wait.
 */
export async function claimCardSlot(q: Queryable, card: string, minIntervalMs: number): Promise<number> {
  const { rows } = await q.query<{ wait: string }>(
    `WITH claim AS (
       INSERT INTO styrebot_card_slots AS s (card, last_at) VALUES ($1, clock_timestamp())
       ON CONFLICT (card) DO UPDATE SET last_at = clock_timestamp()
         WHERE s.last_at <= clock_timestamp() - make_interval(secs => $2::double precision / 1000)
       RETURNING 1
     )
     SELECT CASE WHEN EXISTS (SELECT 1 FROM claim) THEN 0
       ELSE GREATEST(1, ceil(extract(epoch FROM (SELECT last_at FROM styrebot_card_slots WHERE card = $1)
         + make_interval(secs => $2::double precision / 1000) - clock_timestamp()) * 1000)) END::text AS wait`,
    [card, minIntervalMs],
  );
  return Number(rows[0].wait);
}

/** Removes the slots of cards nobody updated for `idleMs` (database time); returns how many. */
export async function pruneCardSlots(q: Queryable, idleMs: number): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM styrebot_card_slots WHERE last_at < clock_timestamp() - make_interval(secs => $1::double precision / 1000)`,
    [idleMs],
  );
  return rowCount ?? 0;
}
