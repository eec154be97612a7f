import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { emptyDb, type Db } from '../../src/domain/model.js';
import { nodeFs, type FsPort } from '../../src/storage/durable-adapter.js';
import { openStore } from '../../src/storage/lowdb-store.js';
import { fixedClock, tempDir } from '../unit/storage/fixtures.js';

/** Real disk, but each journal write (a commit) can be held by the test, or made to fail. */
function gatedFs() {
  const held: (() => void)[] = [];
  let notify: (() => void) | null = null;
  let failWrites = 0;
  const journals = new WeakSet<object>();
  const fs: FsPort = {
    ...nodeFs,
    openDurableAppend: async (p) => {
      const h = await nodeFs.openDurableAppend(p);
      journals.add(h);
      return h;
    },
    write: async (h, data) => {
      if (!journals.has(h)) return nodeFs.write(h, data);
      if (gate.on) {
        await new Promise<void>((r) => {
          held.push(r);
          notify?.();
        });
      }
      if (failWrites > 0) {
        failWrites -= 1;
        throw Object.assign(new Error('EIO: simulated disk error'), { code: 'EIO' });
      }
      return nodeFs.write(h, data);
    },
  };
  const gate = {
    on: false,
    fs,
    /** Resolves once a write is held at its journal write. */
    held: () => (held.length > 0 ? Promise.resolve() : new Promise<void>((r) => (notify = r))),
    release: () => held.shift()!(),
    failNextWrites: (n: number) => (failWrites = n),
  };
  return gate;
}

/**
 * The store as the files on disk hold it, read independently of the store's code: the document,
 * as its `audit` the first `auditCount` lines of the audit log, and then the journal: the file
 * whose lines continue this document (their base is its hash), then the file continuing that
 * file's last line; the last line's state, and their entries.
 */
const onDisk = (path: string): Db => {
  const docText = readFileSync(path, 'utf8');
  const { auditCount, ...file } = JSON.parse(docText);
  const lines = readOr(`${path}.audit.jsonl`).split('\n').slice(0, auditCount);
  expect(lines.length, 'audit log holds the entries the document counts').toBe(auditCount);
  let state = file;
  const audit = lines.map((l: string) => JSON.parse(l));
  const files = [0, 1].map((i) =>
    readOr(`${path}.journal-${i}`)
      .split('\n')
      .slice(0, -1)
      .map((line) => line.split('\t'))
      .map(([header, doc]) => ({ header: JSON.parse(header), doc })),
  );
  let base = hash(docText);
  let whole = JSON.parse(docText);
  for (;;) {
    const next = files.find((f) => f.length > 0 && f[0].header.base === base);
    if (!next) break;
    files.splice(files.indexOf(next), 1);
    for (const { header, doc } of next) {
      audit.push(...header.audit);
      if (header.d === 1) for (const op of JSON.parse(doc)) applyChange(whole, op);
      else whole = JSON.parse(doc);
      const { auditCount: _journaled, ...rest } = whole;
      state = rest;
    }
    base = hash(JSON.stringify(whole));
  }
  return { ...state, audit };
};
/** A journal delta's operation (['s', path, value] | ['d', path] | ['l', path, length] | ['r', path, count]), applied as the format describes. */
const applyChange = (root: Record<string, unknown>, [kind, path, arg]: [string, (string | number)[], unknown]) => {
  const parent = path.slice(0, -1).reduce<any>((at, step) => at[step], root); // eslint-disable-line @typescript-eslint/no-explicit-any
  const last = path.at(-1)!;
  if (kind === 's') parent[last] = arg;
  else if (kind === 'd') delete parent[last];
  else if (kind === 'r') parent.splice(last, arg);
  else parent[last].length = arg;
};
const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);
const readOr = (p: string) => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return ''; // not created yet: fine while nothing was written there
  }
};
const keys = (db: Readonly<Db>) => db.processed.map((p) => p.key);
const add = (key: string) => (db: Db) => void db.processed.push({ key, at: 'x' });

