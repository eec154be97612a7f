/**
 * An agenda written as a Word table (Nr | Tid | Punkt | Ansvarlig) read as the numbered
 * "Dagsorden:" list it stands for. A table counts as an agenda when its first row names a title
 * column and at least one of number, time or presenter; the time column is not part of an item.
 */
import { trimEndChars } from './linear-text.js';

type Column = 'number' | 'time' | 'title' | 'presenter';

const HEADER_WORDS: [Column, RegExp][] = [
  ['number', /^(?:nr|no|#|pkt|punkt ?nr|item no|number)$/u],
  ['time', /^(?:tid|tidspunkt|kl|klokken|time|when)$/u],
  ['title', /^(?:punkt|emne|dagsordenspunkt|titel|item|agenda item|topic|title|sag|indhold)$/u],
  [
    'presenter',
    /^(?:ansvarlig|oplæg|oplæg ved|oplægsholder|v|ved|fremlægges af|præsenteres af|presenter|presented by|owner|responsible|lead|hvem)$/u,
  ],
];

function headerColumn(cell: string[]): Column | null {
  const text = cell.join(' ').trim().toLowerCase();
  if (text.length > 30) return null;
  const word = trimEndChars(text, '.:');
  return HEADER_WORDS.find(([, re]) => re.test(word))?.[0] ?? null;
}

const cellText = (cell: string[] | undefined, sep: string) =>
  (cell ?? [])
    .map((p) => p.replace(/\s+/gu, ' ').trim())
    .filter((p) => p !== '')
    .join(sep);

/** "N Title, v. Presenter" per row after the header, or null when the table is no agenda. */
export function agendaTableLines(rows: string[][][]): string[] | null {
  if (rows.length < 2) return null;
  const columns = rows[0].map(headerColumn);
  const col = (c: Column) => columns.indexOf(c);
  if (col('title') < 0 || columns.filter((c) => c !== null).length < 2) return null;
  const lines: string[] = [];
  let counter = 0;
  for (const row of rows.slice(1)) {
    const title = cellText(row[col('title')], ' ');
    if (title === '') continue;
    counter++;
    const numberCell = col('number') >= 0 ? cellText(row[col('number')], ' ') : '';
    const n = /^(\d{1,2})\.?$/u.exec(numberCell);
    const presenter = col('presenter') >= 0 ? cellText(row[col('presenter')], ', ') : '';
    const number = n ? +n[1] : counter;
    counter = number;
    lines.push(`${number} ${title}${presenter ? `, v. ${presenter}` : ''}`);
  }
  return lines.length > 0 ? lines : null;
}
