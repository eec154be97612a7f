/**
 * Admin channel of a running bot: a Unix socket next to the store (`<store>.sock`, mode 0600),
 * newline-delimited JSON: `{id, command, args}` → `{id, ok: true, result}` or
 * `{id, ok: false, error: {code, params}}`.
 *
 * Why: only the bot may write the store (one writer), yet operators need CLI commands that change
 * data while it runs. The CLI sends those to the bot over this socket; when no bot answers, it
 * takes the lock and runs the same handler itself (`withWriter`). Never a TCP port: file
 * permissions are the access control (owner only), nothing is reachable from the network.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { AppError, asAppError } from '../errors.js';
import { isNotFound } from './durable-adapter.js';
import { isPgUrl } from './pg/location.js';
import { openStore, type DurableStore, type OpenStoreOptions } from './lowdb-store.js';

export const adminSocketPathFor = (storePath: string) => `${storePath}.sock`;

export type AdminHandler = (args: unknown) => Promise<unknown>;
export interface AdminServer {
  readonly path: string;
  close(): Promise<void>;
}

/** A request line longer than this is refused (a stuck or hostile client must not eat memory). */
const MAX_LINE = 1 << 20;
/** sun_path is 108 bytes on Linux including the NUL. */
const MAX_SOCKET_PATH = 107;

type Probe = 'absent' | 'alive' | 'dead';

function probe(path: string, timeoutMs = 1000): Promise<Probe> {
  return new Promise((resolve) => {
    const sock = createConnection(path);
    const done = (r: Probe) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(r);
    };
    // A listener that does not even accept within the timeout is alive but stuck: not ours to remove.
    const timer = setTimeout(() => done('alive'), timeoutMs);
    sock.once('connect', () => done('alive'));
    sock.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ENOENT' ? 'absent' : 'dead'));
  });
}

export async function startAdminServer(
  socketPath: string,
  handlers: Record<string, AdminHandler>,
  opts: { onError?: (err: unknown, command: string) => void } = {},
): Promise<AdminServer> {
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
    throw new AppError('admin_socket_path_too_long', { path: socketPath }, `socket path longer than ${MAX_SOCKET_PATH} bytes`);
  }
  await clearStaleSocket(socketPath);
  const sockets = new Set<Socket>();
  const server = createServer((conn) => {
    sockets.add(conn);
    conn.on('close', () => sockets.delete(conn));
    conn.on('error', () => {}); // a client that vanished mid-reply is its own problem
    serveConnection(conn, handlers, opts.onError);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // umask for the bind itself (no window with a wider mode); chmod as well, as umask can be refused (workers).
    let old: number | null = null;
    try {
      old = process.umask(0o177);
    } catch {
      old = null;
    }
    try {
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      if (old !== null) process.umask(old);
    }
  });
  chmodSync(socketPath, 0o600);
  return {
    path: socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve()); // also unlinks the socket file
      }),
  };
}

async function clearStaleSocket(path: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
  if (!isSocket) throw new AppError('admin_socket_blocked', { path }, `${path} exists and is not a socket`);
  const state = await probe(path);
  if (state === 'alive') throw new AppError('admin_socket_in_use', { path }, `another process is serving ${path}`);
  if (state === 'dead') unlinkSync(path); // left by a process that died without closing it
}

function serveConnection(conn: Socket, handlers: Record<string, AdminHandler>, onError?: (err: unknown, command: string) => void) {
  let buf = '';
  const reply = (msg: unknown) => {
    if (!conn.destroyed) conn.write(JSON.stringify(msg) + '\n');
  };
  conn.setEncoding('utf8');
  conn.on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.trim()) void handleLine(line, handlers, reply, onError);
    }
    if (buf.length > MAX_LINE) {
      reply({ id: null, ok: false, error: { code: 'admin_bad_request', params: { reason: 'request too long' } } });
      conn.end();
    }
  });
}

