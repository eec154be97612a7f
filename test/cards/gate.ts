/**
 * The card gate: checks a rendered Adaptive Card the way Teams and our dispatcher will see it.
 * Every cards/<name>.json is rendered with each of its fixtures (cards/fixtures/<name>/*.json)
 * and must pass all checks; card-gate.test.ts runs this over whatever cards exist, so a card added
 * later goes through it without anyone touching the test.
 *
 *  parse      the official renderer (adaptivecards@3, parsing as 1.5) reports no parse or
 *             validation events (unknown types, bad enum values, 1.6-only elements, duplicate or
 *             missing input ids, required inputs without label/error message, too many actions
 *             for Teams' host config, …); Teams' people-picker `choices.data` is allowed
 *  template   nothing left unexpanded: no "${" in any key or value, no $data/$when keys
 *  version    type AdaptiveCard, version "1.5" (Teams' maximum; needed for Action.Execute)
 *  size       serialized < 28 KB (Teams messages cap near 100 KB; 28 KB is our budget)
 *  actions    ≤ 6 actions in every action set: card-level `actions` (also of Action.ShowCard
 *             cards) and every ActionSet
 *  verbs      every Action.Execute has a `verb`, every Action.Submit a `data.verb`, and each is in
 *             ALL_VERBS (src/cards/verbs.ts): the dispatcher refuses anything else. Exception:
 *             an imBack Submit (msteams.type "imBack" with a text value) is a chat message,
 *             not a card action
 *  inputs     every input has an id, unique within the card
 *  ratings    a TextBlock/TextRun naming one rating (grøn/gul/rød, green/yellow/red, with Danish
 *             inflections) has that rating's colour (good/warning/attention) — its own `color`,
 *             or, when it sets none, the `style` of its nearest Container/Column/ColumnSet/
 *             Table/TableCell (a red label on a red container is paired too); a text naming
 *             several ratings carries none of those colours (one colour would mislabel the
 *             others); in an Input.ChoiceSet, a choice whose value is green/yellow/red has a
 *             title that names that rating, and no other
 *  placeholders no shown text (TextBlock/TextRun text, fact titles and values, labels, placeholders,
 *             action and choice titles) holds a `<word>` placeholder: Teams drops it as an HTML
 *             tag, so the card says "ny risiko : "; write ‹word› (a `<at>…</at>` mention is fine)
 *  lists      no markdown-rendered text (TextBlock text, fact titles and values) has a
 *             line starting with "1. ", "2) ", "- ", "+ " or "* ": Teams shows it as a list and
 *             drops the number ("1. møde er oprettet"); render.ts keeps such text literal
 *  contrast   every TextBlock/TextRun/fact text is ≥ 4.5:1 (WCAG AA) against its container style's
 *             background in Teams light, dark and high contrast (contrast.ts)
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as ACTypes from 'adaptivecards';
import { ALL_VERBS } from '../../src/cards/verbs.js';
import { checkContrast } from './contrast.js';
import type { Rating } from '../../src/domain/model.js';
import { expandCard, listCardFixtures, readFixture, type CardCase } from '../../src/packaging/card-fixtures.js';

// The dist bundle: plain-Node ESM cannot import the package's lib/ (extension-less imports).
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof ACTypes;

export const HOST_CONFIG_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cards/teams-host-config.json');
const hostConfig = new AC.HostConfig(JSON.parse(readFileSync(HOST_CONFIG_FILE, 'utf8')));

export const CARD_VERSION = '1.5';
export const MAX_CARD_BYTES = 28 * 1024;
export const MAX_ACTIONS = 6;

export const RATING_COLOR: Record<Rating, string> = { green: 'good', yellow: 'warning', red: 'attention' };

/** A rating word as a whole word (letters/digits around it break the match: "Rødovre", "reduce"). */
const RATING_WORDS: Record<Rating, RegExp> = {
  green: /(?<![\p{L}\p{N}])(?:grøn(?:t|ne)?|green)(?![\p{L}\p{N}])/iu,
  yellow: /(?<![\p{L}\p{N}])(?:gul(?:t|e)?|yellow)(?![\p{L}\p{N}])/iu,
  red: /(?<![\p{L}\p{N}])(?:rød(?:t|e)?|red)(?![\p{L}\p{N}])/iu,
};

