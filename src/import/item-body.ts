/**
 * The body of one agenda item: Indstilling / Baggrund / Løsning / Videre proces (+ Bilag).
 * A keyword counts only when it is alone on its line (optionally "Baggrund: text"), so a
 * sentence starting with "Baggrund…" stays text.
 */
import { SECTION_KEYWORD_RE } from './agenda-list.js';
import { splitAnnexes } from './heading.js';
import { blocksToText, toBlocks, type Block } from './text-cleanup.js';
import { warningText as W } from './warnings.js';

type Section = 'recommendation' | 'background' | 'proposal' | 'nextSteps' | 'annexes' | 'ignored' | 'preamble';

const KEYWORD_SECTION: [RegExp, Section][] = [
  [/^(indstilling|indstillinger|recommendations?)$/i, 'recommendation'],
  [/^(baggrund|background|sagsfremstilling)$/i, 'background'],
  [/^(løsning|løsningsforslag|forslag|proposal|solution)$/i, 'proposal'],
  [/^(videre proces|næste skridt|next steps)$/i, 'nextSteps'],
  [/^(bilag|annexes|attachments)$/i, 'annexes'],
  // Decisions belong to the minutes, not to an agenda import: reported, not imported.
  [/^(beslutning|decision|referat|minutes)$/i, 'ignored'],
];

export interface ItemBody {
  annexes: string[];
  recommendation: string[];
  background: string | null;
  proposal: string | null;
  nextSteps: string | null;
  warnings: string[];
}

// Verbs that make "Det indstilles at styregruppen <verb> …" a complete recommendation, not a lead-in.
const RECOMMENDATION_VERB_RE =
  /\b(godkender|tager|drøfter|beslutter|vedtager|noterer|bemærker|træffer|giver|udpeger|prioriterer|eskalerer|anbefaler|approves|notes|discusses|decides|takes)\b/iu;
// `s`: the rest is everything, so a run of spaces before a line break cannot make it backtrack.
const LEAD_IN_RE = /^(?:det indstilles,?\s+at|it is recommended that)\s*(.*)$/isu;

/**
 * "Det indstilles, at den operationelle styregruppe" followed by bullets is a lead-in, not a
 * recommendation. It is recognised by wording (short, no verb, or ending in ":") rather than by
 * the absence of a bullet glyph, because Word text carries no bullet glyphs. A bullet that reads
 * "Det indstilles at styregruppen tager orienteringen til efterretning" keeps its full text.
 */
function isLeadIn(block: Block, hasMore: boolean): boolean {
  const m = LEAD_IN_RE.exec(block.text);
  if (!m || block.bullet || !hasMore) return false;
  const rest = m[1].trim();
  if (rest.endsWith(':')) return true;
  return rest.split(/\s+/).length <= 5 && !RECOMMENDATION_VERB_RE.test(rest) && !/[.!]$/.test(rest);
}

function recommendations(blocks: Block[]): string[] {
  return blocks.filter((b, i) => !isLeadIn(b, i < blocks.length - 1)).map((b) => b.text);
}

const ANNEX_LINE_RE = /^(?:bilag|annex|appendix)\s+\d+\b/iu;

export function parseItemBody(lines: string[], itemNumber: number): ItemBody {
  const parts = new Map<Section, string[]>();
  const ignoredNames: string[] = [];
  let current: Section = 'preamble';
  for (const line of lines) {
    const kw = SECTION_KEYWORD_RE.exec(line);
    const section = kw ? KEYWORD_SECTION.find(([re]) => re.test(kw[1]))?.[1] : undefined;
    if (kw && section) {
      current = section;
      if (section === 'ignored') ignoredNames.push(kw[1]);
      if (!parts.has(current)) parts.set(current, []);
      else parts.get(current)!.push(''); // a repeated keyword starts a new paragraph
      if (kw[2]) parts.get(current)!.push(kw[2]);
      continue;
    }
    if (!parts.has(current)) parts.set(current, []);
    parts.get(current)!.push(line);
  }
  const blocks = (s: Section) => toBlocks(parts.get(s) ?? []);
  const warnings: string[] = [];

  // Before the first keyword: annex lines ("Bilag 3. Risikolog") or untitled text.
  const pre = blocks('preamble');
  const annexes = [
    ...pre.filter((b) => ANNEX_LINE_RE.test(b.text)).flatMap((b) => splitAnnexes(b.text)),
    ...blocks('annexes').flatMap((b) => splitAnnexes(b.text)),
  ];
  const loose = pre.filter((b) => !ANNEX_LINE_RE.test(b.text));
  let background = blocks('background');
  if (loose.length > 0) {
    warnings.push(W('loose_text', { item: itemNumber }));
    background = [...loose, ...background];
  }
  for (const name of ignoredNames) {
    warnings.push(W('minutes_section', { item: itemNumber, name }));
  }
  return {
    annexes,
    recommendation: recommendations(blocks('recommendation')),
    background: blocksToText(background),
    proposal: blocksToText(blocks('proposal')),
    nextSteps: blocksToText(blocks('nextSteps')),
    warnings,
  };
}
