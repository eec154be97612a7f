/**
 * The store's write-ahead journal: `<store>.journal`, one line per commit.
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
 *     the last complete line", never a merge of partial changes;
 *   - `base` is the hash of the store document the journal continues from. The document is
 *     replaced only by a checkpoint, which writes the state of the last line and then empties the
 *     journal; lines whose base is not the document on disk are therefore already in it (a crash
 *     between the checkpoint's rename and the reset) or belong to another document (a restored
 *     backup), and are ignored;
 *   - `audit` holds the commit's new audit entries; they reach `<store>.audit.jsonl` at the
 *     checkpoint, so a reader takes the log's first `auditCount` (of the document) and then the
 *     journal's entries, which must continue it exactly.
 * A line without its newline, or that does not parse, ends the journal: a write interrupted by a
 * crash, never acknowledged. The writer cuts it off before appending again.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry } from '../domain/model.js';
import { AppError } from '../errors.js';
import { auditEntrySchema, describeIssues } from './schema.js';

export const journalPathFor = (storePath: string) => `${storePath}.journal`;

/** Identifies a store document's exact text (the base of the lines that follow it). */
export const documentHash = (docText: string): string => createHash('sha256').update(docText).digest('hex').slice(0, 32);

export function journalLine(seq: number, base: string, auditCount: number, fresh: readonly AuditEntry[], docText: string): string {
  return `${JSON.stringify({ seq, base, auditCount, audit: fresh })}\t${docText}\n`;
}

export interface JournalContents {
  /** Lines that continue the document on disk. */
  records: number;
  /** The state of the last of them (null: none). */
  docText: string | null;
  /** Their audit entries, continuing the log from the document's auditCount. */
  entries: AuditEntry[];
  /** The trail's length after them. */
  auditCount: number;
  /** Bytes of complete lines (whatever their base): a writer keeps appending after them… */
  completeBytes: number;
  /** …and bytes after that: an interrupted write. */
  tornBytes: number;
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

/**
 * The journal's lines that continue the document whose hash is `base` and whose trail has
 * `auditCount` entries. Throws store_corrupt when such lines skip a number or their audit entries
 * do not continue the trail: that is damage, not an interrupted write.
 */
export function parseJournal(text: string, base: string, auditCount: number, path: string): JournalContents {
  const corrupt = (problem: string) =>
    new AppError('store_corrupt', { path, problem }, `store journal ${path} is unusable: ${problem}. The file was left untouched`);
  const out: JournalContents = { records: 0, docText: null, entries: [], auditCount, completeBytes: 0, tornBytes: 0 };
  let pos = 0;
  let complete = 0;
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
    if (!isHeader(header)) break;
    pos = nl + 1;
    complete = pos;
    if (header.base !== base) continue;
    const n = out.records + 1;
    if (header.seq !== n) throw corrupt(`line ${n} continuing the document is numbered ${header.seq}`);
    const start = header.auditCount - header.audit.length;
    if (start !== out.auditCount) throw corrupt(`line ${n} continues the audit trail at ${start}, expected ${out.auditCount}`);
    for (const raw of header.audit) {
      const parsed = auditEntrySchema.safeParse(raw);
      if (!parsed.success) throw corrupt(`line ${n}: ${describeIssues(parsed.error).join('; ')}`);
      out.entries.push(raw as AuditEntry);
    }
    out.records = n;
    out.auditCount = header.auditCount;
    out.docText = line.slice(tab + 1);
  }
  out.completeBytes = Buffer.byteLength(text.slice(0, complete), 'utf8');
  out.tornBytes = Buffer.byteLength(text, 'utf8') - out.completeBytes;
  return out;
}
