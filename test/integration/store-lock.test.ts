import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { nodeFs, type FsPort } from '../../src/storage/durable-adapter.js';
import { openStore, type StoreLog } from '../../src/storage/lowdb-store.js';
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

  it('takes over at once the lock of a SIGKILLed writer on this host, says so in one line, and removes its temp files', async () => {
    child = startChild(['hold', path]);
    const ready = await child.waitFor((l) => l.startsWith('ready'));
    child.proc.kill('SIGKILL');
    await child.exited;
    writeFileSync(`${path}.99999.1.tmp`, '{"half": '); // what an interrupted write leaves behind
    const { log, warnings } = recordingLog();
    const t0 = Date.now();
    const store = await openStore({ path, log }); // default stale time (10 s): not waited for
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(warnings).toEqual([`store lock taken over: pid ${ready.split(' ')[1]} is no longer running`]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await store.update(add('after-crash'));
    expect(JSON.parse(readFileSync(ownerPathFor(path), 'utf8'))).toMatchObject({ pid: process.pid, hostname: hostname() });
    await store.close();
  });

  it('takes over a lock its own pid left in an earlier life (a container restarted as PID 1 under the same host name)', async () => {
    mkdirSync(`${path}.lock`);
    const st = statSync(`${path}.lock`);
    const earlier = {
      pid: process.pid,
      hostname: hostname(),
      startedAt: '2026-01-01T00:00:00.000Z',
      processStartedMs: Date.now() - 3_600_000,
      lockId: `${st.ino}:${Math.round(st.birthtimeMs)}`,
    };
    writeFileSync(ownerPathFor(path), JSON.stringify(earlier));
    const { log, warnings } = recordingLog();
    const store = await openStore({ path, log });
    expect(warnings).toEqual([
      `store lock taken over: pid ${process.pid} was this pid in an earlier life (restarted with the same host name)`,
    ]);
    await store.close();
  });

  it('waits out the stale time, with one log line, for a holder it cannot judge (another host; an owner file of an older lock)', async () => {
    for (const owner of [
      { pid: 1, hostname: 'some-other-host' },
      { pid: 999_999, hostname: hostname(), lockId: '1:1' },
    ]) {
      mkdirSync(`${path}.lock`); // a fresh lock nobody refreshes: stale after 2 s
      writeFileSync(ownerPathFor(path), JSON.stringify({ ...owner, startedAt: '2026-01-01T00:00:00.000Z' }));
      const { log, warnings } = recordingLog();
      const t0 = Date.now();
      const store = await openStore({ path, log, lockStaleMs: 2000 });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /^store is locked \((the holder is on host some-other-host|the owner file does not describe the current lock)\): waiting up to 3 s for the lock to go stale$/,
      );
      await store.close();
    }
  });

  it('refuses at once while the holder on this host runs, even after it was taken over from a dead one', async () => {
    child = startChild(['hold', path]);
    await child.waitFor((l) => l.startsWith('ready'));
    child.proc.kill('SIGKILL');
    await child.exited;
    child = startChild(['hold', path]);
    const ready = await child.waitFor((l) => l.startsWith('ready'));
    const t0 = Date.now();
    const err = await openStore({ path }).catch((e) => e);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(err.code).toBe('store_locked');
    expect(err.params.holder).toContain(`pid ${ready.split(' ')[1]}`);
  });
});

/** A store log that keeps the warnings' messages. */
function recordingLog() {
  const warnings: string[] = [];
  const log = { info: () => {}, error: () => {}, warn: (_detail: unknown, msg: string) => void warnings.push(msg) } as unknown as StoreLog;
  return { log, warnings };
}

describe('read-only open', () => {
  it('takes no lock, sees the last durable state (not a write in flight) and refuses updates', async () => {
    let hold: (() => void) | null = null;
    let held!: () => void;
    const isHeld = new Promise<void>((r) => (held = r));
    const journals = new WeakSet<object>();
    const fs: FsPort = {
      ...nodeFs,
      openDurableAppend: async (p) => {
        const h = await nodeFs.openDurableAppend(p);
        journals.add(h);
        return h;
      },
      // A commit is one journal write: hold it before it reaches the disk.
      write: async (h, data) => {
        if (hold === null && gateOn && journals.has(h)) {
          await new Promise<void>((r) => {
            hold = r;
            held();
          });
        }
        return nodeFs.write(h, data);
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
