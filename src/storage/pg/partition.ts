/**
 * The store's one document (`Db`) cut into the rows PostgreSQL keeps, and put back together.
 *
 * A group is the unit of consistency: one row per group holds the group and every record that
 * belongs to it (its meetings, risks, vote rounds, action points, escalations, reminders, outbox
 * items and pending imports — every element of a top-level collection whose `groupId` names the
 * group). One more row, `_global`, holds the rest: `seq`, the replay keys (`processed`), jobs,
 * outbox items and imports without a group, `schemaVersion` and any top-level field a newer bot
 * added. The audit trail is not in any row: it is its own append-only table.
 *
 * A commit writes only the rows whose JSON changed, so a vote in one group rewrites that group's
 * row, not the whole store.
 */
import type { Db, Group } from '../../domain/model.js';

export const GLOBAL_PART = '_global';
export const groupPart = (groupId: string) => `g:${groupId}`;

/** Top-level keys that are never split by group. */
const GLOBAL_KEYS = new Set(['schemaVersion', 'seq', 'processed', 'jobs', 'audit', 'groups']);

export type PartDoc = Record<string, unknown>;

/** `Db` → rows (part key → JSON-able object). The objects are the Db's own (no copy). */
export function splitDb(db: Readonly<Db>): Map<string, PartDoc> {
  const parts = new Map<string, PartDoc>();
  const global: PartDoc = {};
  parts.set(GLOBAL_PART, global);
  const byGroup = new Map<string, PartDoc>();
  for (const g of db.groups) {
    const doc: PartDoc = { group: g };
    byGroup.set(g.id, doc);
    parts.set(groupPart(g.id), doc);
  }
  for (const [key, value] of Object.entries(db)) {
    if (key === 'audit' || key === 'groups') continue;
    if (GLOBAL_KEYS.has(key) || !Array.isArray(value)) {
      global[key] = value;
      continue;
    }
    const rest: unknown[] = [];
    for (const g of byGroup.values()) g[key] = [];
    for (const item of value) {
      const gid = item && typeof item === 'object' ? (item as { groupId?: unknown }).groupId : undefined;
      const doc = typeof gid === 'string' ? byGroup.get(gid) : undefined;
      if (doc) (doc[key] as unknown[]).push(item);
      else rest.push(item);
    }
    global[key] = rest;
  }
  return parts;
}

/** Numeric suffix of a store-wide id (`o-17` → 17): outbox items are merged back in creation order. */
const idNumber = (id: unknown): number => {
  const m = typeof id === 'string' ? /-(\d+)$/.exec(id) : null;
  return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
};

/**
 * Rows → `Db` (audit left empty: the caller fills it). `groupOrder` lists group parts in creation
 * order. Collections are concatenated global row first, then the groups; the outbox is re-sorted
 * by id, because a conversation's messages are sent in outbox order and a conversation (a
 * person's chat) can hold items of several groups.
 */
export function mergeParts(global: PartDoc, groups: PartDoc[]): Db {
  const db: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(global)) db[key] = Array.isArray(value) ? [...value] : value;
  db.groups = groups.map((p) => p.group as Group);
  for (const part of groups) {
    for (const [key, value] of Object.entries(part)) {
      if (key === 'group' || !Array.isArray(value)) continue;
      const list = (db[key] as unknown[] | undefined) ?? (db[key] = []);
      for (const item of value) (list as unknown[]).push(item); // no spread: a long list would overflow the call stack
    }
  }
  const outbox = db.outbox as { id: string }[] | undefined;
  if (outbox) outbox.sort((a, b) => idNumber(a.id) - idNumber(b.id));
  db.audit = [];
  return db as unknown as Db;
}
