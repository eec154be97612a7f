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
}

type Queryable = Pick<pg.ClientBase, 'query'>;

/** Rows written after `rev` and audit entries after `auditId` (all of them from 0/0). */
export async function readChanges(q: Queryable, rev: number, auditId: number, auditLimit: number | null): Promise<Changes> {
  // One round trip for both: a UNION of the two tables as text, parsed here.
  const limit = auditLimit === null ? '' : ` ORDER BY id DESC LIMIT ${Math.max(0, Math.floor(auditLimit))}`;
  const { rows } = await q.query<{ k: string; part: string | null; pos: string | null; n: string; doc: string | null }>(
    `SELECT 'p' AS k, part, pos::text, rev::text AS n, doc::text FROM styrebot_parts WHERE rev > $1
     UNION ALL
     (SELECT 'a', NULL, NULL, id::text, entry::text FROM styrebot_audit WHERE id > $2${limit})`,
    [rev, auditId],
  );
  const out: Changes = { parts: [], audit: [] };
  for (const r of rows) {
    if (r.k === 'p')
      out.parts.push({ part: r.part!, pos: Number(r.pos), rev: Number(r.n), doc: r.doc === null ? null : JSON.parse(r.doc) });
    else out.audit.push({ id: Number(r.n), entry: JSON.parse(r.doc!) });
  }
  out.audit.sort((a, b) => a.id - b.id);
  return out;
}

export interface WriteInput {
  /** Changed rows: JSON text, or null for a removed group. `pos` null = a new row (takes the rev). */
  parts: { part: string; pos: number | null; json: string | null }[];
  audit: AuditEntry[];
}

/** Writes one commit's rows and audit entries and notifies the other instances; returns the rev and the last audit id. */
export async function writeChanges(q: Queryable, w: WriteInput): Promise<{ rev: number; lastAuditId: number | null }> {
  const { rows } = await q.query<{ rev: string; last_audit: string | null }>(
    `WITH r AS (SELECT nextval('styrebot_rev') AS rev),
     p AS (
       INSERT INTO styrebot_parts (part, pos, rev, doc)
       SELECT x.part, COALESCE(x.pos, r.rev), r.rev, x.doc::json
       FROM unnest($1::text[], $2::bigint[], $3::text[]) AS x(part, pos, doc), r
       ON CONFLICT (part) DO UPDATE SET rev = EXCLUDED.rev, doc = EXCLUDED.doc
       RETURNING 1
     ),
     a AS (
       INSERT INTO styrebot_audit (entry)
       SELECT e.entry::json FROM unnest($4::text[]) WITH ORDINALITY AS e(entry, ord) ORDER BY e.ord
       RETURNING id
     )
     SELECT r.rev::text, (SELECT max(id) FROM a)::text AS last_audit,
            (SELECT count(*) FROM p) AS written, pg_notify('${CHANNEL}', r.rev::text)
     FROM r`,
    [w.parts.map((p) => p.part), w.parts.map((p) => p.pos), w.parts.map((p) => p.json), w.audit.map((e) => JSON.stringify(e))],
  );
  return { rev: Number(rows[0].rev), lastAuditId: rows[0].last_audit === null ? null : Number(rows[0].last_audit) };
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
