/**
 * lowdb's adapter for the store: the document (DurableAdapter: temp, fsync, rename, fsync dir)
 * plus the audit trail in its append-only log (audit-log.ts), kept consistent as described there.
 *
 * In memory the store is one `Db`; on disk the document holds `auditCount` instead of the trail,
 * and each write appends only the entries added since the last one. A writer keeps only the most
 * recent `keepAudit` entries in `db.audit` (the log has them all): the trail grows with every
 * accepted ballot, and holding all of it made memory and garbage-collection time grow with the
 * bot's age (bench: ~45,000 entries in one run). Readers (CLI, backup) load the whole trail.
 */
import type { Adapter } from 'lowdb';
import type { AuditEntry, Db, StoreFile } from '../domain/model.js';
import { AppError } from '../errors.js';
import { AuditAppender, auditLines, auditPathFor, readAuditLog } from './audit-log.js';
import { encodeStoreFile, withAudit } from './codec.js';
import { DurableAdapter, writeFileDurably, type FsPort } from './durable-adapter.js';

export class StoreAdapter implements Adapter<Db> {
  readonly doc: DurableAdapter<StoreFile>;
  readonly auditPath: string;
  /** Bytes after the durable entries found on read: an append interrupted by a crash. */
  excessAuditBytes = 0;
  private appender: AuditAppender;
  /** Entries durable in the log (the whole trail), as counted by the durable document. */
  private durableTotal = 0;
  /** How many entries at the start of `db.audit` are durable (the rest were added since the last write). */
  private inMemoryDurable = 0;
  /** The trail of the last read or write (same array the store pushes to); restore keeps its durable prefix. */
  private trail: AuditEntry[] = [];
  /** The log must be written whole before the next document: a new store, or a trail still inline (v1/v2). */
  private rewriteLog = true;

  constructor(
    readonly path: string,
    private readonly fs: FsPort,
    decode: (text: string) => StoreFile,
    /** Entries a writer keeps in memory after each write (readers: all). */
    private readonly keepAudit = Number.POSITIVE_INFINITY,
  ) {
    this.doc = new DurableAdapter<StoreFile>(path, { fs, decode });
    this.auditPath = auditPathFor(path);
    this.appender = new AuditAppender(fs, this.auditPath, 0);
  }

  async read(): Promise<Db | null> {
    const file = await this.doc.read();
    if (!file) return null;
    let entries: AuditEntry[];
    if (file.audit) {
      entries = file.audit;
      this.rewriteLog = true;
      this.excessAuditBytes = 0;
    } else {
      const log = await readAuditLog(this.fs, this.path, file.auditCount);
      entries = this.tail(log.entries);
      this.rewriteLog = false;
      this.excessAuditBytes = log.excessBytes;
      await this.appender.replaced(log.committedBytes);
    }
    // An inline trail (v1/v2) is kept whole until the first write has moved it into the log.
    this.durableTotal = file.auditCount;
    this.inMemoryDurable = entries.length;
    this.trail = entries;
    return withAudit(file, entries);
  }

  private tail(entries: AuditEntry[]): AuditEntry[] {
    return entries.length > this.keepAudit ? entries.slice(entries.length - this.keepAudit) : entries;
  }

  async write(db: Db): Promise<void> {
    const audit = db.audit;
    if (audit.length < this.inMemoryDurable && !this.rewriteLog) {
      throw new AppError(
        'internal',
        {},
        `audit trail shrank from ${this.inMemoryDurable} to ${audit.length} entries in memory; the log is append-only`,
      );
    }
    // Both texts are built before the first await: the bytes are exactly the state handed in.
    let total: number;
    if (this.rewriteLog) {
      total = audit.length;
      const docText = encodeStoreFile(db, total);
      const text = auditLines(audit);
      await writeFileDurably(this.fs, this.auditPath, text);
      await this.doc.writeText(docText);
      await this.appender.replaced(Buffer.byteLength(text, 'utf8'));
      this.rewriteLog = false;
    } else {
      const freshCount = audit.length - this.inMemoryDurable;
      total = this.durableTotal + freshCount;
      const docText = encodeStoreFile(db, total);
      const fresh = freshCount > 0 ? auditLines(audit.slice(this.inMemoryDurable)) : '';
      // The append (write + fsync) runs while the document's temp file is written and fsynced;
      // the document is renamed into place only after the append is durable.
      const appended = fresh ? this.appender.append(fresh) : undefined;
      try {
        await this.doc.writeText(docText, appended);
      } catch (err) {
        // The document still counts the old entries: the new lines must not stay (best effort; a
        // reader ignores them anyway and the next writer cuts them off). A failed append has
        // cut itself back; wait for it either way, so the cut cannot race the write.
        if (appended) {
          const ok = await appended.then(
            () => true,
            () => false,
          );
          if (ok) await this.appender.cutBack().catch(() => {});
        }
        throw err;
      }
      this.appender.commit(Buffer.byteLength(fresh, 'utf8'));
    }
    this.durableTotal = total;
    // Durable in the log now: drop the oldest from memory (in place — it is the store's own array).
    if (audit.length > this.keepAudit) audit.splice(0, audit.length - this.keepAudit);
    this.inMemoryDurable = audit.length;
    this.trail = audit;
  }

  /** The state on disk (document and the durable part of the trail), or null if nothing is on disk yet. */
  lastDurable(): Db | null {
    const file = this.doc.lastDurable();
    if (!file) return null;
    return withAudit(file, file.audit ?? this.trail.slice(0, this.inMemoryDurable));
  }

  /** Writer start: remove the lines of an append whose document never became durable. */
  async dropUnfinishedAppend(): Promise<number> {
    const bytes = this.excessAuditBytes;
    if (bytes > 0) {
      await this.appender.cutBack();
      this.excessAuditBytes = 0;
    }
    return bytes;
  }

  close(): Promise<void> {
    return this.appender.close();
  }
}
