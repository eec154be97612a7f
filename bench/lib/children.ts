/** Parent side of bench/servers/child.ts: spawn a server in its own Node process and talk to it over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FromChild, ToChild } from '../servers/child.js';

export type RssReport = Omit<Extract<FromChild, { type: 'rss' }>, 'type'>;

export interface ServerChild {
  name: string;
  port: number;
  url: string;
  pid: number;
  startMs: number;
  idleRssMb: number;
  mark(): Promise<void>;
  report(): Promise<RssReport>;
  stats(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
  profileStart(): void;
  profileStop(file: string): Promise<string | null>;
  heapSnapshot(file: string): Promise<{ file: string; rssMb: number; heapUsedMb: number }>;
  /** The child exited (crash or stop). */
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=…']. */
  nodeArgs?: string[];
  /** stdout/stderr of the child go to this file. */
  logFile: string;
}

export async function spawnServer(name: string, script: string, opts: SpawnOptions): Promise<ServerChild> {
  const path = fileURLToPath(new URL(`../servers/${script}`, import.meta.url));
  const fd = openSync(opts.logFile, 'a');
  const child: ChildProcess = fork(path, [], {
    execArgv: ['--import', 'tsx', ...(opts.nodeArgs ?? [])],
    env: { ...process.env, NODE_ENV: 'development', ...opts.env },
    stdio: ['ignore', fd, fd, 'ipc'],
  });
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waiters: Array<{ type: FromChild['type']; resolve: (m: any) => void }> = [];
  let failure: string | null = null;
  child.on('message', (m: FromChild) => {
    if (m.type === 'error') {
      failure = m.error;
      console.error(`[${name}] child error: ${m.error}`);
    }
    const i = waiters.findIndex((w) => w.type === m.type);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(m);
  });
  const wait = <T extends FromChild['type']>(type: T, timeoutMs = 60_000): Promise<Extract<FromChild, { type: T }>> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name}: no '${type}' from the child within ${timeoutMs} ms${failure ? `: ${failure}` : ''}`)),
        timeoutMs,
      );
      waiters.push({ type, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(
          new Error(`${name}: child exited (${code}) while waiting for '${type}'${failure ? `: ${failure}` : ''} — see ${opts.logFile}`),
        );
      });
    });
  const cmd = (m: ToChild) => child.send(m);
  const ready = await wait('ready');
  return {
    name,
    port: ready.port,
    url: `http://127.0.0.1:${ready.port}`,
    pid: child.pid!,
    startMs: ready.startMs,
    idleRssMb: ready.rssMb,
    async mark() {
      cmd({ cmd: 'mark' });
    },
    async report() {
      const p = wait('rss');
      cmd({ cmd: 'report' });
      const { type: _type, ...rest } = await p;
      return rest;
    },
    async stats() {
      const p = wait('stats');
      cmd({ cmd: 'stats' });
      return (await p).stats;
    },
    profileStart() {
      cmd({ cmd: 'profile-start' });
    },
    async profileStop(file: string) {
      const p = wait('profile', 120_000);
      cmd({ cmd: 'profile-stop', file });
      return (await p).file;
    },
    async heapSnapshot(file: string) {
      const p = wait('heap', 120_000);
      cmd({ cmd: 'heap-snapshot', file });
      const { type: _type, ...rest } = await p;
      return rest;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const p = wait('stopped', 20_000).catch(() => null);
      cmd({ cmd: 'stop' });
      await p;
      const done = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 10_000))]);
      if (done === 'timeout') child.kill('SIGKILL');
    },
    exited,
  };
}
