/**
 * The store's write-ahead journal (src/storage/journal.ts, journal-writer.ts, store-adapter.ts):
 * a commit is one durable journal write; readers replay the lines that continue the document;
 * interrupted writes, checkpoints cut short and damaged journals. On a recording in-memory fs.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry, Db } from '../../../src/domain/model.js';
import { chainJournal, documentHash, journalLine as lineOfJson, readJournalFile } from '../../../src/storage/journal.js';
import { StoreAdapter } from '../../../src/storage/store-adapter.js';
import { recordingFs } from './recording-fs.js';
import { decode, DOC, docText as doc, entry, JOURNAL, JOURNAL1, line, LOG } from './store-files.js';

/** A journal line with these audit entries. */
const journalLine = (seq: number, base: string, auditCount: number, fresh: AuditEntry[], body: string, delta = false) =>
  lineOfJson(
    seq,
    base,
    auditCount,
    fresh.map((e) => JSON.stringify(e)),
    body,
    delta,
  );
/** A document holding these processed keys. */
const docText = (auditCount: number, keys: string[] = []) => doc(auditCount, { processed: keys.map((key) => ({ key, at: 'x' })) });
const keys = (db: Readonly<Db>) => db.processed.map((p) => p.key);
const add = (db: Db, key: string, n: number) => {
  db.processed.push({ key, at: 'x' });
  db.audit.push(entry(n));
};

async function open(files: Record<string, string>, fs = recordingFs()) {
  for (const [p, t] of Object.entries(files)) fs.files.set(p, t);
  const adapter = new StoreAdapter(DOC, fs.fs, decode);
  const db = (await adapter.read())!;
  fs.calls.length = 0;
  return { ...fs, adapter, db };
}
const readBack = async (files: Map<string, string>) => {
  const rec = recordingFs();
  for (const [p, t] of files) rec.files.set(p, t);
  return (await new StoreAdapter(DOC, rec.fs, decode).read())!;
};

describe('journal: a commit', () => {
  it('is one durable journal write; the document and the log wait for the checkpoint', async () => {
    const { adapter, db, calls, files } = await open({ [DOC]: docText(1), [LOG]: line(1) });
    add(db, 'a', 2);
    await adapter.write(db);
    add(db, 'b', 3);
    calls.length = 0;
    await adapter.write(db);
    expect(calls).toEqual([['write', JOURNAL]]);
    // The line holds the change (one processed key, the count), not the document.
    const [header, body] = files.get(JOURNAL)!.split('\n')[1].split('\t');
    expect(JSON.parse(header)).toMatchObject({ seq: 2, auditCount: 3, d: 1 });
    expect(JSON.parse(body)).toEqual([
      ['s', ['processed', 1], { key: 'b', at: 'x' }],
      ['s', ['auditCount'], 3],
    ]);
    expect(files.get(DOC)).toBe(docText(1));
    expect(files.get(LOG)).toBe(line(1));

    const seen = await readBack(files);
    expect(keys(seen)).toEqual(['a', 'b']);
    expect(seen.audit).toEqual([entry(1), entry(2), entry(3)]);

    await adapter.checkpoint();
    expect(files.get(JOURNAL)).toBe('');
    expect(files.get(JOURNAL1)).toBe('');
    expect(JSON.parse(files.get(DOC)!)).toMatchObject({ auditCount: 3, processed: [{ key: 'a' }, { key: 'b' }] });
    expect(files.get(LOG)).toBe(line(1) + line(2) + line(3));
    expect(await readBack(files)).toEqual(seen);
  });

  it('that fails is cut off again: the caller is rejected, the next commit follows the last good line', async () => {
    const rec = recordingFs();
    let failNext = false;
    const fs = {
      ...rec.fs,
      write: async (h: object, data: string) => {
        await rec.fs.write(h, failNext ? data.slice(0, 40) : data); // a torn write reaches the disk…
        if (failNext) throw Object.assign(new Error('EIO'), { code: 'EIO' }); // …and fails
      },
    };
    const { adapter, db, files } = await open({ [DOC]: docText(0) }, { ...rec, fs });
    add(db, 'a', 1);
    await adapter.write(db);
    const good = files.get(JOURNAL);
    failNext = true;
    add(db, 'lost', 2);
    await expect(adapter.write(db)).rejects.toThrow('EIO');
    expect(files.get(JOURNAL)).toBe(good);
    failNext = false;
    const restored = adapter.lastDurable()!;
    expect(keys(restored)).toEqual(['a']);
    add(restored, 'b', 2);
    await adapter.write(restored);
    const seen = await readBack(files);
    expect(keys(seen)).toEqual(['a', 'b']);
    expect(seen.audit).toEqual([entry(1), entry(2)]);
  });
});

