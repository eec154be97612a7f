import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../src/domain/model.js';
import { backupStore } from '../../src/storage/backup.js';
import { checkStore } from '../../src/storage/check.js';
import { openStore } from '../../src/storage/lowdb-store.js';
import { sampleDb, sampleV1, storeFileText, tempDir } from '../unit/storage/fixtures.js';

let dir: string;
let cleanup: () => void;
let path: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  path = join(dir, 'styrebot.json');
});
afterEach(() => cleanup());

describe('backupStore', () => {
  it('copies a consistent durable version while the bot keeps writing', async () => {
    const store = await openStore({ path });
    let writing = true;
    const load = (async () => {
      for (let i = 0; writing; i++) {
        await store.update((db, tx) => {
          db.processed.push({ key: `k${i}`, at: 'x' });
          tx.audit({ actor: 'test', action: 'test.write', groupId: null, target: `k${i}` });
        });
      }
    })();
    const copies: Db[] = [];
    for (let n = 0; n < 10; n++) {
      const out = join(dir, 'backups', `b${n}.json`);
      const r = await backupStore(path, out);
      expect(r.path).toBe(out);
      expect(statSync(out).size).toBe(r.bytes);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      copies.push(JSON.parse(readFileSync(out, 'utf8')));
      expect(r.counts.processed).toBe(copies[n].processed.length);
      // The copy is a store of its own: document and audit log agree (one entry per change).
      expect(r.auditPath).toBe(`${out}.audit.jsonl`);
      const copy = await openStore({ path: out, readOnly: true });
      expect(copy.read().audit.map((a) => a.target)).toEqual(copies[n].processed.map((p) => p.key));
      await copy.close();
    }
    writing = false;
    await load;
    await store.close();
    // Each copy is a whole prefix of the history (never a torn mix), and they only grow.
    for (const c of copies) expect(c.processed.map((p) => p.key)).toEqual(c.processed.map((_, i) => `k${i}`));
    const sizes = copies.map((c) => c.processed.length);
    expect([...sizes].sort((a, b) => a - b)).toEqual(sizes);
    expect(sizes.at(-1)).toBeGreaterThan(0);
  });

  it('refuses to back up a corrupt store and leaves an existing backup alone', async () => {
    writeFileSync(path, '{"schemaVersion": 2, "groups": [');
    const out = join(dir, 'backup.json');
    writeFileSync(out, 'previous good backup');
    await expect(backupStore(path, out)).rejects.toMatchObject({ code: 'store_corrupt', params: { path } });
    expect(readFileSync(out, 'utf8')).toBe('previous good backup');
    await expect(backupStore(path, path)).rejects.toMatchObject({ code: 'backup_same_file' });
    await expect(backupStore(join(dir, 'missing.json'), out)).rejects.toMatchObject({ code: 'store_missing' });
  });
});

describe('checkStore', () => {
  it('reports a healthy store with counts per collection', async () => {
    writeFileSync(path, storeFileText(sampleDb()));
    const r = await checkStore(path);
    expect(r).toMatchObject({ ok: true, problems: [] });
    expect(r.counts).toMatchObject({
      groups: 1,
      meetings: 1,
      risks: 1,
      outbox: 1,
      audit: 1,
      seq: 3,
      schemaVersion: 3,
      fileSchemaVersion: 3,
    });
  });

  it('reports an old version as fine (migrated on the next start)', async () => {
    writeFileSync(path, JSON.stringify(sampleV1()));
    const r = await checkStore(path);
    expect(r.ok).toBe(true);
    expect(r.counts.fileSchemaVersion).toBe(1);
  });

  it('reports unusable files and broken references without changing anything', async () => {
    expect(await checkStore(join(dir, 'none.json'))).toMatchObject({ ok: false, problems: [expect.stringMatching(/does not exist/)] });
    writeFileSync(path, '{"truncated": ');
    const corrupt = await checkStore(path);
    expect(corrupt.ok).toBe(false);
    expect(corrupt.problems[0]).toMatch(new RegExp(`^${path}: not valid JSON`));
    expect(readFileSync(path, 'utf8')).toBe('{"truncated": ');

    const db = sampleDb();
    db.groups.push({ ...db.groups[0] });
    db.risks[0].groupId = 'ghost';
    db.voteRounds[0].riskIds.push('R404');
    writeFileSync(path, storeFileText(db));
    const r = await checkStore(path);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(
      expect.arrayContaining([
        'duplicate group id g1',
        'risk R1 refers to unknown group ghost',
        'escalation E1 refers to unknown risk R1',
        'vote round V1 refers to unknown risk R404',
      ]),
    );
  });
});
