/**
 * Writes the agenda import corpus to test/fixtures/agendas/ (run by hand; the tests read the
 * committed files): npx tsx scripts/make-agenda-corpus.ts
 * Each document of scripts/agenda-corpus/specs.ts becomes <name>.docx | .pdf | .txt and
 * <name>.expected.json (what the document says, in the parser's output contract, without warnings).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDocx } from './agenda-corpus/docx.js';
import { expectedAgenda } from './agenda-corpus/model.js';
import { corpusPdf } from './agenda-corpus/pdf.js';
import { CORPUS } from './agenda-corpus/specs.js';
import { emailText } from './agenda-corpus/text.js';

const dir = new URL('../test/fixtures/agendas/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });
for (const doc of CORPUS) {
  const file = join(dir, `${doc.name}.${doc.format}`);
  if (doc.format === 'docx') writeFileSync(file, await corpusDocx(doc));
  else if (doc.format === 'pdf') writeFileSync(file, corpusPdf(doc));
  else writeFileSync(file, emailText(doc));
  writeFileSync(join(dir, `${doc.name}.expected.json`), `${JSON.stringify(expectedAgenda(doc), null, 2)}\n`);
}
console.log(`${CORPUS.length} documents written to ${dir}`);
