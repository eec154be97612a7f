import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';

/** cards/ at the repo root: templates are data, not code. */
export const CARDS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cards');

export type CardJson = Record<string, unknown> & { type: 'AdaptiveCard'; body?: unknown[]; actions?: unknown[] };

const templates = new Map<string, ACData.Template>();

function template(name: string): ACData.Template {
  let t = templates.get(name);
  if (!t) {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad card name ${name}`);
    const json = JSON.parse(readFileSync(path.join(CARDS_DIR, `${name}.json`), 'utf8'));
    t = new ACData.Template(json);
    templates.set(name, t);
  }
  return t;
}

/** Names of all card templates (cards/*.json). */
export function cardNames(): string[] {
  return readdirSync(CARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/**
 * Expands cards/<name>.json with `data` (adaptivecards-templating). Templates are parsed once
 * and cached: rendering is on the card-click hot path.
 */
export function renderCard(name: string, data: object): CardJson {
  const card = template(name).expand({ $root: data }) as CardJson;
  keepLeadingNumbers(card);
  return card;
}

/**
 * Card markdown turns a line starting with "2. " into a numbered list, which drops the number of
 * "2. Status på drift" or "1. møde". A no-break space after the dot keeps the text as written.
 */
function keepLeadingNumbers(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) keepLeadingNumbers(n);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o.type === 'TextBlock' && typeof o.text === 'string') o.text = o.text.replace(/^(\d+)\. /gm, '$1.\u00a0');
  for (const v of Object.values(o)) if (v && typeof v === 'object') keepLeadingNumbers(v);
}

/** The attachment wrapper Teams expects for a card. */
export function cardAttachment(card: CardJson) {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content: card };
}
