/**
 * A fast path for card templates: compiles a template that uses only *data paths* (`${title}`,
 * `${$root.buttons.cast}`, `${$root.ratingChoices[0].title}`, `$data`, `$when`, text with several
 * `${…}`) into plain closures that expand exactly as adaptivecards-templating does.
 *
 * Why: adaptivecards-templating evaluates every `${…}` through adaptive-expressions, which builds a
 * memory object per expression and looks every property up case-insensitively over `Object.keys`.
 * The voter's own 16 KB ballot card took ~0.5 ms per click that way — the largest single cost of a
 * vote in the benchmark (docs/performance.md). The template stays the only source of the card;
 * this only evaluates it faster.
 *
 * Exactness: the expansion rules below mirror `Template.internalExpand` (adaptivecards-templating
 * 2.x): `$data` arrays repeat the element, `$when` keeps it only when it is boolean `true`, array
 * items that expand to null are dropped and to arrays are spliced in, an object expanding to one
 * element is that element. Anything whose result could differ is *not* guessed:
 * - a template using anything but paths (operators, functions, literals in `$data`) is not
 *   compiled at all (`compileTemplate` returns null);
 * - at run time, a path that is missing or null, that would need adaptive-expressions'
 *   case-insensitive lookup, or that walks into a non-object throws `FallBack`, and the caller
 *   expands the card with adaptivecards-templating instead (which substitutes `${path}` etc.).
 * test/unit/cards/compiled-templates.test.ts checks every fixture of every card against the library.
 */

/** Thrown while expanding: this data needs the library's own semantics. */
export class FallBack extends Error {
  constructor(why: string) {
    super(why);
    this.name = 'FallBack';
  }
}

interface Scope {
  readonly root: unknown;
  /** `$data`; undefined means "the root" (as the library's EvaluationContext getter). */
  readonly data: unknown;
  readonly index: number | undefined;
}

type Expand = (scope: Scope) => unknown;

/**
 * Post-processing applied while expanding, so the caller needs no second walk over the card:
 * `text` for the `text` of every TextBlock the template makes, `facts` for the facts of every
 * FactSet it makes, `value` for every object or array a `${path}` puts into the card as it is (it
 * may hold TextBlocks of its own).
 */
export interface ExpandHooks {
  text?: (text: string) => string;
  value?: (value: object) => void;
  /** For the `facts` of every FactSet the template makes (their titles and values are markdown too). */
  facts?: (facts: unknown) => void;
}

/** Keys the library never copies into the output. */
const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);

/** A data path the fast path understands: a head, then `.name` or `[n]` steps. */
const PATH = /^(\$root|\$data|\$index|[A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)$/;
const STEP = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g;

type Path = (scope: Scope) => unknown;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * `strict`: a missing or null value throws FallBack (the library would substitute `${path}`).
 * Otherwise (for `$when`) a value that is plainly absent is `undefined`; only a name the library
 * could still find case-insensitively falls back.
 */
function compilePath(expr: string, strict = true): Path | null {
  const m = PATH.exec(expr.trim());
  if (!m) return null;
  const head = m[1]!;
  const steps: (string | number)[] = [];
  for (const s of m[2]!.matchAll(STEP)) steps.push(s[1] !== undefined ? s[1] : Number(s[2]));
  // A plain first name is looked up on $data, as the library prefixes it with "$data.".
  if (head !== '$root' && head !== '$data' && head !== '$index') steps.unshift(head);
  const start: Path =
    head === '$root' ? (s) => s.root : head === '$index' ? (s) => s.index : (s) => (s.data !== undefined ? s.data : s.root);
  const missing = (why: string, cur?: unknown, step?: string): undefined => {
    if (strict) throw new FallBack(`${expr}: ${why}`);
    const lower = step?.toLowerCase();
    if (isObject(cur) && Object.keys(cur).some((k) => k.toLowerCase() === lower)) throw new FallBack(`${expr}: ${step} differs in case`);
    return undefined;
  };
  return (scope) => {
    let cur = start(scope);
    for (const step of steps) {
      if (typeof step === 'number') {
        if (!Array.isArray(cur)) return missing(`[${step}] on a non-array`);
        cur = cur[step];
      } else {
        // adaptive-expressions matches names case-insensitively; only an own, exactly spelled
        // property is certain to be the one it finds.
        if (!isObject(cur) || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, step)) return missing(`no ${step}`, cur, step);
        cur = cur[step];
      }
      if (cur === undefined || cur === null) return missing(String(cur));
    }
    if (cur === undefined || cur === null) return missing(String(cur));
    return cur;
  };
}