/** The ratings a text names, in green/yellow/red order. */
export function ratingsIn(text: string): Rating[] {
  return (Object.keys(RATING_WORDS) as Rating[]).filter((r) => RATING_WORDS[r].test(text));
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Teams accepts its dynamic-typeahead / people-picker ChoiceSet (`"choices.data": {"type":
 * "Data.Query", …}`, often with no static choices) in 1.5 cards; adaptivecards@3 only knows it from
 * 1.6. The copy handed to the parser drops that property and gets a placeholder choice, so the
 * rest of such a ChoiceSet is still checked.
 */
function withoutTeamsTypeahead(card: unknown): unknown {
  if (Array.isArray(card)) return card.map(withoutTeamsTypeahead);
  if (!isObject(card)) return card;
  const out: Json = {};
  for (const [k, v] of Object.entries(card)) out[k] = withoutTeamsTypeahead(v);
  const query = out['choices.data'];
  if (out.type === 'Input.ChoiceSet' && isObject(query) && query.type === 'Data.Query') {
    delete out['choices.data'];
    if (!Array.isArray(out.choices) || out.choices.length === 0) out.choices = [{ title: '(dynamic)', value: '(dynamic)' }];
  }
  return out;
}

/** Official parser + validator. Returns "parse: …"/"validate: …" messages. */
export function parseWithAdaptiveCards(card: unknown): string[] {
  const out: string[] = [];
  const ac = new AC.AdaptiveCard();
  ac.hostConfig = hostConfig;
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  try {
    ac.parse(withoutTeamsTypeahead(card), context);
  } catch (err) {
    return [`parse: the adaptivecards parser threw: ${(err as Error).message}`];
  }
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    out.push(`parse: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of ac.validateProperties().validationEvents) {
    if (e.event === AC.ValidationEvent.Hint) continue;
    out.push(`validate: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  return out;
}

/** Element types whose `style` colours everything inside them (a container style). */
const CONTAINER_TYPES = new Set(['AdaptiveCard', 'Container', 'ColumnSet', 'Column', 'Table', 'TableCell']);

/**
 * Visits every object in the card with its JSON path ($.body[0].items[2]…) and the rating colour
 * of the nearest enclosing container style (good/warning/attention), if any.
 */
function walk(node: unknown, at: string, visit: (obj: Json, at: string, containerColor: string | null) => void, containerColor: string | null = null): void {
  if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${at}[${i}]`, visit, containerColor));
  else if (isObject(node)) {
    visit(node, at, containerColor);
    let inner = containerColor;
    if (typeof node.type === 'string' && CONTAINER_TYPES.has(node.type) && typeof node.style === 'string') {
      const style = node.style.toLowerCase();
      inner = Object.values(RATING_COLOR).includes(style) ? style : null;
    }
    // an Action.ShowCard's card is a new card: it does not inherit the surrounding style
    if (node.type === 'AdaptiveCard' && at !== '$' && typeof node.style !== 'string') inner = null;
    for (const [k, v] of Object.entries(node)) walk(v, `${at}.${k}`, visit, inner);
  }
}

function templateLeftovers(card: unknown): string[] {
  const out: string[] = [];
  const scan = (node: unknown, at: string) => {
    if (typeof node === 'string') {
      if (node.includes('${')) out.push(`template: unexpanded expression at ${at}: ${JSON.stringify(node.slice(0, 80))}`);
    } else if (Array.isArray(node)) node.forEach((v, i) => scan(v, `${at}[${i}]`));
    else if (isObject(node)) {
      for (const [k, v] of Object.entries(node)) {
        if (k.includes('${') || k === '$data' || k === '$when') out.push(`template: unexpanded key "${k}" at ${at}`);
        scan(v, `${at}.${k}`);
      }
    }
  };
  scan(card, '$');
  return out;
}

function checkRatingText(obj: Json, at: string, containerColor: string | null): string[] {
  if (typeof obj.text !== 'string') return [];
  const ratings = ratingsIn(obj.text);
  if (ratings.length === 0) return [];
  const own = typeof obj.color === 'string' ? obj.color.toLowerCase() : 'default';
  const quoted = JSON.stringify(obj.text.slice(0, 60));
  if (ratings.length === 1) {
    const want = RATING_COLOR[ratings[0]];
    // its own colour, or (when it has none) the good/warning/attention style of its container
    const effective = own !== 'default' ? own : containerColor ?? 'default';
    if (effective === want) return [];
    const source = own === 'default' && containerColor ? `default inside a ${containerColor} container` : own;
    return [`ratings: ${obj.type} at ${at} names the rating ${ratings[0]} (${quoted}) but its color is ${source}; it must be ${want}.`];
  }
  return Object.values(RATING_COLOR).includes(own)
    ? [`ratings: ${obj.type} at ${at} names the ratings ${ratings.join(', ')} (${quoted}) in one colour (${own}); put each rating in its own TextBlock with its colour.`]
    : [];
}

function checkRatingChoices(obj: Json, at: string): string[] {
  const out: string[] = [];
  const choices = Array.isArray(obj.choices) ? obj.choices : [];
  choices.forEach((choice, i) => {
    if (!isObject(choice) || typeof choice.value !== 'string') return;
    const rating = choice.value.trim().toLowerCase() as Rating;
    if (!(rating in RATING_COLOR)) return;
    const title = typeof choice.title === 'string' ? choice.title : '';
    const named = ratingsIn(title);
    if (!named.includes(rating) || named.length > 1) {
      out.push(`ratings: Input.ChoiceSet "${obj.id}" at ${at}.choices[${i}] has value ${rating} but its title ${JSON.stringify(title)} must name that rating (grøn/gul/rød or green/yellow/red) and no other.`);
    }
  });
  return out;
}

/**
 * Teams' imBack Submit (`data.msteams: {type: 'imBack', value: 'møder'}`) posts its value as a
 * chat message from the user: it reaches the command parser, not the card-action dispatcher, so
 * it needs no verb (but must carry the text).
 */
function isImBack(action: Json): boolean {
  const msteams = isObject(action.data) ? action.data.msteams : undefined;
  return isObject(msteams) && msteams.type === 'imBack' && typeof msteams.value === 'string' && msteams.value.trim() !== '';
}

/** `<kategori>`, `<dato>`, `< tid >` (also with the zero-width space markdown.ts puts after "<"); not `<at>`/`</at>`. */
const PLACEHOLDER = /<\u200b?(?!\/?at>)[\p{L}][\p{L} -]{0,30}>/u;
/** A line Teams' markdown turns into a list item. */
const LIST_LINE = /(?:^|\n)[ \t]*(?:\d{1,9}[.)]|[-+*])[ \t]/;
/** Keys whose string value a person reads on the card. */
const SHOWN_KEYS = ['text', 'title', 'value', 'label', 'placeholder', 'errorMessage', 'altText'];

function checkShownText(obj: Json, at: string): string[] {
  const out: string[] = [];
  const type = typeof obj.type === 'string' ? obj.type : '';
  // Input values are what the user typed; an Input.Toggle's value is data: not shown text.
  const keys = type.startsWith('Input.') ? SHOWN_KEYS.filter((k) => k !== 'value') : SHOWN_KEYS;
  for (const key of keys) {
    const v = obj[key];
    if (typeof v !== 'string') continue;
    const m = PLACEHOLDER.exec(v);
    if (m) out.push(`placeholders: ${type || 'object'} at ${at}.${key} shows ${JSON.stringify(m[0])} (${JSON.stringify(v.slice(0, 60))}); Teams drops <…> as a tag — write ‹word›.`);
  }
  // TextRun is plain text (no markdown in RichTextBlock): only TextBlock and facts can turn into lists.
  const markdown: string[] = type === 'TextBlock' ? ['text'] : !type && ('title' in obj || 'value' in obj) && at.includes('.facts[') ? ['title', 'value'] : [];
  for (const key of markdown) {
    const v = obj[key];
    if (typeof v === 'string' && LIST_LINE.test(v)) out.push(`lists: ${type || 'Fact'} at ${at}.${key} would render as a list (${JSON.stringify(v.slice(0, 60))}); keep the number literal (no-break space after "1.", or "Møde 1").`);
  }
  return out;
}

/** All structural checks on a rendered card (no parser). */
export function checkStructure(card: unknown): string[] {
  const out: string[] = [];
  if (!isObject(card)) return ['version: the rendered card is not a JSON object.'];
  if (card.type !== 'AdaptiveCard') out.push(`version: type is ${JSON.stringify(card.type)}, not "AdaptiveCard".`);
  if (card.version !== CARD_VERSION) out.push(`version: version is ${JSON.stringify(card.version)}; Teams cards here must be "${CARD_VERSION}".`);
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (bytes >= MAX_CARD_BYTES) out.push(`size: ${bytes} bytes serialized; the budget is < ${MAX_CARD_BYTES} (28 KB).`);

  const ids = new Map<string, string>();
  walk(card, '$', (obj, at, containerColor) => {
    const type = typeof obj.type === 'string' ? obj.type : '';
    if ((type === 'AdaptiveCard' || type === 'ActionSet') && Array.isArray(obj.actions) && obj.actions.length > MAX_ACTIONS) {
      out.push(`actions: ${type} at ${at} has ${obj.actions.length} actions; at most ${MAX_ACTIONS} per action set.`);
    }
    if (type === 'Action.Execute') {
      if (typeof obj.verb !== 'string' || !obj.verb) out.push(`verbs: Action.Execute at ${at} has no verb.`);
      else if (!ALL_VERBS.has(obj.verb)) out.push(`verbs: Action.Execute at ${at} has verb "${obj.verb}", which is not in ALL_VERBS (src/cards/verbs.ts).`);
    }
    if (type === 'Action.Submit' && !isImBack(obj)) {
      const verb = isObject(obj.data) ? obj.data.verb : undefined;
      if (typeof verb !== 'string' || !verb) out.push(`verbs: Action.Submit at ${at} has no data.verb.`);
      else if (!ALL_VERBS.has(verb)) out.push(`verbs: Action.Submit at ${at} has data.verb "${verb}", which is not in ALL_VERBS (src/cards/verbs.ts).`);
    }
    if (type.startsWith('Input.')) {
      if (typeof obj.id !== 'string' || !obj.id) out.push(`inputs: ${type} at ${at} has no id.`);
      else if (ids.has(obj.id)) out.push(`inputs: input id "${obj.id}" at ${at} is already used at ${ids.get(obj.id)}.`);
      else ids.set(obj.id, at);
    }
    if (type === 'TextBlock' || type === 'TextRun') out.push(...checkRatingText(obj, at, containerColor));
    if (type === 'Input.ChoiceSet') out.push(...checkRatingChoices(obj, at));
    out.push(...checkShownText(obj, at));
  });
  return out;
}

/** Everything the gate checks on one rendered card. Empty = passes. */
export function checkCard(card: unknown): string[] {
  return [...parseWithAdaptiveCards(card), ...templateLeftovers(card), ...checkStructure(card), ...checkContrast(card)];
}

export interface GateCaseResult extends CardCase {
  errors: string[];
}

export interface GateReport {
  /** Structural problems (template without fixtures, fixtures without template, bad names). */
  problems: string[];
  results: GateCaseResult[];
  /** problems + every case error, prefixed with "<card>/<fixture>: ". */
  failures: string[];
}

/** Renders every fixture of every card in `cardsDir` and checks it. */
export function runGate(cardsDir?: string): GateReport {
  const inventory = listCardFixtures(cardsDir);
  const results = inventory.cases.map((c): GateCaseResult => {
    try {
      return { ...c, errors: checkCard(expandCard(inventory.cardsDir, c.card, readFixture(c))) };
    } catch (err) {
      return { ...c, errors: [`render: ${(err as Error).message}`] };
    }
  });
  const failures = [
    ...inventory.problems,
    ...results.flatMap((r) => r.errors.map((e) => `${r.card}/${r.fixture}: ${e}`)),
  ];
  return { problems: inventory.problems, results, failures };
}
