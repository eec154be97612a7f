// Runs the agenda work (docx inflate check + the .docx reader, and text → ParsedAgenda) in a worker thread
// so the importer can enforce a hard time and memory cap: the .docx reader (or mammoth) and the parser are
// synchronous, so hostile input could otherwise block the bot's event loop or exhaust its heap;
// the parent terminates this thread on timeout. The thread serves one job at a time and may be
// reused for the next (starting one costs ~0.5 s). The work itself is typed TypeScript
// (agenda-work.ts): compiled, it sits next to this file as agenda-work.js; from source (tsx,
// vitest) this thread registers tsx first, since a worker does not inherit a loader.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';

async function load() {
  const compiled = new URL('./agenda-work.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return import(compiled.href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL('./agenda-work.ts', import.meta.url).href);
}

// Libraries may print warnings for odd files: noise for the user, and the CLI's stdout is JSON.
for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) console[level] = () => {};

const work = load();

parentPort.on('message', async (job) => {
  try {
    const { runAgendaJob } = await work;
    parentPort.postMessage({ type: 'ok', value: await runAgendaJob(job) });
  } catch (err) {
    // AppErrors keep their code and params; anything else is a crash of the work.
    if (err && typeof err.code === 'string' && err.name === 'AppError') {
      parentPort.postMessage({ type: 'error', code: err.code, params: err.params ?? {}, detail: err.detail });
    } else {
      parentPort.postMessage({ type: 'crash', name: err?.name ?? 'Error', message: String(err?.stack ?? err?.message ?? err) });
    }
  }
});