async function handleLine(
  line: string,
  handlers: Record<string, AdminHandler>,
  reply: (msg: unknown) => void,
  onError?: (err: unknown, command: string) => void,
): Promise<void> {
  let req: { id?: unknown; command?: unknown; args?: unknown };
  try {
    req = JSON.parse(line);
  } catch {
    return reply({ id: null, ok: false, error: { code: 'admin_bad_request', params: { reason: 'not JSON' } } });
  }
  const id = req?.id ?? null;
  const command = typeof req?.command === 'string' ? req.command : '';
  // Own properties only: "constructor" or "__proto__" must not resolve to something callable.
  if (!Object.hasOwn(handlers, command)) {
    return reply({ id, ok: false, error: { code: 'admin_unknown_command', params: { command } } });
  }
  try {
    const result = await handlers[command](req.args);
    reply({ id, ok: true, result: result ?? null });
  } catch (err) {
    const e = asAppError(err);
    if (e.code === 'internal') onError?.(err, command);
    reply({ id, ok: false, error: { code: e.code, params: e.params } });
  }
}

/**
 * Send one command. Rejects with `admin_unavailable` when nothing listens (no socket file, or a
 * dead one) — the only case in which a caller may safely do the work itself — `admin_timeout`
 * when no reply came in time (the command may still run!), or the handler's own AppError.
 */
export function callAdmin(socketPath: string, command: string, args: unknown = null, timeoutMs = 10_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const id = randomUUID();
    const sock = createConnection(socketPath);
    let connected = false;
    let settled = false;
    let buf = '';
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      fn();
    };
    const timer = setTimeout(
      () => finish(() => reject(new AppError('admin_timeout', { path: socketPath, command, ms: timeoutMs }))),
      timeoutMs,
    );
    sock.setEncoding('utf8');
    sock.on('connect', () => {
      connected = true;
      sock.write(JSON.stringify({ id, command, args }) + '\n');
    });
    sock.on('data', (chunk: string) => {
      buf += chunk;
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        let msg: { id?: unknown; ok?: boolean; result?: unknown; error?: { code: string; params?: Record<string, string | number> } };
        try {
          msg = JSON.parse(line);
        } catch {
          continue;
        }
        if (msg.id !== id) continue;
        if (msg.ok) return finish(() => resolve(msg.result));
        return finish(() => reject(new AppError(msg.error?.code ?? 'internal', msg.error?.params ?? {})));
      }
    });
    sock.on('error', (err: NodeJS.ErrnoException) => {
      const code = connected ? 'admin_connection_lost' : 'admin_unavailable';
      finish(() => reject(new AppError(code, { path: socketPath }, err.code ?? err.message)));
    });
    sock.on('close', () => finish(() => reject(new AppError('admin_connection_lost', { path: socketPath }, 'closed before reply'))));
  });
}

export interface WithWriterRequest<T> {
  command: string;
  args?: unknown;
  /** Runs only when no bot answers, with this process as the (locked) writer. */
  local: (store: DurableStore, args: unknown) => Promise<T>;
}

/**
 * For CLI commands that change data: the running bot does it (via its admin socket) if there
 * is one; otherwise open the store as writer, run `local`, close. A bot that holds the lock but
 * does not answer yields `store_locked` / `admin_timeout`, never two writers.
 */
export async function withWriter<T>(
  storePath: string,
  req: WithWriterRequest<T>,
  opts: Omit<OpenStoreOptions, 'path' | 'readOnly'> & { timeoutMs?: number } = {},
): Promise<{ via: 'socket' | 'local'; result: T }> {
  if (isPgUrl(storePath)) {
    // PostgreSQL: no single writer to ask; this process commits like any instance.
    const { openPgStore } = await import('./pg/pg-store.js');
    const store = await openPgStore({ url: storePath, clock: opts.clock, log: opts.log });
    try {
      return { via: 'local', result: await req.local(store, req.args ?? null) };
    } finally {
      await store.close();
    }
  }
  try {
    const result = (await callAdmin(adminSocketPathFor(resolve(storePath)), req.command, req.args ?? null, opts.timeoutMs)) as T;
    return { via: 'socket', result };
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'admin_unavailable')) throw err;
  }
  const store = await openStore({ ...opts, path: storePath });
  try {
    return { via: 'local', result: await req.local(store, req.args ?? null) };
  } finally {
    await store.close();
  }
}
