/**
 * Word's automatic numbering (word/numbering.xml): what number or bullet a paragraph shows.
 * A paragraph names a list instance (w:numId) and a level (w:ilvl), directly or through its style;
 * the instance points to an abstract definition whose levels give the start value, the format
 * (decimal, letters, roman, bullet) and the text pattern ("%1.", "%1.%2", "Punkt %1:").
 * Counters belong to the abstract definition, so instances of one definition continue each
 * other's numbering unless an instance restarts a level (w:lvlOverride/w:startOverride).
 */
import { attr, childrenOf, firstChild, intAttr, type XmlElement } from './docx-xml.js';

interface Level {
  start: number;
  format: string;
  text: string;
  /** w:isLgl: every level shown in decimal ("1.1" under a roman outline). */
  legal: boolean;
}

interface Instance {
  abstractId: string;
  /** Start values that restart a level the first time this instance is used. */
  overrides: Map<number, number>;
  used: boolean;
}

/** Levels 0–8 exist in Word; anything else in a file is ignored. */
const MAX_LEVEL = 8;

export type ListLabel = { kind: 'bullet' } | { kind: 'number'; text: string };

function toRoman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const parts: [number, string][] = [
    [1000, 'm'],
    [900, 'cm'],
    [500, 'd'],
    [400, 'cd'],
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ];
  let out = '';
  for (const [v, s] of parts) for (; n >= v; n -= v) out += s;
  return out;
}

/** a … z, aa … zz as Word counts letters (27 = "aa"). */
function toLetters(n: number): string {
  if (n <= 0) return String(n);
  const letter = String.fromCharCode(97 + ((n - 1) % 26));
  return letter.repeat(Math.min(Math.floor((n - 1) / 26) + 1, 10));
}

export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'lowerLetter':
      return toLetters(n);
    case 'upperLetter':
      return toLetters(n).toUpperCase();
    case 'lowerRoman':
      return toRoman(n);
    case 'upperRoman':
      return toRoman(n).toUpperCase();
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'none':
      return '';
    default:
      return String(n);
  }
}

function readLevels(abstract: XmlElement): Map<number, Level> {
  const levels = new Map<number, Level>();
  for (const lvl of childrenOf(abstract, 'lvl')) {
    const ilvl = intAttr(lvl, 'ilvl') ?? -1;
    if (ilvl < 0 || ilvl > MAX_LEVEL) continue;
    levels.set(ilvl, {
      start: intAttr(firstChild(lvl, 'start'), 'val') ?? 1,
      format: attr(firstChild(lvl, 'numFmt'), 'val') ?? 'decimal',
      text: attr(firstChild(lvl, 'lvlText'), 'val') ?? '',
      legal: firstChild(lvl, 'isLgl') !== null,
    });
  }
  return levels;
}

export class Numbering {
  private readonly abstracts = new Map<string, Map<number, Level>>();
  private readonly instances = new Map<string, Instance>();
  private readonly counters = new Map<string, (number | undefined)[]>();

  constructor(root: XmlElement | null) {
    if (!root) return;
    for (const a of childrenOf(root, 'abstractNum')) {
      const id = attr(a, 'abstractNumId');
      if (id !== null) this.abstracts.set(id, readLevels(a));
    }
    for (const num of childrenOf(root, 'num')) {
      const id = attr(num, 'numId');
      const abstractId = attr(firstChild(num, 'abstractNumId'), 'val');
      if (id === null || abstractId === null) continue;
      const overrides = new Map<number, number>();
      for (const o of childrenOf(num, 'lvlOverride')) {
        const ilvl = intAttr(o, 'ilvl');
        const start = intAttr(firstChild(o, 'startOverride'), 'val');
        if (ilvl !== null && start !== null) overrides.set(ilvl, start);
      }
      this.instances.set(id, { abstractId, overrides, used: false });
    }
  }

  /** The label of the next paragraph of list `numId` at `ilvl`, advancing the counters; null for no list. */
  next(numId: string, ilvl: number): ListLabel | null {
    const inst = this.instances.get(numId);
    const levels = inst ? this.abstracts.get(inst.abstractId) : undefined;
    if (!inst || !levels) return null;
    const level = Math.min(Math.max(ilvl, 0), MAX_LEVEL);
    const def = levels.get(level);
    if (!def) return null;
    let counts = this.counters.get(inst.abstractId);
    if (!counts) {
      counts = [];
      this.counters.set(inst.abstractId, counts);
    }
    if (!inst.used) {
      inst.used = true;
      for (const [l, start] of inst.overrides) counts[l] = start - 1;
    }
    counts[level] = (counts[level] ?? def.start - 1) + 1;
    for (let l = level + 1; l <= MAX_LEVEL; l++) counts[l] = undefined;
    if (def.format === 'bullet') return { kind: 'bullet' };
    // "%1.%2." — each %N is level N-1's counter in that level's own format (decimal when legal).
    const text = def.text.replace(/%([1-9])/g, (_m, d: string) => {
      const l = +d - 1;
      const ld = levels.get(l);
      const n = counts[l] ?? ld?.start ?? 1;
      return formatNumber(n, def.legal || !ld ? 'decimal' : ld.format);
    });
    return { kind: 'number', text };
  }
}
