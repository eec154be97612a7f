/**
 * The writer's side of the journal (journal.ts): appends one line per commit through a handle
 * whose writes are durable on return, and empties the journal after a checkpoint.
 *
 * After any failed append or reset the journal is `broken` until a reset succeeds: a line must
 * never follow bytes of unknown state, or a reader would stop before it.
 */
import { dirname } from 'node:path';
import type { AuditEntry } from '../domain/model.js';
import type { FsHandle, FsPort } from './durable-adapter.js';
import { journalLine } from './journal.js';

export class JournalWriter {
  private handle: FsHandle | null = null;
  private dirSynced = false;
  /** Bytes in the file that are complete lines (appends go after them). */
  private bytes = 0;
  private seq = 0;
  /** When the first line after the last reset was written (ms, performance.now()). */
  private firstAt = 0;
  broken = false;

  constructor(
    private readonly fs: FsPort,
    readonly path: string,
    /** Hash of the store document the lines continue. */
    private base: string,
  ) {}

  /** Lines since the last reset. */
  get records(): number {
    return this.seq;
  }

  get size(): number {
    return this.bytes;
  }

  /** Milliseconds since the oldest line still in the journal was written (0 when empty). */
  age(now = performance.now()): number {
    return this.seq === 0 ? 0 : now - this.firstAt;
  }

  /** The journal on disk continues `base` with `records` lines in `bytes` bytes (of complete lines). */
  resume(base: string, records: number, bytes: number): void {
    this.base = base;
    this.seq = records;
    this.bytes = bytes;
    this.firstAt = performance.now();
  }

  /** Append one commit; resolves once it is durable. On failure the journal is cut back (or broken). */
  async append(auditCount: number, fresh: readonly AuditEntry[], docText: string): Promise<void> {
    const line = journalLine(this.seq + 1, this.base, auditCount, fresh, docText);
    try {
      await this.fs.write(await this.open(), line);
    } catch (err) {
      await this.cutTo(this.bytes).catch(() => {
        this.broken = true;
      });
      throw err;
    }
    if (this.seq === 0) this.firstAt = performance.now();
    this.seq += 1;
    this.bytes += Buffer.byteLength(line, 'utf8');
  }

  /** The document on disk is now `base` (a checkpoint wrote it): drop every line, durably. */
  async reset(base: string): Promise<void> {
    this.base = base;
    this.seq = 0;
    try {
      await this.cutTo(0);
      this.broken = false;
    } catch (err) {
      this.broken = true;
      throw err;
    }
  }

  private async cutTo(length: number): Promise<void> {
    await this.fs.cut(await this.open(), length);
    this.bytes = length;
  }

  private async open(): Promise<FsHandle> {
    this.handle ??= await this.fs.openDurableAppend(this.path);
    if (!this.dirSynced) {
      // The journal may have just been created: its name must be durable before a line counts.
      await this.fs.fsyncDir(dirname(this.path));
      this.dirSynced = true;
    }
    return this.handle;
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    if (h) await this.fs.close(h);
  }
}
