/**
 * Which advisory locks a commit takes. A group is the unit of consistency:
 * - a commit scoped to groups takes the store lock SHARED, then each group's lock, then (only if
 *   it changes the global row: store-wide ids, replay keys, group-less items) the global row's;
 * - an unscoped commit (the default: claims over every group, retention, a new group) takes the
 *   store lock EXCLUSIVE, which waits for and excludes every other commit.
 * Every transaction takes its locks at its start in that one order (store, groups by key,
 * global row), so two commits never wait for each other in a cycle. A commit that turns out to
 * change a row it did not lock rolls back and runs again with those rows locked too.
 * All are transaction-level locks: COMMIT or ROLLBACK (or a dropped connection) releases them.
 */
import { GLOBAL_PART } from './partition.js';
import { WRITE_LOCK } from './schema-migrate.js';

/** Two-key advisory lock namespaces (int4), apart from the one-key store and migration locks. */
export const GROUP_LOCK_NS = 0x57b0_0003;
export const GLOBAL_ROW_LOCK_NS = 0x57b0_0004;

/** What a commit has locked: everything, or these rows (`g:<id>` parts and maybe `_global`). */
export type LockScope = { all: true } | { all: false; parts: Set<string> };

export const WHOLE_STORE: LockScope = { all: true };

/** A group's lock key: FNV-1a of its id as a signed int4 (a collision only makes two groups share a lock). */
export function groupLockKey(groupId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < groupId.length; i++) {
    h ^= groupId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

export function scopeOf(groupId: string | readonly string[] | undefined): LockScope {
  if (groupId === undefined) return WHOLE_STORE;
  const ids = typeof groupId === 'string' ? [groupId] : groupId;
  if (ids.length === 0 || ids.some((id) => typeof id !== 'string')) return WHOLE_STORE;
  return { all: false, parts: new Set(ids.map((id) => `g:${id}`)) };
}

export function unionScope(a: LockScope, b: LockScope): LockScope {
  if (a.all || b.all) return WHOLE_STORE;
  return { all: false, parts: new Set([...a.parts, ...b.parts]) };
}

/** The rows among `written` that `scope` does not cover (empty = the commit may write them). */
export function outside(scope: LockScope, written: Iterable<string>): string[] {
  if (scope.all) return [];
  return [...written].filter((p) => !scope.parts.has(p));
}

/** `BEGIN` and the locks of `scope`, in the fixed order, as one simple-protocol round trip. */
export function beginSql(scope: LockScope): string {
  if (scope.all) return `BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK})`;
  const keys = [
    ...new Set(
      [...scope.parts]
        .filter((p) => p !== GLOBAL_PART)
        .map((p) => groupLockKey(p.slice(2)))
        .sort((x, y) => x - y),
    ),
  ];
  const stmts = [`BEGIN`, `SELECT pg_advisory_xact_lock_shared(${WRITE_LOCK})`];
  for (const k of keys) stmts.push(`SELECT pg_advisory_xact_lock(${GROUP_LOCK_NS}, ${k})`);
  if (scope.parts.has(GLOBAL_PART)) stmts.push(`SELECT pg_advisory_xact_lock(${GLOBAL_ROW_LOCK_NS}, 0)`);
  return stmts.join('; ');
}
