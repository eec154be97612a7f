/**
 * A corpus document printed to PDF the way Word prints it: A4, Helvetica 10 pt, the header as a
 * two-column table, list numbers and bullet glyphs as their own runs at a hanging indent, text
 * wrapped (and, with hyphenation, words broken) at the right margin, a paragraph gap only where
 * the author left one, and "Side N" in the footer. Written with the tests' mini PDF writer, which
 * pdf.js reads like any other PDF (no LibreOffice on this machine).
 */
import { makePdf, type PdfRun } from '../../test/unit/import/helpers/mini-pdf.js';
import type { CorpusDoc } from './model.js';
import { visualLines, wrap } from './text.js';

const TOP = 790;
const BOTTOM = 80;
const LINE = 13;
const GAP = 8;
/** Characters of Helvetica 10 pt in the text column (≈ 450 pt). */
const WIDTH = 88;

export function corpusPdf(doc: CorpusDoc): Buffer {
  const pages: PdfRun[][] = [[]];
  let y = TOP;
  const newPage = () => {
    pages[pages.length - 1].push({ x: 290, y: 40, size: 9, text: `Side ${pages.length}` });
    pages.push([]);
    y = TOP;
  };
  for (const l of visualLines(doc)) {
    if (l.gap && y !== TOP) y -= GAP;
    const indent = l.label !== undefined ? 118 : l.marker ? 18 : 0;
    const size = l.bold ? 11 : 10;
    const lines = wrap(l.text, WIDTH - Math.round(indent / 5), doc.style.hyphenate);
    lines.forEach((text, i) => {
      if (y < BOTTOM) newPage();
      const runs = pages[pages.length - 1];
      if (i === 0 && l.label) runs.push({ x: 72, y, size, text: l.label });
      if (i === 0 && l.marker) runs.push({ x: 72, y, size, text: l.marker });
      runs.push({ x: 72 + indent, y, size, text });
      y -= LINE;
    });
  }
  pages[pages.length - 1].push({ x: 290, y: 40, size: 9, text: `Side ${pages.length}` });
  return makePdf(pages);
}
