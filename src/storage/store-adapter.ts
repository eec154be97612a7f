/**
 * lowdb's adapter for the store: the document (DurableAdapter: temp, fsync, rename, fsync dir),
 * the audit trail in its append-only log (audit-log.ts) and the write-ahead journal (journal.ts).
 *
 * A commit (`write`) is one journal line. A checkpoint (`checkpoint`, run by the store every
 * couple of seconds, when the journal grows large, at open and at close) moves the journaled audit
 * entries into the log and the last state into the document, as a commit did before the journal,
 * then empties the journal.
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
import { AuditAppender, auditLines, auditPathFor } from './audit-log.js';
import { encodeStoreFile, withAudit } from './codec.js';
import { DurableAdapter, writeFileDurably, type FsPort } from './durable-adapter.js';
import { readDurableState } from './durable-state.js';
import { documentHash, journalPathFor } from './journal.js';
import { JournalWriter } from './journal-writer.js';

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
  readonly journal: JournalWriter;
  /** Log lines of the journaled entries, appended to the log at the next checkpoint. */
  private unlogged = '';
  /** Bytes of an interrupted journal write found on read (cut off by the next checkpoint). */
  tornJournalBytes = 0;

  constructor(
    readonly path: string,
    private readonly fs: FsPort,
    private readonly decode: (text: string) => StoreFile,
    /** Entries a writer keeps in memory after each write (readers: all). */
    private readonly keepAudit = Number.POSITIVE_INFINITY,
  ) {
    this.doc = new DurableAdapter<StoreFile>(path, { fs, decode });
    this.auditPath = auditPathFor(path);
    this.appender = new AuditAppender(fs, this.auditPath, 0);
    this.journal = new JournalWriter(fs, journalPathFor(path), '');
  }

  async read(): Promise<Db | null> {
    const state = await readDurableState(this.fs, this.path, this.decode);
    if (!state) return null;
    this.doc.lastReadText = state.diskText;
    this.doc.lastDurableText = state.text;
    this.rewriteLog = state.log === null;
    this.excessAuditBytes = state.log?.excessBytes ?? 0;
    if (state.log) await this.appender.replaced(state.log.committedBytes);
    const j = state.journal;
    this.journal.resume(state.base, j?.records ?? 0, j?.completeBytes ?? 0);
    this.tornJournalBytes = j?.tornBytes ?? 0;
    this.unlogged = j ? auditLines(j.entries) : '';
    const entries = state.log ? this.tail(state.entries) : state.entries;
    // An inline trail (v1/v2) is kept whole until the first write has moved it into the log.
    this.durableTotal = state.file.auditCount;
    this.inMemoryDurable = entries.length;
    this.trail = entries;
    return withAudit(state.file, entries);
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
    // Texts are built before the first await: the bytes are exactly the state handed in.
    let total: number;
    if (this.rewriteLog) {
      total = audit.length;
      const docText = encodeStoreFile(db, total);
      const text = auditLines(audit);
      await writeFileDurably(this.fs, this.auditPath, text);
      await this.doc.writeText(docText);
      await this.appender.replaced(Buffer.byteLength(text, 'utf8'));
      this.rewriteLog = false;
      this.unlogged = '';
      await this.journal.reset(documentHash(docText));
    } else {
      const fresh = audit.slice(this.inMemoryDurable);
      total = this.durableTotal + fresh.length;
      const docText = encodeStoreFile(db, total);
      const lines = auditLines(fresh);
      if (this.journal.broken) {
        await this.writeDocument(docText, this.unlogged + lines);
      } else {
        await this.journal.append(total, fresh, docText);
        this.doc.lastDurableText = docText;
        this.unlogged += lines;
      }
    }
    this.durableTotal = total;
    // Durable now: drop the oldest from memory (in place — it is the store's own array).
    if (audit.length > this.keepAudit) audit.splice(0, audit.length - this.keepAudit);
    this.inMemoryDurable = audit.length;
    this.trail = audit;
  }

  /** Whether the journal holds lines (or a torn write) that a checkpoint would move. */
  get journaled(): boolean {
    return this.journal.records > 0 || this.tornJournalBytes > 0 || this.journal.broken;
  }

  /**
   * The last durable state into the log and the document, then an empty journal. A failure leaves
   * the state durable in the journal (or, once the document is replaced, in the document).
   */
  async checkpoint(): Promise<void> {
    if (!this.journaled || this.doc.lastDurableText === null || this.rewriteLog) return;
    if (this.journal.records > 0) await this.writeDocument(this.doc.lastDurableText, this.unlogged);
    else await this.journal.reset(documentHash(this.doc.lastDurableText));
    this.tornJournalBytes = 0;
  }

  /**
   * The document replaced by `docText`, with `lines` appended to the log alongside (the append
   * and the document's temp file are fsynced side by side; the rename waits for both), then the
   * journal emptied: the way every commit was written before the journal.
   */
  private async writeDocument(docText: string, lines: string): Promise<void> {
    const appended = lines ? this.appender.append(lines) : undefined;
    appended?.catch(() => {}); // handled below; it may fail before the document write gets to it
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
    this.appender.commit(Buffer.byteLength(lines, 'utf8'));
    this.unlogged = '';
    // The document now holds every journaled line: a failed reset only leaves lines a reader
    // ignores (their base is the old document), and writes bypass the journal until it works.
    await this.journal.reset(documentHash(docText)).catch(() => {});
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

  async close(): Promise<void> {
    await this.appender.close();
    await this.journal.close();
  }
}