describe('journal: a checkpoint beside the commits', () => {
  it('moves the state so far while later commits go to the other file; readers see everything at every step', async () => {
    let release!: () => void;
    const rec = recordingFs({ gate: { op: 'rename', wait: new Promise<void>((r) => (release = r)) } });
    const { adapter, db, files } = await open({ [DOC]: docText(0) }, rec);
    add(db, 'a', 1);
    await adapter.write(db);
    add(db, 'b', 2);
    await adapter.write(db);
    const background = adapter.beginCheckpoint()!;
    expect(adapter.beginCheckpoint()).toBeNull(); // one at a time
    add(db, 'c', 3);
    await adapter.write(db); // not held by the checkpoint's rename
    expect(files.get(JOURNAL1)).toContain('"target":"t3"');
    const during = await readBack(files);
    expect(keys(during)).toEqual(['a', 'b', 'c']);
    expect(during.audit).toEqual([entry(1), entry(2), entry(3)]);

    release();
    await background;
    expect(JSON.parse(files.get(DOC)!).processed.map((p: { key: string }) => p.key)).toEqual(['a', 'b']);
    expect(files.get(LOG)).toBe(line(1) + line(2));
    expect(files.get(JOURNAL)).toBe('');
    const after = await readBack(files);
    expect(keys(after)).toEqual(['a', 'b', 'c']);
    expect(after.audit).toEqual([entry(1), entry(2), entry(3)]);

    await adapter.checkpoint();
    expect(files.get(LOG)).toBe(line(1) + line(2) + line(3));
    expect(files.get(JOURNAL1)).toBe('');
    expect(keys(await readBack(files))).toEqual(['a', 'b', 'c']);
  });

  it('that fails leaves both files in use (readers chain them); the next checkpoint does it alone', async () => {
    const rec = recordingFs();
    let failRename = true;
    const fs = {
      ...rec.fs,
      rename: async (from: string, to: string) => {
        if (failRename) throw Object.assign(new Error('EIO on rename'), { code: 'EIO' });
        return rec.fs.rename(from, to);
      },
    };
    const { adapter, db, files } = await open({ [DOC]: docText(0) }, { ...rec, fs });
    add(db, 'a', 1);
    await adapter.write(db);
    const background = adapter.beginCheckpoint()!;
    add(db, 'b', 2);
    await adapter.write(db);
    await expect(background).rejects.toThrow('EIO on rename');
    expect(files.get(LOG) ?? '').toBe('');
    expect(keys(await readBack(files))).toEqual(['a', 'b']);
    expect(adapter.canBeginCheckpoint).toBe(false);
    failRename = false;
    await adapter.checkpoint();
    expect(files.get(JOURNAL)! + files.get(JOURNAL1)!).toBe('');
    expect(files.get(LOG)).toBe(line(1) + line(2));
    expect(keys(await readBack(files))).toEqual(['a', 'b']);
  });
});

describe('journal: after a crash', () => {
  it('a torn last line is ignored by readers and cut off by the next checkpoint', async () => {
    const base = documentHash(docText(0));
    const l1 = journalLine(1, base, 1, [entry(1)], docText(1, ['a']));
    const torn = journalLine(2, base, 2, [entry(2)], docText(2, ['a', 'b'])).slice(0, -7);
    const { adapter, db, files } = await open({ [DOC]: docText(0), [JOURNAL]: l1 + torn });
    expect(keys(db)).toEqual(['a']);
    expect(adapter.journal.size).toBe(Buffer.byteLength(l1 + torn));
    await adapter.checkpoint();
    expect(files.get(JOURNAL)).toBe('');
    expect(JSON.parse(files.get(DOC)!).processed).toEqual([{ key: 'a', at: 'x' }]);
  });

  it('lines of an older document (checkpoint interrupted before the reset) are already in it and ignored', async () => {
    const old = documentHash(docText(0));
    const journal = journalLine(1, old, 1, [entry(1)], docText(1, ['a']));
    const db = await readBack(
      new Map([
        [DOC, docText(1, ['a'])],
        [LOG, line(1)],
        [JOURNAL, journal],
      ]),
    );
    expect(keys(db)).toEqual(['a']);
    expect(db.audit).toEqual([entry(1)]); // not twice
  });

  it('a checkpoint whose reset fails leaves lines readers ignore; writes bypass the journal until it is emptied', async () => {
    const rec = recordingFs();
    let failCut = true;
    const fs = {
      ...rec.fs,
      cut: async (h: object, n: number) => {
        if (failCut) throw Object.assign(new Error('EIO on cut'), { code: 'EIO' });
        return rec.fs.cut(h, n);
      },
    };
    const { adapter, db, files } = await open({ [DOC]: docText(0) }, { ...rec, fs });
    add(db, 'a', 1);
    await adapter.write(db);
    await adapter.checkpoint();
    expect(adapter.journal.broken).toBe(true);
    expect(files.get(JOURNAL)).not.toBe('');
    expect(keys(await readBack(files))).toEqual(['a']);
    add(db, 'b', 2);
    await adapter.write(db); // the document way, while the journal cannot be trusted
    expect(JSON.parse(files.get(DOC)!).processed.map((p: { key: string }) => p.key)).toEqual(['a', 'b']);
    failCut = false;
    await adapter.checkpoint();
    expect(adapter.journal.broken).toBe(false);
    expect(files.get(JOURNAL)).toBe('');
    const seen = await readBack(files);
    expect(keys(seen)).toEqual(['a', 'b']);
    expect(seen.audit).toEqual([entry(1), entry(2)]);
  });
});

