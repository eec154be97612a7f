// Runs pdf.js in a worker thread so the importer can enforce a hard time and memory cap:
// pdf.js decodes streams synchronously, so a hostile PDF could otherwise block the bot's event
// loop; the parent terminates this thread on timeout. Plain JS (not TS) because a worker must be
// loadable by bare Node, under tsx and under vitest alike. Returns raw text items per page; the
// line rebuilding lives in pdf-lines.ts where it is typed and unit-tested.
import { parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const pdfjsDir = dirname(require.resolve('pdfjs-dist/package.json'));

async function run() {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const { data, maxPages } = workerData;
  const task = getDocument({
    data: new Uint8Array(data),
    verbosity: 0,
    isEvalSupported: false,
    stopAtErrors: false,
    cMapUrl: join(pdfjsDir, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(pdfjsDir, 'standard_fonts') + '/',
  });
  const doc = await task.promise;
  if (doc.numPages > maxPages) {
    parentPort.postMessage({ type: 'too_many_pages', pages: doc.numPages });
    return;
  }
  const pages = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    const items = [];
    for (const it of content.items) {
      if (!('str' in it) || it.str === '') continue;
      const [a, b, , d, x, y] = it.transform;
      items.push({ s: it.str, x, y, w: it.width, h: it.height || Math.hypot(a, b) || Math.abs(d) });
    }
    pages.push(items);
    page.cleanup();
  }
  await doc.destroy();
  parentPort.postMessage({ type: 'ok', pages });
}

run().catch((err) => {
  parentPort.postMessage({ type: 'error', name: err?.name ?? 'Error', message: String(err?.message ?? err) });
});
