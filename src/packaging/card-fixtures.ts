/**
 * The card templates and their data fixtures, as the card gate (test/cards) and the PNG renderer
 * (scripts/render-cards.ts) see them:
 *
 *   cards/<name>.json                  an Adaptive Card 1.5 template (adaptivecards-templating)
 *   cards/fixtures/<name>/<case>.json  data it is rendered with, one realistic case per file
 *
 * Every template needs at least one fixture, and every fixture folder a template: a card nobody
 * can render in a test is a card nobody has checked. Works on any folder of that shape (the gate's
 * own tests use a temp dir); for the real cards/ it renders through src/cards/render.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { CARDS_DIR, renderCard, type CardJson } from '../cards/render.js';

export interface CardCase {
  card: string;
  fixture: string;
  /** Absolute path of the fixture file. */
  file: string;
}

export interface CardInventory {
  cardsDir: string;
  /** Template names (cards/<name>.json), sorted. */
  cards: string[];
  /** One entry per fixture file, sorted by card then fixture. */
  cases: CardCase[];
  /** Structural problems: a template without fixtures, fixtures without a template, bad names. */
  problems: string[];
}

const NAME = /^[a-z0-9-]+$/;

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && statSync(path.join(dir, f)).isFile())
    .map((f) => f.slice(0, -5))
    .sort();
}

export function listCardFixtures(cardsDir: string = CARDS_DIR): CardInventory {
  const inventory: CardInventory = { cardsDir, cards: [], cases: [], problems: [] };
  if (!existsSync(cardsDir)) return inventory; // no cards yet
  const rel = (p: string) => path.relative(path.dirname(cardsDir), p);
  for (const name of jsonFiles(cardsDir)) {
    if (!NAME.test(name)) {
      inventory.problems.push(`${rel(path.join(cardsDir, name + '.json'))}: card names are lower-case letters, digits and "-" only.`);
      continue;
    }
    inventory.cards.push(name);
    const dir = path.join(cardsDir, 'fixtures', name);
    const fixtures = existsSync(dir) && statSync(dir).isDirectory() ? jsonFiles(dir) : [];
    if (fixtures.length === 0) {
      inventory.problems.push(
        `${rel(path.join(cardsDir, name + '.json'))} has no data fixtures: add ${rel(dir)}/<case>.json with the data the card is rendered with.`,
      );
    }
    for (const fixture of fixtures) inventory.cases.push({ card: name, fixture, file: path.join(dir, fixture + '.json') });
  }
  const fixturesRoot = path.join(cardsDir, 'fixtures');
  if (existsSync(fixturesRoot)) {
    for (const entry of readdirSync(fixturesRoot).sort()) {
      if (statSync(path.join(fixturesRoot, entry)).isDirectory() && !inventory.cards.includes(entry)) {
        inventory.problems.push(`${rel(path.join(fixturesRoot, entry))}/ has no template ${rel(path.join(cardsDir, entry + '.json'))}.`);
      }
    }
  }
  return inventory;
}

export function readFixture(c: CardCase): object {
  const data = JSON.parse(readFileSync(c.file, 'utf8'));
  if (!data || typeof data !== 'object') throw new Error(`${c.file}: a fixture must be a JSON object or array`);
  return data;
}

/**
 * Expands a template with data: through renderCard (the bot's own path) for the real cards/,
 * with the same templating call for any other folder.
 */
export function expandCard(cardsDir: string, name: string, data: object): CardJson {
  if (path.resolve(cardsDir) === path.resolve(CARDS_DIR)) return renderCard(name, data);
  // Not cached: the gate's tests rewrite templates in temp folders.
  const template = new ACData.Template(JSON.parse(readFileSync(path.join(cardsDir, `${name}.json`), 'utf8')));
  return template.expand({ $root: data }) as CardJson;
}
