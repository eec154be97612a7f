/**
 * The writer's side of the journal (journal.ts): appends one line per commit to the active file
 * through a handle whose writes are durable on return; `switchFiles` starts a checkpoint by
 * moving the commits to the other (empty) file; `empty` cuts a file back to nothing.
 *
 * After a failed append or cut the journal is `broken` until both files are emptied: a line must
 * never follow bytes of unknown state, or a reader would stop before it.
 */
import { dirname } from 'node:path';
import type { FsHandle, FsPort } from './durable-adapter.js';
import { journalLine } from './journal.js';

interface Slot {
  path: string;
  handle: FsHandle | null;
  /** Bytes in the file (complete lines, or anything not yet cut off). */
  bytes: number;
  /** Its directory was fsynced after this process opened (maybe created) it. */
  named: boolean;
}

export class JournalWriter {
  private readonly slots: [Slot, Slot];
  private active = 0;
  /** Lines in the active file. */
  private seq = 0;
  /** The hash the active file's lines continue. */
  private base = '';
  /** When the first line of the active file was written (performance.now()). */
  private firstAt = 0;
  broken = false;

  constructor(
    private readonly fs: FsPort,
    paths: [string, string],
  ) {
    this.slots = [
      { path: paths[0], handle: null, bytes: 0, named: false },
      { path: paths[1], handle: null, bytes: 0, named: false },
    ];
  }

  /** Lines in the active file (the ones a checkpoint has not started on). */
  get records(): number {
    return this.seq;
  }

  /** Bytes in both files. */
  get size(): number {
    return this.slots[0].bytes + this.slots[1].bytes;
  }

  /** Whether the inactive file is empty, so that a checkpoint can switch to it. */
  get canSwitch(): boolean {
    return !this.broken && this.slots[1 - this.active].bytes === 0;
  }

  /** Milliseconds since the active file's first line was written (0 when it has none). */
  age(now = performance.now()): number {
    return this.seq === 0 ? 0 : now - this.firstAt;
  }

  /** The files as read: `active` gets the next lines (continuing `base` after `records` lines). */
  resume(active: number, base: string, records: number, bytes: [number, number]): void {
    this.active = active;
    this.base = base;
    this.seq = records;
    this.slots[0].bytes = bytes[0];
    this.slots[1].bytes = bytes[1];
    this.firstAt = performance.now();
  }

  /**
   * Append one commit (`opsJson`: its change as json-delta.ts operations); resolves once it is
   * durable. On failure the file is cut back (or broken).
   */
  async append(auditCount: number, freshJson: readonly string[], opsJson: string): Promise<void> {
    const slot = this.slots[this.active];
    const line = journalLine(this.seq + 1, this.base, auditCount, freshJson, opsJson, true);
    try {
      await this.fs.write(await this.open(slot), line);
    } catch (err) {
      await this.cut(slot, slot.bytes).catch(() => {
        this.broken = true;
      });
      throw err;
    }
    if (this.seq === 0) this.firstAt = performance.now();
    this.seq += 1;
    slot.bytes += Buffer.byteLength(line, 'utf8');
  }

  /**
   * Commits go to the other file from now on, continuing `base` (the hash of the last line's
   * document). Returns the file left behind, for `empty` once its state is in the document.
   */
  switchFiles(base: string): number {
    const left = this.active;
    this.active = 1 - left;
    this.base = base;
    this.seq = 0;
    return left;
  }

  /** Cut one file back to nothing (its lines are in the document now). */
  async empty(index: number): Promise<void> {
    try {
      await this.cut(this.slots[index], 0);
    } catch (err) {
      this.broken = true;
      throw err;
    }
  }

  /** The document on disk is now `base` and holds every line: empty both files, durably. */
  async reset(base: string): Promise<void> {
    this.base = base;
    this.seq = 0;
    this.active = 0;
    try {
      for (const slot of this.slots) if (slot.bytes > 0 || slot.handle === null) await this.cut(slot, 0);
      this.broken = false;
    } catch (err) {
      this.broken = true;
      throw err;
    }
  }

  private async cut(slot: Slot, length: number): Promise<void> {
    await this.fs.cut(await this.open(slot), length);
    slot.bytes = length;
  }

  private async open(slot: Slot): Promise<FsHandle> {
    slot.handle ??= await this.fs.openDurableAppend(slot.path);
    if (!slot.named) {
      // The file may have just been created: its name must be durable before a line counts.
      await this.fs.fsyncDir(dirname(slot.path));
      slot.named = true;
    }
    return slot.handle;
  }

  async close(): Promise<void> {
    for (const slot of this.slots) {
      const h = slot.handle;
      slot.handle = null;
      if (h) await this.fs.close(h);
    }
  }
}
