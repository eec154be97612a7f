/**
 * The part of an agenda import that runs inside the capped worker (agenda-worker.mjs): the
 * .docx inflate check and mammoth, then text → ParsedAgenda. Nothing here may assume it runs in
 * the bot's thread; errors are AppErrors (code + params travel back to the parent).
 */
import { AppError } from '../errors.js';
import { fitAgendaToCaps } from './agenda-caps.js';
import { parseAgendaText } from './agenda-parser.js';
import type { ParsedAgenda } from '../domain/agenda.js';
import { checkZipInflation, readZipEntry, type ZipEntry } from './zip-guard.js';

export type AgendaJob =
  | { kind: 'docx'; data: ArrayBuffer; entries: ZipEntry[]; maxTextChars: number; parse: boolean }
  | { kind: 'text'; text: string; maxTextChars: number };

export interface AgendaJobResult {
  text: string;
  agenda: ParsedAgenda | null;
}

/** Text over the cap is refused before any pattern sees it (the parser is linear, but the cap bounds the time). */
export function capText(text: string, maxChars: number): string {
  if (text.length > maxChars) throw new AppError('import_too_large', { limit: 'text', max: maxChars, actual: text.length });
  return text;
}

/**
 * Text of a validated .docx: our own reader of word/document.xml (it keeps Word's automatic
 * numbering, which mammoth drops); mammoth only for a package whose main part is elsewhere.
 */
async function docxText(buf: Buffer, entries: ZipEntry[], maxChars: number): Promise<string> {
  const problem = checkZipInflation(buf, entries);
  if (problem)
    throw new AppError('import_corrupt', { format: 'docx', reason: problem.kind === 'corrupt' ? problem.reason : problem.limit });
  try {
    const document = readZipEntry(buf, entries, 'word/document.xml');
    if (document) {
      // Loaded on first use, as mammoth was: a thread that only parses text never loads the reader.
      const { docxToText } = await import('./docx-text.js');
      const part = (name: string) => readZipEntry(buf, entries, name)?.toString('utf8') ?? null;
      return docxToText(
        { document: document.toString('utf8'), numbering: part('word/numbering.xml'), styles: part('word/styles.xml') },
        maxChars,
      );
    }
    const mammoth = (await import('mammoth')).default;
    return (await mammoth.extractRawText({ buffer: buf })).value;
  } catch (err) {
    if (err instanceof AppError) throw err;
    // e.g. a zip without a document part, or malformed XML.
    throw new AppError('import_corrupt', { format: 'docx', reason: 'unreadable' }, String(err));
  }
}

export async function runAgendaJob(job: AgendaJob): Promise<AgendaJobResult> {
  const text = capText(
    job.kind === 'docx' ? await docxText(Buffer.from(job.data), job.entries, job.maxTextChars) : job.text,
    job.maxTextChars,
  );
  const parse = job.kind === 'text' || job.parse;
  return { text, agenda: parse && text.trim() !== '' ? fitAgendaToCaps(parseAgendaText(text)) : null };
}
