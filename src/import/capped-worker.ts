/**
 * Runs import work in a worker thread with hard limits (wall time, heap). Terminating the worker
 * is the only reliable way to stop synchronous work mid-way (pdf.js, mammoth, a parser), and a
 * worker that runs out of memory dies alone instead of taking the bot with it.
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';

export interface WorkerCaps {
  timeoutMs: number;
  /** Heap cap of the worker (MB). */
  maxHeapMb: number;
}

// At most this many import workers at once (PDF and agenda alike): each may use up to its heap
// cap, and a burst of uploads must not multiply that. Further requests wait their turn (their own
// timeout starts when they run).
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];

/** Runs `work` while holding one of the worker slots. */
export async function withWorkerSlot<T>(work: () => Promise<T>): Promise<T> {
  // A released slot is handed straight to the next waiter, so a newcomer cannot slip in between.
  if (running >= MAX_CONCURRENT) await new Promise<void>((go) => waiting.push(go));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

type Reply<T> =
  | { type: 'ok'; value: T }
  | { type: 'error'; code: string; params: Record<string, string | number>; detail?: string }
  | { type: 'crash'; name: string; message: string };

// Threads that answered their last job are kept a while for the next one: starting a thread costs
// ~0.5 s (more from source, where it registers tsx). A thread that timed out, crashed or ran out
// of memory is never reused. Idle threads do not keep the process alive.
const IDLE_MS = 30_000;
const idle = new Map<string, { worker: Worker; timer: NodeJS.Timeout }[]>();

function spawn(file: URL, key: string, maxHeapMb: number): Worker {
  // No stdout/stderr pipes: a piped stream keeps the process alive while the thread idles (the CLI
  // would wait for the idle timeout before exiting). The worker module silences its console itself.
  const worker = new Worker(file, {
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 32 },
  });
  // Between jobs nobody else listens: an idle thread that dies just leaves the pool.
  worker.on('error', () => {});
  worker.on('exit', () => {
    const list = idle.get(key);
    const at = list?.findIndex((x) => x.worker === worker) ?? -1;
    if (list && at >= 0) clearTimeout(list.splice(at, 1)[0].timer);
  });
  return worker;
}

function take(file: URL, maxHeapMb: number): { worker: Worker; key: string } {
  const key = `${file.href}|${maxHeapMb}`;
  const kept = idle.get(key)?.pop();
  if (!kept) return { worker: spawn(file, key, maxHeapMb), key };
  clearTimeout(kept.timer);
  kept.worker.ref();
  return { worker: kept.worker, key };
}

function keep(worker: Worker, key: string): void {
  worker.unref();
  const list = idle.get(key) ?? [];
  idle.set(key, list);
  const timer = setTimeout(() => void worker.terminate(), IDLE_MS);
  timer.unref();
  list.push({ worker, timer });
}

/**
 * Posts `job` to a worker thread running the module `file` (which answers one Reply per message)
 * and resolves with its `ok` value. Refusals come back as the worker's AppError with `filename`
 * added; timeout, out-of-memory and crashes become import_too_large (seconds / memory) or
 * import_corrupt for `format`, and the thread is terminated.
 */
export function runCappedWorker<T>(
  file: URL,
  job: unknown,
  transferList: ArrayBuffer[],
  caps: WorkerCaps,
  filename: string,
  format: string,
): Promise<T> {
  return withWorkerSlot(
    () =>
      new Promise<T>((resolve, reject) => {
        const { worker, key } = take(file, caps.maxHeapMb);
        let settled = false;
        const finish = (reusable: boolean, fn: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          worker.off('message', onMessage).off('error', onError).off('exit', onExit);
          if (reusable) keep(worker, key);
          else void worker.terminate();
          fn();
        };
        const onMessage = (msg: Reply<T>) =>
          finish(msg.type !== 'crash', () => {
            if (msg.type === 'ok') resolve(msg.value);
            else if (msg.type === 'error') reject(new AppError(msg.code, { filename, ...msg.params }, msg.detail));
            else reject(new AppError('import_corrupt', { filename, format, reason: 'unreadable' }, `${msg.name}: ${msg.message}`));
          });
        const onError = (err: Error & { code?: string }) =>
          finish(false, () => {
            if (err.code === 'ERR_WORKER_OUT_OF_MEMORY')
              reject(new AppError('import_too_large', { filename, limit: 'memory', max: caps.maxHeapMb }, err.message));
            else reject(new AppError('import_corrupt', { filename, format, reason: 'unreadable' }, err.stack ?? err.message));
          });
        const onExit = (code: number) =>
          finish(false, () =>
            reject(new AppError('import_corrupt', { filename, format, reason: 'unreadable' }, `import worker exited with ${code}`)),
          );
        const timer = setTimeout(
          () => finish(false, () => reject(new AppError('import_too_large', { filename, limit: 'seconds', max: caps.timeoutMs / 1000 }))),
          caps.timeoutMs,
        );
        worker.on('message', onMessage).on('error', onError).on('exit', onExit);
        worker.postMessage(job, transferList);
      }),
  );
}
