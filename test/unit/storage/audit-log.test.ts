/**
 * The audit trail's append-only log (src/storage/audit-log.ts, store-adapter.ts): the order of the
 * file operations of a checkpoint (which moves journaled entries into the log and the state into
 * the document), a failed checkpoint, a crash between append and document, damaged logs and the
 * move of an inline (v2) trail into the log. All on a recording in-memory file system.
 */
import { describe, expect, it } from 'vitest';
import { emptyDb, type AuditEntry, type Db } from '../../../src/domain/model.js';
import { StoreAdapter } from '../../../src/storage/store-adapter.js';
import { recordingFs } from './recording-fs.js';
import { decode, DOC, docText, entry, JOURNAL, line, LOG } from './store-files.js';

/** A commit (one journal line) and its checkpoint into the log and the document. */
const writeThrough = async (adapter: StoreAdapter, db: Db) => {
  await adapter.write(db);
  await adapter.checkpoint();
};
async function adapterWith(files: Record<string, string>, fail?: string) {
  const rec = recordingFs(fail ? { fail } : {});
  for (const [p, t] of Object.entries(files)) rec.files.set(p, t);
  const adapter = new StoreAdapter(DOC, rec.fs, decode);
  const db = await adapter.read();
  rec.calls.length = 0;
  return { ...rec, adapter, db: db! };
}

describe('audit log: writing', () => {
  it('appends only the new entries and fsyncs the log before the document is replaced', async () => {
    const { adapter, db, calls, files } = await adapterWith({ [DOC]: docText(1), [LOG]: line(1) });
    expect(db.audit).toEqual([entry(1)]);
    db.audit.push(entry(2), entry(3));
    await adapter.write(db);
    expect(files.get(LOG)).toBe(line(1)); // journaled, not yet in the log
    calls.length = 0;
    await adapter.checkpoint();
    const ops = calls
      .filter((c) => !c[1].includes('.journal-'))
      .map((c) => `${c[0]} ${c[1] === LOG ? 'log' : c[1] === DOC ? 'doc' : c[1] === '/data' ? 'dir' : 'tmp'}`);
    // The append and the temp file are written and fsynced side by side; the rename waits for both.
    const log = ops.filter((o) => o.endsWith(' log'));
    const tmp = ops.filter((o) => o.endsWith(' tmp'));
    expect(log).toEqual(['openAppend log', 'write log', 'fsync log']);
    expect(tmp).toEqual(['open tmp', 'write tmp', 'fsync tmp', 'close tmp', 'rename tmp']);
    expect(ops.indexOf('rename tmp')).toBeGreaterThan(ops.indexOf('fsync log'));
    expect(ops.indexOf('rename tmp')).toBeGreaterThan(ops.indexOf('fsync tmp'));
    expect(ops.indexOf('rename tmp')).toBeGreaterThan(ops.indexOf('fsyncDir dir')); // the new log's name is durable first
    expect(ops.at(-1)).toBe('fsyncDir dir');
    expect(calls.at(-1)?.[0]).toBe('cut'); // the journal is emptied last
    expect(calls.filter((c) => c[0] === 'cut').map((c) => c[2])).toEqual(['0', '0']);
    expect(files.get(LOG)).toBe(line(1) + line(2) + line(3));
    expect(JSON.parse(files.get(DOC)!).auditCount).toBe(3);
    expect(JSON.parse(files.get(DOC)!).audit).toBeUndefined();

    // The next write appends through the same handle, with no directory fsync.
    calls.length = 0;
    db.audit.push(entry(4));
    await writeThrough(adapter, db);
    expect(calls.filter((c) => c[1] === LOG).map((c) => c[0])).toEqual(['write', 'fsync']);
    expect(calls.filter((c) => c[0] === 'fsyncDir')).toHaveLength(1); // only the document's rename
    expect(files.get(LOG)).toBe(line(1) + line(2) + line(3) + line(4));

    // A write without new entries does not touch the log.
    calls.length = 0;
    await writeThrough(adapter, db);
    expect(calls.some((c) => c[1] === LOG)).toBe(false);
  });

  it('never renames the document before the append is durable, however slow its fsync', async () => {
    let release!: () => void;
    const wait = new Promise<void>((r) => (release = r));
    const rec = recordingFs({ gate: { op: 'fsync', wait } });
    rec.files.set(DOC, docText(0));
    const adapter = new StoreAdapter(DOC, rec.fs, decode);
    const db = (await adapter.read())!;
    db.audit.push(entry(1));
    const done = writeThrough(adapter, db);
    await new Promise((r) => setTimeout(r, 20));
    expect(rec.calls.map((c) => c[0])).not.toContain('rename'); // both fsyncs are held
    release();
    await done;
    expect(rec.files.get(LOG)).toBe(line(1));
  });

  it('a failed append fails the checkpoint and leaves the document as it was, the journal keeps the commit', async () => {
    const rec = recordingFs();
    rec.files.set(DOC, docText(1));
    rec.files.set(LOG, line(1));
    const fs = {
      ...rec.fs,
      fsync: async (h: object) => {
        if ((h as { path: string }).path === LOG) throw Object.assign(new Error('EIO on the log'), { code: 'EIO' });
        return rec.fs.fsync(h);
      },
    };
    const adapter = new StoreAdapter(DOC, fs, decode);
    const db = (await adapter.read())!;
    db.audit.push(entry(2));
    await adapter.write(db);
    await expect(adapter.checkpoint()).rejects.toThrow('EIO on the log');
    expect(JSON.parse(rec.files.get(DOC)!).auditCount).toBe(1);
    expect(rec.files.get(LOG)).toBe(line(1));
    expect([...rec.files.keys()].filter((p) => p.endsWith('.tmp'))).toEqual([]);
    // The commit stays durable in the journal: a reader sees it.
    const reader = new StoreAdapter(DOC, rec.fs, decode);
    expect((await reader.read())!.audit).toEqual([entry(1), entry(2)]);
  });

  it('cuts the new lines off again when the checkpoint cannot replace the document; the journal keeps them', async () => {
    const { adapter, db, files, calls } = await adapterWith({ [DOC]: docText(1), [LOG]: line(1) }, 'rename');
    db.audit.push(entry(2));
    await adapter.write(db);
    await expect(adapter.checkpoint()).rejects.toThrow(/rename failed/);
    expect(calls.map((c) => c[0])).toContain('truncate');
    expect(files.get(LOG)).toBe(line(1));
    expect(adapter.lastDurable()!.audit).toEqual([entry(1), entry(2)]);
    expect(adapter.journal.records).toBe(1);
  });

  it('refuses a trail that shrank (the log is append-only)', async () => {
    const { adapter, db } = await adapterWith({ [DOC]: docText(2), [LOG]: line(1) + line(2) });
    db.audit.pop();
    await expect(adapter.write(db)).rejects.toMatchObject({ code: 'internal' });
  });
});

