/**
 * An instance's in-memory copy of the PostgreSQL store: the last committed JSON of every row, the
 * `Db` merged from them (what `read()` returns and mutators change), the newest audit entries,
 * and how far this instance has followed the other instances' commits (watermarks).
 */
import { emptyDb, type AuditEntry, type Db } from '../../domain/model.js';
import { GLOBAL_PART, mergeParts, splitDb, type PartDoc } from './partition.js';
import type { Changes, Own, WriteInput } from './rows.js';

interface Cached {
  pos: number;
  rev: number;
  json: string;
  doc: PartDoc;
}

export class Replica {
  db: Db = emptyDb();
  /** Newest row revision and audit id up to which everything committed is in memory. */
  rev = 0;
  auditId = 0;
  private readonly cache = new Map<string, Cached>();
  private readonly audit: AuditEntry[] = [];
  private readonly auditIds: number[] = [];
  /** This instance's commits above the watermarks (not read back from the server). */
  private readonly own: { revs: Set<number>; auditIds: Set<number> } = { revs: new Set(), auditIds: new Set() };

  constructor(private readonly keepAudit: number) {
    this.db.audit = this.audit;
  }

  get empty(): boolean {
    return this.cache.size === 0;
  }

  /** Whether a change notice's revision is already in memory. */
  knows(rev: number): boolean {
    return rev <= this.rev || this.own.revs.has(rev);
  }

  ownSince(): Own {
    return { revs: [...this.own.revs], auditIds: [...this.own.auditIds] };
  }

  /** Rows and audit entries read from the server into memory; true when anything changed. */
  absorb(ch: Changes): boolean {
    let rows = 0;
    for (const p of ch.parts) {
      const old = this.cache.get(p.part);
      if (old && old.rev >= p.rev) continue;
      rows += 1;
      if (p.doc === null) this.cache.delete(p.part);
      else this.cache.set(p.part, { pos: p.pos, rev: p.rev, json: JSON.stringify(p.doc), doc: p.doc });
    }
    for (const a of ch.audit) this.addAudit(a.id, a.entry);
    this.rev = Math.max(this.rev, ch.rev);
    this.auditId = Math.max(this.auditId, ch.auditId);
    for (const r of this.own.revs) if (r <= this.rev) this.own.revs.delete(r);
    for (const id of this.own.auditIds) if (id <= this.auditId) this.own.auditIds.delete(id);
    this.trimAudit();
    if (rows) this.rebuild();
    return rows > 0 || ch.audit.length > 0;
  }

  /** The Db from the cached rows (groups in creation order); the audit array is kept. */
  rebuild(): void {
    const groups = [...this.cache.entries()].filter(([k]) => k !== GLOBAL_PART).sort((a, b) => a[1].pos - b[1].pos);
    // No global row yet: a new database, whose first commit writes the empty document.
    const global = this.cache.get(GLOBAL_PART)?.doc ?? splitDb(emptyDb()).get(GLOBAL_PART)!;
    this.db = mergeParts(
      global,
      groups.map(([, c]) => c.doc),
    );
    this.db.audit = this.audit;
  }

  /** Memory back to the last committed rows: `parts` (the rows a mutator changed), or all. */
  restore(parts?: Iterable<string>): void {
    const which = parts ? [...parts] : [...this.cache.keys()];
    for (const part of which) {
      const c = this.cache.get(part);
      if (c) c.doc = JSON.parse(c.json);
    }
    this.rebuild();
  }

  /** Replaces the whole document (a store opened from an older schema, migrated in memory). */
  replace(db: Db): void {
    this.db = db;
    this.db.audit = this.audit;
  }

  /** The rows whose JSON differs from the last commit (memory after the mutators). */
  diff(): { write: WriteInput; next: Map<string, { json: string; doc: PartDoc }> } {
    const next = new Map<string, { json: string; doc: PartDoc }>();
    const write: WriteInput = { parts: [], audit: [] };
    for (const [part, doc] of splitDb(this.db)) {
      const json = JSON.stringify(doc);
      const old = this.cache.get(part);
      next.set(part, { json, doc });
      if (old?.json !== json) write.parts.push({ part, pos: old ? old.pos : null, json });
    }
    for (const part of this.cache.keys()) if (!next.has(part)) write.parts.push({ part, pos: null, json: null });
    return { write, next };
  }

  /** After COMMIT: the written rows and audit entries become the committed state. */
  committed(write: WriteInput, next: Map<string, { json: string; doc: PartDoc }>, rev: number, auditIds: number[]): void {
    for (const p of write.parts) {
      if (p.json === null) this.cache.delete(p.part);
      else this.cache.set(p.part, { pos: p.pos ?? rev, rev, json: p.json, doc: next.get(p.part)!.doc });
    }
    this.own.revs.add(rev);
    write.audit.forEach((entry, i) => {
      this.own.auditIds.add(auditIds[i]);
      this.addAudit(auditIds[i], entry);
    });
    this.trimAudit();
  }

  /** In id order: another instance's entry committed just before ours may arrive after it. */
  private addAudit(id: number, entry: AuditEntry): void {
    let i = this.auditIds.length;
    while (i > 0 && this.auditIds[i - 1] > id) i -= 1;
    if (i > 0 && this.auditIds[i - 1] === id) return;
    if (this.auditIds.length >= this.keepAudit && i === 0) return; // older than what is kept
    this.auditIds.splice(i, 0, id);
    this.audit.splice(i, 0, entry);
  }

  private trimAudit(): void {
    const over = this.audit.length - this.keepAudit;
    if (over > 0) {
      this.audit.splice(0, over);
      this.auditIds.splice(0, over);
    }
  }
}
