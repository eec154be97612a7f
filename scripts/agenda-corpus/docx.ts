/**
 * A corpus document as a Word file made with the `docx` library the way a secretary makes it in
 * Word: list numbers, heading numbers and bullets are Word's automatic numbering (numbering.xml,
 * paragraphs with numbering reference + level), never typed characters, unless the style says
 * the author typed them. Bullets use the fonts Word uses (Symbol , Wingdings , Courier New o).
 */
import {
  AlignmentType,
  DeletedTextRun,
  Document,
  Footer,
  HeadingLevel,
  InsertedTextRun,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  SoftHyphen,
  Tab,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { bodyParts, labelText, LABELS, listText, headingText, typedHeading, type CorpusDoc } from './model.js';

const BULLET_LEVEL: Record<string, { text: string; font?: string; format?: 'letter' }> = {
  '•': { text: '•' },
  '': { text: '\uF0B7', font: 'Symbol' },
  '▪': { text: '\uF0A7', font: 'Wingdings' },
  o: { text: 'o', font: 'Courier New' },
  '◦': { text: '◦' },
  '–': { text: '–' },
  '-': { text: '-' },
  '*': { text: '*' },
  'a)': { text: '%1)', format: 'letter' },
};

/** Long words get a soft hyphen in the middle, as Word's optional hyphen (Ctrl+-) puts it. */
function runs(text: string, hyphenate: boolean, bold = false): TextRun[] {
  if (!hyphenate) return [new TextRun({ text, bold })];
  const children: (string | SoftHyphen)[] = [];
  text.split(/(\s+)/).forEach((w) => {
    if (/^\p{Ll}{12,}$/u.test(w)) children.push(w.slice(0, 6), new SoftHyphen(), w.slice(6));
    else children.push(w);
  });
  return [new TextRun({ children, bold })];
}

/** A paragraph whose author typed "re-" and a line break (Shift+Enter) inside a long word. */
function manualBreak(text: string): TextRun[] | null {
  const m = /^(.{40,}? )(\p{Ll}{5})(\p{Ll}{5,}[.,]?)( .*)?$/u.exec(text);
  if (!m) return null;
  return [new TextRun(`${m[1]}${m[2]}-`), new TextRun({ text: `${m[3]}${m[4] ?? ''}`, break: 1 })];
}

const CHANGE = { author: 'Gustav Eng', date: '2026-01-20T10:00:00Z' };
let changeId = 0;

/** A heading as left by track changes: an earlier wording deleted, the last words inserted. */
function trackedHeading(text: string): TextRun[] {
  const cut = text.indexOf(' ', Math.floor(text.length / 2));
  if (cut < 0) return [new TextRun(text)];
  return [
    new TextRun(text.slice(0, cut)),
    new DeletedTextRun({ text: ' (udkast)', id: ++changeId, ...CHANGE }),
    new InsertedTextRun({ text: text.slice(cut), id: ++changeId, ...CHANGE }),
  ] as unknown as TextRun[];
}

/** Lines of one paragraph separated by line breaks (Shift+Enter). */
const brokenLines = (lines: string[]) => new Paragraph({ children: lines.map((l, i) => new TextRun({ text: l, break: i > 0 ? 1 : 0 })) });

const cell = (paras: string[], width: number, bold = false) =>
  new TableCell({
    width: { size: width, type: WidthType.DXA },
    children: paras.map((t) => new Paragraph({ children: [new TextRun({ text: t, bold })] })),
  });

export function corpusDocx(doc: CorpusDoc): Promise<Buffer> {
  const L = LABELS[doc.lang];
  const s = doc.style;
  const h = doc.header;
  const bullet = BULLET_LEVEL[s.bullet] ?? BULLET_LEVEL['•'];
  const children: (Paragraph | Table)[] = [];

  const fields: [string, string[]][] = [
    [L.title, [h.title]],
    [L.date, [h.dateText]],
    [L.time, [h.timeText]],
    [L.location, [h.location]],
    [L.participants, h.participants.map(([line]) => line)],
  ];
  for (const p of doc.preamble ?? []) children.push(new Paragraph(p));
  if (s.header === 'table') {
    children.push(
      new Table({
        columnWidths: [2600, 6400],
        rows: fields.map(([label, values]) => {
          const value =
            s.participantBreaks && values.length > 1
              ? new TableCell({ width: { size: 6400, type: WidthType.DXA }, children: [brokenLines(values)] })
              : cell(values, 6400);
          return new TableRow({ children: [cell([label], 2600), value] });
        }),
      }),
    );
  } else {
    for (const [label, values] of fields) {
      children.push(new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(values[0])] }));
      for (const v of values.slice(1)) children.push(new Paragraph(v));
    }
  }
  children.push(new Paragraph(''));

  if (s.list === 'table') {
    children.push(new Paragraph({ children: [new TextRun({ text: L.list.replace(':', ''), bold: true })] }));
    const widths = [900, 1300, 5000, 1800];
    const times = (i: number) => `${12 + Math.floor((30 + i * 15) / 60)}.${String((30 + i * 15) % 60).padStart(2, '0')}`;
    children.push(
      new Table({
        columnWidths: widths,
        rows: [
          new TableRow({ tableHeader: true, children: L.table.map((t, k) => cell([t], widths[k], true)) }),
          ...doc.items.map(
            (it, i) =>
              new TableRow({
                children: [
                  cell([`${i + 1}.`], widths[0]),
                  cell([times(i)], widths[1]),
                  cell([it.listTitle ?? it.title], widths[2]),
                  cell(it.presenter ? [it.presenter] : [], widths[3]),
                ],
              }),
          ),
        ],
      }),
    );
  } else if (s.list !== 'none') {
    children.push(new Paragraph({ children: [new TextRun({ text: L.list, bold: true })] }));
    doc.items.forEach((it, i) => {
      if (s.list === 'auto') children.push(new Paragraph({ text: listText(it, s, i), numbering: { reference: 'list', level: 0 } }));
      else children.push(new Paragraph({ children: [new TextRun({ children: [new Tab(), `${i + 1}`, new Tab(), listText(it, s, i)] })] }));
    });
  }

  doc.items.forEach((it, i) => {
    if (s.heading === 'style') {
      // Numbered by the paragraph style (outline numbering), as LibreOffice's and many Word templates' headings are.
      children.push(new Paragraph({ style: 'AgendaHeading', children: runs(headingText(it, s), false) }));
    } else if (s.heading === 'auto' || s.heading === 'autoAd') {
      // Headings continue the list's definition in a new instance, which Word restarts at 1.
      const numbering = s.heading === 'auto' ? { reference: 'list', level: 0, instance: 2 } : { reference: 'heads', level: 0 };
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, numbering, children: runs(headingText(it, s), false) }));
    } else {
      typedHeading(i + 1, it, s).forEach((t, k) =>
        children.push(
          new Paragraph({
            heading: k === 0 ? HeadingLevel.HEADING_2 : undefined,
            children: s.trackedChanges ? trackedHeading(t) : runs(t, false, k > 0),
          }),
        ),
      );
    }
    let manualDone = false;
    let labels = 0;
    for (const part of bodyParts(it, doc)) {
      if ('label' in part && s.numberedLabels && s.heading === 'style')
        children.push(new Paragraph({ style: 'AgendaLabel', text: part.label }));
      else if ('label' in part) {
        const text = labelText(part.label, i + 1, ++labels, s);
        children.push(new Paragraph({ spacing: { before: 120 }, children: [new TextRun({ text, bold: true })] }));
      } else if ('bullet' in part) {
        children.push(
          new Paragraph({ numbering: { reference: 'bullets', level: 0, instance: i + 1 }, children: runs(part.bullet, s.hyphenate) }),
        );
      } else {
        const manual = s.hyphenate && !manualDone ? manualBreak(part.p) : null;
        if (manual) manualDone = true;
        children.push(new Paragraph({ spacing: { after: 120 }, children: manual ?? runs(part.p, s.hyphenate) }));
      }
    }
  });

  const footer = new Footer({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT] })] })],
  });
  const document = new Document({
    numbering: {
      config: [
        {
          reference: 'list',
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: '%1.',
              alignment: AlignmentType.START,
              style: { paragraph: { indent: { left: 720, hanging: 360 } } },
            },
          ],
        },
        {
          reference: 'outline',
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START },
            { level: 1, format: LevelFormat.DECIMAL, text: '%1.%2', alignment: AlignmentType.START },
          ],
        },
        {
          reference: 'heads',
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: 'Ad punkt %1.', alignment: AlignmentType.START }],
        },
        {
          reference: 'bullets',
          levels: [
            {
              level: 0,
              format: bullet.format === 'letter' ? LevelFormat.LOWER_LETTER : LevelFormat.BULLET,
              text: bullet.text,
              alignment: AlignmentType.START,
              style: { paragraph: { indent: { left: 720, hanging: 360 } }, run: bullet.font ? { font: bullet.font } : undefined },
            },
          ],
        },
      ],
    },
    styles: {
      paragraphStyles: [
        {
          id: 'AgendaHeading',
          name: 'Agenda Heading',
          basedOn: 'Heading2',
          run: { bold: true, size: 26 },
          paragraph: { numbering: { reference: 'outline', level: 0 } },
        },
        {
          id: 'AgendaLabel',
          name: 'Agenda Label',
          basedOn: 'Normal',
          run: { bold: true },
          paragraph: { numbering: { reference: 'outline', level: 1 } },
        },
      ],
    },
    sections: [{ footers: { default: footer }, children }],
  });
  return Packer.toBuffer(document);
}