let dir: string;
let cleanup: () => void;
let path: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  path = join(dir, 'styrebot.json');
});
afterEach(() => cleanup());

describe('opening', () => {
  it('creates a missing store durably with the empty data set and no last-good copy', async () => {
    const store = await openStore({ path, clock: fixedClock() });
    const { audit, ...rest } = emptyDb();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ ...rest, auditCount: audit.length });
    expect(onDisk(path)).toEqual(emptyDb());
    expect(store.openedFromVersion).toBeNull();
    expect(store.describe()).toEqual({ path, ok: true });
    await store.close();
    // the document, its (empty) audit log and its two journal files, empty after the checkpoint at close
    expect(readdirSync(dir).sort()).toEqual([
      'styrebot.json',
      'styrebot.json.audit.jsonl',
      'styrebot.json.journal-0',
      'styrebot.json.journal-1',
    ]);
    expect(readFileSync(`${path}.journal-0`, 'utf8') + readFileSync(`${path}.journal-1`, 'utf8')).toBe('');
  });

  it('rotates the last-good copy on every writer start, before writing', async () => {
    const s1 = await openStore({ path });
    await s1.update(add('first'));
    await s1.close();
    const s2 = await openStore({ path });
    expect(keys(onDisk(`${path}.bak`))).toEqual(['first']);
    await s2.update(add('second'));
    expect(keys(onDisk(`${path}.bak`))).toEqual(['first']);
    await s2.close();
  });
});

describe('audit trail in memory', () => {
  it('a writer keeps the newest keepAudit entries; a read-only open and the log have them all', async () => {
    const store = await openStore({ path, clock: fixedClock(), keepAudit: 10 });
    for (let i = 0; i < 25; i++)
      await store.update((_db, tx) => tx.audit({ actor: 'u', action: 'test.write', groupId: null, target: `t${i}` }));
    expect(store.read().audit.map((a) => a.target)).toEqual(Array.from({ length: 10 }, (_, i) => `t${i + 15}`));
    const reader = await openStore({ path, readOnly: true });
    expect(reader.read().audit).toHaveLength(25);
    expect(onDisk(path).audit).toHaveLength(25);
    await reader.close();
    await store.close();
  });
});

describe('group commit', () => {
  it('applies updates that arrive during a write in order and commits them in one shared write', async () => {
    const g = gatedFs();
    const store = await openStore({ path, fs: g.fs });
    g.on = true;
    const settled: string[] = [];
    const first = store.update(add('a')).then(() => settled.push('a'));
    await g.held(); // write 1 (with 'a') is in flight
    const rest = Array.from({ length: 99 }, (_, i) => store.update(add(`b${i}`)).then(() => settled.push(`b${i}`)));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toEqual([]);
    expect(keys(onDisk(path))).toEqual([]); // nothing acknowledged, nothing claimed durable

    g.release();
    await first;
    await g.held(); // write 2 (all 99) is in flight
    expect(settled).toEqual(['a']);
    expect(keys(onDisk(path))).toEqual(['a']);

    g.release();
    await Promise.all(rest);
    expect(keys(onDisk(path))).toEqual(['a', ...Array.from({ length: 99 }, (_, i) => `b${i}`)]);
    expect(store.stats()).toMatchObject({ writes: 2, mutations: 100, largestBatch: 99 });
    g.on = false;
    await store.close();
  });

  it('loses nothing from 500 concurrent mutations by 50 users, in far fewer writes', async () => {
    const clock = fixedClock();
    const store = await openStore({ path, clock });
    await store.update((db) => {
      db.groups.push({ ...emptyGroup(), id: 'g1' });
    });
    const users = Array.from({ length: 50 }, (_, u) => `aad-${u}`);
    const ids = await Promise.all(
      users.flatMap((user) =>
        Array.from({ length: 10 }, (_, n) =>
          store.update((db, tx) => {
            const id = tx.nextId('A');
            db.actions.push({
              groupId: 'g1',
              id,
              text: `${user} #${n}`,
              owner: { name: user, aadObjectId: user },
              due: null,
              status: 'open',
              source: { kind: 'chat', meeting: null, item: null, risk: null },
              createdBy: user,
              createdAt: tx.now.toISOString(),
            });
            tx.audit({ actor: user, action: 'action.create', groupId: 'g1', target: id });
            return id;
          }),
        ),
      ),
    );
    expect(new Set(ids).size).toBe(500);
    const stats = store.stats();
    expect(stats.mutations).toBe(501);
    expect(stats.writes).toBeLessThanOrEqual(5);
    await store.close();
    const disk = onDisk(path);
    expect(disk.actions).toHaveLength(500);
    expect(disk.audit).toHaveLength(500);
    expect(disk.seq).toBe(500);
    expect(new Set(disk.actions.map((a) => a.text)).size).toBe(500);
  });

  it('keeps writes far below mutations when 50 users each do 20 updates one after another', async () => {
    const store = await openStore({ path });
    await Promise.all(
      Array.from({ length: 50 }, async (_, u) => {
        for (let n = 0; n < 20; n++) await store.update(add(`${u}.${n}`));
      }),
    );
    const { writes, mutations } = store.stats();
    expect(mutations).toBe(1000);
    expect(writes).toBeLessThanOrEqual(60);
    await store.close();
    expect(onDisk(path).processed).toHaveLength(1000);
  });
});

