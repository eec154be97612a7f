/**
 * The child side of a benchmark server: starts the server, tells the parent its port over IPC,
 * samples its own RSS every 100 ms and answers the parent's commands:
 *   {cmd:'mark'}   start a measurement window (RSS samples are collected from now on)
 *   {cmd:'report'} end the window: {type:'rss', peakMb, meanMb, samples, loopP99Ms, loopMaxMs}
 *                  (RSS, and how long the event loop was blocked: monitorEventLoopDelay)
 *   {cmd:'stats'}  server-specific figures (the bot: store and card-updater stats)
 *   {cmd:'stop'}   close the server and exit 0 (so `--cpu-prof` writes its profile)
 *   {cmd:'heap-snapshot', file} write a V8 heap snapshot now (blocks the child while writing)
 *   {cmd:'profile-start'} / {cmd:'profile-stop', file}  V8 CPU profile (the profiler `--cpu-prof`
 *                  uses, via node:inspector) of just the measured rounds, written as .cpuprofile
 * Every server runs in its own process so RSS is per server.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { findSourceMap } from 'node:module';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';

export interface Started {
  port: number;
  close(): Promise<void>;
  stats?(): Promise<Record<string, unknown>> | Record<string, unknown>;
}

export type ToChild =
  | { cmd: 'mark' }
  | { cmd: 'report' }
  | { cmd: 'stats' }
  | { cmd: 'stop' }
  | { cmd: 'profile-start' }
  | { cmd: 'profile-stop'; file: string }
  | { cmd: 'heap-snapshot'; file: string };
export type FromChild =
  | { type: 'ready'; port: number; rssMb: number; startMs: number }
  | {
      type: 'rss';
      peakMb: number;
      meanMb: number;
      samples: number;
      loopP99Ms: number;
      loopMaxMs: number;
      heapUsedMb: number;
      heapTotalMb: number;
      externalMb: number;
    }
  | { type: 'stats'; stats: Record<string, unknown> }
  | { type: 'stopped' }
  | { type: 'profile'; file: string | null }
  | { type: 'heap'; file: string; rssMb: number; heapUsedMb: number }
  | { type: 'error'; error: string };

const MB = 1024 * 1024;
const SAMPLE_MS = 100;

export async function serveChild(start: () => Promise<Started>): Promise<void> {
  const send = (m: FromChild) => process.send?.(m);
  process.on('uncaughtException', (err) => {
    send({ type: 'error', error: err.stack ?? String(err) });
    process.exit(1);
  });
  const t0 = performance.now();
  let started: Started;
  try {
    started = await start();
  } catch (err) {
    send({ type: 'error', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exit(1);
  }
  let window: number[] | null = null;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const sampler = setInterval(() => {
    if (window) window.push(process.memoryUsage.rss());
  }, SAMPLE_MS);
  sampler.unref();

  let session: Session | null = null;
  const post = (method: string, params: object = {}) =>
    new Promise<any>((resolve, reject) => session!.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));

  process.on('message', async (m: ToChild) => {
    try {
      if (m.cmd === 'profile-start') {
        session ??= new Session();
        session.connect();
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: 1000 });
        await post('Profiler.start');
      } else if (m.cmd === 'profile-stop') {
        if (!session) return send({ type: 'profile', file: null });
        const { profile } = await post('Profiler.stop');
        session.disconnect();
        session = null;
        writeFileSync(m.file, JSON.stringify(withSourceLines(profile)));
        send({ type: 'profile', file: m.file });
      } else if (m.cmd === 'heap-snapshot') {
        // Blocks this process while it writes (seconds): only with --heap-snapshot.
        const rssMb = process.memoryUsage.rss() / MB;
        const heapUsedMb = process.memoryUsage().heapUsed / MB;
        send({ type: 'heap', file: writeHeapSnapshot(m.file), rssMb, heapUsedMb });
      } else if (m.cmd === 'mark') {
        window = [process.memoryUsage.rss()];
        loop.reset();
        loop.enable();
      } else if (m.cmd === 'report') {
        const w = window ?? [];
        w.push(process.memoryUsage.rss());
        window = null;
        loop.disable();
        const peak = Math.max(...w);
        const mean = w.reduce((a, b) => a + b, 0) / w.length;
        // The histogram is in ns and includes the sampling resolution (5 ms): subtract it.
        const blocked = (ns: number) => Math.max(0, ns / 1e6 - 5);
        const mem = process.memoryUsage();
        send({
          type: 'rss',
          peakMb: peak / MB,
          meanMb: mean / MB,
          samples: w.length,
          loopP99Ms: blocked(loop.percentile(99)),
          loopMaxMs: blocked(loop.max),
          heapUsedMb: mem.heapUsed / MB,
          heapTotalMb: mem.heapTotal / MB,
          externalMb: mem.external / MB,
        });
      } else if (m.cmd === 'stats') {
        send({ type: 'stats', stats: (await started.stats?.()) ?? {} });
      } else if (m.cmd === 'stop') {
        clearInterval(sampler);
        await started.close();
        send({ type: 'stopped' });
        // Leave time for the IPC message to go out; exit (not kill) so --cpu-prof writes its file.
        setTimeout(() => process.exit(0), 50);
      }
    } catch (err) {
      send({ type: 'error', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port: started.port, rssMb: process.memoryUsage.rss() / MB, startMs: performance.now() - t0 });
}

/**
 * tsx compiles each TypeScript file to whitespace-minified JS (one line), so the profiler's
 * positions in src/ files all say line 1. Map them back to the .ts lines through the source maps
 * tsx registered (node:module findSourceMap), so the summary can name `file:line`.
 */
function withSourceLines(profile: { nodes: Array<{ callFrame: { url: string; lineNumber: number; columnNumber: number } }> }) {
  for (const n of profile.nodes) {
    const cf = n.callFrame;
    if (!cf.url.startsWith('file:') || cf.url.includes('/node_modules/')) continue;
    try {
      const map = findSourceMap(cf.url) ?? findSourceMap(cf.url.replace(/^file:\/\//, ''));
      const entry = map?.findEntry(cf.lineNumber, cf.columnNumber) as { originalLine?: number; originalColumn?: number } | undefined;
      if (entry && typeof entry.originalLine === 'number') {
        cf.lineNumber = entry.originalLine;
        cf.columnNumber = entry.originalColumn ?? 0;
      }
    } catch {
      /* keep the compiled position */
    }
  }
  return profile;
}
