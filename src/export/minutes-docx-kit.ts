import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Rating } from '../domain/model.js';

/** Word building blocks shared by the minutes and the escalation memo. */

/** Traffic-light fills: light enough that the black rating word printed in them stays readable. */
export const RATING_FILL: Record<Rating, string> = { green: '92D050', yellow: 'FFD966', red: 'FF7C80' };
const HEADER_FILL = 'D9D9D9';
/** Usable width of an A4 page with docx's default 1" margins, in twentieths of a point. */
const PAGE_WIDTH = 9026;

export type Level = (typeof HeadingLevel)[keyof typeof HeadingLevel];
export const H1: Level = HeadingLevel.HEADING_1;
export const H2: Level = HeadingLevel.HEADING_2;

export const heading = (text: string, level: Level) => new Paragraph({ text, heading: level });
export const title = (text: string) => new Paragraph({ text, heading: HeadingLevel.TITLE });
export const bullet = (text: string, level = 0) => new Paragraph({ text, bullet: { level } });
export const text = (t: string) => new Paragraph({ text: t });
/** A bullet whose text opens `url` (Word's Hyperlink style); no url = plain text with a note ("intet link"). */
export function linkBullet(label: string, url: string | null, missingNote: string): Paragraph {
  if (!url)
    return new Paragraph({
      children: [new TextRun(label), new TextRun({ text: ` (${missingNote})`, italics: true })],
      bullet: { level: 0 },
    });
  return new Paragraph({
    children: [new ExternalHyperlink({ link: url, children: [new TextRun({ text: label, style: 'Hyperlink' })] })],
    bullet: { level: 0 },
  });
}
export const italic = (t: string) => new Paragraph({ children: [new TextRun({ text: t, italics: true })] });
export const strong = (t: string) => new Paragraph({ children: [new TextRun({ text: t, bold: true })], spacing: { before: 120 } });

/** "Beslutning: Godkendt — text": the label (and optionally a lead word) bold, the rest plain. */
export function labelled(label: string, value: string, boldLead?: string | null): Paragraph {
  const runs = [new TextRun({ text: `${label}: `, bold: true })];
  if (boldLead) {
    runs.push(new TextRun({ text: boldLead, bold: true }));
    const rest = value.slice(boldLead.length);
    if (rest) runs.push(new TextRun(rest));
  } else runs.push(new TextRun(value));
  return new Paragraph({ children: runs, spacing: { before: 120 } });
}

export interface Cell {
  text: string;
  fill?: string;
  bold?: boolean;
}
export type CellInput = string | Cell;

function cell(input: CellInput, width: number, header = false): TableCell {
  const c: Cell = typeof input === 'string' ? { text: input } : input;
  const fill = header ? HEADER_FILL : c.fill;
  // A line break typed into a field becomes its own paragraph; Word ignores "\n" in a run.
  const paragraphs = (c.text || '–').split(/\n/).map(
    (line) =>
      new Paragraph({
        children: [new TextRun({ text: line, bold: header || c.bold })],
      }),
  );
  return new TableCell({
    children: paragraphs,
    width: { size: width, type: WidthType.DXA },
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    ...(fill ? { shading: { fill, type: ShadingType.CLEAR, color: 'auto' } } : {}),
  });
}

/**
 * A table with a shaded header row that repeats on every page. `weights` sets the relative
 * column widths (a fixed layout, so Word does not reflow a 40-row table on open).
 */
export function table(head: string[], rows: CellInput[][], weights?: number[]): Table {
  const w = weights ?? head.map(() => 1);
  const sum = w.reduce((a, b) => a + b, 0);
  const widths = w.map((x) => Math.floor((x / sum) * PAGE_WIDTH));
  return new Table({
    width: { size: PAGE_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h, i) => cell(h, widths[i]!, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, widths[i]!)) })),
    ],
  });
}

/** A borderless two-column block ("Mødedato | mandag den 16. juni 2025"), like the agenda's header. */
export function keyValueBlock(rows: [string, string][]): Table {
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const widths = [Math.floor(PAGE_WIDTH * 0.22), Math.ceil(PAGE_WIDTH * 0.78)];
  return new Table({
    width: { size: PAGE_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
    rows: rows.map(
      ([k, v]) =>
        new TableRow({
          children: [
            new TableCell({
              width: { size: widths[0]!, type: WidthType.DXA },
              children: [new Paragraph({ children: [new TextRun({ text: k, bold: true })] })],
            }),
            new TableCell({
              width: { size: widths[1]!, type: WidthType.DXA },
              children: v.split('\n').map((line) => new Paragraph({ text: line })),
            }),
          ],
        }),
    ),
  });
}

/** A rating as a table cell: coloured AND spelled out, so it survives black-and-white printing. */
export function ratingCell(rating: Rating | null, word: string): Cell {
  return { text: word, bold: true, ...(rating ? { fill: RATING_FILL[rating] } : {}) };
}

export const spacer = () => new Paragraph({ text: '', alignment: AlignmentType.LEFT });

/** Packs the document with properties set, so Word's File › Info shows what it is. */
export async function packDocx(opts: {
  title: string;
  description: string;
  subject?: string;
  children: (Paragraph | Table)[];
}): Promise<Buffer> {
  const doc = new Document({
    title: opts.title,
    subject: opts.subject,
    description: opts.description,
    creator: 'styrebot',
    lastModifiedBy: 'styrebot',
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
    sections: [{ children: opts.children }],
  });
  return Packer.toBuffer(doc);
}
