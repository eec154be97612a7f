/**
 * The PostgreSQL store's lock plan and in-memory copy, without a server: locks are always asked
 * for in one order (no deadlock between commits), a change outside the locked rows is noticed,
 * and audit entries committed by several instances are kept in commit (id) order.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/domain/model.js';
import { beginSql, groupLockKey, outside, scopeOf, unionScope, WHOLE_STORE } from '../../../src/storage/pg/locks.js';
import { Replica } from '../../../src/storage/pg/replica.js';

const entry = (action: string): AuditEntry => ({ at: '2026-01-01T00:00:00.000Z', actor: 'u', action, groupId: null, target: null });

describe('PostgreSQL lock plan', () => {
  it('takes the store lock shared, then group locks by key, then the global row; unscoped takes the store lock alone, exclusive', () => {
    const keys = ['g7', 'g1', 'g42'].map(groupLockKey);
    const sql = beginSql({ all: false, parts: new Set(['_global', 'g:g7', 'g:g1', 'g:g42', 'g:g1']) });
    const stmts = sql.split('; ');
    expect(stmts[0]).toBe('BEGIN');
    expect(stmts[1]).toMatch(/^SELECT pg_advisory_xact_lock_shared\(\d+\)$/);
    const groupKeys = stmts.slice(2, -1).map((s) => Number(/, (-?\d+)\)$/.exec(s)![1]));
    expect(groupKeys).toEqual([...keys].sort((a, b) => a - b));
    expect(stmts.at(-1)).toMatch(/^SELECT pg_advisory_xact_lock\(\d+, 0\)$/);
    expect(beginSql(WHOLE_STORE).split('; ')).toEqual(['BEGIN', expect.stringMatching(/^SELECT pg_advisory_xact_lock\(\d+\)$/)]);
  });

  it('group keys are stable signed 32-bit integers', () => {
    expect(groupLockKey('g1')).toBe(groupLockKey('g1'));
    expect(groupLockKey('g1')).not.toBe(groupLockKey('g2'));
    for (const id of ['g1', 'a-very-long-group-id-æøå', ''])
      expect(Number.isInteger(groupLockKey(id)) && Math.abs(groupLockKey(id)) < 2 ** 31).toBe(true);
  });

  it('scopes: no hint or an empty list is the whole store; unions widen; rows outside the scope are named', () => {
    expect(scopeOf(undefined)).toEqual(WHOLE_STORE);
    expect(scopeOf([])).toEqual(WHOLE_STORE);
    const g1 = scopeOf('g1');
    expect(outside(g1, ['g:g1'])).toEqual([]);
    expect(outside(g1, ['g:g1', '_global', 'g:g2'])).toEqual(['_global', 'g:g2']);
    expect(outside(unionScope(g1, scopeOf(['g2'])), ['g:g2'])).toEqual([]);
    expect(outside(unionScope(g1, WHOLE_STORE), ['_global', 'g:new'])).toEqual([]);
  });
});

describe('PostgreSQL in-memory copy', () => {
  it('keeps audit entries in id order when another instance commits an older id after ours, and skips repeats', () => {
    const r = new Replica(3);
    r.absorb({ parts: [], audit: [{ id: 1, entry: entry('a1') }], rev: 0, auditId: 1 });
    r.committed({ parts: [], audit: [entry('own3'), entry('own4')] }, new Map(), 5, [3, 4]);
    expect(r.ownSince()).toEqual({ revs: [5], auditIds: [3, 4] });
    // Id 2 was another instance's, committed before ours and read only now.
    r.absorb({ parts: [], audit: [{ id: 2, entry: entry('a2') }], rev: 5, auditId: 4 });
    expect(r.db.audit.map((e) => e.action)).toEqual(['a2', 'own3', 'own4']); // the oldest of 4 trimmed (keep 3)
    expect(r.ownSince()).toEqual({ revs: [], auditIds: [] });
    expect(r.knows(5)).toBe(true);
    expect(r.knows(6)).toBe(false);
    r.absorb({ parts: [], audit: [{ id: 4, entry: entry('own4') }], rev: 5, auditId: 4 });
    expect(r.db.audit).toHaveLength(3);
  });
});
