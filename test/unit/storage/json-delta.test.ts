/**
 * The journal's deltas (src/storage/json-delta.ts): replaying diffJson(old, cur) on a copy of old
 * gives cur as JSON sees it, for documents shaped like the store and for random edits; replay
 * refuses operations that do not fit the document, and never reaches a prototype.
 */
import { describe, expect, it } from 'vitest';
import { applyOps, diffJson } from '../../../src/storage/json-delta.js';

const asJson = (v: unknown) => JSON.parse(JSON.stringify(v));
/** Replays the delta as the journal does: through its JSON text, on a parsed copy of `old`. */
const replay = (old: unknown, cur: unknown) => {
  const ops = JSON.stringify(diffJson(old, cur));
  const copy = asJson(old);
  applyOps(copy, JSON.parse(ops));
  return { copy, ops: JSON.parse(ops) };
};

/** A small deterministic random source (the cases are the same on every run). */
function random(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function randomValue(rnd: () => number, depth: number): unknown {
  const r = rnd();
  if (depth <= 0 || r < 0.35) return [null, true, false, 0, -1.5, 'x', 'Æø "å"\n', ''][Math.floor(rnd() * 8)];
  if (r < 0.65) return Array.from({ length: Math.floor(rnd() * 4) }, () => randomValue(rnd, depth - 1));
  return Object.fromEntries(
    Array.from({ length: Math.floor(rnd() * 4) }, (_, i) => [`k${Math.floor(rnd() * 5)}${i}`, randomValue(rnd, depth - 1)]),
  );
}

/** Changes one random place of `doc` in place: set, delete, push, pop, splice or replace a container. */
function randomEdit(rnd: () => number, doc: Record<string, unknown>): void {
  let at: unknown = doc;
  for (;;) {
    const keys = Array.isArray(at) ? at.map((_, i) => i) : Object.keys(at as object);
    if (keys.length === 0 || rnd() < 0.3) break;
    const k = keys[Math.floor(rnd() * keys.length)];
    const next = (at as Record<string | number, unknown>)[k];
    if (typeof next !== 'object' || next === null) break;
    at = next;
  }
  const r = rnd();
  if (Array.isArray(at)) {
    if (r < 0.3) at.push(randomValue(rnd, 2));
    else if (r < 0.5) at.pop();
    else if (r < 0.7 && at.length > 0) at.splice(Math.floor(rnd() * at.length), 1);
    else at[Math.floor(rnd() * (at.length + 1))] = randomValue(rnd, 2);
  } else {
    const o = at as Record<string, unknown>;
    const keys = Object.keys(o);
    if (r < 0.3 && keys.length > 0) delete o[keys[Math.floor(rnd() * keys.length)]];
    else if (r < 0.4 && keys.length > 0) o[keys[Math.floor(rnd() * keys.length)]] = undefined;
    else o[`n${Math.floor(rnd() * 6)}`] = randomValue(rnd, 2);
  }
}

describe('diffJson and applyOps', () => {
  it('turn a store-shaped document into its next state with a change as small as the ballot', () => {
    const ballots = Array.from({ length: 50 }, (_, i) => ({ voter: `v${i}`, choices: { R1: 'green', R2: 'red' }, comment: '' }));
    const old = { seq: 7, voteRounds: [{ id: 'V1', ballots }], processed: [{ key: 'a', at: 'x' }], auditCount: 3 };
    const cur = structuredClone(old);
    cur.voteRounds[0].ballots[17].choices.R2 = 'yellow';
    cur.processed.push({ key: 'b', at: 'y' });
    cur.auditCount = 4;
    const { copy, ops } = replay(old, cur);
    expect(copy).toEqual(cur);
    expect(ops).toEqual([
      ['s', ['voteRounds', 0, 'ballots', 17, 'choices', 'R2'], 'yellow'],
      ['s', ['processed', 1], { key: 'b', at: 'y' }],
      ['s', ['auditCount'], 4],
    ]);
  });

  it('says a voter’s ballot moved to the end as one removal and one append, not a change of every later ballot', () => {
    const ballot = (voter: string, colour: string) => ({ voter, choices: { R1: colour, R2: colour }, at: voter });
    const old = { ballots: ['a', 'b', 'c', 'd', 'e'].map((v) => ballot(v, 'green')) };
    const cur = { ballots: [old.ballots[0], old.ballots[2], old.ballots[3], old.ballots[4], ballot('b', 'red')] };
    const { copy, ops } = replay(old, cur);
    expect(copy).toEqual(cur);
    expect(ops).toEqual([
      ['r', ['ballots', 1], 1],
      ['s', ['ballots', 4], ballot('b', 'red')],
    ]);
  });

  it('sets a value whole when more than a few things inside it changed', () => {
    const old = { item: { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9 }, other: 1 };
    const cur = { item: { a: 0, b: 0, c: 0, d: 0, e: 0, f: 0, g: 0, h: 0, i: 0 }, other: 1 };
    expect(replay(old, cur).ops).toEqual([['s', ['item'], cur.item]]);
    const few = { item: { ...old.item, a: 0 }, other: 1 };
    expect(replay(old, few).ops).toEqual([['s', ['item', 'a'], 0]]);
  });

  it('gives no change for equal documents, and treats members set to undefined as absent', () => {
    const doc = { a: [1, { b: 'c' }], d: null };
    expect(diffJson(doc, structuredClone(doc))).toEqual([]);
    expect(diffJson(doc, { ...doc, e: undefined })).toEqual([]);
    expect(replay(doc, { a: doc.a, d: undefined }).copy).toEqual({ a: [1, { b: 'c' }] });
  });

  it('shortens arrays, replaces values of another type, and sets non-plain objects whole', () => {
    const old = { list: [1, 2, 3, 4], x: { y: 1 }, when: '2026-01-01T00:00:00.000Z' };
    const cur = { list: [1, 9], x: [1], when: new Date('2026-02-01T00:00:00.000Z') };
    const { copy } = replay(old, cur);
    expect(copy).toEqual(asJson(cur));
  });

  it('reproduces the new state for 2,000 random edits of random documents', () => {
    const rnd = random(42);
    for (let n = 0; n < 200; n++) {
      let doc = { root: randomValue(rnd, 4), other: randomValue(rnd, 3) } as Record<string, unknown>;
      for (let step = 0; step < 10; step++) {
        const before = asJson(doc);
        randomEdit(rnd, doc);
        const { copy } = replay(before, doc);
        expect(copy).toEqual(asJson(doc));
        doc = asJson(doc);
      }
    }
  });
});

describe('applyOps refuses what does not fit, and changes nothing beyond the document', () => {
  it.each([
    ['not a list', { s: 1 }, /not a list/],
    ['an unknown kind', [['x', ['a'], 1]], /not an operation/],
    ['an empty path', [['s', [], 1]], /not an operation/],
    ['a missing parent', [['s', ['nope', 'b'], 1]], /no "nope" there/],
    ['an index past the end', [['s', ['list', 5], 1]], /index out of range/],
    ['a delete of a missing member', [['d', ['zzz']]], /no such member/],
    ['a longer length', [['l', ['list'], 9]], /not an array that long/],
    ['a removal past the end', [['r', ['list', 1], 2]], /index out of range/],
    ['a removal from an object', [['r', ['a', 'b'], 1]], /not a removal from an array/],
    ['a path through the prototype', [['s', ['__proto__', 'polluted'], true]], /no "__proto__" there/],
    ['a path through an inherited member', [['s', ['constructor', 'prototype', 'polluted'], true]], /no "constructor" there/],
  ])('%s', (_name, ops, message) => {
    const doc = { list: [1, 2], a: { b: 1 } };
    expect(() => applyOps(doc, ops)).toThrow(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a member named "__proto__" is set as data, as JSON.parse makes it', () => {
    const doc = JSON.parse('{"a":1}');
    applyOps(doc, JSON.parse('[["s",["__proto__"],{"polluted":true}]]'));
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect(JSON.stringify(doc)).toBe('{"a":1,"__proto__":{"polluted":true}}');
  });
});
