import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractAgendaText, readAgendaBuffer, readAgendaFile } from '../../../src/import/read-agenda-file.js';
import { bigAgendaItemCount, makeBigAgendaText } from '../../helpers/big-agenda.js';
import { layoutAgendaText, makePdf } from './helpers/mini-pdf.js';
import { buildSampleDocx } from './helpers/sample-docx.js';

const fixturePath = (name: string) => new URL(`../../fixtures/${name}`, import.meta.url).pathname;
const fixture = (name: string) => readFileSync(fixturePath(name));
const expected = JSON.parse(fixture('dagsorden-2-moede.expected.json').toString('utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'agenda-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('readAgendaFile / readAgendaBuffer: the sample in every supported format', () => {
  it('reads the .txt sample from disk to the expected JSON', async () => {
    expect(await readAgendaFile(fixturePath('dagsorden-2-moede.txt'))).toEqual(expected);
  });

  it('reads a .docx built like the sample (header table, Word bullets, footer) to the same result', async () => {
    const docx = await buildSampleDocx();
    const text = await extractAgendaText(docx, 'dagsorden.docx');
    // Word bullets come from numbering.xml: the reader writes them as "•", like the PDF shows them.
    expect(text).toContain('• godkender referatet');
    expect(await readAgendaBuffer(docx, 'dagsorden.docx')).toEqual(expected);
  });

  it('reads the committed PDF of the sample (hyphenation, page number, bullets) to the same result', async () => {
    const pdf = fixture('dagsorden-2-moede.pdf');
    const text = await extractAgendaText(pdf, 'dagsorden.pdf');
    expect(text).toContain('Den re-\nviderede'); // the artefacts really are in the PDF text
    expect(text).toContain('\f');
    expect(await readAgendaBuffer(pdf, 'dagsorden.pdf')).toEqual(expected);
  });

  it('reads a LibreOffice-rendered PDF of the Word document (subset fonts, footer page numbers) to the same result', async () => {
    expect(await readAgendaBuffer(fixture('agenda-libreoffice.pdf'), 'agenda.pdf')).toEqual(expected);
  });

  it('strips Markdown headings and emphasis from a .md agenda', async () => {
    const md = fixture('dagsorden-2-moede.txt')
      .toString('utf8')
      .replace(/^(\d\. .*)$/gm, '## $1')
      .replace(/^(Indstilling|Baggrund|Løsning|Videre proces)\s*$/gm, '**$1**');
    expect(await readAgendaBuffer(Buffer.from(md), 'dagsorden.md')).toEqual(expected);
  });

  it('decodes a UTF-16 text file with a byte-order mark (Notepad "Unicode")', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fixture('dagsorden-2-moede.txt').toString('utf8'), 'utf16le')]);
    expect(await readAgendaBuffer(utf16, 'dagsorden.txt')).toEqual(expected);
  });

  it('reads a 50-page agenda PDF within the limits', async () => {
    const text = makeBigAgendaText(50);
    const pdf = makePdf(layoutAgendaText(text));
    writeFileSync(join(tmp, 'big.pdf'), pdf);
    const agenda = await readAgendaFile(join(tmp, 'big.pdf'));
    expect(agenda.items).toHaveLength(bigAgendaItemCount(50));
    expect(agenda.warnings).toEqual([]);
    expect(agenda.proposedMeetings).toHaveLength(2);
  });
});

describe('other agenda layouts', () => {
  it.each(['agenda-english', 'agenda-alternativ'])('reads %s.txt to its expected JSON', async (name) => {
    const want = JSON.parse(fixture(`${name}.expected.json`).toString('utf8'));
    expect(await readAgendaFile(fixturePath(`${name}.txt`))).toEqual(want);
  });

  it('parses the generated 50-page agenda text quickly, with every item and no warnings', async () => {
    const text = makeBigAgendaText(50);
    const started = performance.now();
    const agenda = await readAgendaBuffer(Buffer.from(text), 'big.txt');
    expect(performance.now() - started).toBeLessThan(2000); // ~50 ms locally; generous for CI
    expect(agenda.items.map((i) => i.number)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(agenda.warnings).toEqual([]);
    expect(agenda.items[4].background).not.toMatch(/ {2}|\S- |•/); // hyphens rejoined, bullets and stray spaces gone
  });
});