describe('failures', () => {
  it('rejects the callers of a failed write, resets memory to the durable state, and recovers', async () => {
    const g = gatedFs();
    const store = await openStore({ path, fs: g.fs });
    await store.update(add('kept'));
    g.failNextWrites(1);
    const results = await Promise.allSettled([store.update(add('lost1')), store.update(add('lost2'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'store_write_failed', params: { path } });
    expect(store.describe().ok).toBe(false);
    expect(keys(store.read())).toEqual(['kept']);
    expect(keys(onDisk(path))).toEqual(['kept']);

    await store.update(add('after'));
    expect(store.describe().ok).toBe(true);
    expect(keys(onDisk(path))).toEqual(['kept', 'after']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(store.stats().failedWrites).toBe(1);
    await store.close();
  });

  it('a throwing mutator rejects only its own caller; the rest of its batch is written', async () => {
    const store = await openStore({ path });
    const results = await Promise.allSettled([
      store.update(add('x')),
      store.update(() => {
        throw new Error('validation failed');
      }),
      store.update(add('y')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(keys(onDisk(path))).toEqual(['x', 'y']);
    await store.close();
  });
});

describe('close', () => {
  it('writes everything already accepted, then refuses updates and frees the lock', async () => {
    const store = await openStore({ path });
    const pending = Array.from({ length: 10 }, (_, i) => store.update(add(`k${i}`)));
    await store.close();
    await Promise.all(pending);
    expect(onDisk(path).processed).toHaveLength(10);
    await expect(store.update(add('late'))).rejects.toMatchObject({ code: 'store_closed' });
    const again = await openStore({ path });
    expect(again.read().processed).toHaveLength(10);
    await again.close();
  });
});

function emptyGroup() {
  return {
    id: '',
    name: 'G',
    createdAt: '2025-01-01T00:00:00.000Z',
    locale: 'da' as const,
    timezone: 'Europe/Copenhagen',
    conversation: {
      serviceUrl: 's',
      channelId: 'msteams',
      conversationId: 'c',
      conversationType: 'channel' as const,
      tenantId: null,
      botId: 'b',
    },
    roster: [],
    standingItems: [],
    reminderOffsets: { days: [], hours: [], atTime: '09:00' },
    escalationTarget: null,
    linkedChats: [],
    counters: { meeting: 0, risk: 0, action: 0, round: 0, escalation: 0 },
  };
}
