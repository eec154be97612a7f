/**
 * The text of a Word document as its reader sees it, numbers included: mammoth's raw text drops
 * the numbers and bullets of Word's automatic numbering, so an agenda whose headings are a
 * numbered list ("1. Velkomst") lost every item number. This reads word/document.xml itself,
 * with numbering.xml and styles.xml, and writes
 * - each paragraph followed by a blank line (as mammoth does), prefixed by its list label:
 *   "3. " for a number, "• " for any bullet glyph (Symbol, Wingdings, "o", "▪" …);
 * - soft hyphens as U+00AD and non-breaking hyphens as "-", tabs as tabs, line breaks as "\n";
 * - a table as one line per row and cell paragraph (cells separated by a tab, as a PDF shows
 *   them), and a table whose header row names the agenda's columns (Nr | Tid | Punkt |
 *   Ansvarlig) as the "Dagsorden:" list it is ("1 Velkomst, v. Anna").
 * Deleted text, field codes and the fallback copy of alternate content are left out.
 * Work and output are linear in the document's size; nesting is followed to a fixed depth.
 */
import { AppError } from '../errors.js';
import { Numbering } from './docx-numbering.js';
import { agendaTableLines } from './docx-table.js';
import { attr, childrenOf, firstChild, isText, isW, parseXml, type XmlElement } from './docx-xml.js';

export interface DocxParts {
  document: string;
  numbering?: string | null;
  styles?: string | null;
}

interface StyleNum {
  basedOn: string | null;
  numId: string | null;
  ilvl: number | null;
}

/** Tables in tables in content controls …: deeper nesting than this is not read. */
const MAX_DEPTH = 12;
/** Run content that is not text: its subtree is skipped. */
const SKIP = new Set(['pPr', 'rPr', 'del', 'moveFrom', 'delText', 'instrText', 'txbxContent', 'footnoteReference', 'commentReference']);

function readStyles(xml: string | null | undefined): Map<string, StyleNum> {
  const out = new Map<string, StyleNum>();
  if (!xml) return out;
  for (const s of childrenOf(parseXml(xml), 'style')) {
    const id = attr(s, 'styleId');
    if (id === null) continue;
    const numPr = firstChild(firstChild(s, 'pPr'), 'numPr');
    out.set(id, {
      basedOn: attr(firstChild(s, 'basedOn'), 'val'),
      numId: attr(firstChild(numPr, 'numId'), 'val'),
      ilvl: numPr ? Number(attr(firstChild(numPr, 'ilvl'), 'val') ?? 0) : null,
    });
  }
  return out;
}

class DocxReader {
  private readonly out: string[] = [];
  private chars = 0;
  private last = '';

  constructor(
    private readonly numbering: Numbering,
    private readonly styles: Map<string, StyleNum>,
    private readonly maxChars: number,
  ) {}

  text(): string {
    return this.out.join('');
  }

  emit(s: string): void {
    this.chars += s.length;
    if (this.chars > this.maxChars) throw new AppError('import_too_large', { limit: 'text', max: this.maxChars, actual: this.chars });
    this.out.push(s);
    this.last = s;
  }