describe('journal: reading', () => {
  const base = documentHash(docText(1));
  const doc1 = { text: docText(1), hash: base };
  const l = (seq: number, count: number, fresh: AuditEntry[], from = base) => journalLine(seq, from, count, fresh, docText(count));
  const read = (...texts: string[]) => texts.map((t, i) => readJournalFile(t, `/j${i}`));

  it('takes the continuing lines, in order, and reports complete and torn bytes', () => {
    const text = l(1, 2, [entry(2)]) + l(2, 4, [entry(3), entry(4)]) + '{"seq":3,';
    const [file] = read(text);
    expect(file).toMatchObject({ base, tornBytes: 9, completeBytes: Buffer.byteLength(text) - 9 });
    const j = chainJournal([file], doc1, 1);
    expect(j).toMatchObject({ records: 2, auditCount: 4, entries: [entry(2), entry(3), entry(4)] });
    expect(j.docText).toBe(docText(4));
  });

  it('replays deltas on the document, and whole states as older writers journaled them', () => {
    const delta = (seq: number, count: number, ops: unknown[]) => journalLine(seq, base, count, [entry(count)], JSON.stringify(ops), true);
    const text =
      delta(2, 2, [
        ['s', ['processed', 0], { key: 'a', at: 'x' }],
        ['s', ['auditCount'], 2],
      ]) +
      journalLine(3, base, 3, [entry(3)], docText(3, ['a', 'b'])) +
      delta(4, 4, [
        ['s', ['processed', 2], { key: 'c', at: 'x' }],
        ['s', ['auditCount'], 4],
      ]);
    const nothing = journalLine(1, base, 1, [], '[]', true);
    const j = chainJournal(read(nothing + text), doc1, 1);
    expect(j).toMatchObject({ records: 4, auditCount: 4, entries: [entry(2), entry(3), entry(4)] });
    expect(JSON.parse(j.docText!)).toEqual(JSON.parse(docText(4, ['a', 'b', 'c'])));
  });

  it("chains the second file when its lines continue the first file's last line, in either file order", () => {
    const first = l(1, 2, [entry(2)]);
    const second = l(1, 3, [entry(3)], documentHash(docText(2)));
    for (const files of [read(first, second), read(second, first)]) {
      const j = chainJournal(files, doc1, 1);
      expect(j).toMatchObject({ records: 2, auditCount: 3, entries: [entry(2), entry(3)] });
      expect(j.docText).toBe(docText(3));
    }
    // Once the document is the first file's last line (checkpoint done, file not yet emptied):
    const after = chainJournal(read(first, second), { text: docText(2), hash: documentHash(docText(2)) }, 2);
    expect(after).toMatchObject({ records: 1, entries: [entry(3)] });
  });

  it.each([
    ['a skipped number', () => l(1, 2, [entry(2)]) + l(3, 3, [entry(3)]), /numbered 3/],
    ['entries that do not continue the trail', () => l(1, 3, [entry(3)]), /continues the audit trail at 2, expected 1/],
    ['an entry that is not an audit entry', () => journalLine(1, base, 2, [{ actor: 3 } as unknown as AuditEntry], docText(2)), /line 1: /],
    [
      'a change that does not fit the document',
      () => journalLine(1, base, 2, [entry(2)], '[["s",["nope","x"],1]]', true),
      /line 1: change 1 .*no "nope" there/,
    ],
    ['a change that is not JSON', () => journalLine(1, base, 2, [entry(2)], '[["s",', true), /line 1: /],
  ])('refuses a journal with %s (store_corrupt)', (_name, text, problem) => {
    const err = (() => {
      try {
        chainJournal(read(text()), doc1, 1);
      } catch (e) {
        return e as { code: string; params: { problem: string } };
      }
      return null;
    })();
    expect(err).toMatchObject({ code: 'store_corrupt' });
    expect(err!.params.problem).toMatch(problem);
  });
});
