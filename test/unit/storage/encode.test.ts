/** encodeStoreFile: the document without its trail, with auditCount — exactly JSON.stringify of that. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeStoreFile, withAudit } from '../../../src/storage/codec.js';
import { decodeDb } from '../../../src/storage/codec.js';
import { emptyDb, type Db } from '../../../src/domain/model.js';
import { sampleDb } from './fixtures.js';

const reference = (db: Db) => {
  const { audit, ...rest } = db;
  return JSON.stringify({ ...rest, auditCount: audit.length });
};

describe('encodeStoreFile', () => {
  it('equals JSON.stringify of the document, for any keys and texts (quotes, "processed":0 inside values, unicode)', () => {
    const text = fc.oneof(
      fc.string(),
      fc.constant('"processed":0,"auditCount":1'),
      fc.constant('\\"processed\\":0'),
      fc.string({ unit: 'grapheme' }),
    );
    fc.assert(
      fc.property(fc.array(fc.record({ key: text, at: text }), { maxLength: 30 }), text, fc.nat(50), (processed, name, audits) => {
        const db = sampleDb();
        db.groups[0]!.name = name;
        db.processed = processed;
        db.audit = Array.from({ length: audits }, (_, i) => ({ at: 'x', actor: 'a', action: 'b', groupId: null, target: String(i) }));
        const first = encodeStoreFile(db);
        expect(first).toBe(reference(db));
        // Again with the per-entry cache warm, after the list moved on (push at the end, drop at the front).
        db.processed.push({ key: name, at: name });
        db.processed.shift();
        expect(encodeStoreFile(db)).toBe(reference(db));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips through decodeDb', () => {
    const db = sampleDb();
    db.processed = [{ key: 'ballot:g1:a1', at: '2026-01-01T00:00:00.000Z' }];
    const file = decodeDb(encodeStoreFile(db), '/x/db.json').db;
    expect(withAudit(file, db.audit)).toEqual(db);
    expect(decodeDb(encodeStoreFile(emptyDb()), '/x').db.auditCount).toBe(0);
  });
});
