/**
 * The .docx reader (src/import/docx-text.ts) on hand-written WordprocessingML: Word's automatic
 * numbering as Word shows it (start values, level text, restarts, numbering through styles),
 * bullets of every font, tracked changes, hyphens, tables, and its caps.
 */
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.js';
import { formatNumber } from '../../src/import/docx-numbering.js';
import { docxToText } from '../../src/import/docx-text.js';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const doc = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`;
const numbering = (inner: string) => `<w:numbering ${W}>${inner}</w:numbering>`;
const styles = (inner: string) => `<w:styles ${W}>${inner}</w:styles>`;
const lvl = (ilvl: number, fmt: string, text: string, start = 1) =>
  `<w:lvl w:ilvl="${ilvl}"><w:start w:val="${start}"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${text}"/></w:lvl>`;
const abstract = (id: number, levels: string) => `<w:abstractNum w:abstractNumId="${id}">${levels}</w:abstractNum>`;
const num = (id: number, abstractId: number, override = '') =>
  `<w:num w:numId="${id}"><w:abstractNumId w:val="${abstractId}"/>${override}</w:num>`;
const p = (text: string, numId?: number, ilvl = 0, style?: string) =>
  `<w:p><w:pPr>${style ? `<w:pStyle w:val="${style}"/>` : ''}${
    numId !== undefined ? `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>` : ''
  }</w:pPr><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const lines = (text: string) => text.split('\n').filter((l) => l !== '');

describe('docxToText: Word automatic numbering', () => {
  it('writes the numbers Word shows: start value, level text and format', () => {
    const n = numbering(
      abstract(1, lvl(0, 'decimal', '%1.', 3)) +
        abstract(2, lvl(0, 'decimal', 'Ad punkt %1:')) +
        abstract(3, lvl(0, 'upperRoman', '%1.')) +
        num(1, 1) +
        num(2, 2) +
        num(3, 3),
    );
    const text = docxToText(
      { document: doc(p('Drift', 1) + p('Risici', 1) + p('Velkomst', 2) + p('Status', 2) + p('Første', 3) + p('Andet', 3)), numbering: n },
      1e6,
    );
    expect(lines(text)).toEqual(['3. Drift', '4. Risici', 'Ad punkt 1: Velkomst', 'Ad punkt 2: Status', 'I. Første', 'II. Andet']);
  });

  it('counts levels like Word: "%1.%2" under its parent, a deeper level restarting under a new parent', () => {
    const n = numbering(abstract(1, lvl(0, 'decimal', '%1.') + lvl(1, 'decimal', '%1.%2') + lvl(2, 'lowerLetter', '%3)')) + num(1, 1));
    const body =
      p('Velkomst', 1) +
      p('Indstilling', 1, 1) +
      p('Baggrund', 1, 1) +
      p('ét', 1, 2) +
      p('to', 1, 2) +
      p('Drift', 1) +
      p('Indstilling', 1, 1);
    expect(lines(docxToText({ document: doc(body), numbering: n }, 1e6))).toEqual([
      '1. Velkomst',
      '1.1 Indstilling',
      '1.2 Baggrund',
      'a) ét',
      'b) to',
      '2. Drift',
      '2.1 Indstilling',
    ]);
  });

  it('continues a definition across its instances unless an instance restarts a level (startOverride)', () => {
    const restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>';
    const n = numbering(abstract(1, lvl(0, 'decimal', '%1.')) + num(1, 1) + num(2, 1) + num(3, 1, restart));
    const body = p('A', 1) + p('B', 1) + p('C', 2) + p('D', 3) + p('E', 3);
    expect(lines(docxToText({ document: doc(body), numbering: n }, 1e6))).toEqual(['1. A', '2. B', '3. C', '1. D', '2. E']);
  });

  it('takes the numbering from the paragraph style and the styles it is based on; numId 0 removes it', () => {
    const n = numbering(abstract(1, lvl(0, 'decimal', '%1.')) + num(5, 1));
    const st = styles(
      '<w:style w:type="paragraph" w:styleId="Overskrift2"><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr></w:pPr></w:style>' +
        '<w:style w:type="paragraph" w:styleId="Punkt"><w:basedOn w:val="Overskrift2"/></w:style>',
    );
    const body =
      p('Velkomst', undefined, 0, 'Overskrift2') +
      p('Drift', undefined, 0, 'Punkt') +
      p('Uden nummer', 0, 0, 'Punkt') +
      p('Eventuelt', undefined, 0, 'Punkt');
    expect(lines(docxToText({ document: doc(body), numbering: n, styles: st }, 1e6))).toEqual([
      '1. Velkomst',
      '2. Drift',
      'Uden nummer',
      '3. Eventuelt',
    ]);
  });

  it('writes every bullet font (Symbol, Wingdings, Courier "o", dashes) as "• "', () => {
    const glyphs = ['\uF0B7', '\uF0A7', 'o', '–', '▪', '◦'];
    const n = numbering(glyphs.map((g, i) => abstract(i + 1, lvl(0, 'bullet', g)) + num(i + 1, i + 1)).join(''));
    const body = glyphs.map((_, i) => p(`punkt ${i}`, i + 1)).join('');
    expect(lines(docxToText({ document: doc(body), numbering: n }, 1e6))).toEqual(glyphs.map((_, i) => `• punkt ${i}`));
  });

  it('ignores a paragraph that names an unknown list; an empty numbered paragraph counts (Word shows its number) but writes no label', () => {
    const n = numbering(abstract(1, lvl(0, 'decimal', '%1.')) + num(1, 1));
    expect(lines(docxToText({ document: doc(p('Tekst', 9) + p('', 1) + p('Første', 1)), numbering: n }, 1e6))).toEqual([
      'Tekst',
      '2. Første',
    ]);
  });

  it('formats numbers in every common format', () => {
    expect([1, 4, 9, 14, 40].map((n) => formatNumber(n, 'upperRoman'))).toEqual(['I', 'IV', 'IX', 'XIV', 'XL']);
    expect([1, 26, 27].map((n) => formatNumber(n, 'lowerLetter'))).toEqual(['a', 'z', 'aa']);
    expect(formatNumber(3, 'decimalZero')).toBe('03');
    expect(formatNumber(3, 'none')).toBe('');
  });
});

describe('docxToText: text as the reader sees it', () => {
  it('drops deleted text and field codes, keeps insertions, and skips the fallback copy of alternate content', () => {
    const body =
      '<w:p><w:r><w:t>Status på </w:t></w:r><w:del><w:r><w:delText>gammel </w:delText></w:r></w:del><w:ins><w:r><w:t>drift</w:t></w:r></w:ins>' +
      '<w:r><w:instrText> PAGE </w:instrText></w:r></w:p>' +
      '<w:p><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:r><w:t>én gang</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>én gang</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>';
    expect(lines(docxToText({ document: doc(body) }, 1e6))).toEqual(['Status på drift', 'én gang']);
  });

  it('decodes entities and CDATA, and reads a ">" inside an attribute value', () => {
    const body = '<w:p><w:r w:rsid="a>b"><w:t>R&amp;D &lt;3 &#229;&#x2013;</w:t><w:t><![CDATA[<x>]]></w:t></w:r></w:p>';
    expect(docxToText({ document: doc(body) }, 1e6)).toBe('R&D <3 å–<x>\n\n');
  });

  it('writes soft hyphens, non-breaking hyphens, tabs and line breaks', () => {
    const body =
      '<w:p><w:r><w:t>udviklings</w:t><w:softHyphen/><w:t>opgaver DAP</w:t><w:noBreakHyphen/><w:t>gruppen</w:t><w:tab/><w:t>a</w:t><w:br/><w:t>b</w:t></w:r></w:p>';
    expect(docxToText({ document: doc(body) }, 1e6)).toBe('udviklings\u00ADopgaver DAP-gruppen\ta\nb\n\n');
  });

  it('reads an agenda table (Nr | Tid | Punkt | Ansvarlig) as the numbered Dagsorden list', () => {
    const cellXml = (t: string) =>
      `<w:tc>${t
        .split('|')
        .map((x) => p(x))
        .join('')}</w:tc>`;
    const row = (...cells: string[]) => `<w:tr>${cells.map(cellXml).join('')}</w:tr>`;
    const table = `<w:tbl>${row('Nr.', 'Tid', 'Punkt', 'Ansvarlig')}${row('1', '12.30', 'Velkomst', 'Anna')}${row('2', '12.40', 'Status på|drift', '')}${row('3.', '13.00', 'Eventuelt', 'Anna|Frida')}</w:tbl>`;
    expect(lines(docxToText({ document: doc(p('Dagsorden') + table) }, 1e6))).toEqual([
      'Dagsorden',
      '1 Velkomst, v. Anna',
      '2 Status på drift',
      '3 Eventuelt, v. Anna, Frida',
    ]);
    // Without a heading above it, the table is the list by itself.
    expect(lines(docxToText({ document: doc(table) }, 1e6))[0]).toBe('Dagsorden:');
  });

  it('prints any other table row by row, cells side by side as a PDF shows them', () => {
    const table = `<w:tbl><w:tr><w:tc>${p('Mødedato')}</w:tc><w:tc>${p('16. juni 2025')}</w:tc></w:tr><w:tr><w:tc>${p('Deltagere')}</w:tc><w:tc>${p('Anna Holm')}${p('Bent Lund')}</w:tc></w:tr></w:tbl>`;
    expect(lines(docxToText({ document: doc(table) }, 1e6))).toEqual(['Mødedato\t16. juni 2025', 'Deltagere\tAnna Holm', 'Bent Lund']);
  });

  it('follows tables inside tables only to a fixed depth', () => {
    let xml = p('bund');
    for (let i = 0; i < 40; i++) xml = `<w:tbl><w:tr><w:tc>${xml}</w:tc></w:tr></w:tbl>`;
    expect(docxToText({ document: doc(xml + p('efter')) }, 1e6)).toBe('efter\n\n');
  });

  it('refuses text beyond the cap as too large, a DOCTYPE and text without XML; a truncated part gives the text it has', () => {
    const body = Array.from({ length: 200 }, () => p('x'.repeat(100))).join('');
    let err: unknown;
    try {
      docxToText({ document: doc(body) }, 5000);
    } catch (e) {
      err = e;
    }
    expect(isAppError(err) && err.code).toBe('import_too_large');
    expect(() => docxToText({ document: 'PK\u0003\u0004 no xml' }, 1e6)).toThrow();
    expect(() => docxToText({ document: `<!DOCTYPE x [<!ENTITY a "aaaa">]>${doc(p('&a;'))}` }, 1e6)).toThrow(/DOCTYPE/);
    expect(docxToText({ document: doc(p('Velkomst')).slice(0, -30) }, 1e6)).toBe('Velkomst\n\n');
  });
});
