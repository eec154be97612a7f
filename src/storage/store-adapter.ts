/**
 * lowdb's adapter for the store: the document (DurableAdapter: temp, fsync, rename, fsync dir),
 * the audit trail in its append-only log (audit-log.ts) and the write-ahead journal (journal.ts).
 *
 * A commit (`write`) is one journal line: the change since the last commit (json-delta.ts),
 * found by comparing the state with `durable`, a copy of the last durable document kept for that
 * (and to undo a failed commit, and as the checkpoint's text). A checkpoint moves the journaled
 * audit entries into the log and the last state into the document, the way every commit was
 * written before the journal:
 * `beginCheckpoint` (under load) switches the commits to the other journal file and runs beside
 * them; `checkpoint` (at open, close, when idle, or when a background one failed) runs alone and
 * empties both files. checkpointer.ts decides when.
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
import { AuditAppender, auditLines, auditLinesOf, auditPathFor } from './audit-log.js';
import { encodeStoreFile, storeFileView, withAudit } from './codec.js';
import { DurableAdapter, writeFileDurably, type FsPort } from './durable-adapter.js';
import { readDurableState } from './durable-state.js';
import { documentHash, journalPathsFor } from './journal.js';
import { JournalWriter } from './journal-writer.js';
import { applyOps, diffJson } from './json-delta.js';

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
  /** The document as on disk (the state is journaled past it when it differs from the last durable text). */
  private diskText: string | null = null;
  /** The last durable document (the state the journal's last line leaves), as parsed JSON; null before the first read or write. */
  private durable: Record<string, unknown> | null = null;
  /** Its text, once asked for (null: not made since the last commit changed it). */
  private durableTextCache: string | null = null;
  /** A checkpoint running beside the commits (beginCheckpoint). */
  private background: Promise<void> | null = null;

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
    this.journal = new JournalWriter(fs, journalPathsFor(path));
  }

  async read(): Promise<Db | null> {
    const state = await readDurableState(this.fs, this.path, this.decode);
    if (!state) return null;
    this.doc.lastReadText = state.diskText;
    this.setDurable(state.text);
    this.rewriteLog = state.log === null;
    this.excessAuditBytes = state.log?.excessBytes ?? 0;
    if (state.log) await this.appender.replaced(state.log.committedBytes);
    this.diskText = state.diskText;
    // Whatever the files hold is moved or cut off by the writer's first checkpoint (at open).
    const bytes = state.journalFiles.map((f) => f.completeBytes + f.tornBytes);
    this.journal.resume(0, documentHash(state.text), 0, [bytes[0] ?? 0, bytes[1] ?? 0]);
    this.unlogged = state.journal ? auditLines(state.journal.entries) : '';
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
      this.diskText = docText;
      this.setDurable(docText);
      await this.appender.replaced(Buffer.byteLength(text, 'utf8'));
      this.rewriteLog = false;
      this.unlogged = '';
      await this.journal.reset(documentHash(docText));
    } else {
      const fresh = audit.slice(this.inMemoryDurable);
      total = this.durableTotal + fresh.length;
      const freshJson = fresh.map((e) => JSON.stringify(e));
      const lines = auditLinesOf(freshJson);
      if (this.journal.broken) {
        const docText = encodeStoreFile(db, total);
        await this.background; // never two document writes at once
        await this.writeDocument(docText, this.unlogged + lines);
        this.setDurable(docText);
      } else {
        const opsJson = JSON.stringify(diffJson(this.durable, storeFileView(db, total)));
        await this.journal.append(total, freshJson, opsJson);
        // Replayed from the line's own text, exactly as a reader will (and no value shared with `db`).
        applyOps(this.durable, JSON.parse(opsJson));
        this.durableTextCache = null;
        this.unlogged += lines;
      }
    }
    this.durableTotal = total;
    // Durable now: drop the oldest from memory (in place — it is the store's own array).
    if (audit.length > this.keepAudit) audit.splice(0, audit.length - this.keepAudit);
    this.inMemoryDurable = audit.length;
    this.trail = audit;
  }

  /** Whether the journal files hold anything (lines, a torn write) or cannot be trusted. */
  get journaled(): boolean {
    return this.journal.size > 0 || this.journal.broken;
  }

  /** Whether a checkpoint can start beside the commits now (beginCheckpoint would not return null). */
  get canBeginCheckpoint(): boolean {
    return !this.background && !this.rewriteLog && this.journal.records > 0 && this.journal.canSwitch;
  }

  /**
   * Starts a checkpoint of the state so far that runs beside the next commits: they go to the
   * other journal file, whose lines continue this state; once the log and the document hold it,
   * the first file is emptied. If it fails, both files keep their lines (readers chain them) and
   * the next `checkpoint` does the work. Null when one cannot start now.
   */
  beginCheckpoint(): Promise<void> | null {
    if (!this.canBeginCheckpoint) return null;
    const docText = this.durableText()!;
    const lines = this.unlogged;
    this.unlogged = '';
    const left = this.journal.switchFiles(documentHash(docText));
    const run = (async () => {
      try {
        await this.replaceDocument(docText, lines);
      } catch (err) {
        this.unlogged = lines + this.unlogged;
        throw err;
      }
      await this.journal.empty(left);
    })();
    this.background = run.then(
      () => {},
      () => {},
    );
    void this.background.then(() => (this.background = null));
    return run;
  }

  /**
   * The last durable state into the log and the document, then both journal files emptied; alone
   * (after any background checkpoint). A failure leaves the state durable in the journal.
   */
  async checkpoint(): Promise<void> {
    await this.background;
    const last = this.durableText();
    if (last === null || this.rewriteLog) return;
    if (last !== this.diskText) await this.writeDocument(last, this.unlogged);
    else if (this.journaled) await this.journal.reset(documentHash(last));
  }

  /** Document and log replaced as in replaceDocument, then the journal emptied (the state is all in the document). */
  private async writeDocument(docText: string, lines: string): Promise<void> {
    await this.replaceDocument(docText, lines);
    this.unlogged = '';
    // A failed reset leaves lines a reader ignores (their base is no longer the document), and
    // writes bypass the journal until it works.
    await this.journal.reset(documentHash(docText)).catch(() => {});
  }

  /**
   * The document replaced by `docText`, with `lines` appended to the log alongside (the append
   * and the document's temp file are fsynced side by side; the rename waits for both).
   */
  private async replaceDocument(docText: string, lines: string): Promise<void> {
    const appended = lines ? this.appender.append(lines) : undefined;
    appended?.catch(() => {}); // handled below; it may fail before the document write gets to it
    try {
      await writeFileDurably(this.fs, this.path, docText, appended);
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
    this.diskText = docText;
  }

  /** The last durable state (document and the durable part of the trail), or null if nothing is on disk yet. */
  lastDurable(): Db | null {
    const text = this.durableText();
    if (text === null) return null;
    const file = this.decode(text);
    return withAudit(file, file.audit ?? this.trail.slice(0, this.inMemoryDurable));
  }

  private setDurable(text: string): void {
    this.durable = JSON.parse(text) as Record<string, unknown>;
    this.durableTextCache = text;
  }

  /** The last durable document's text (the checkpoint writes it; null before the first read or write). */
  private durableText(): string | null {
    if (this.durable === null) return null;
    return (this.durableTextCache ??= JSON.stringify(this.durable));
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
