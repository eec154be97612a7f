import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, lstatSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { AppError } from '../../src/errors.js';
import { adminSocketPathFor, callAdmin, startAdminServer, withWriter } from '../../src/storage/admin-socket.js';
import { openStore } from '../../src/storage/lowdb-store.js';
import { startChild, tempDir, type Child } from '../unit/storage/fixtures.js';

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

describe('admin socket', () => {
  it('answers commands over an owner-only Unix socket next to the store', async () => {
    const sock = adminSocketPathFor(path);
    expect(sock).toBe(`${path}.sock`);
    const server = await startAdminServer(sock, {
      echo: async (args) => ({ got: args }),
      refuse: async () => {
        throw new AppError('forbidden', { who: 'x' });
      },
      crash: async () => {
        throw new Error('secret internals');
      },
    });
    expect(lstatSync(sock).isSocket()).toBe(true);
    expect(lstatSync(sock).mode & 0o777).toBe(0o600);

    expect(await callAdmin(sock, 'echo', { a: 1 }, 2000)).toEqual({ got: { a: 1 } });
    await expect(callAdmin(sock, 'refuse', null, 2000)).rejects.toMatchObject({ code: 'forbidden', params: { who: 'x' } });
    await expect(callAdmin(sock, 'crash', null, 2000)).rejects.toMatchObject({ code: 'internal', params: {} });
    await expect(callAdmin(sock, 'constructor', null, 2000)).rejects.toMatchObject({ code: 'admin_unknown_command' });
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => callAdmin(sock, 'echo', i, 2000)));
    expect(many).toEqual(Array.from({ length: 20 }, (_, i) => ({ got: i })));

    await server.close();
    expect(existsSync(sock)).toBe(false);
    await expect(callAdmin(sock, 'echo', null, 2000)).rejects.toMatchObject({ code: 'admin_unavailable' });
  });

  it('answers a malformed line with an error and keeps the connection usable', async () => {
    const sock = adminSocketPathFor(path);
    const server = await startAdminServer(sock, { ping: async () => 'pong' });
    const replies = await new Promise<string[]>((resolve) => {
      const c = createConnection(sock);
      let buf = '';
      c.setEncoding('utf8').on('data', (d: string) => {
        buf += d;
        const lines = buf.trim().split('\n');
        if (lines.length === 2) {
          c.destroy();
          resolve(lines);
        }
      });
      c.write('not json\n{"id":7,"command":"ping"}\n');
    });
    expect(replies.map((l) => JSON.parse(l))).toEqual(
      expect.arrayContaining([
        { id: null, ok: false, error: { code: 'admin_bad_request', params: { reason: 'not JSON' } } },
        { id: 7, ok: true, result: 'pong' },
      ]),
    );
    await server.close();
  });

  it('replaces a stale socket left by a killed bot, but never a live one or a regular file', async () => {
    child = startChild(['hold', path]);
    await child.waitFor((l) => l.startsWith('ready'));
    const sock = adminSocketPathFor(path);
    await expect(startAdminServer(sock, {})).rejects.toMatchObject({ code: 'admin_socket_in_use' });
    child.proc.kill('SIGKILL');
    await child.exited;
    expect(lstatSync(sock).isSocket()).toBe(true); // left behind
    const server = await startAdminServer(sock, { ping: async () => 'new' });
    expect(await callAdmin(sock, 'ping', null, 2000)).toBe('new');
    await server.close();

    writeFileSync(sock, 'not a socket');
    await expect(startAdminServer(sock, {})).rejects.toMatchObject({ code: 'admin_socket_blocked' });
  });
});

describe('withWriter', () => {
  it('sends the command to the running bot instead of opening the locked store', async () => {
    child = startChild(['hold', path]);
    const ready = await child.waitFor((l) => l.startsWith('ready'));
    let ranLocally = false;
    const r = await withWriter(path, {
      command: 'addJob',
      args: { from: 'cli' },
      local: async () => {
        ranLocally = true;
        return 'local';
      },
    });
    expect(r.via).toBe('socket');
    expect(r.result).toMatch(/^admin-\d+$/);
    expect(ranLocally).toBe(false);
    expect(await callAdmin(adminSocketPathFor(path), 'ping', null, 2000)).toEqual({ pid: Number(ready.split(' ')[1]) });
  });

  it('runs the command locally as the locked writer when no bot answers, then releases the store', async () => {
    await (await openStore({ path })).close(); // an existing store, no bot
    const r = await withWriter(path, {
      command: 'addJob',
      args: { from: 'cli' },
      local: (store, args) =>
        store.update((db, tx) => {
          const id = tx.nextId('cli');
          db.jobs.push({ id, kind: 'admin', dueAt: tx.now.toISOString(), payload: args as Record<string, unknown>, status: 'pending' });
          return id;
        }),
    });
    expect(r).toEqual({ via: 'local', result: 'cli-1' });
    const after = await openStore({ path });
    expect(after.read().jobs.map((j) => j.payload)).toEqual([{ from: 'cli' }]);
    await after.close();
  });
});
