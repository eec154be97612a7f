/**
 * The file store's journal on a real disk (src/storage/journal.ts, checkpointer.ts): when the
 * document catches up, what a writer finds after a crash, and what backup and check see of a
 * store whose last commits are still only in the journal.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../src/domain/model.js';
import { backupStore } from '../../src/storage/backup.js';
import { checkStore } from '../../src/storage/check.js';
import { openStore } from '../../src/storage/lowdb-store.js';
import { tempDir } from '../unit/storage/fixtures.js';

const add = (key: string) => (db: Db, tx: { audit: (e: { actor: string; action: string; groupId: null; target: string }) => void }) => {
  db.processed.push({ key, at: 'x' });
  tx.audit({ actor: 'u', action: 'test.write', groupId: null, target: key });
};
/** The document alone, as `jq . db.json` shows it. */
const documentKeys = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as Db).processed.map((p) => p.key);
const journalText = (path: string) =>
  [0, 1]
    .map((i) => `${path}.journal-${i}`)
    .map((p) => (existsSync(p) ? readFileSync(p, 'utf8') : ''))
    .join('');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dir: string;
let cleanup: () => void;
let path: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  path = join(dir, 'db.json');
});
afterEach(() => cleanup());

describe('checkpoints', () => {
  it('a commit is journaled; the document catches up once the store has been idle for everyMs', async () => {
    const store = await openStore({ path, checkpoint: { everyMs: 150 } });
    await store.update(add('a'));
    expect(documentKeys(path)).toEqual([]);
    expect(journalText(path)).toContain('"target":"a"');
    await sleep(600);
    expect(documentKeys(path)).toEqual(['a']);
    expect(journalText(path)).toBe('');
    expect(readFileSync(`${path}.audit.jsonl`, 'utf8')).toContain('"target":"a"');
    await store.close();
  });

  it('checkpoints after the write that fills the journal to maxBytes', async () => {
    const store = await openStore({ path, checkpoint: { everyMs: 60_000, maxBytes: 1 } });
    await store.update(add('a'));
    // Answered once journaled; the checkpoint runs beside the next commits.
    await store.update(add('b'));
    for (let i = 0; i < 100 && documentKeys(path).length === 0; i++) await sleep(10);
    expect(documentKeys(path)[0]).toBe('a'); // well before everyMs (60 s)
    await store.close();
    expect(documentKeys(path)).toEqual(['a', 'b']);
    expect(journalText(path)).toBe('');
  });

  it('close checkpoints what is journaled', async () => {
    const store = await openStore({ path, checkpoint: { everyMs: 60_000 } });
    await Promise.all(['a', 'b', 'c'].map((k) => store.update(add(k))));
    expect(documentKeys(path)).toEqual([]);
    await store.close();
    expect(documentKeys(path)).toEqual(['a', 'b', 'c']);
    expect(journalText(path)).toBe('');
  });
});

describe('after a crash (the files as a killed writer left them)', () => {
  it('the next writer reads the journal, checkpoints it at open, and keeps the old document as .bak', async () => {
    const store = await openStore({ path, checkpoint: { everyMs: 60_000 } });
    await store.update(add('a'));
    await store.update(add('b'));
    // A copy of the files while the writer still holds them: what a SIGKILL leaves on disk.
    const crashed = join(dir, 'crashed.json');
    for (const suffix of ['', '.audit.jsonl', '.journal-0', '.journal-1']) copyFileSync(`${path}${suffix}`, `${crashed}${suffix}`);
    await store.close();

    const reader = await openStore({ path: crashed, readOnly: true });
    expect(reader.read().processed.map((p) => p.key)).toEqual(['a', 'b']);
    await reader.close();
    expect(documentKeys(crashed)).toEqual([]); // a reader changes nothing

    const next = await openStore({ path: crashed });
    expect(next.read().processed.map((p) => p.key)).toEqual(['a', 'b']);
    expect(next.read().audit.map((e) => e.target)).toEqual(['a', 'b']);
    expect(documentKeys(crashed)).toEqual(['a', 'b']);
    expect(journalText(crashed)).toBe('');
    expect(documentKeys(`${crashed}.bak`)).toEqual([]);
    await next.update(add('c'));
    await next.close();
    expect(documentKeys(crashed)).toEqual(['a', 'b', 'c']);
  });
});

describe('backup and check of a store with journaled commits', () => {
  it('backup copies the state including the journal, as a store that needs no journal; check counts the lines', async () => {
    const store = await openStore({ path, checkpoint: { everyMs: 60_000 } });
    await store.update(add('a'));
    await store.update(add('b'));
    const check = await checkStore(path);
    expect(check.ok).toBe(true);
    expect(check.counts).toMatchObject({ processed: 2, journalLines: 2 });

    const out = join(dir, 'backup', 'copy.json');
    const r = await backupStore(path, out);
    expect(r.counts).toMatchObject({ processed: 2 });
    expect(documentKeys(out)).toEqual(['a', 'b']);
    expect(existsSync(`${out}.journal-0`)).toBe(false);
    const copy = await openStore({ path: out, readOnly: true });
    expect(copy.read().audit.map((e) => e.target)).toEqual(['a', 'b']);
    await copy.close();
    await store.close();
  });
});