  /** Block content (body, cell, content control) → paragraph texts, in order. */
  blocks(container: XmlElement, depth: number, sink: (text: string) => void): void {
    if (depth > MAX_DEPTH) return;
    const kids = container.childNodes;
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      if (isW(k, 'p')) sink(this.paragraph(k));
      else if (isW(k, 'tbl')) this.table(k, depth + 1, sink);
      else if (isW(k, 'sdt')) {
        const content = firstChild(k, 'sdtContent');
        if (content) this.blocks(content, depth + 1, sink);
      } else if (isW(k, 'customXml') || isW(k, 'ins') || isW(k, 'moveTo')) this.blocks(k, depth + 1, sink);
    }
  }

  /** numId and level from the paragraph, else from its style and the styles it is based on. */
  private numberingOf(pPr: XmlElement | null): { numId: string; ilvl: number } | null {
    const numPr = firstChild(pPr, 'numPr');
    let numId = attr(firstChild(numPr, 'numId'), 'val');
    let ilvl = numPr && firstChild(numPr, 'ilvl') ? Number(attr(firstChild(numPr, 'ilvl'), 'val')) : null;
    let styleId = attr(firstChild(pPr, 'pStyle'), 'val');
    for (let hops = 0; styleId !== null && hops < 10 && (numId === null || ilvl === null); hops++) {
      const st = this.styles.get(styleId);
      if (!st) break;
      numId ??= st.numId;
      ilvl ??= st.ilvl;
      styleId = st.basedOn;
    }
    if (numId === null || numId === '0') return null;
    return { numId, ilvl: Number.isInteger(ilvl) ? ilvl! : 0 };
  }

  paragraph(p: XmlElement): string {
    const pPr = firstChild(p, 'pPr');
    const parts: string[] = [];
    // Explicit stack, children pushed in reverse: document order without recursion.
    const stack: XmlElement[] = [];
    for (let i = p.childNodes.length - 1; i >= 0; i--) stack.push(p.childNodes[i]);
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (isText(n)) continue; // whitespace between elements; text lives in w:t only
      const name = n.localName ?? '';
      if (isW(n, 't')) {
        for (let i = 0; i < n.childNodes.length; i++) if (isText(n.childNodes[i])) parts.push(n.childNodes[i].data ?? '');
        continue;
      }
      if (isW(n, 'tab') || isW(n, 'ptab')) parts.push('\t');
      else if (isW(n, 'br') || isW(n, 'cr')) parts.push('\n');
      else if (isW(n, 'softHyphen')) parts.push('\u00AD');
      else if (isW(n, 'noBreakHyphen')) parts.push('-');
      if (SKIP.has(name) || name === 'Fallback') continue;
      for (let i = n.childNodes.length - 1; i >= 0; i--) stack.push(n.childNodes[i]);
    }
    const text = parts.join('');
    const num = this.numberingOf(pPr);
    const label = num ? this.numbering.next(num.numId, num.ilvl) : null;
    if (!label || text.trim() === '') return text;
    return label.kind === 'bullet' ? `• ${text}` : label.text ? `${label.text} ${text}` : text;
  }

  private table(tbl: XmlElement, depth: number, sink: (text: string) => void): void {
    const rows: string[][][] = [];
    for (const tr of childrenOf(tbl, 'tr')) {
      const cells: string[][] = [];
      for (const tc of childrenOf(tr, 'tc')) {
        const paras: string[] = [];
        this.blocks(tc, depth, (t) => paras.push(t));
        cells.push(paras);
      }
      rows.push(cells);
    }
    const agenda = agendaTableLines(rows);
    if (agenda) {
      // The heading above the table is usually "Dagsorden"; else the table is the list by itself.
      const marked = /^(?:dagsorden|agenda|program) ?:?$/iu.test(this.last.trim());
      sink((marked ? agenda : ['Dagsorden:', ...agenda]).join('\n'));
      return;
    }
    // A row as a PDF prints it: the k-th paragraph of every cell side by side.
    for (const cells of rows) {
      const height = Math.max(0, ...cells.map((c) => c.length));
      const lines: string[] = [];
      for (let k = 0; k < height; k++) {
        const line = cells
          .map((c) => (c[k] ?? '').trim())
          .filter((s) => s !== '')
          .join('\t');
        if (line !== '') lines.push(line);
      }
      if (lines.length > 0) sink(lines.join('\n'));
    }
  }
}

/** Plain text of a .docx from its XML parts (see the file comment for the layout). */
export function docxToText(parts: DocxParts, maxChars: number): string {
  const root = parseXml(parts.document);
  const body = firstChild(root, 'body');
  if (!body) throw new Error('word/document.xml has no body');
  const reader = new DocxReader(new Numbering(parts.numbering ? parseXml(parts.numbering) : null), readStyles(parts.styles), maxChars);
  reader.blocks(body, 0, (t) => reader.emit(`${t}\n\n`));
  return reader.text();
}
