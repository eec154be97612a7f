/**
 * Moving in and backing up: `styrebot store migrate --to postgres://…` copies a file store
 * (document and audit log) into an empty database and checks it; `backup` and `check` work on a
 * database (the backup is a JSON store pair that opens as a file store).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgStore, openStore } from '../../src/storage/index.js';
import { splitDb } from '../../src/storage/pg/partition.js';
import type { Db } from '../../src/domain/model.js';
import { createTestDatabase, dropTestDatabase } from '../helpers/pg-server.js';
import { sampleDb, tempDir } from '../unit/storage/fixtures.js';

const run = promisify(execFile);
const cli = (args: string[]) =>
  run(process.execPath, ['bin/styrebot.mjs', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: '', STORE_PATH: '' },
    timeout: 90_000,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
  );
const rows = (db: Readonly<Db>) => Object.fromEntries([...splitDb(db)].map(([k, v]) => [k, JSON.stringify(v)]));

describe('store migrate, backup and check with PostgreSQL', () => {
  const t = tempDir();
  const file = join(t.dir, 'db.json');
  let url: string;
  let original: Db;

  beforeAll(async () => {
    url = await createTestDatabase('cli');
    const store = await openStore({ path: file });
    await store.update((db, tx) => {
      const { audit: _a, ...rest } = sampleDb();
      Object.assign(db, structuredClone(rest));
      db.groups.push({ ...structuredClone(db.groups[0]), id: 'g2', name: 'Bestyrelsen', isBoard: true });
      // Records of two groups interleaved, as a real store holds them.
      db.meetings.push({ ...structuredClone(db.meetings[0]), groupId: 'g2' }, { ...structuredClone(db.meetings[0]), number: 2 });
      for (let i = 0; i < 30; i++) tx.audit({ actor: `aad-${i}`, action: 'test.entry', groupId: i % 2 ? 'g1' : 'g2', target: `t${i}` });
    });
    await store.close();
    const reader = await openStore({ path: file, readOnly: true });
    original = structuredClone(reader.read()) as Db;
    await reader.close();
  });
  afterAll(async () => {
    t.cleanup();
    await dropTestDatabase(url);
  });

  it('copies the file store into an empty database and checks the copy; a second copy is refused', async () => {
    const r = await cli(['store', 'migrate', '--to', url, '--store', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^copied .*db\.json into postgresql:\/\/.* and checked it: /);
    for (const count of ['groups 2', 'meetings 3', 'audit 30', 'seq 3']) expect(r.stdout).toContain(count);
    const pg = await openPgStore({ url, readOnly: true });
    try {
      expect(rows(pg.read())).toEqual(rows(original));
      expect(pg.read().audit).toEqual(original.audit);
      expect(pg.read().seq).toBe(original.seq);
    } finally {
      await pg.close();
    }
    const again = await cli(['store', 'migrate', '--to', url, '--store', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('har allerede styrebot-data. Flyt kun data over i en tom database.');
  });

  it('a bot on the migrated database continues where the file left off', async () => {
    const store = await openPgStore({ url, pollMs: 0 });
    try {
      const id = await store.update((db, tx) => {
        tx.audit({ actor: 'aad-1', action: 'test.after', groupId: 'g1', target: null });
        return tx.nextId('o');
      });
      expect(id).toBe(`o-${original.seq + 1}`);
    } finally {
      await store.close();
    }
  });

  it('check and backup work on the database; the backup opens as a file store', async () => {
    const check = await cli(['check', url]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^ok: .*groups 2/);
    const out = join(t.dir, 'backup', 'copy.json');
    const b = await cli(['backup', '--store', url, '--out', out]);
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('backup written');
    const checkCopy = await cli(['check', out]);
    expect(checkCopy.code).toBe(0);
    const copy = await openStore({ path: out, readOnly: true });
    try {
      expect(rows(copy.read())).toEqual({
        ...rows(original),
        _global: JSON.stringify({ ...JSON.parse(rows(original)._global), seq: original.seq + 1 }),
      });
      expect(copy.read().audit.map((e) => e.action)).toEqual([...original.audit.map((e) => e.action), 'test.after']);
    } finally {
      await copy.close();
    }
  });
});