describe('audit log: a writer keeps only the newest entries in memory', () => {
  it('trims db.audit after each durable write; the log and the count keep everything; a reader sees it all', async () => {
    const rec = recordingFs();
    rec.files.set(DOC, docText(0));
    const writer = new StoreAdapter(DOC, rec.fs, decode, 3);
    const db = (await writer.read())!;
    db.audit.push(entry(1), entry(2), entry(3), entry(4), entry(5));
    await writeThrough(writer, db);
    expect(db.audit).toEqual([entry(3), entry(4), entry(5)]);
    expect(JSON.parse(rec.files.get(DOC)!).auditCount).toBe(5);
    db.audit.push(entry(6), entry(7));
    await writeThrough(writer, db);
    expect(db.audit).toEqual([entry(5), entry(6), entry(7)]);
    expect(JSON.parse(rec.files.get(DOC)!).auditCount).toBe(7);
    expect(rec.files.get(LOG)).toBe([1, 2, 3, 4, 5, 6, 7].map(line).join(''));

    // A failed write restores the durable tail; the next write appends after entry 7.
    const failing = {
      ...rec.fs,
      write: async (h: object, data: string) => {
        if ((h as { path: string }).path === JOURNAL) throw Object.assign(new Error('EIO'), { code: 'EIO' });
        return rec.fs.write(h, data);
      },
    };
    const w2 = new StoreAdapter(DOC, failing, decode, 3);
    const db2 = (await w2.read())!;
    expect(db2.audit).toEqual([entry(5), entry(6), entry(7)]);
    db2.audit.push(entry(8));
    await expect(w2.write(db2)).rejects.toThrow('EIO');
    expect(w2.lastDurable()!.audit).toEqual([entry(5), entry(6), entry(7)]);
    expect(rec.files.get(LOG)).toBe([1, 2, 3, 4, 5, 6, 7].map(line).join(''));

    const reader = new StoreAdapter(DOC, rec.fs, decode);
    expect((await reader.read())!.audit).toHaveLength(7);
  });
});

