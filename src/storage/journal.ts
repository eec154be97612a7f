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
 * A line is `<header JSON>\t<body JSON>\n` (JSON text never holds a raw tab), the header
 * `{"seq":n,"base":"<hash>","auditCount":total,"audit":[new entries]}` plus `"d":1` when the body
 * is a delta:
 *   - the body is the change since the line before (or the document the file continues) as
 *     json-delta.ts operations, or (no `d`) the whole new state as the store file would hold it;
 *     a writer journals deltas, and whole states are still read;
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
 * A line without its newline, or whose header does not parse, ends its file: a write interrupted
 * by a crash, never acknowledged. The writer cuts it off before appending there again. A complete
 * line whose delta does not apply is damage (store_corrupt), like a skipped number.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry } from '../domain/model.js';
import { AppError } from '../errors.js';
import { applyOps } from './json-delta.js';
import { auditEntrySchema, describeIssues } from './schema.js';

export const journalPathsFor = (storePath: string): [string, string] => [`${storePath}.journal-0`, `${storePath}.journal-1`];

/** Identifies a store document's exact text (the base of the lines that follow it). */
export const documentHash = (docText: string): string => createHash('sha256').update(docText).digest('hex').slice(0, 32);

/**
 * One line: `freshJson` are the commit's audit entries as JSON (the same texts go to the log at the
 * checkpoint: each entry is serialised once), `body` the whole document's text or (`delta`) the
 * JSON of json-delta.ts operations.
 */
export function journalLine(
  seq: number,
  base: string,
  auditCount: number,
  freshJson: readonly string[],
  body: string,
  delta = false,
): string {
  const header = `{"seq":${seq},"base":${JSON.stringify(base)},"auditCount":${auditCount},"audit":[${freshJson.join(',')}]${delta ? ',"d":1' : ''}}`;
  return `${header}\t${body}\n`;
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
  /** The document's text, or (`delta`) the operations' JSON. */
  body: string;
  delta: boolean;
}

interface Header {
  seq: number;
  base: string;
  auditCount: number;
  audit: unknown[];
  d?: 1;
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
    out.lines.push({
      seq: header.seq,
      auditCount: header.auditCount,
      audit: header.audit,
      body: line.slice(tab + 1),
      delta: header.d === 1,
    });
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
 * The lines of `files` that continue the document `doc` (its text and hash) whose trail has
 * `auditCount` entries, in order. Throws store_corrupt when such lines skip a number, their audit
 * entries do not continue the trail, or a delta does not apply: that is damage, not an
 * interrupted write.
 */
export function chainJournal(files: JournalFile[], doc: { text: string; hash: string }, auditCount: number): JournalContents {
  const out: JournalContents = { chain: [], records: 0, docText: null, entries: [], auditCount };
  const state = new ReplayedState(doc.text);
  let next: string | null = doc.hash;
  const left = [...files];
  while (next !== null) {
    const i = left.findIndex((f) => f.base === next && f.lines.length > 0);
    if (i < 0) break;
    const [file] = left.splice(i, 1);
    applyFile(file, out, state);
    out.chain.push(file);
    next = left.length > 0 ? documentHash(state.text()) : null;
  }
  out.docText = out.records > 0 ? state.text() : null;
  return out;
}

/** The document as replayed so far: its text, or the parsed state once a delta changed it. */
class ReplayedState {
  private current: string | null;
  private parsed: unknown = null;

  constructor(text: string) {
    this.current = text;
  }

  whole(text: string): void {
    this.current = text;
    this.parsed = null;
  }

  delta(opsJson: string): void {
    this.parsed ??= JSON.parse(this.current!);
    applyOps(this.parsed, JSON.parse(opsJson));
    this.current = null;
  }

  text(): string {
    return (this.current ??= JSON.stringify(this.parsed));
  }
}

function applyFile(file: JournalFile, out: JournalContents, state: ReplayedState): void {
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
    if (!line.delta) state.whole(line.body);
    else {
      try {
        state.delta(line.body);
      } catch (err) {
        throw corrupt(`line ${n}: ${(err as Error).message}`);
      }
    }
    out.auditCount = line.auditCount;
    out.records += 1;
  }
}
