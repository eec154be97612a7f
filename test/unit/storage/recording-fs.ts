/** An in-memory FsPort that records every call in order; `fail` makes an operation reject, `gate` holds it. */
import type { FsHandle, FsPort } from '../../../src/storage/durable-adapter.js';

type Call = [string, ...string[]];

/** Records every call; `fail` makes the named operation reject; `gate` holds it until released. */
export function recordingFs(opts: { fail?: string; gate?: { op: string; wait: Promise<void> } } = {}) {
  const calls: Call[] = [];
  const files = new Map<string, string>();
  const pending = new Map<FsHandle, { path: string; data: string; durable?: boolean }>();
  const step = async (op: string, ...args: string[]) => {
    calls.push([op, ...args]);
    if (opts.gate?.op === op) await opts.gate.wait;
    if (opts.fail === op) throw Object.assign(new Error(`${op} failed`), { code: 'EIO' });
  };
  const fs: FsPort = {
    async open(path) {
      await step('open', path);
      const h = { path };
      pending.set(h, { path, data: '' });
      return h;
    },
    async write(h, data) {
      await step('write', pending.get(h)!.path);
      const file = pending.get(h)!;
      file.data += data;
      if (file.durable) files.set(file.path, file.data); // O_DSYNC: durable as it returns
    },
    async fsync(h) {
      await step('fsync', pending.get(h)!.path);
      files.set(pending.get(h)!.path, pending.get(h)!.data);
    },
    async close(h) {
      await step('close', pending.get(h)!.path);
    },
    async rename(from, to) {
      await step('rename', from, to);
      files.set(to, files.get(from)!);
      files.delete(from);
    },
    async fsyncDir(dir) {
      await step('fsyncDir', dir);
    },
    async openAppend(path) {
      await step('openAppend', path);
      const h = { path };
      // Appends land after what is durable so far (a recording fs has no page cache to lose).
      pending.set(h, { path, data: files.get(path) ?? '' });
      return h;
    },
    async openDurableAppend(path) {
      await step('openDurableAppend', path);
      const h = { path };
      pending.set(h, { path, data: files.get(path) ?? '', durable: true });
      return h;
    },
    async cut(h, length) {
      const file = pending.get(h)!;
      await step('cut', file.path, String(length));
      file.data = Buffer.from(file.data, 'utf8').subarray(0, length).toString('utf8');
      files.set(file.path, file.data);
    },
    async truncate(path, length) {
      await step('truncate', path, String(length));
      files.set(
        path,
        Buffer.from(files.get(path) ?? '', 'utf8')
          .subarray(0, length)
          .toString('utf8'),
      );
    },
    async readFile(path) {
      await step('readFile', path);
      if (!files.has(path)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return files.get(path)!;
    },
    async unlink(path) {
      await step('unlink', path);
      files.delete(path);
    },
  };
  return { fs, calls, files };
}
