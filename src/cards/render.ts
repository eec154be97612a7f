import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { compileTemplate, FallBack } from './compile.js';

/** cards/ at the repo root: templates are data, not code. */
export const CARDS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cards');

export type CardJson = Record<string, unknown> & { type: 'AdaptiveCard'; body?: unknown[]; actions?: unknown[] };

interface Loaded {
  library: ACData.Template;
  /** The fast path (compile.ts), when the template uses data paths only. */
  compiled: ((root: object) => unknown) | null;
}

const templates = new Map<string, Loaded>();

function template(name: string): Loaded {
  let t = templates.get(name);
  if (!t) {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad card name ${name}`);
    const json = JSON.parse(readFileSync(path.join(CARDS_DIR, `${name}.json`), 'utf8'));
    t = {
      library: new ACData.Template(json),
      // The leading-number fix is done while expanding: no second walk over the card per click.
      compiled: compileTemplate(json, { text: keepLeadingNumber, value: keepLeadingNumbers }),
    };
    templates.set(name, t);
  }
  return t;
}

/** Expansion by the compiled template; throws FallBack where the library is needed, null if not compiled. */
export function expandCompiled(name: string, data: object): unknown {
  const compiled = template(name).compiled;
  return compiled ? compiled(data) : null;
}

/** renderCard through the library alone (the reference for renderCard's compiled path). */
export function renderWithLibrary(name: string, data: object): CardJson {
  const card = template(name).library.expand({ $root: data }) as CardJson;
  keepLeadingNumbers(card);
  return card;
}

/** Names of all card templates (cards/*.json). */
export function cardNames(): string[] {
  return readdirSync(CARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/**
 * Expands cards/<name>.json with `data`, with adaptivecards-templating's semantics. Templates are
 * parsed and compiled once: rendering is on the card-click hot path, so templates that use only
 * data paths run compiled (compile.ts) and fall back to the library for data it must judge.
 */
export function renderCard(name: string, data: object): CardJson {
  const t = template(name);
  if (t.compiled) {
    try {
      return t.compiled(data) as CardJson;
    } catch (err) {
      if (!(err instanceof FallBack)) throw err;
    }
  }
  return renderWithLibrary(name, data);
}

/**
 * Card markdown turns a line starting with "2. " into a numbered list, which drops the number of
 * "2. Status på drift" or "1. møde". A no-break space after the dot keeps the text as written.
 */
const keepLeadingNumber = (text: string): string => (text.includes('. ') ? text.replace(/^(\d+)\. /gm, '$1.\u00a0') : text);

function keepLeadingNumbers(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) keepLeadingNumbers(n);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o.type === 'TextBlock' && typeof o.text === 'string') o.text = keepLeadingNumber(o.text);
  for (const v of Object.values(o)) if (v && typeof v === 'object') keepLeadingNumbers(v);
}

/** The attachment wrapper Teams expects for a card. */
export function cardAttachment(card: CardJson) {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content: card };
}
