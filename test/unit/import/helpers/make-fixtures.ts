/**
 * Regenerates the committed PDF fixtures (run once by hand; tests only read the results):
 *   npx tsx test/unit/import/helpers/make-fixtures.ts
 * - test/fixtures/dagsorden-2-moede.pdf: the sample text laid out line by line with mini-pdf, so
 *   the sample's own artefacts (hyphenated line ends, page number, bullets) are in the PDF.
 * - test/fixtures/agenda-libreoffice.pdf: the sample rebuilt as .docx and rendered by LibreOffice
 *   (needs `soffice`: apt-get install libreoffice-writer-nogui), i.e. a real producer's PDF with
 *   embedded subset fonts, a page-number footer and Word list bullets.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layoutAgendaText, makePdf } from './mini-pdf.js';
import { buildSampleDocx } from './sample-docx.js';

const fixtures = new URL('../../../fixtures/', import.meta.url).pathname;
const text = readFileSync(join(fixtures, 'dagsorden-2-moede.txt'), 'utf8');
writeFileSync(join(fixtures, 'dagsorden-2-moede.pdf'), makePdf(layoutAgendaText(text)));

const dir = mkdtempSync(join(tmpdir(), 'agenda-lo-'));
try {
  writeFileSync(join(dir, 'agenda-libreoffice.docx'), await buildSampleDocx());
  execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'agenda-libreoffice.docx')], {
    stdio: 'inherit',
    env: { ...process.env, HOME: dir },
  });
  copyFileSync(join(dir, 'agenda-libreoffice.pdf'), join(fixtures, 'agenda-libreoffice.pdf'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log('fixtures written');
