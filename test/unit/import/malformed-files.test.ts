import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { readAgendaBuffer, readAgendaFile, type ImportLimits } from '../../../src/import/read-agenda-file.js';
import { makePdf } from './helpers/mini-pdf.js';
import { buildAgendaDocx, buildSampleDocx, SAMPLE_BODY, SAMPLE_HEADER } from './helpers/sample-docx.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'agenda-malformed-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The AppError a read fails with (any other outcome fails the test). */
async function failure(buf: Buffer, filename: string, limits: Partial<ImportLimits> = {}): Promise<AppError> {
  const err = await readAgendaBuffer(buf, filename, limits).then(
    () => new Error('expected the import to fail'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const zipOf = async (files: Record<string, Buffer | string>) => {
  const zip = new JSZip();
  for (const [name, data] of Object.entries(files)) zip.file(name, data);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
};

describe('empty, binary, oversized and unsupported files', () => {
  it.each(['agenda.txt', 'agenda.docx', 'agenda.pdf'])('rejects an empty %s as import_empty', async (name) => {
    expect(await failure(Buffer.alloc(0), name)).toMatchObject({ code: 'import_empty', params: { filename: name } });
  });

  it('rejects a whitespace-only text file as import_empty', async () => {
    expect((await failure(Buffer.from(' \n\t\n'), 'a.txt')).code).toBe('import_empty');
  });

  it.each([
    ['NUL bytes', Buffer.from('Mødetitel\0\0\0')],
    ['invalid UTF-8', Buffer.from([0x4d, 0xf8, 0x64, 0x65, 0xc3, 0x28])],
  ])('rejects a .txt with %s as import_binary', async (_what, buf) => {
    expect(await failure(buf, 'a.txt')).toMatchObject({ code: 'import_binary', params: { filename: 'a.txt' } });
  });

  it('rejects a PDF renamed to .txt as import_binary', async () => {
    expect((await failure(fixture('dagsorden-2-moede.pdf'), 'agenda.txt')).code).toBe('import_binary');
  });

  it('rejects files over the size cap before decoding them', async () => {
    expect(await failure(Buffer.alloc(3 * 1024 * 1024, 'a'), 'a.txt')).toMatchObject({
      code: 'import_too_large',
      params: { limit: 'bytes', max: 2 * 1024 * 1024, actual: 3 * 1024 * 1024 },
    });
    expect((await failure(Buffer.alloc(6 * 1024 * 1024), 'a.docx')).params).toMatchObject({ limit: 'bytes', max: 5 * 1024 * 1024 });
    expect((await failure(Buffer.alloc(11 * 1024 * 1024), 'a.pdf')).params).toMatchObject({ limit: 'bytes', max: 10 * 1024 * 1024 });
  });

  it('checks the size of a file on disk before reading it', async () => {
    const path = join(tmp, 'huge.pdf');
    writeFileSync(path, '');
    truncateSync(path, 500 * 1024 * 1024); // sparse: reading it would take 500 MB
    await expect(readAgendaFile(path)).rejects.toMatchObject({
      code: 'import_too_large',
      params: { filename: 'huge.pdf', limit: 'bytes' },
    });
    await expect(readAgendaFile(join(tmp, 'missing.txt'))).rejects.toMatchObject({ code: 'import_not_found' });
  });

  it.each(['referat.doc', 'agenda.odt', 'agenda.rtf', 'agenda'])('rejects %s as import_unsupported_type', async (name) => {
    expect((await failure(Buffer.from('x'), name)).code).toBe('import_unsupported_type');
  });
});

describe('.docx that are not agendas or are hostile', () => {
  it('rejects a Word document without agenda items or date as import_no_agenda', async () => {
    const docx = await buildAgendaDocx([['Emne', ['Frokostordning']]], [{ p: 'Husk at melde afbud til frokosten.' }]);
    expect(await failure(docx, 'frokost.docx')).toMatchObject({ code: 'import_no_agenda', params: { items: 0, date: 'mangler' } });
  });

  it('rejects an agenda without a meeting date as import_no_agenda', async () => {
    const docx = await buildAgendaDocx(
      SAMPLE_HEADER.filter(([l]) => l !== 'Mødedato'),
      SAMPLE_BODY,
    );
    expect(await failure(docx, 'a.docx')).toMatchObject({ code: 'import_no_agenda', params: { items: 7, date: 'mangler' } });
  });

  it('rejects a zip bomb by its declared uncompressed size, before inflating it', async () => {
    const zip = await JSZip.loadAsync(await buildSampleDocx());
    zip.file('word/media/padding.bin', Buffer.alloc(25 * 1024 * 1024)); // compresses to ~25 KB
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(await failure(bomb, 'bomb.docx')).toMatchObject({
      code: 'import_too_large',
      params: { limit: 'uncompressed', max: 20 * 1024 * 1024 },
    });
  });

  it('rejects an entry that inflates beyond the size it declares', async () => {
    const zip = await zipOf({ 'word/document.xml': Buffer.alloc(1024 * 1024, 0x20) });
    const cd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(100, cd + 24); // central directory and local header now claim 100 bytes
    zip.writeUInt32LE(100, zip.readUInt32LE(cd + 42) + 22);
    expect(await failure(zip, 'liar.docx')).toMatchObject({ code: 'import_corrupt', params: { reason: 'entry larger than declared' } });
  });

  it('rejects an archive with too many entries', async () => {
    const zip = await zipOf(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}.xml`, 'x'])));
    expect(await failure(zip, 'many.docx', { docxEntries: 5 })).toMatchObject({
      code: 'import_too_large',
      params: { limit: 'entries', max: 5, actual: 10 },
    });
  });

  it.each([
    ['a text file renamed to .docx', Buffer.from('Mødetitel 2. Møde')],
    ['a zip header followed by garbage', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)])],
    ['a truncated docx', Buffer.alloc(0)],
  ])('rejects %s as import_corrupt', async (_what, buf) => {
    const input = buf.length > 0 ? buf : (await buildSampleDocx()).subarray(0, 3000);
    expect(await failure(input, 'a.docx')).toMatchObject({ code: 'import_corrupt', params: { format: 'docx' } });
  });

  it('rejects a valid zip without word/document.xml as import_corrupt', async () => {
    expect((await failure(await zipOf({ 'hello.txt': 'hej' }), 'a.docx')).code).toBe('import_corrupt');
  });
});

describe('hostile or broken PDFs', () => {
  it('rejects a truncated PDF as import_corrupt', async () => {
    const pdf = fixture('dagsorden-2-moede.pdf');
    expect(await failure(pdf.subarray(0, pdf.length >> 1), 'a.pdf')).toMatchObject({ code: 'import_corrupt', params: { format: 'pdf' } });
  });

  it('rejects a file without a PDF signature without starting pdf.js', async () => {
    expect(await failure(Buffer.from('Mødetitel 2. Møde'), 'a.pdf')).toMatchObject({
      code: 'import_corrupt',
      params: { reason: 'not a pdf' },
    });
  });

  it('rejects a PDF with more pages than allowed', async () => {
    const pdf = makePdf([1, 2, 3].map((n) => [{ x: 72, y: 700, size: 10, text: `Side ${n}` }]));
    expect(await failure(pdf, 'a.pdf', { pdfPages: 2 })).toMatchObject({
      code: 'import_too_large',
      params: { limit: 'pages', max: 2, actual: 3 },
    });
  });

  it('stops a PDF extraction that exceeds the time cap', async () => {
    expect(await failure(fixture('dagsorden-2-moede.pdf'), 'a.pdf', { pdfTimeoutMs: 1 })).toMatchObject({
      code: 'import_too_large',
      params: { limit: 'seconds' },
    });
  });
});

describe('never a crash: randomly damaged files end in a result or an AppError', () => {
  const damage = (buf: Buffer, edits: [number, number][]) => {
    const out = Buffer.from(buf);
    for (const [pos, byte] of edits) out[Math.floor(pos * out.length)] = byte;
    return out;
  };
  const edits = fc.array(fc.tuple(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.integer({ min: 0, max: 255 })), {
    minLength: 1,
    maxLength: 20,
  });

  it('damaged .docx', async () => {
    const docx = await buildSampleDocx();
    await fc.assert(
      fc.asyncProperty(edits, async (e) => {
        await readAgendaBuffer(damage(docx, e), 'a.docx').catch((err: unknown) => expect(err).toBeInstanceOf(AppError));
      }),
      { numRuns: 40, seed: 4711 },
    );
  });

  it('damaged .pdf', async () => {
    const pdf = fixture('dagsorden-2-moede.pdf');
    await fc.assert(
      fc.asyncProperty(edits, async (e) => {
        await readAgendaBuffer(damage(pdf, e), 'a.pdf').catch((err: unknown) => expect(err).toBeInstanceOf(AppError));
      }),
      { numRuns: 8, seed: 4711 },
    );
  });
});

describe('concurrent PDF imports', () => {
  it('queues PDF workers and still answers every request', async () => {
    const pdf = fixture('dagsorden-2-moede.pdf');
    const results = await Promise.all(Array.from({ length: 5 }, () => readAgendaBuffer(pdf, 'a.pdf')));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
  });
});
