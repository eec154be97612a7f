/**
 * The compiled fast path (src/cards/compile.ts) must expand every card exactly as
 * adaptivecards-templating does: each fixture of each card, plus the edge cases of the rules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ACData from 'adaptivecards-templating';
import { compileTemplate, FallBack } from '../../../src/cards/compile.js';
import { CARDS_DIR, cardNames, expandCompiled, renderCard, renderWithLibrary } from '../../../src/cards/render.js';

const fixturesOf = (card: string): { name: string; data: object }[] => {
  const dir = path.join(CARDS_DIR, 'fixtures', card);
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files.map((f) => ({ name: f, data: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as object }));
};

/** Each expansion gets its own copy: both paths may fix texts inside objects the data hands over. */
const clone = <T>(v: T): T => structuredClone(v);
const library = (template: unknown, data: object) => new ACData.Template(template).expand({ $root: data });
const compiled = (template: unknown, data: object) => {
  const c = compileTemplate(template);
  if (!c) throw new Error('not compiled');
  return c(data);
};

describe('compiled card templates equal adaptivecards-templating', () => {
  const cases = cardNames().flatMap((card) => fixturesOf(card).map((f) => ({ card, ...f })));
  it('has fixtures to compare', () => {
    expect(cases.length).toBeGreaterThan(90);
  });

  for (const { card, name, data } of cases) {
    it(`${card}/${name}`, () => {
      let fast: unknown;
      try {
        fast = expandCompiled(card, clone(data));
      } catch (err) {
        if (!(err instanceof FallBack)) throw err;
        return; // this data needs the library; renderCard uses it
      }
      if (fast === null) return; // template not compiled
      // The compiled path fixes leading numbers while expanding; the library path walks afterwards.
      expect(fast).toEqual(renderWithLibrary(card, clone(data)));
      expect(renderCard(card, clone(data))).toEqual(fast);
    });
  }

  it('most cards run compiled for some fixture (so the comparisons above compare something)', () => {
    const compiledCards = new Set<string>();
    for (const { card, data } of cases) {
      try {
        if (expandCompiled(card, clone(data)) !== null) compiledCards.add(card);
      } catch (err) {
        if (!(err instanceof FallBack)) throw err;
      }
    }
    expect(compiledCards.size).toBeGreaterThanOrEqual(8);
    expect(compiledCards.has('risk-ballot')).toBe(true);
  });

  it('the ballot cards (the voter’s card answers every click) run compiled for every fixture, without falling back', () => {
    for (const [name, min] of [['risk-ballot-voter', 5], ['risk-ballot', 9]] as const) {
      const fixtures = fixturesOf(name);
      expect(fixtures.length).toBeGreaterThanOrEqual(min);
      for (const f of fixtures) {
        const fast = expandCompiled(name, clone(f.data));
        expect(fast).not.toBeNull();
        expect(fast).toEqual(renderWithLibrary(name, clone(f.data)));
      }
    }
  });

  it('renderCard keeps leading numbers on both paths, in template TextBlocks and in objects the data hands over', () => {
    const data = clone(fixturesOf('risk-ballot')[0]!.data) as { title: string; risks: { heading: string }[] };
    data.title = '2. Risikoafstemning';
    data.risks[0]!.heading = '10. R1 · noget\n3. linje';
    const card = renderCard('risk-ballot', clone(data)) as { body: object[] };
    // The title's TextBlock, wherever the layout puts it in the card's first element.
    expect(JSON.stringify(card.body[0])).toContain(JSON.stringify('2.\u00a0Risikoafstemning'));
    expect(JSON.stringify(card)).toContain('10.\u00a0R1 · noget\n3.\u00a0linje'.replace(/\n/g, '\\n'));
    expect(card).toEqual(renderWithLibrary('risk-ballot', clone(data)));
    // A template whose data hands over whole TextBlocks: the compiled hooks fix them too.
    const hooks = { text: (s: string) => s.replace(/^(\d+)\. /gm, '$1.\u00a0'), value: (v: object) => void (Array.isArray(v) ? v : [v]).forEach((b: any) => b?.type === 'TextBlock' && (b.text = hooks.text(b.text))) };
    const c = compileTemplate({ body: '${blocks}', extra: [{ type: 'TextBlock', text: '${t}' }, { type: 'Image', text: '4. not a TextBlock' }] }, hooks)!;
    expect(c({ blocks: [{ type: 'TextBlock', text: '1. a' }], t: '5. b' })).toEqual({
      body: [{ type: 'TextBlock', text: '1.\u00a0a' }],
      extra: [{ type: 'TextBlock', text: '5.\u00a0b' }, { type: 'Image', text: '4. not a TextBlock' }],
    });
  });
});

