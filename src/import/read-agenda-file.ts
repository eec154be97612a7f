/**
 * Agenda files (.txt/.md, .docx, .pdf) → ParsedAgenda. Every failure is an AppError with an
 * `import_*` code and params (filename, limit, max …) for the user-facing message; malformed
 * input must never crash the bot. Size caps are checked before any decoding work is done; the
 * zip container is validated before anything is inflated; inflating, the .docx reader and the parser run
 * in a worker thread with a heap and time cap (capped-worker.ts), as pdf.js does.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { ParsedAgenda } from '../domain/agenda.js';
import { AppError } from '../errors.js';
import type { AgendaJob, AgendaJobResult } from './agenda-work.js';
import { runCappedWorker } from './capped-worker.js';
import { extractPdfText } from './pdf-text.js';
import { checkZipStructure, type ZipEntry } from './zip-guard.js';

const AGENDA_WORKER = new URL('./agenda-worker.mjs', import.meta.url);

export interface ImportLimits {
  textBytes: number;
  docxBytes: number;
  docxUncompressedBytes: number;
  docxEntries: number;
  pdfBytes: number;
  pdfPages: number;
  pdfTimeoutMs: number;
  pdfHeapMb: number;
  /** Cap on uncompressed/compressed of one .docx entry above 64 KB. */
  docxRatio: number;
  /** Wall time and heap of the worker that inflates, reads and parses a .docx. */
  docxTimeoutMs: number;
  docxHeapMb: number;
  /** Characters of extracted text the parser accepts (from any format). */
  textChars: number;
  /** Wall time and heap of the worker that parses text from a .txt/.md/.pdf. */
  parseTimeoutMs: number;
  parseHeapMb: number;
}

/** A real agenda is 2–20 pages; these leave a wide margin and still bound the work per upload. */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  textBytes: 2 * 1024 * 1024,
  docxBytes: 5 * 1024 * 1024,
  docxUncompressedBytes: 20 * 1024 * 1024,
  docxEntries: 2000,
  pdfBytes: 10 * 1024 * 1024,
  pdfPages: 200,
  pdfTimeoutMs: 20_000,
  pdfHeapMb: 256,
  docxRatio: 250,
  docxTimeoutMs: 20_000,
  docxHeapMb: 256,
  textChars: 2 * 1024 * 1024,
  parseTimeoutMs: 10_000,
  parseHeapMb: 128,
};

type Kind = 'text' | 'docx' | 'pdf';
const KINDS: Record<string, Kind> = { '.txt': 'text', '.md': 'text', '.docx': 'docx', '.pdf': 'pdf' };

function kindOf(filename: string): Kind {
  const ext = extname(filename).toLowerCase();
  const kind = KINDS[ext];
  if (!kind) throw new AppError('import_unsupported_type', { filename, type: ext || '(ingen)' });
  return kind;
}

function maxBytes(kind: Kind, l: ImportLimits): number {
  return kind === 'text' ? l.textBytes : kind === 'docx' ? l.docxBytes : l.pdfBytes;
}

function decodeText(buf: Buffer, filename: string): string {
  // Notepad's "Unicode" is UTF-16 with a BOM; anything else with NUL bytes is binary.
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    return new TextDecoder(buf[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(buf);
  }
  if (buf.includes(0)) throw new AppError('import_binary', { filename });
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf);
  } catch {
    throw new AppError('import_binary', { filename });
  }
}

