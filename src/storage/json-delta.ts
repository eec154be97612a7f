/**
 * The change between two JSON documents as a list of operations, and their replay: what a journal
 * line holds instead of the whole store document (journal.ts).
 *
 * Why: a commit used to journal the whole document. At 500 clicks/s that was ~15 MB/s of
 * document text, each copy made three times (the JSON, the line, its UTF-8 bytes) — most of what
 * the bot allocated per click, and what made the young-generation collections long enough to
 * show in the slowest answers. A ballot changes a few hundred bytes of the document.
 *
 * Operations, applied in order (a path is object keys and array indexes from the root):
 *   ['s', path, value]   set: the member or element at `path` is now `value` (an index equal to
 *                        the array's length appends);
 *   ['d', path]          delete the object member at `path`;
 *   ['l', path, length]  the array at `path` is cut to `length`.
 * `diffJson(old, cur)` gives the operations that turn `old` into `cur` as JSON sees them (members
 * whose value is undefined do not exist), at the deepest level that changed. Only plain objects
 * and arrays are compared member by member; anything else that is not identical is set whole.
 */

export type JsonPath = (string | number)[];
export type JsonOp = ['s', JsonPath, unknown] | ['d', JsonPath] | ['l', JsonPath, number];

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

const hasOwn = (o: object, k: string | number) => Object.prototype.hasOwnProperty.call(o, k);

/** The operations that turn `old` into `cur` (both JSON documents; neither is changed). */
export function diffJson(old: unknown, cur: unknown): JsonOp[] {
  const ops: JsonOp[] = [];
  // One path stack for the whole walk, copied only into an operation: the walk visits every
  // value of the document on each commit and must not allocate for the ones that did not change.
  const path: JsonPath = [];
  const walk = (a: unknown, b: unknown): void => {
    if (a === b) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      const common = Math.min(a.length, b.length);
      for (let i = 0; i < common; i++) {
        path.push(i);
        walk(a[i], b[i]);
        path.pop();
      }
      for (let i = common; i < b.length; i++) ops.push(['s', [...path, i], b[i]]);
      if (b.length < a.length) ops.push(['l', path.slice(), b.length]);
    } else if (isObject(a) && isObject(b)) {
      for (const k in b) {
        const v = b[k];
        if (v === undefined) continue;
        if (hasOwn(a, k) && a[k] !== undefined) {
          path.push(k);
          walk(a[k], v);
          path.pop();
        } else ops.push(['s', [...path, k], v]);
      }
      for (const k in a) if (a[k] !== undefined && (!hasOwn(b, k) || b[k] === undefined)) ops.push(['d', [...path, k]]);
    } else if (path.length === 0) {
      throw new Error('diffJson compares two objects or two arrays');
    } else {
      ops.push(['s', path.slice(), b]);
    }
  };
  walk(old, cur);
  return ops;
}

/**
 * Applies operations (as parsed from JSON: nothing about them is trusted) to `root` in place.
 * Throws a plain Error naming the first operation that does not fit the document.
 */
export function applyOps(root: unknown, ops: unknown): void {
  if (!Array.isArray(ops)) throw new Error('the changes are not a list');
  ops.forEach((op: unknown, n) => {
    try {
      applyOp(root, op);
    } catch (err) {
      throw new Error(`change ${n + 1} ${JSON.stringify(op)?.slice(0, 120)}: ${(err as Error).message}`);
    }
  });
}

function applyOp(root: unknown, op: unknown): void {
  if (!Array.isArray(op) || !Array.isArray(op[1]) || op[1].length === 0) throw new Error('not an operation');
  const [kind, path] = op as [unknown, unknown[]];
  let parent: unknown = root;
  for (const step of path.slice(0, -1)) parent = member(parent, step);
  const last = path[path.length - 1];
  if (kind === 's' && op.length === 3) set(parent, last, op[2]);
  else if (kind === 'd' && op.length === 2) {
    if (!isObject(parent) || typeof last !== 'string' || !hasOwn(parent, last)) throw new Error('no such member');
    delete parent[last];
  } else if (kind === 'l' && op.length === 3) {
    const list = member(parent, last);
    const length = op[2];
    if (!Array.isArray(list) || !Number.isInteger(length) || (length as number) < 0 || (length as number) > list.length)
      throw new Error('not an array that long');
    list.length = length as number;
  } else throw new Error('not an operation');
}

/** An existing member or element (own members only: a path never reaches a prototype). */
function member(container: unknown, step: unknown): unknown {
  if (Array.isArray(container) && Number.isInteger(step) && (step as number) >= 0 && (step as number) < container.length)
    return container[step as number];
  if (isObject(container) && typeof step === 'string' && hasOwn(container, step)) return container[step];
  throw new Error(`no ${JSON.stringify(step)} there`);
}

function set(container: unknown, key: unknown, value: unknown): void {
  if (Array.isArray(container)) {
    if (!Number.isInteger(key) || (key as number) < 0 || (key as number) > container.length) throw new Error('index out of range');
    container[key as number] = value;
  } else if (isObject(container) && typeof key === 'string') {
    // defineProperty: a member named "__proto__" is data, as JSON.parse makes it, not the prototype.
    Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true });
  } else throw new Error('not a container for this key');
}
