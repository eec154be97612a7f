/**
 * A tiny PDF writer for tests: standard Helvetica (no embedded font) with WinAnsiEncoding, one
 * text run per positioned string, uncompressed content streams. Enough for pdf.js to extract
 * text with real positions, so the line rebuilding is exercised as with a real PDF.
 */

export interface PdfRun {
  x: number;
  y: number;
  size: number;
  text: string;
}

// WinAnsiEncoding differs from Latin-1 only in 0x80–0x9F; these are the ones agendas use.
const WIN_ANSI: Record<string, number> = { '•': 0x95, '–': 0x96, '—': 0x97, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '…': 0x85 };

function pdfString(text: string): string {
  let out = '(';
  for (const ch of text) {
    const code = WIN_ANSI[ch] ?? ch.codePointAt(0)!;
    if (code > 0xff) throw new Error(`mini-pdf: no WinAnsi code for ${ch}`);
    if (ch === '(' || ch === ')' || ch === '\\') out += `\\${ch}`;
    else if (code < 0x20 || code > 0x7e) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out})`;
}

export function makePdf(pages: PdfRun[][]): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body); // push returns the length = 1-based object number
  const catalog = add(''); // filled below
  const pagesObj = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  for (const runs of pages) {
    const content = runs.map((r) => `BT /F1 ${r.size} Tf ${r.x} ${r.y} Td ${pdfString(r.text)} Tj ET`).join('\n');
    const stream = add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

function wrapLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of line.split(' ')) {
    if (cur.length + word.length + 1 > 100 && cur.trim() !== '') {
      out.push(cur);
      cur = word;
    } else cur = cur === '' ? word : `${cur} ${word}`;
  }
  return [...out, cur];
}

const HEADER_LABEL_RE = /^(Mødetitel|Mødedato|Tidspunkt|Sted|Deltagere|Studentermedhjælper)\s+(.*)$/;

/**
 * Lays out agenda text the way a Word PDF looks: a two-column header table, bullets and list
 * numbers as separate runs, blank lines as extra vertical space (not as lines), and a line that
 * is only a page number as that page's footer followed by a page break.
 */
export function layoutAgendaText(text: string): PdfRun[][] {
  const pages: PdfRun[][] = [[]];
  let y = 790;
  let inHeaderTable = true;
  let pendingGap = 0;
  // pdf.js drops glyphs outside the page, so over-long lines are wrapped as a word processor would.
  for (const raw of text.split('\n').flatMap(wrapLine)) {
    const line = raw.trim();
    const page = pages[pages.length - 1];
    if (line === '') {
      pendingGap = 9;
      continue;
    }
    if (/^\d{1,3}$/.test(line)) {
      page.push({ x: 290, y: 40, size: 9, text: line });
      pages.push([]);
      y = 790;
      pendingGap = 0;
      continue;
    }
    y -= pendingGap;
    pendingGap = 0;
    if (y < 70) {
      pages.push([]);
      y = 790;
    }
    const runs = pages[pages.length - 1];
    if (line === 'Dagsorden:') inHeaderTable = false;
    const header = HEADER_LABEL_RE.exec(line);
    const listItem = /^(\d{1,2}) (\S.*)$/.exec(line);
    if (inHeaderTable && header) {
      runs.push({ x: 72, y, size: 10, text: header[1] }, { x: 190, y, size: 10, text: header[2] });
    } else if (inHeaderTable) {
      runs.push({ x: 190, y, size: 10, text: line });
    } else if (line.startsWith('• ')) {
      runs.push({ x: 90, y, size: 10, text: '•' }, { x: 108, y, size: 10, text: line.slice(2) });
    } else if (listItem) {
      runs.push({ x: 90, y, size: 10, text: listItem[1] }, { x: 108, y, size: 10, text: listItem[2] });
    } else {
      runs.push({ x: 72, y, size: 10, text: line });
    }
    y -= 13;
  }
  return pages.filter((p) => p.length > 0);
}
