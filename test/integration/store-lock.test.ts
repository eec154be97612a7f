import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeFs, type FsPort } from '../../src/storage/durable-adapter.js';
import { openStore } from '../../src/storage/lowdb-store.js';
import { ownerPathFor } from '../../src/storage/lock.js';
import type { Db } from '../../src/domain/model.js';
import { startChild, tempDir, type Child } from '../unit/storage/fixtures.js';

const add = (key: string) => (db: Db) => void db.processed.push({ key, at: 'x' });
const keys = (db: Readonly<Db>) => db.processed.map((p) => p.key);

let dir: string;
let cleanup: () => void;
let path: string;
let child: Child | null = null;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  path = join(dir, 'styrebot.json');
});
afterEach(async () => {
  if (child && child.proc.exitCode === null && child.proc.signalCode === null) {
    child.proc.kill('SIGKILL');
    await child.exited;
  }
  child = null;
  cleanup();
});

describe('one writer', () => {
  it('refuses a second writer in the same process, naming the file and the holder', async () => {
    const first = await openStore({ path });
    const err = await openStore({ path }).catch((e) => e);
    expect(err).toMatchObject({ code: 'store_locked', params: { path } });
    expect(err.params.holder).toContain(`pid ${process.pid}`);
    expect(err.message).toContain(path);
    expect(err.message).toContain(`pid ${process.pid} on host`);
    await first.close();
    expect(existsSync(ownerPathFor(path))).toBe(false);
  });

  it('refuses a writer while another process holds the store', async () => {
    child = startChild(['hold', path]);
    const ready = await child.waitFor((l) => l.startsWith('ready'));
    const pid = Number(ready.split(' ')[1]);
    const err = await openStore({ path }).catch((e) => e);
    expect(err.code).toBe('store_locked');
    expect(err.message).toMatch(new RegExp(`store file ${path.replace(/[.]/g, '\\.')} is locked by pid ${pid} on host \\S+ since \\d{4}-`));
  });

  it('takes over once the lock of a SIGKILLed writer is stale, and removes its temp files', async () => {
    child = startChild(['hold', path, '2000']);
    const ready = await child.waitFor((l) => l.startsWith('ready'));
    child.proc.kill('SIGKILL');
    await child.exited;
    writeFileSync(`${path}.99999.1.tmp`, '{"half": '); // what an interrupted write leaves behind
    // Staleness is judged by the contender: every process must use the same lockStaleMs.
    const refused = await openStore({ path, lockStaleMs: 2000 }).catch((e) => e);
    expect(refused.code).toBe('store_locked');
    expect(refused.params.holder).toContain(`pid ${ready.split(' ')[1]}`);
    expect(refused.params.holder).toContain('no longer running');

    const store = await openStore({ path, lockStaleMs: 2000, lockWaitMs: 4000 });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await store.update(add('after-crash'));
    await store.close();
  });
});

describe('read-only open', () => {
  it('takes no lock, sees the last durable state (not a write in flight) and refuses updates', async () => {
    let hold: (() => void) | null = null;
    let held!: () => void;
    const isHeld = new Promise<void>((r) => (held = r));
    const fs: FsPort = {
      ...nodeFs,
      fsync: async (h) => {
        if (hold === null && gateOn) {
          await new Promise<void>((r) => {
            hold = r;
            held();
          });
        }
        return nodeFs.fsync(h);
      },
    };
    let gateOn = false;
    const writer = await openStore({ path, fs });
    await writer.update(add('durable'));
    gateOn = true;
    const inFlight = writer.update(add('in-flight'));
    await isHeld;

    const reader = await openStore({ path, readOnly: true });
    expect(keys(reader.read())).toEqual(['durable']);
    await expect(reader.update(add('nope'))).rejects.toMatchObject({ code: 'store_read_only', params: { path } });
    expect(reader.describe()).toEqual({ path, ok: true });

    hold!();
    await inFlight;
    await reader.reload();
    expect(keys(reader.read())).toEqual(['durable', 'in-flight']);
    await reader.close();
    await writer.close();
  });

  it('refuses to open a store that does not exist rather than invent an empty one', async () => {
    await expect(openStore({ path, readOnly: true })).rejects.toMatchObject({ code: 'store_missing', params: { path } });
    expect(existsSync(path)).toBe(false);
  });
});