describe('compile.ts follows the library on the edge cases', () => {
  const template = {
    type: 'AdaptiveCard',
    body: [
      { type: 'TextBlock', $when: '${show}', text: '${title}' },
      { type: 'TextBlock', $when: '${missingFlag}', text: 'never' },
      { type: 'TextBlock', $when: '${notBoolean}', text: 'dropped: "yes" is not true' },
      { type: 'Container', $data: '${items}', items: [{ type: 'TextBlock', text: '${name} (${$index}) of ${$root.title}' }] },
      { type: 'Container', $data: '${none}', items: [] },
      { type: 'Container', $data: '${one}', items: [{ type: 'TextBlock', text: '${name}' }] },
      { type: 'TextBlock', $data: '${items}', $when: '${keep}', text: '${name}' },
      { type: 'Input.ChoiceSet', choices: [{ title: '${$root.labels[1].title}', value: 'b' }], value: '${number}' },
    ],
    refresh: { userIds: '${ids}' },
    nested: { $when: '${show}', a: 1 },
    gone: { $when: '${missingFlag}', a: 1 },
  };
  const data = {
    show: true,
    title: 'T',
    notBoolean: 'yes',
    items: [
      { name: 'a', keep: true },
      { name: 'b', keep: false },
      { name: 'c', keep: true },
    ],
    none: [],
    one: [{ name: 'only' }],
    labels: [{ title: 'x' }, { title: 'y' }],
    number: 42,
    ids: ['u1', 'u2'],
  };

  it('expands $when, $data (arrays, empty, single), $index, $root, typed values and interpolation alike', () => {
    expect(compiled(template, data)).toEqual(library(template, data));
  });

  it('falls back where the library would substitute a missing value', () => {
    const t = { type: 'TextBlock', text: '${absent}' };
    expect(() => compiled(t, {})).toThrow(FallBack);
    expect(library(t, {})).toEqual({ type: 'TextBlock', text: '${absent}' });
    expect(() => compiled(t, { absent: null })).toThrow(FallBack);
  });

  it('falls back where the library would find a name case-insensitively', () => {
    expect(() => compiled({ text: '${Title}' }, { title: 'x' })).toThrow(FallBack);
    expect(() => compiled({ $when: '${Show}', a: 1 }, { show: true })).toThrow(FallBack);
    expect(library({ $when: '${Show}', a: 1 }, { show: true })).toEqual({ a: 1 });
  });

  it('does not compile what it does not understand', () => {
    expect(compileTemplate({ text: "${count(items) > 0}" })).toBeNull();
    expect(compileTemplate({ $when: "${a != ''}", text: 'x' })).toBeNull();
    expect(compileTemplate({ text: 'a \\n ${b}' })).toBeNull();
    expect(compileTemplate({ $data: [{ a: 1 }], text: 'x' })).toBeNull();
    expect(compileTemplate({ text: 'plain', n: 3, b: false, z: null })).not.toBeNull();
  });

  it('a random mix of present, absent and wrongly typed fields either matches the library or falls back', () => {
    const t = {
      body: [
        { $when: '${a}', text: '${b}' },
        { $data: '${list}', text: '${x} ${y}' },
        { text: 'n=${n}' },
      ],
    };
    const values = [undefined, null, true, false, 0, 7, '', 's', [], [{ x: 1, y: 'q' }], [{ x: 'p' }], { x: 1, y: 2 }];
    let matched = 0;
    let fellBack = 0;
    for (let i = 0; i < 600; i++) {
      const pick = (k: number) => values[(i * 7 + k * 13 + ((i >> k) & 3)) % values.length];
      const d: Record<string, unknown> = {};
      for (const [k, key] of ['a', 'b', 'list', 'n'].entries()) {
        const v = pick(k);
        if (v !== undefined) d[key] = v;
      }
      let fast: unknown;
      try {
        fast = compiled(t, d);
      } catch (err) {
        if (!(err instanceof FallBack)) throw err;
        fellBack += 1;
        continue;
      }
      expect(fast, JSON.stringify(d)).toEqual(library(t, d));
      matched += 1;
    }
    expect(matched).toBeGreaterThan(20);
    expect(fellBack).toBeGreaterThan(20);
  });
});
