import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DurableAdapter, isTempFileOf, nodeFs } from '../../../src/storage/durable-adapter.js';
import { recordingFs } from './recording-fs.js';
import { tempDir } from './fixtures.js';

const decode = (text: string) => JSON.parse(text) as { n: number };

describe('DurableAdapter.write', () => {
  it('writes a temp file in the same directory, fsyncs, closes, renames over the store, then fsyncs the directory', async () => {
    const { fs, calls, files } = recordingFs();
    const adapter = new DurableAdapter('/data/db.json', { fs, decode });
    await adapter.write({ n: 1 });
    const tmp = calls[0][1];
    expect(tmp).toMatch(new RegExp(`^/data/db\\.json\\.${process.pid}\\.\\d+\\.tmp$`));
    expect(calls).toEqual([
      ['open', tmp],
      ['write', tmp],
      ['fsync', tmp],
      ['close', tmp],
      ['rename', tmp, '/data/db.json'],
      ['fsyncDir', '/data'],
    ]);
    expect(JSON.parse(files.get('/data/db.json')!)).toEqual({ n: 1 });
  });

  it('uses a fresh temp name for every write', async () => {
    const { fs, calls } = recordingFs();
    const adapter = new DurableAdapter('/data/db.json', { fs, decode });
    await adapter.write({ n: 1 });
    await adapter.write({ n: 2 });
    const temps = calls.filter((c) => c[0] === 'open').map((c) => c[1]);
    expect(new Set(temps).size).toBe(2);
  });

  it('resolves only after the directory fsync has completed', async () => {
    let release!: () => void;
    const wait = new Promise<void>((r) => (release = r));
    const { fs } = recordingFs({ gate: { op: 'fsyncDir', wait } });
    const adapter = new DurableAdapter('/data/db.json', { fs, decode });
    let resolved = false;
    const p = adapter.write({ n: 1 }).then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(resolved).toBe(false);
    release();
    await p;
    expect(resolved).toBe(true);
  });

  it('on a failed fsync closes and removes the temp file, never renames, and rejects', async () => {
    const { fs, calls, files } = recordingFs({ fail: 'fsync' });
    files.set('/data/db.json', '{"n":0}');
    const adapter = new DurableAdapter('/data/db.json', { fs, decode });
    await expect(adapter.write({ n: 1 })).rejects.toThrow('fsync failed');
    const tmp = calls[0][1];
    expect(calls.map((c) => c[0])).toEqual(['open', 'write', 'fsync', 'close', 'unlink']);
    expect(calls.at(-1)).toEqual(['unlink', tmp]);
    expect(files.get('/data/db.json')).toBe('{"n":0}');
  });

  it('on a failed rename removes the temp file and keeps the last durable text', async () => {
    const { fs, calls } = recordingFs({ fail: 'rename' });
    const adapter = new DurableAdapter('/data/db.json', { fs, decode });
    await expect(adapter.write({ n: 1 })).rejects.toThrow('rename failed');
    expect(calls.map((c) => c[0])).toEqual(['open', 'write', 'fsync', 'close', 'rename', 'unlink']);
  });
});

describe('DurableAdapter.read', () => {
  it('returns null for a missing file and the decoded data otherwise', async () => {
    const { fs, files } = recordingFs();
    const adapter = new DurableAdapter('/data/db.json', { fs, decode });
    expect(await adapter.read()).toBeNull();
    files.set('/data/db.json', '{"n":7}');
    expect(await adapter.read()).toEqual({ n: 7 });
    expect(adapter.lastReadText).toBe('{"n":7}');
  });

  it('propagates a decode failure', async () => {
    const { fs, files } = recordingFs();
    files.set('/data/db.json', '{"n":');
    const adapter = new DurableAdapter('/data/db.json', { fs, decode });
    await expect(adapter.read()).rejects.toThrow(SyntaxError);
    expect(adapter.lastReadText).toBeNull();
  });
});

describe('nodeFs', () => {
  it('writes an owner-only file and leaves no temp files behind', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'db.json');
      const adapter = new DurableAdapter(path, { fs: nodeFs, decode });
      await adapter.write({ n: 1 });
      await adapter.write({ n: 2 });
      expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ n: 2 });
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(readdirSync(dir)).toEqual(['db.json']);
    } finally {
      cleanup();
    }
  });

  it('recognises temp files of the store and nothing else', () => {
    expect(isTempFileOf('/d/db.json', 'db.json.123.4.tmp')).toBe(true);
    expect(isTempFileOf('/d/db.json', 'db.json.bak')).toBe(false);
    expect(isTempFileOf('/d/db.json', 'dbxjson.1.2.tmp')).toBe(false);
    expect(isTempFileOf('/d/db.json', 'other.json.1.2.tmp')).toBe(false);
  });
});
