import { describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/storage/lowdb-store.js';
import { storeFileSchema } from '../../src/storage/schema.js';
import { startChild, tempDir } from '../unit/storage/fixtures.js';

const RUNS = 24;
const TOTAL = 1000;

/**
 * A writer killed with SIGKILL at a random moment must not lose any change it acknowledged, and
 * must leave a file that parses and validates. Half the runs kill after a random number of
 * acknowledgements (right as the next group write is in flight), half after a random delay.
 */
describe('store survives SIGKILL', () => {
  it(`keeps every acknowledged change over ${RUNS} random kills of a writer doing ${TOTAL} concurrent updates`, async () => {
    const summary: string[] = [];
    let killedMidway = 0;
    for (let run = 0; run < RUNS; run++) {
      const { dir, cleanup } = tempDir();
      try {
        const path = join(dir, 'styrebot.json');
        const child = startChild(['write', path, String(TOTAL), '50']);
        await child.waitFor((l) => l === 'ready');
        const byAcks = run % 2 === 0;
        if (byAcks) {
          const k = 1 + Math.floor(Math.random() * (TOTAL - 100));
          await Promise.race([child.waitFor(() => child.lines.length - 1 >= k), child.waitFor((l) => l.startsWith('done'))]);
        } else {
          await new Promise((r) => setTimeout(r, Math.random() * 200));
        }
        child.proc.kill('SIGKILL');
        const { signal } = await child.exited;
        const acked = child.lines.filter((l) => l.startsWith('ack ')).map((l) => l.slice(4));
        if (signal === 'SIGKILL' && !child.lines.some((l) => l.startsWith('done'))) killedMidway += 1;

        const text = readFileSync(path, 'utf8');
        expect(storeFileSchema.safeParse(JSON.parse(text)).success).toBe(true);
        const store = await openStore({ path, readOnly: true });
        const stored = new Set(store.read().jobs.map((j) => j.id));
        const missing = acked.filter((id) => !stored.has(id));
        expect(missing, `run ${run}: acknowledged but lost`).toEqual([]);
        expect(store.read().audit.length).toBe(stored.size); // change and audit entry in one write
        expect(stored.size).toBeLessThanOrEqual(TOTAL);
        summary.push(`${acked.length}/${stored.size}`);
        await store.close();
        // The next writer cuts off the lines of an append the kill interrupted: the log then holds
        // exactly the entries of the durable changes, and appending goes on after them.
        // The killed writer's lock would go stale after its window; the process is gone, so skip the wait.
        rmSync(`${path}.lock`, { recursive: true, force: true });
        const writer = await openStore({ path });
        expect(writer.read().audit.length).toBe(stored.size);
        await writer.update((_db, tx) => tx.audit({ actor: 'after', action: 'test.after', groupId: null, target: null }));
        await writer.close();
        const lines = readFileSync(`${path}.audit.jsonl`, 'utf8').split('\n').filter(Boolean);
        expect(lines.length, `run ${run}: audit log after reopening`).toBe(stored.size + 1);
        expect(JSON.parse(lines.at(-1)!).actor).toBe('after');
      } finally {
        cleanup();
      }
    }
    console.log(`SIGKILL runs (acked/stored): ${summary.join(' ')}; killed mid-way: ${killedMidway}/${RUNS}`);
    expect(killedMidway).toBeGreaterThanOrEqual(RUNS / 2);
  }, 90_000);
});
