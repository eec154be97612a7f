/**
 * The audit trail as an append-only file beside the store: `<store>.audit.jsonl`, one JSON audit
 * entry per line, oldest first.
 *
 * Why not inside the store document: lowdb rewrites the whole document on every group commit, and
 * the trail only ever grows (one entry per accepted ballot, decision, …). Inside the document it
 * made every vote rewrite and fsync megabytes — the largest cost of a click in the benchmark
 * (docs/performance.md). Appending only the new lines keeps a commit's cost independent of history.
 *
 * Consistency with the document (which says how many entries are durable, `auditCount`):
 *   1. append the batch's new lines to the log and fsync it — meanwhile write and fsync the
 *      document's temp file with the new `auditCount`;
 *   2. once both are durable, rename the temp file over the document and fsync the directory.
 * A change is acknowledged only after both. A crash between 1 and 2 leaves lines beyond
 * `auditCount` — entries of changes that never became durable — so readers take only the first
 * `auditCount` lines and the next writer cuts the rest off. A failed document write cuts the new
 * lines off at once. Fewer lines than `auditCount`, or an unreadable line among them, means the
 * log was damaged: the store refuses to open (store_corrupt), as for a damaged document.
 */
import { dirname } from 'node:path';
import type { AuditEntry } from '../domain/model.js';
import { AppError } from '../errors.js';
import { isNotFound, type FsHandle, type FsPort } from './durable-adapter.js';
import { auditEntrySchema, describeIssues } from './schema.js';

export const auditPathFor = (storePath: string) => `${storePath}.audit.jsonl`;

export interface AuditLogContents {
  entries: AuditEntry[];
  /** Bytes of the first `expected` lines (what a writer keeps). */
  committedBytes: number;
  /** Bytes after them: an interrupted append (a writer removes them). */
  excessBytes: number;
}

/** The first `expected` entries of the log; throws store_corrupt when they are not all there and valid. */
export async function readAuditLog(fs: FsPort, storePath: string, expected: number): Promise<AuditLogContents> {
  const path = auditPathFor(storePath);
  let text = '';
  try {
    text = await fs.readFile(path);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  return parseAuditLog(text, expected, path);
}

export function parseAuditLog(text: string, expected: number, path: string): AuditLogContents {
  const corrupt = (problem: string) =>
    new AppError('store_corrupt', { path, problem }, `audit log ${path} is unusable: ${problem}. The file was left untouched`);
  const entries: AuditEntry[] = [];
  let pos = 0;
  while (entries.length < expected) {
    const nl = text.indexOf('\n', pos);
    // A line counts only when complete: a crash can leave a partial last line.
    if (nl < 0) throw corrupt(`it holds ${entries.length} complete entries, the store expects ${expected}`);
    const line = text.slice(pos, nl);
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      throw corrupt(`line ${entries.length + 1} is not valid JSON (${(err as Error).message})`);
    }
    const parsed = auditEntrySchema.safeParse(raw);
    if (!parsed.success) throw corrupt(`line ${entries.length + 1}: ${describeIssues(parsed.error).join('; ')}`);
    entries.push(raw as AuditEntry);
    pos = nl + 1;
  }
  const committedBytes = Buffer.byteLength(text.slice(0, pos), 'utf8');
  return { entries, committedBytes, excessBytes: Buffer.byteLength(text, 'utf8') - committedBytes };
}

/** The log lines of entries already serialised (each entry's JSON text). */
export const auditLinesOf = (json: readonly string[]): string => (json.length > 0 ? json.join('\n') + '\n' : '');

export const auditLines = (entries: readonly AuditEntry[]): string => auditLinesOf(entries.map((e) => JSON.stringify(e)));

/**
 * The writer's side: appends through one handle opened on first use, fsyncs every append, and can
 * cut the file back to the last committed length.
 */
export class AuditAppender {
  private handle: FsHandle | null = null;
  private dirSynced = false;

  constructor(
    private readonly fs: FsPort,
    readonly path: string,
    /** Bytes durable and committed (matching the document's auditCount). */
    public committedBytes: number,
  ) {}

  /** Append and fsync `text`; on failure the file is cut back to the committed length. */
  async append(text: string): Promise<void> {
    try {
      this.handle ??= await this.fs.openAppend(this.path);
      await this.fs.write(this.handle, text);
      await this.fs.fsync(this.handle);
      if (!this.dirSynced) {
        // The log may have just been created: make its name durable too (once per process).
        await this.fs.fsyncDir(dirname(this.path));
        this.dirSynced = true;
      }
    } catch (err) {
      await this.cutBack().catch(() => {});
      throw err;
    }
  }

  /** The appended bytes are now part of the durable state. */
  commit(bytes: number): void {
    this.committedBytes += bytes;
  }

  /** Remove everything after the committed length (an append whose document write failed). */
  async cutBack(): Promise<void> {
    await this.close();
    await this.fs.truncate(this.path, this.committedBytes);
  }

  /** The log was rewritten whole (migration): continue appending after `bytes`. */
  async replaced(bytes: number): Promise<void> {
    await this.close();
    this.committedBytes = bytes;
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    if (h) await this.fs.close(h);
  }
}