describe('audit log: reading', () => {
  it('after a crash between append and document: readers take the counted entries, the writer cuts the rest off', async () => {
    const { adapter, db, files } = await adapterWith({ [DOC]: docText(2), [LOG]: line(1) + line(2) + line(3) + '{"at":"2026-01-01T0' });
    expect(db.audit).toEqual([entry(1), entry(2)]);
    expect(adapter.excessAuditBytes).toBe(Buffer.byteLength(line(3) + '{"at":"2026-01-01T0'));
    expect(await adapter.dropUnfinishedAppend()).toBeGreaterThan(0);
    expect(files.get(LOG)).toBe(line(1) + line(2));
    db.audit.push(entry(9));
    await writeThrough(adapter, db);
    expect(files.get(LOG)).toBe(line(1) + line(2) + line(9));
  });

  it('counts bytes, not characters (names with æøå)', async () => {
    const dane = { ...entry(1), actor: 'Søren Ærø Åberg' };
    const text = JSON.stringify(dane) + '\n';
    const { adapter, files } = await adapterWith({ [DOC]: docText(1), [LOG]: text + line(2) });
    await adapter.dropUnfinishedAppend();
    expect(files.get(LOG)).toBe(text);
  });

  it.each([
    ['shorter than the document says', line(1), /holds 1 complete entries, the store expects 2/],
    ['missing altogether', null, /holds 0 complete entries, the store expects 2/],
    ['cut inside the last counted line', line(1) + line(2).slice(0, 20), /holds 1 complete entries/],
    ['damaged in a counted line', line(1) + '{not json}\n', /line 2 is not valid JSON/],
    ['holding a line that is not an audit entry', line(1) + '{"actor": 3}\n', /line 2: /],
  ])('refuses a log %s (store_corrupt), changing nothing', async (_name, log, problem) => {
    const rec = recordingFs();
    rec.files.set(DOC, docText(2));
    if (log !== null) rec.files.set(LOG, log);
    const adapter = new StoreAdapter(DOC, rec.fs, decode);
    const err = await adapter.read().catch((e) => e);
    expect(err).toMatchObject({ code: 'store_corrupt', params: { path: LOG } });
    expect(err.params.problem).toMatch(problem);
    expect(rec.calls.every((c) => c[0] === 'readFile')).toBe(true);
  });
});

describe('audit log: moving an inline trail (schema v2) out of the document', () => {
  const v2 = (audit: AuditEntry[]) => {
    const { audit: _a, ...rest } = emptyDb();
    return JSON.stringify({ ...rest, schemaVersion: 2, audit });
  };

  it('writes the whole log (temp, fsync, rename) before the v3 document', async () => {
    const { adapter, db, calls, files } = await adapterWith({ [DOC]: v2([entry(1), entry(2)]) });
    expect(db.audit).toEqual([entry(1), entry(2)]);
    db.audit.push(entry(3));
    await adapter.write(db);
    const renames = calls.filter((c) => c[0] === 'rename').map((c) => c[2]);
    expect(renames).toEqual([LOG, DOC]);
    expect(files.get(LOG)).toBe(line(1) + line(2) + line(3));
    expect(JSON.parse(files.get(DOC)!)).toMatchObject({ schemaVersion: 3, auditCount: 3 });
  });

  it('a failed document write leaves the v2 file, which is moved again next time', async () => {
    const rec = recordingFs();
    rec.files.set(DOC, v2([entry(1)]));
    let renames = 0;
    const fs = {
      ...rec.fs,
      rename: async (from: string, to: string) => {
        renames += 1;
        if (to === DOC && renames === 2) throw Object.assign(new Error('EIO'), { code: 'EIO' });
        return rec.fs.rename(from, to);
      },
    };
    const adapter = new StoreAdapter(DOC, fs, decode);
    const db = (await adapter.read())!;
    db.audit.push(entry(2));
    await expect(adapter.write(db)).rejects.toThrow('EIO');
    expect(JSON.parse(rec.files.get(DOC)!).schemaVersion).toBe(2);
    const restored = adapter.lastDurable()!;
    expect(restored.audit).toEqual([entry(1)]);
    restored.audit.push(entry(3));
    await adapter.write(restored);
    expect(rec.files.get(LOG)).toBe(line(1) + line(3));
    expect(JSON.parse(rec.files.get(DOC)!)).toMatchObject({ schemaVersion: 3, auditCount: 2 });
  });
});