/** Markdown agendas: headings and emphasis markers are layout, not text ("## 1. Velkomst", "**Baggrund**"). */
function stripMarkdown(text: string): string {
  return text.replace(/^#{1,6}\s+/gm, '').replace(/(\*\*|__)(.+?)\1/g, '$2');
}

/** The zip's entries after the structural check (nothing inflated yet), or the refusal. */
function docxEntries(buf: Buffer, filename: string, l: ImportLimits): ZipEntry[] {
  if (buf.subarray(0, 4).toString('latin1') !== 'PK\x03\x04') {
    throw new AppError('import_corrupt', { filename, format: 'docx', reason: 'not a zip archive' });
  }
  const checked = checkZipStructure(buf, { maxUncompressed: l.docxUncompressedBytes, maxEntries: l.docxEntries, maxRatio: l.docxRatio });
  if ('entries' in checked) return checked.entries;
  const problem = checked.problem;
  if (problem.kind === 'too_large')
    throw new AppError('import_too_large', { filename, limit: problem.limit, max: problem.max, actual: problem.actual });
  throw new AppError('import_corrupt', { filename, format: 'docx', reason: problem.reason });
}

/** The .docx work in its capped worker: inflate check, the .docx reader, and (when `parse`) the parser. */
function docxJob(buf: Buffer, filename: string, l: ImportLimits, parse: boolean): Promise<AgendaJobResult> {
  const entries = docxEntries(buf, filename, l);
  // Copy into a fresh ArrayBuffer: the caller's Buffer may be a slice of a pooled allocation.
  const data = new Uint8Array(buf).buffer;
  const job: AgendaJob = { kind: 'docx', data, entries, maxTextChars: l.textChars, parse };
  return runCappedWorker<AgendaJobResult>(
    AGENDA_WORKER,
    job,
    [data],
    { timeoutMs: l.docxTimeoutMs, maxHeapMb: l.docxHeapMb },
    filename,
    'docx',
  );
}

const textTooLong = (text: string, filename: string, l: ImportLimits) => {
  if (text.length > l.textChars) throw new AppError('import_too_large', { filename, limit: 'text', max: l.textChars, actual: text.length });
};

/** Checks that precede any extraction: type, emptiness and byte cap. */
function precheck(buf: Buffer, filename: string, l: ImportLimits): Kind {
  const kind = kindOf(filename);
  if (buf.length === 0) throw new AppError('import_empty', { filename });
  const max = maxBytes(kind, l);
  if (buf.length > max) throw new AppError('import_too_large', { filename, limit: 'bytes', max, actual: buf.length });
  return kind;
}

/** Text of a .txt/.md (decoded in the bot's thread: linear) or a .pdf (in the pdf.js worker). */
async function plainText(kind: 'text' | 'pdf', buf: Buffer, filename: string, l: ImportLimits): Promise<string> {
  let text: string;
  if (kind === 'text') {
    text = decodeText(buf, filename);
    textTooLong(text, filename, l);
    if (extname(filename).toLowerCase() === '.md') text = stripMarkdown(text);
  } else {
    // "%PDF-" must appear in the first KB (the spec allows leading junk before it).
    if (!buf.subarray(0, 1024).toString('latin1').includes('%PDF-')) {
      throw new AppError('import_corrupt', { filename, format: 'pdf', reason: 'not a pdf' });
    }
    text = await extractPdfText(buf, filename, { maxPages: l.pdfPages, timeoutMs: l.pdfTimeoutMs, maxHeapMb: l.pdfHeapMb });
    textTooLong(text, filename, l);
  }
  return text;
}

/** The text of an agenda file, before parsing (exported for diagnostics and tests). */
export async function extractAgendaText(buf: Buffer, filename: string, limits: Partial<ImportLimits> = {}): Promise<string> {
  const l = { ...DEFAULT_IMPORT_LIMITS, ...limits };
  const kind = precheck(buf, filename, l);
  const text = kind === 'docx' ? (await docxJob(buf, filename, l, false)).text : await plainText(kind, buf, filename, l);
  if (text.trim() === '') throw new AppError('import_empty', { filename });
  return text;
}

export async function readAgendaBuffer(buf: Buffer, filename: string, limits: Partial<ImportLimits> = {}): Promise<ParsedAgenda> {
  const l = { ...DEFAULT_IMPORT_LIMITS, ...limits };
  const kind = precheck(buf, filename, l);
  let result: AgendaJobResult;
  if (kind === 'docx') result = await docxJob(buf, filename, l, true);
  else {
    const text = await plainText(kind, buf, filename, l);
    if (text.trim() === '') throw new AppError('import_empty', { filename });
    // The parser is linear, but it runs in the capped worker all the same: time and heap stay bounded.
    const job: AgendaJob = { kind: 'text', text, maxTextChars: l.textChars };
    result = await runCappedWorker<AgendaJobResult>(
      AGENDA_WORKER,
      job,
      [],
      { timeoutMs: l.parseTimeoutMs, maxHeapMb: l.parseHeapMb },
      filename,
      kind,
    );
  }
  const agenda = result.agenda;
  if (!agenda) throw new AppError('import_empty', { filename });
  if (agenda.items.length === 0 || agenda.date === null) {
    throw new AppError('import_no_agenda', {
      filename,
      items: agenda.items.length,
      date: agenda.date ?? 'mangler',
    });
  }
  return agenda;
}

export async function readAgendaFile(path: string, limits: Partial<ImportLimits> = {}): Promise<ParsedAgenda> {
  const filename = basename(path);
  const l = { ...DEFAULT_IMPORT_LIMITS, ...limits };
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new Error('not a regular file');
    size = st.size;
  } catch (err) {
    throw new AppError('import_not_found', { filename }, String(err));
  }
  // Refuse oversized files before reading them into memory.
  const max = maxBytes(kindOf(filename), l);
  if (size > max) throw new AppError('import_too_large', { filename, limit: 'bytes', max, actual: size });
  return readAgendaBuffer(await readFile(path), filename, limits);
}