/** `"${path}"` → the value itself (any type); `"a ${p} b ${q}"` → a string; null when not compilable. */
function compileString(text: string, hooks: ExpandHooks): Expand | null {
  if (!text.includes('${')) return () => text;
  const whole = /^\$\{([^{}]*)\}$/.exec(text);
  if (whole) {
    const p = compilePath(whole[1]!);
    const onValue = hooks.value;
    if (!p || !onValue) return p;
    return (scope) => {
      const v = p(scope);
      if (typeof v === 'object' && v !== null) onValue(v);
      return v;
    };
  }
  const parts: (string | Path)[] = [];
  let last = 0;
  for (const m of text.matchAll(/\$\{([^{}]*)\}/g)) {
    const literal = text.slice(last, m.index);
    // The library parses the text as a backtick template: escapes and stray `$`/`{` would be read.
    if (/[`\\${}]/.test(literal)) return null;
    if (literal) parts.push(literal);
    const p = compilePath(m[1]!);
    if (!p) return null;
    parts.push(p);
    last = m.index! + m[0].length;
  }
  const tail = text.slice(last);
  if (/[`\\${}]/.test(tail)) return null;
  if (tail) parts.push(tail);
  return (scope) => {
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : String(p(scope));
    return out;
  };
}

function compileNode(node: unknown, hooks: ExpandHooks): Expand | null {
  if (typeof node === 'string') return compileString(node, hooks);
  if (Array.isArray(node)) return compileArray(node, hooks);
  if (isObject(node)) return compileObject(node, hooks);
  return () => node; // numbers, booleans, null
}

function compileArray(items: unknown[], hooks: ExpandHooks): Expand | null {
  const parts: Expand[] = [];
  for (const item of items) {
    const c = compileNode(item, hooks);
    if (!c) return null;
    parts.push(c);
  }
  return (scope) => {
    const out: unknown[] = [];
    for (const part of parts) {
      const v = part(scope);
      if (v === null) continue;
      if (Array.isArray(v)) for (const x of v) out.push(x);
      else out.push(v);
    }
    return out;
  };
}

function compileObject(node: Record<string, unknown>, hooks: ExpandHooks): Expand | null {
  const fields: [string, Expand][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (RESERVED.has(key)) continue;
    const c = compileNode(value, hooks);
    if (!c) return null;
    fields.push([key, c]);
  }
  let data: Path | null = null;
  if ('$data' in node) {
    const whole = typeof node.$data === 'string' ? /^\$\{([^{}]*)\}$/.exec(node.$data) : null;
    data = whole ? compilePath(whole[1]!) : null;
    if (!data) return null;
  }
  let when: ((scope: Scope) => boolean) | null = null;
  if ('$when' in node) {
    const whole = typeof node.$when === 'string' ? /^\$\{([^{}]*)\}$/.exec(node.$when) : null;
    const p = whole ? compilePath(whole[1]!, false) : null;
    if (!p) return null;
    // Only a boolean true keeps the element; a missing value is simply false (no substitution here).
    when = (scope) => p(scope) === true;
  }
  // Only an object with both keys in the template can come out as a TextBlock with a text.
  const onText = 'type' in node && 'text' in node ? hooks.text : undefined;
  const onFacts = 'type' in node && 'facts' in node ? hooks.facts : undefined;
  const expandOne = (scope: Scope): Record<string, unknown> | null => {
    if (when && !when(scope)) return null;
    const out: Record<string, unknown> = {};
    for (const [key, c] of fields) out[key] = c(scope);
    if (onText && out.type === 'TextBlock' && typeof out.text === 'string') out.text = onText(out.text);
    if (onFacts && out.type === 'FactSet') onFacts(out.facts);
    return out;
  };
  if (!data) return (scope) => expandOne(scope);
  const getData = data;
  return (scope) => {
    const ctx = getData(scope);
    const list = Array.isArray(ctx);
    const contexts = list ? (ctx as unknown[]) : [ctx];
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < contexts.length; i++) {
      const item = contexts[i];
      // The library keeps the outer $data for an undefined item and walks into null: not ours to copy.
      if (item === undefined || item === null) throw new FallBack('$data item is empty');
      const o = expandOne({ root: scope.root, data: item, index: list ? i : scope.index });
      if (o !== null) out.push(o);
    }
    return out.length === 0 ? null : out.length === 1 ? out[0] : out;
  };
}

/** The compiled expansion of a template (`(root data) → card`), or null if it needs the library. */
export function compileTemplate(template: unknown, hooks: ExpandHooks = {}): ((root: object) => unknown) | null {
  const expand = compileNode(template, hooks);
  if (!expand) return null;
  return (root) => expand({ root, data: undefined, index: undefined });
}
