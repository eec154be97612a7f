import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyDb, SCHEMA_VERSION } from '../../src/domain/model.js';
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

const good = storeFileText(sampleDb(), 2);
const cases: [string, string, RegExp][] = [
  ['truncated mid-write', good.slice(0, Math.floor(good.length * 0.6)), /not valid JSON/],
  ['empty (0 bytes)', '', /file is empty/],
  ['not JSON at all', '\u0000\u0000\u0000garbage', /not valid JSON/],
  ['a wrong type deep inside', good.replace('"outcome": null', '"outcome": "maybe"'), /meetings\.0\.items\.0\.outcome: Invalid enum value/],
  ['an unknown top-level key', storeFileText({ ...emptyDb(), surprise: 1 }), /Unrecognized key/],
  ['a missing schemaVersion', JSON.stringify({ groups: [] }), /schemaVersion is missing/],
];

describe('a damaged store is refused and never overwritten', () => {
  it.each(cases)(
    'refuses a file that is %s, naming file and problem, leaving it and the last-good copy byte-identical',
    async (_name, content, problem) => {
      writeFileSync(path, content);
      writeFileSync(`${path}.bak`, good);
      const before = { main: readFileSync(path), bak: readFileSync(`${path}.bak`), mtime: statSync(path).mtimeMs };

      for (const readOnly of [false, true]) {
        const err = await openStore({ path, readOnly }).catch((e) => e);
        expect(err).toMatchObject({ code: 'store_corrupt', params: { path } });
        expect(err.params.problem).toMatch(problem);
        expect(err.message).toContain(path);
      }
      expect(readFileSync(path).equals(before.main)).toBe(true);
      expect(readFileSync(`${path}.bak`).equals(before.bak)).toBe(true);
      expect(statSync(path).mtimeMs).toBe(before.mtime);
      // The refused writer released its lock: once the file is repaired, the store opens.
      writeFileSync(path, good);
      const store = await openStore({ path });
      expect(store.read().groups[0].id).toBe('g1');
      await store.close();
    },
  );

  it('refuses a store written by a newer bot with its own code', async () => {
    writeFileSync(path, JSON.stringify({ ...emptyDb(), schemaVersion: SCHEMA_VERSION + 1 }));
    await expect(openStore({ path })).rejects.toMatchObject({ code: 'store_too_new', params: { path } });
  });
});

describe('migration on open', () => {
  it('migrates a v1 file to the current version on disk, keeping the original v1 bytes as the last-good copy', async () => {
    const v1Text = JSON.stringify(sampleV1(), null, 2);
    writeFileSync(path, v1Text);
    const store = await openStore({ path });
    expect(store.openedFromVersion).toBe(1);
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(v1Text);
    const disk = JSON.parse(readFileSync(path, 'utf8'));
    expect(disk.schemaVersion).toBe(SCHEMA_VERSION);
    expect(disk.escalations[0].outboxId).toBeNull();
    expect(disk.risks).toEqual(sampleDb().risks);
    const id = await store.update((_db, tx) => tx.nextId('ob'));
    expect(id).toBe('ob-1');
    await store.close();
  });

  it('migrates in memory only for a read-only open', async () => {
    const v1Text = JSON.stringify(sampleV1());
    writeFileSync(path, v1Text);
    const store = await openStore({ path, readOnly: true });
    expect(store.read().schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.read().outbox).toEqual([]);
    expect(readFileSync(path, 'utf8')).toBe(v1Text);
    expect(existsSync(`${path}.bak`)).toBe(false);
    await store.close();
  });
});
