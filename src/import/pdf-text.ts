/**
 * PDF → text via pdf.js in a worker thread with hard limits (pages, wall time, heap). Terminating
 * the worker is the only reliable way to stop pdf.js mid-decode, and a worker that runs out of
 * memory dies alone instead of taking the bot with it.
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';
import { withWorkerSlot } from './capped-worker.js';
import { pdfItemsToText, type PdfTextItem } from './pdf-lines.js';

export interface PdfLimits {
  maxPages: number;
  timeoutMs: number;
  /** Heap cap of the worker (MB). */
  maxHeapMb: number;
}

type WorkerReply =
  { type: 'ok'; pages: PdfTextItem[][] } | { type: 'too_many_pages'; pages: number } | { type: 'error'; name: string; message: string };

// pdf.js workers share the import worker slots (capped-worker.ts) with the agenda workers.
export function extractPdfText(buf: Buffer, filename: string, limits: PdfLimits): Promise<string> {
  return withWorkerSlot(() => runWorker(buf, filename, limits));
}

function runWorker(buf: Buffer, filename: string, limits: PdfLimits): Promise<string> {
  return new Promise((resolve, reject) => {
    // Copy into a fresh ArrayBuffer: the caller's Buffer may be a slice of a pooled allocation.
    const data = new Uint8Array(buf).buffer;
    const worker = new Worker(new URL('./pdf-text-worker.mjs', import.meta.url), {
      workerData: { data, maxPages: limits.maxPages },
      transferList: [data],
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 32 },
      stdout: true,
      stderr: true,
    });
    // pdf.js may print warnings for odd files; they are noise for the user, so discard them.
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(
      () => finish(() => reject(new AppError('import_too_large', { filename, limit: 'seconds', max: limits.timeoutMs / 1000 }))),
      limits.timeoutMs,
    );
    worker.on('message', (msg: WorkerReply) =>
      finish(() => {
        if (msg.type === 'ok') resolve(pdfItemsToText(msg.pages));
        else if (msg.type === 'too_many_pages') {
          reject(new AppError('import_too_large', { filename, limit: 'pages', max: limits.maxPages, actual: msg.pages }));
        } else {
          const reason = msg.name === 'PasswordException' ? 'encrypted' : 'unreadable';
          reject(new AppError('import_corrupt', { filename, format: 'pdf', reason }, `${msg.name}: ${msg.message}`));
        }
      }),
    );
    worker.on('error', (err: Error & { code?: string }) =>
      finish(() => {
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          reject(new AppError('import_too_large', { filename, limit: 'memory', max: limits.maxHeapMb }, err.message));
        } else reject(new AppError('import_corrupt', { filename, format: 'pdf', reason: 'unreadable' }, err.stack ?? err.message));
      }),
    );
    worker.on('exit', (code) =>
      finish(() =>
        reject(new AppError('import_corrupt', { filename, format: 'pdf', reason: 'unreadable' }, `pdf worker exited with ${code}`)),
      ),
    );
  });
}
