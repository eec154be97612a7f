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
 *   ['l', path, length]  the array at `path` is cut to `length`;
 *   ['r', path, count]   `count` elements are removed from an array, from the one at `path`.
 * `diffJson(old, cur)` gives the operations that turn `old` into `cur` as JSON sees them (members
 * whose value is undefined do not exist), at the deepest level that changed; a value with more
 * than MAX_OPS_IN_VALUE changes inside is set whole. Only plain objects and arrays are compared
 * member by member; anything else that is not identical is set whole. An array whose elements
 * moved up because some were removed (a voter's new ballot replaces their old one at the end of
 * the list) is one removal and the appended elements, not a change of every element after it.
 */

export type JsonPath = (string | number)[];
export type JsonOp = ['s', JsonPath, unknown] | ['d', JsonPath] | ['l', JsonPath, number] | ['r', JsonPath, number];

/** More changes than this inside one value: the value is set whole (smaller, and simpler to replay). */
const MAX_OPS_IN_VALUE = 8;
/** Removals looked for at the first difference of two arrays. */
const MAX_REMOVED = 16;

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

const hasOwn = (o: object, k: string | number) => Object.prototype.hasOwnProperty.call(o, k);

/** The operations that turn `old` into `cur` (both JSON documents; neither is changed). */
export function diffJson(old: unknown, cur: unknown): JsonOp[] {
  if (!(Array.isArray(old) && Array.isArray(cur)) && !(isObject(old) && isObject(cur)))
    throw new Error('diffJson compares two objects or two arrays');
  const ops: JsonOp[] = [];
  // One path stack for the whole walk, copied only into an operation: the walk visits every
  // value of the document on each commit and must not allocate for the ones that did not change.
  const path: JsonPath = [];
  const at = (key: string | number): JsonPath => [...path, key];

  const member = (key: string | number, a: unknown, b: unknown): void => {
    if (a === b) return;
    const containers = (Array.isArray(a) && Array.isArray(b)) || (isObject(a) && isObject(b));
    if (!containers) return void ops.push(['s', at(key), b]);
    const before = ops.length;
    path.push(key);
    walk(a, b);
    path.pop();
    if (ops.length - before > MAX_OPS_IN_VALUE) {
      ops.length = before;
      ops.push(['s', at(key), b]);
    }
  };

  const walkArray = (a: unknown[], b: unknown[]): void => {
    let first = 0;
    while (first < a.length && first < b.length && sameJson(a[first], b[first])) first++;
    if (first === a.length && first === b.length) return;
    const removed = removedAt(a, b, first);
    if (removed > 0) {
      ops.push(['r', at(first), removed]);
      for (let i = a.length - removed; i < b.length; i++) ops.push(['s', at(i), b[i]]);
      return;
    }
    const common = Math.min(a.length, b.length);
    for (let i = first; i < common; i++) member(i, a[i], b[i]);
    for (let i = common; i < b.length; i++) ops.push(['s', at(i), b[i]]);
    if (b.length < a.length) ops.push(['l', path.slice(), b.length]);
  };

  const walk = (a: unknown, b: unknown): void => {
    if (Array.isArray(a)) return walkArray(a, b as unknown[]);
    const x = a as Obj;
    const y = b as Obj;
    for (const k in y) {
      const v = y[k];
      if (v === undefined) continue;
      if (hasOwn(x, k) && x[k] !== undefined) member(k, x[k], v);
      else ops.push(['s', at(k), v]);
    }
    for (const k in x) if (x[k] !== undefined && (!hasOwn(y, k) || y[k] === undefined)) ops.push(['d', at(k)]);
  };

  walk(old, cur);
  return ops;
}

/**
 * How many elements of `a` from `first` on were removed to give `b`: the elements of `a` after
 * them (at least one) start over at `first` in `b`, and `b` only appends after those. 0 when that
 * is not so (a change in place, or removals at the end only: the element-wise walk says those best).
 */
function removedAt(a: unknown[], b: unknown[], first: number): number {
  for (let n = 1; n <= MAX_REMOVED; n++) {
    const rest = a.length - first - n;
    if (rest < 1) return 0;
    if (b.length - first < rest) continue;
    let j = 0;
    while (j < rest && sameJson(a[first + n + j], b[first + j])) j++;
    if (j === rest) return n;
  }
  return 0;
}

/** Whether two JSON values are equal as JSON (members whose value is undefined do not exist). */
function sameJson(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameJson(x[i], y[i])) return false;
    return true;
  }
  if (!isObject(x) || !isObject(y)) return false;
  let members = 0;
  for (const k in x) {
    const v = x[k];
    if (v === undefined) continue;
    if (!hasOwn(y, k) || !sameJson(v, y[k])) return false;
    members++;
  }
  for (const k in y) if (y[k] !== undefined) members--;
  return members === 0;
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
  } else if (kind === 'r' && op.length === 3) {
    const count = op[2];
    if (!Array.isArray(parent) || !Number.isInteger(last) || !Number.isInteger(count) || (count as number) < 1)
      throw new Error('not a removal from an array');
    if ((last as number) < 0 || (last as number) + (count as number) > parent.length) throw new Error('index out of range');
    parent.splice(last as number, count as number);
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
