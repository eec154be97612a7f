/**
 * A real second process for the store's crash, lock and admin-socket tests
 * (run as `node --import tsx test/helpers/store-child.ts <mode> …`).
 *
 *   write <path> <total> <concurrency>
 *       `concurrency` workers issue `total` updates in all, each adding a job with a fresh id;
 *       prints `ack <id>` only after that update's promise resolved (= durable). The test
 *       SIGKILLs it at a random moment and checks every acknowledged id survived.
 *   hold <path> [lockStaleMs]
 *       opens the store as writer and serves the admin socket (`ping`, `addJob`) until killed.
 *
 * stdout to a pipe is synchronous on Linux: a printed line is in the pipe before the next one.
 */
import { openStore } from '../../src/storage/lowdb-store.js';
import { adminSocketPathFor, startAdminServer } from '../../src/storage/admin-socket.js';

const [mode, path, a, b] = process.argv.slice(2);
const say = (line: string) => process.stdout.write(line + '\n');

async function write(total: number, concurrency: number) {
  const store = await openStore({ path });
  say('ready');
  let issued = 0;
  const worker = async (w: number) => {
    while (issued < total) {
      issued += 1;
      const id = await store.update((db, tx) => {
        const id = tx.nextId(`w${w}`);
        db.jobs.push({ id, kind: 'crash-test', dueAt: tx.now.toISOString(), payload: { w }, status: 'pending' });
        tx.audit({ actor: `worker-${w}`, action: 'test.write', groupId: null, target: id });
        return id;
      });
      say(`ack ${id}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  say(`done ${JSON.stringify(store.stats())}`);
  await store.close();
}

async function hold(lockStaleMs: number | undefined) {
  const store = await openStore({ path, lockStaleMs });
  await startAdminServer(adminSocketPathFor(store.path), {
    ping: async () => ({ pid: process.pid }),
    addJob: async (args) =>
      store.update((db, tx) => {
        const id = tx.nextId('admin');
        db.jobs.push({ id, kind: 'admin', dueAt: tx.now.toISOString(), payload: { args } as Record<string, unknown>, status: 'pending' });
        return id;
      }),
  });
  say(`ready ${process.pid}`);
  setInterval(() => {}, 1 << 30); // stay alive until killed
}

if (mode === 'write') await write(Number(a ?? 1000), Number(b ?? 50));
else if (mode === 'hold') await hold(a ? Number(a) : undefined);
else throw new Error(`unknown mode ${mode}`);
