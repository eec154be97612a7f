/**
 * Agenda files (.txt/.md, .docx, .pdf) → ParsedAgenda. Every failure is an AppError with an
 * `import_*` code and params (filename, limit, max …) for the user-facing message; malformed
 * input must never crash the bot. Size caps are checked before any decoding work is done.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import mammoth from 'mammoth';
import { AppError } from '../errors.js';
import { parseAgendaText } from './agenda-parser.js';
import { extractPdfText } from './pdf-text.js';
import type { ParsedAgenda } from '../domain/agenda.js';
import { checkZip } from './zip-guard.js';

export interface ImportLimits {
  textBytes: number;
  docxBytes: number;
  docxUncompressedBytes: number;
  docxEntries: number;
  pdfBytes: number;
  pdfPages: number;
  pdfTimeoutMs: number;
  pdfHeapMb: number;
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
  return text
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2');
}

async function docxText(buf: Buffer, filename: string, l: ImportLimits): Promise<string> {
  if (buf.subarray(0, 4).toString('latin1') !== 'PK\x03\x04') {
    throw new AppError('import_corrupt', { filename, format: 'docx', reason: 'not a zip archive' });
  }
  const problem = checkZip(buf, { maxUncompressed: l.docxUncompressedBytes, maxEntries: l.docxEntries });
  if (problem?.kind === 'too_large') {
    throw new AppError('import_too_large', { filename, limit: problem.limit, max: problem.max, actual: problem.actual });
  }
  if (problem) throw new AppError('import_corrupt', { filename, format: 'docx', reason: problem.reason });
  try {
    return (await mammoth.extractRawText({ buffer: buf })).value;
  } catch (err) {
    // e.g. a zip without word/document.xml, or malformed XML.
    throw new AppError('import_corrupt', { filename, format: 'docx', reason: 'unreadable' }, String(err));
  }
}

/** The text of an agenda file, before parsing (exported for diagnostics and tests). */
export async function extractAgendaText(buf: Buffer, filename: string, limits: Partial<ImportLimits> = {}): Promise<string> {
  const l = { ...DEFAULT_IMPORT_LIMITS, ...limits };
  const kind = kindOf(filename);
  if (buf.length === 0) throw new AppError('import_empty', { filename });
  const max = maxBytes(kind, l);
  if (buf.length > max) throw new AppError('import_too_large', { filename, limit: 'bytes', max, actual: buf.length });
  let text: string;
  if (kind === 'text') {
    text = decodeText(buf, filename);
    if (extname(filename).toLowerCase() === '.md') text = stripMarkdown(text);
  }
  else if (kind === 'docx') text = await docxText(buf, filename, l);
  else {
    // "%PDF-" must appear in the first KB (the spec allows leading junk before it).
    if (!buf.subarray(0, 1024).toString('latin1').includes('%PDF-')) {
      throw new AppError('import_corrupt', { filename, format: 'pdf', reason: 'not a pdf' });
    }
    text = await extractPdfText(buf, filename, { maxPages: l.pdfPages, timeoutMs: l.pdfTimeoutMs, maxHeapMb: l.pdfHeapMb });
  }
  if (text.trim() === '') throw new AppError('import_empty', { filename });
  return text;
}

export async function readAgendaBuffer(buf: Buffer, filename: string, limits: Partial<ImportLimits> = {}): Promise<ParsedAgenda> {
  const text = await extractAgendaText(buf, filename, limits);
  const agenda = parseAgendaText(text);
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
