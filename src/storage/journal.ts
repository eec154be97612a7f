/**
 * The store's write-ahead journal: two files, `<store>.journal-0` and `<store>.journal-1`, one
 * line per commit.
 *
 * Why: a durable commit used to be a whole-document rewrite (temp file, fsync, rename, directory
 * fsync) plus the audit append: about ten file-system round trips through libuv's thread pool,
 * each of which waits for the busy event loop under load. At a steady 500 clicks/s those waits
 * made 1 commit in ~1,000 take 50–100 ms (docs/performance.md). A journal commit is one write on
 * a file opened with O_DSYNC: durable when the write returns, one round trip.
 *
 * A line is `<header JSON>\t<document JSON>\n` (JSON text never holds a raw tab), the header
 * `{"seq":n,"base":"<hash>","auditCount":total,"audit":[new entries]}`:
 *   - the document is the whole new state (as the store file would hold it), so replay is "take
 *     the last line", never a merge of partial changes;
 *   - `audit` holds the commit's new audit entries; they reach `<store>.audit.jsonl` at the
 *     checkpoint, so a reader takes the log's first `auditCount` (of the document) and then the
 *     journal's entries, which must continue it exactly;
 *   - `base` is the hash of the document the line's file continues: the store document on disk,
 *     or the last line of the other file.
 * A checkpoint switches the commits to the other (empty) file, whose lines continue the last line
 * of the first; then, while commits go on, it writes that last line's state into the log and the
 * document, and empties the first file. So a reader chains: the file whose base is the document
 * on disk, then the file whose base is that file's last line. Lines whose base matches nothing
 * are already in the document (a checkpoint cut short before the emptying) or belong to another
 * document (a restored backup), and are ignored.
 * A line without its newline, or that does not parse, ends its file: a write interrupted by a
 * crash, never acknowledged. The writer cuts it off before appending there again.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry } from '../domain/model.js';
import { AppError } from '../errors.js';
import { auditEntrySchema, describeIssues } from './schema.js';

export const journalPathsFor = (storePath: string): [string, string] => [`${storePath}.journal-0`, `${storePath}.journal-1`];

/** Identifies a store document's exact text (the base of the lines that follow it). */
export const documentHash = (docText: string): string => createHash('sha256').update(docText).digest('hex').slice(0, 32);

export function journalLine(seq: number, base: string, auditCount: number, fresh: readonly AuditEntry[], docText: string): string {
  return `${JSON.stringify({ seq, base, auditCount, audit: fresh })}\t${docText}\n`;
}

/** One journal file as read: its lines (all continuing one base), bytes kept and torn. */
export interface JournalFile {
  path: string;
  /** The base of its lines (null: no complete line). */
  base: string | null;
  lines: JournalLineRead[];
  /** Bytes of complete lines: a writer keeps appending after them… */
  completeBytes: number;
  /** …and bytes after that: an interrupted write (or lines of another base after a failed cut). */
  tornBytes: number;
}

export interface JournalLineRead {
  seq: number;
  auditCount: number;
  audit: unknown[];
  docText: string;
}

interface Header {
  seq: number;
  base: string;
  auditCount: number;
  audit: unknown[];
}

const isHeader = (v: unknown): v is Header => {
  const h = v as Partial<Header> | null;
  return !!h && Number.isInteger(h.seq) && typeof h.base === 'string' && Number.isInteger(h.auditCount) && Array.isArray(h.audit);
};

/** The complete lines at the start of one file that share the first line's base. Never throws. */
export function readJournalFile(text: string, path: string): JournalFile {
  const out: JournalFile = { path, base: null, lines: [], completeBytes: 0, tornBytes: 0 };
  let pos = 0;
  for (;;) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) break;
    const line = text.slice(pos, nl);
    const tab = line.indexOf('\t');
    let header: unknown;
    try {
      header = tab > 0 ? JSON.parse(line.slice(0, tab)) : null;
    } catch {
      header = null;
    }
    if (!isHeader(header) || (out.base !== null && header.base !== out.base)) break;
    out.base = header.base;
    out.lines.push({ seq: header.seq, auditCount: header.auditCount, audit: header.audit, docText: line.slice(tab + 1) });
    pos = nl + 1;
  }
  out.completeBytes = Buffer.byteLength(text.slice(0, pos), 'utf8');
  out.tornBytes = Buffer.byteLength(text, 'utf8') - out.completeBytes;
  return out;
}

export interface JournalContents {
  /** The files in the order their lines apply (only those that continue the document). */
  chain: JournalFile[];
  /** Lines applied, in all. */
  records: number;
  /** The state of the last applied line (null: none). */
  docText: string | null;
  /** Their audit entries, continuing the log from the document's auditCount. */
  entries: AuditEntry[];
  /** The trail's length after them. */
  auditCount: number;
}

/**
 * The lines of `files` that continue the document whose hash is `base` and whose trail has
 * `auditCount` entries, in order. Throws store_corrupt when such lines skip a number or their
 * audit entries do not continue the trail: that is damage, not an interrupted write.
 */
export function chainJournal(files: JournalFile[], base: string, auditCount: number): JournalContents {
  const out: JournalContents = { chain: [], records: 0, docText: null, entries: [], auditCount };
  let next: string | null = base;
  const left = [...files];
  while (next !== null) {
    const i = left.findIndex((f) => f.base === next && f.lines.length > 0);
    if (i < 0) break;
    const [file] = left.splice(i, 1);
    applyFile(file, out);
    out.chain.push(file);
    next = left.length > 0 ? documentHash(out.docText!) : null;
  }
  return out;
}

function applyFile(file: JournalFile, out: JournalContents): void {
  const corrupt = (problem: string) =>
    new AppError(
      'store_corrupt',
      { path: file.path, problem },
      `store journal ${file.path} is unusable: ${problem}. The file was left untouched`,
    );
  for (const [i, line] of file.lines.entries()) {
    const n = i + 1;
    if (line.seq !== n) throw corrupt(`line ${n} is numbered ${line.seq}`);
    const start = line.auditCount - line.audit.length;
    if (start !== out.auditCount) throw corrupt(`line ${n} continues the audit trail at ${start}, expected ${out.auditCount}`);
    for (const raw of line.audit) {
      const parsed = auditEntrySchema.safeParse(raw);
      if (!parsed.success) throw corrupt(`line ${n}: ${describeIssues(parsed.error).join('; ')}`);
      out.entries.push(raw as AuditEntry);
    }
    out.auditCount = line.auditCount;
    out.docText = line.docText;
    out.records += 1;
  }
}
