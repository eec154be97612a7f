import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { compileTemplate, FallBack } from './compile.js';
import { literalCardText, literalFacts, literalMarkdown } from './markdown.js';

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
      // Card text is made literal while expanding (markdown.ts): no second walk over the card per click.
      compiled: compileTemplate(json, { text: literalMarkdown, value: literalCardText, facts: literalFacts }),
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
  literalCardText(card);
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

/** The attachment wrapper Teams expects for a card. */
export function cardAttachment(card: CardJson) {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content: card };
}
