/**
 * User text is data, not markup (issue 16, 5): every card template, rendered with every fixture
 * whose strings are replaced by hostile text, shows no markdown link, emphasis, list or tag in any
 * field Teams renders as markdown (TextBlock text, FactSet titles and values); fields that are not
 * markdown (inputs, choices, button titles) keep the text exactly as typed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { literalChatText, literalMarkdown } from '../../../src/cards/markdown.js';
import { CARDS_DIR, renderCard, renderWithLibrary } from '../../../src/cards/render.js';
import { listCardFixtures } from '../../../src/packaging/card-fixtures.js';
import { cardTexts, EVIL_LINK as LINK, EVIL_LINK_LITERAL, markupIn } from '../../helpers/literal-markdown.js';

const HOSTILE = `${LINK} **fed** _kursiv_ <https://evil.example> <img src=x>\n- punkt\n+ punkt\n1. liste\n2) liste\n* stjerne`;

/** Every string leaf replaced by hostile text (keys and non-strings kept, so the card keeps its shape). */
function hostile(data: unknown): unknown {
  if (typeof data === 'string') return `${HOSTILE} ${data}`;
  if (Array.isArray(data)) return data.map(hostile);
  if (data && typeof data === 'object') return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, hostile(v)]));
  return data;
}

describe('literalMarkdown', () => {
  it('turns links, emphasis, lists and tags into literal text that reads the same', () => {
    expect(literalMarkdown(LINK)).toBe(EVIL_LINK_LITERAL);
    expect(literalMarkdown('**fed** og _kursiv_ og snake_case')).toBe('\\*\\*fed\\*\\* og \\_kursiv\\_ og snake\\_case');
    expect(literalMarkdown('- a\n+ b\n  - c\n1. d\n22) e')).toBe('-\u00a0a\n+\u00a0b\n  -\u00a0c\n1.\u00a0d\n22)\u00a0e');
    expect(literalMarkdown('* stjerne')).toBe('\\* stjerne');
    expect(literalMarkdown('<https://evil.example> <b>x</b> 3 < 4')).toBe('<\u200bhttps://evil.example> <\u200bb>x<\u200b/b> 3 < 4');
  });

  it('leaves plain text (the common case) untouched and keeps the mentions the views write', () => {
    const plain = 'R2 · Lægesystemleverandørerne når ikke certificeringen til tiden (frist 1. juli 2025) — 40 % · 3 - 2';
    expect(literalMarkdown(plain)).toBe(plain);
    expect(literalMarkdown('Ansvarlig: <at>Bent Lund</at> · [x]')).toBe('Ansvarlig: <at>Bent Lund</at> · \\[x\\]');
  });

  it('is idempotent, and a backslash typed by the user cannot undo the escaping', () => {
    for (const s of [HOSTILE, '\\[x](y)', '\\\\[x](y)', 'a\\*b\\\\*c', '- \\- [\\]']) {
      const once = literalMarkdown(s);
      expect(literalMarkdown(once)).toBe(once);
      expect(markupIn(once), s).toBeNull();
    }
    expect(literalMarkdown('\\\\[Log ind](https://evil.example)')).toBe('\\\\\\[Log ind\\](https://evil.example)');
  });

  it('is linear: 100 KB of markup finishes well under a second', () => {
    const big = '[*_<a\n- '.repeat(12_800);
    const t0 = performance.now();
    const out = literalMarkdown(big);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(markupIn(out)).toBeNull();
    for (const worst of ['\\'.repeat(100_000) + 'a', '\\'.repeat(50_000) + '*'.repeat(50_000), '<'.repeat(100_000)]) {
      const t1 = performance.now();
      literalMarkdown(worst);
      literalChatText(worst);
      expect(performance.now() - t1).toBeLessThan(1000);
    }
  });
});

describe('literalChatText (chat replies)', () => {
  it('breaks links, lists and tags with invisible characters only; plain text and mentions stay', () => {
    expect(literalChatText(`Risiko "${LINK}" er oprettet.`)).toBe('Risiko "[Log ind]\u200b(https://evil.example)" er oprettet.');
    expect(literalChatText('1. møde\n- punkt\n* stjerne')).toBe('1.\u00a0møde\n-\u00a0punkt\n*\u00a0stjerne');
    expect(literalChatText('<https://evil.example> <at>Anna Holm</at>')).toBe('<\u200bhttps://evil.example> <at>Anna Holm</at>');
    const plain = 'Skriv "nyt møde 16-06-2025 12.30-14.00 [sted]" (fx i morgen).';
    expect(literalChatText(plain)).toBe(plain);
    const once = literalChatText(HOSTILE);
    expect(literalChatText(once)).toBe(once);
    expect(once).not.toMatch(/\]\(|(?:^|\n)[ \t]*(?:[-+*]|\d+[.)])[ \t]|<[A-Za-z/!?]/);
  });
});

describe('every card with hostile text in every string', () => {
  const { cases } = listCardFixtures(CARDS_DIR);
  it('covers every card template', () => {
    expect(new Set(cases.map((c) => c.card)).size).toBeGreaterThanOrEqual(20);
  });

  for (const c of cases) {
    it(`${c.card} / ${c.fixture}: no markdown from user text; inputs and buttons keep it as typed`, () => {
      const data = hostile(JSON.parse(readFileSync(c.file, 'utf8'))) as object;
      for (const card of [renderCard(c.card, structuredClone(data)), renderWithLibrary(c.card, structuredClone(data))]) {
        const found = cardTexts(card);
        for (const text of found.markdown) expect(markupIn(text), text.slice(0, 300)).toBeNull();
        const shown = found.markdown.filter((t) => t.includes(EVIL_LINK_LITERAL));
        if (found.markdown.length) expect(shown.length, 'the hostile text reaches the card').toBeGreaterThan(0);
        for (const text of found.plain.filter((t) => t.includes('Log ind'))) expect(text).toContain(LINK);
      }
    });
  }
});
