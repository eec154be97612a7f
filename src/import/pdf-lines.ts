/**
 * Rebuilds text lines from pdf.js text items. A PDF has no lines or paragraphs, only positioned
 * strings: items sharing a baseline form a line, a horizontal gap becomes a space, and a vertical
 * gap clearly larger than the document's usual line spacing becomes a blank line (= paragraph
 * break, which the parser relies on). Pages are separated by "\f".
 */

export interface PdfTextItem {
  s: string;
  x: number;
  y: number;
  w: number;
  /** Font size (text height) in PDF units. */
  h: number;
}

interface Line {
  y: number;
  h: number;
  text: string;
}

function buildLines(items: PdfTextItem[]): Line[] {
  const sorted = items.filter((i) => i.s.trim() !== '' && Number.isFinite(i.x) && Number.isFinite(i.y));
  sorted.sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: PdfTextItem[][] = [];
  for (const it of sorted) {
    const g = groups[groups.length - 1];
    // Same line when baselines differ by less than a third of the font size (sub/superscripts,
    // rounding in PDF producers).
    if (g && Math.abs(g[0].y - it.y) <= Math.max(1, 0.35 * Math.max(g[0].h, it.h))) g.push(it);
    else groups.push([it]);
  }
  return groups.map((g) => {
    g.sort((a, b) => a.x - b.x);
    let text = '';
    let endX = -Infinity;
    for (const it of g) {
      // A gap wider than ~a sixth of the font size is a word space (a space glyph is ~0.28 em).
      const gap = it.x - endX;
      if (text !== '' && gap > 0.15 * it.h && !text.endsWith(' ') && !it.s.startsWith(' ')) text += ' ';
      text += it.s;
      endX = Math.max(endX, it.x + it.w);
    }
    return { y: g[0].y, h: Math.max(...g.map((i) => i.h)), text: text.replace(/\s+/g, ' ').trim() };
  });
}

/**
 * The body text's line spacing: the smallest baseline distance (rounded to 0.5 pt) that recurs
 * in at least a tenth of all line gaps. Not simply the most common gap: in an agenda most lines
 * are one-line paragraphs, so paragraph spacing can outnumber the spacing of wrapped lines.
 */
function usualSpacing(pages: Line[][]): number {
  const counts = new Map<number, number>();
  let total = 0;
  for (const lines of pages) {
    for (let i = 1; i < lines.length; i++) {
      const gap = Math.round((lines[i - 1].y - lines[i].y) * 2) / 2;
      if (gap >= 0.8 * lines[i].h && gap < 4 * lines[i].h) {
        counts.set(gap, (counts.get(gap) ?? 0) + 1);
        total++;
      }
    }
  }
  const recurring = [...counts].filter(([, n]) => n >= Math.max(2, 0.1 * total)).map(([g]) => g);
  return recurring.length > 0 ? Math.min(...recurring) : 0;
}

export function pdfItemsToText(pages: PdfTextItem[][]): string {
  const linePages = pages.map(buildLines);
  const spacing = usualSpacing(linePages);
  return linePages
    .map((lines) => {
      const out: string[] = [];
      lines.forEach((line, i) => {
        if (i > 0) {
          const gap = lines[i - 1].y - line.y;
          const normal = spacing > 0 ? spacing : 1.2 * line.h;
          // Paragraph spacing in Word/LibreOffice output is at least ~1/3 of a line extra.
          if (gap > normal * 1.3 + 0.5) out.push('');
        }
        out.push(line.text);
      });
      return out.join('\n');
    })
    .join('\n\f\n');
}
