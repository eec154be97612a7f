/** Checks for issue 16, 5 (user text is data, not markup): what in a card Teams would render as markdown. */

export const EVIL_LINK = '[Log ind](https://evil.example)';
/** How EVIL_LINK reads in a markdown field once it is made literal (src/cards/markdown.ts). */
export const EVIL_LINK_LITERAL = '\\[Log ind\\](https://evil.example)';

/** The markdown Teams would act on in `text` (link, emphasis, list, tag), or null when it is all literal. */
export function markupIn(text: string): string | null {
  const s = text.replace(/<at>[^<>[\]\\\n]{0,256}<\/at>/g, '');
  let backslashes = 0;
  for (const c of s) {
    if ('*_[]'.includes(c) && backslashes % 2 === 0) return `unescaped ${c}`;
    backslashes = c === '\\' ? backslashes + 1 : 0;
  }
  const list = /(?:^|\n)[ \t]*(?:[-+*]|\d+[.)])[ \t]/.exec(s);
  if (list) return `list marker ${JSON.stringify(list[0])}`;
  const tag = /<[A-Za-z/!?]/.exec(s);
  if (tag) return `tag ${tag[0]}`;
  return null;
}

export interface CardTexts {
  /** TextBlock text, FactSet titles and values: rendered as markdown by Teams. */
  markdown: string[];
  /** Input values, choice titles, button titles: shown as they are. */
  plain: string[];
}

export function cardTexts(node: unknown, found: CardTexts = { markdown: [], plain: [] }): CardTexts {
  if (Array.isArray(node)) {
    for (const n of node) cardTexts(n, found);
    return found;
  }
  if (!node || typeof node !== 'object') return found;
  const o = node as Record<string, unknown>;
  const type = typeof o.type === 'string' ? o.type : '';
  if (type === 'TextBlock' && typeof o.text === 'string') found.markdown.push(o.text);
  if (type === 'FactSet' && Array.isArray(o.facts)) {
    for (const f of o.facts as Record<string, unknown>[])
      for (const k of ['title', 'value']) if (typeof f?.[k] === 'string') found.markdown.push(f[k] as string);
  }
  if (type.startsWith('Input.') && typeof o.value === 'string') found.plain.push(o.value);
  if (type.startsWith('Action.') && typeof o.title === 'string') found.plain.push(o.title);
  if (Array.isArray(o.choices))
    for (const c of o.choices as Record<string, unknown>[]) if (typeof c?.title === 'string') found.plain.push(c.title);
  for (const [k, v] of Object.entries(o)) if (!(type === 'FactSet' && k === 'facts') && v && typeof v === 'object') cardTexts(v, found);
  return found;
}
