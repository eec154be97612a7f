/**
 * Card text is data, not markup. Teams renders a subset of Markdown in TextBlock `text` and in
 * FactSet titles and values (Microsoft: "Text formatting in cards" — bold `**`, italic `_`,
 * bulleted `- ` and numbered `1. ` lists, links `[text](url)`; plus `<at>…</at>` mentions). No
 * card of ours means any of that: the only markup a card carries is a mention with its
 * `msteams.entities` entry. So every such text is made literal here, once, while the card is
 * expanded (src/cards/render.ts), whatever view built it and wherever the user's words sit in it:
 * a risk titled `[Log ind](https://evil.example)` shows exactly that, never a link.
 *
 * What is done, chosen to read the same in the CommonMark renderers (Teams desktop and web, the
 * Adaptive Cards JS renderer) and in the Adaptive Cards shared parser of the mobile clients, which
 * honours a backslash only before `*`, `_`, `[`, `]` and `)`:
 * - `*`, `_`, `[`, `]` get a backslash (no emphasis, no link, no `* ` list item);
 * - a line starting with `- `, `+ `, `1. ` or `1) ` gets a no-break space after the marker instead
 *   of the space (no list; the number of "2. Status" stays as written);
 * - `<` before a letter, `/`, `!` or `?` gets a zero-width space after it (no HTML tag, no
 *   `<https://…>` autolink), except in a `<at>Name</at>` mention.
 * The result reads as the original. It is idempotent (a card's data may be rendered again): a
 * character after an odd number of backslashes is already literal and is left alone.
 */

const NBSP = '\u00a0';
const ZWSP = '\u200b';

/** Anything this module would change; most texts have none of it and are returned as they are. */
const SPECIAL = /[*_[\]<]|(?:^|\n)[ \t]*(?:[-+]|\d{1,9}[.)])[ \t]/;
/** A mention as the views write it (src/cards/views/actions.ts mention(); reminders). */
const MENTION = /<at>[^<>[\]\\\n]{0,256}<\/at>/g;
const LIST_MARKER = /^([ \t]*)([-+]|\d{1,9}[.)])[ \t]/gm;

/**
 * A special character with the whole run of backslashes before it (the match can only start where
 * a run starts, so a long run is scanned once: linear), or `<` opening a would-be tag.
 */
const ESCAPABLE = /(?<!\\)(\\*)([*_[\]])|<(?=[A-Za-z/!?])/g;

function literalRun(s: string): string {
  return s.replace(ESCAPABLE, (m, backslashes: string | undefined, c: string | undefined) =>
    c === undefined ? `<${ZWSP}` : backslashes!.length % 2 === 0 ? `${backslashes}\\${c}` : m,
  );
}

/** `text` as Teams will show it literally (see above); cheap when there is nothing to do. */
export function literalMarkdown(text: string): string {
  if (!SPECIAL.test(text)) return text;
  const lines = text.replace(LIST_MARKER, `$1$2${NBSP}`);
  let out = '';
  let last = 0;
  for (const m of lines.matchAll(MENTION)) {
    out += literalRun(lines.slice(last, m.index)) + m[0];
    last = m.index! + m[0].length;
  }
  return out + literalRun(lines.slice(last));
}

/** Makes every markdown-rendered text in a card (or part of one) literal, in place. */
export function literalCardText(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) literalCardText(n);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o.type === 'TextBlock' && typeof o.text === 'string') o.text = literalMarkdown(o.text);
  if (o.type === 'FactSet') literalFacts(o.facts);
  for (const v of Object.values(o)) if (v && typeof v === 'object') literalCardText(v);
}

/** FactSet titles and values are rendered as markdown too. */
export function literalFacts(facts: unknown): void {
  if (!Array.isArray(facts)) return;
  for (const f of facts) {
    if (!f || typeof f !== 'object') continue;
    const fact = f as Record<string, unknown>;
    if (typeof fact.title === 'string') fact.title = literalMarkdown(fact.title);
    if (typeof fact.value === 'string') fact.value = literalMarkdown(fact.value);
  }
}

const CHAT_SPECIAL = /[\]<]|(?:^|\n)[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]/;
const CHAT_LIST_MARKER = /^([ \t]*)([-+*]|\d{1,9}[.)])[ \t]/gm;

/**
 * Chat messages are markdown too, and the bot's replies quote names and titles. Whether Teams
 * honours a backslash there is not documented, so chat text gets only invisible changes: no list
 * (a no-break space after a line's list marker or number), no link (a zero-width space between
 * `]` and `(`), no tag or autolink (a zero-width space after `<`, mentions kept). Emphasis is left:
 * it can only restyle words, not send anyone anywhere.
 */
export function literalChatText(text: string): string {
  if (!CHAT_SPECIAL.test(text)) return text;
  const lines = text.replace(CHAT_LIST_MARKER, `$1$2${NBSP}`);
  const run = (s: string) => s.replace(/\](?=\()/g, `]${ZWSP}`).replace(/<(?=[A-Za-z/!?])/g, `<${ZWSP}`);
  let out = '';
  let last = 0;
  for (const m of lines.matchAll(MENTION)) {
    out += run(lines.slice(last, m.index)) + m[0];
    last = m.index! + m[0].length;
  }
  return out + run(lines.slice(last));
}
