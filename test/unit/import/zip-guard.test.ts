/**
 * The .docx container is validated completely before anything is inflated (checkZipStructure),
 * and inflating never produces more than an entry declares (checkZipInflation). Each hostile
 * shape is refused with its own reason, and through readAgendaBuffer with a clear AppError.
 */
import { randomBytes } from 'node:crypto';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { readAgendaBuffer } from '../../../src/import/read-agenda-file.js';
import { checkZip, checkZipStructure, type ZipLimits } from '../../../src/import/zip-guard.js';
import { buildZip, deflate, descriptor, docxEntries, documentXml, type RawEntry } from './helpers/zip-builder.js';
import { buildSampleDocx } from './helpers/sample-docx.js';

const LIMITS: ZipLimits = { maxUncompressed: 20 * 1024 * 1024, maxEntries: 2000, maxRatio: 250 };
const AGENDA = documentXml([
  'Mødetitel 2. Møde',
  'Mødedato 16. juni 2025',
  'Tidspunkt 12.30 til 14.00',
  '',
  'Dagsorden:',
  '1 Velkomst',
  '2 Status',
  '',
  '1. Velkomst',
  '',
  '2. Status',
]);
const reason = (buf: Buffer) => {
  const r = checkZipStructure(buf, LIMITS);
  return 'problem' in r ? r.problem : null;
};
async function refusal(buf: Buffer): Promise<AppError> {
  const err = await readAgendaBuffer(buf, 'hostile.docx').then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}
const hundredMbOfZeros = () => deflate(Buffer.alloc(100 * 1024 * 1024));

describe('archives the guard lets through', () => {
  it('a minimal .docx from the test writer parses (so every refusal below is due to its lie)', async () => {
    const buf = buildZip(docxEntries(AGENDA));
    expect(checkZip(buf, LIMITS)).toBeNull();
    const agenda = await readAgendaBuffer(buf, 'ok.docx');
    expect(agenda.items.map((i) => i.title)).toEqual(['Velkomst', 'Status']);
  });

  it('Word-style archives with data descriptors, a comment and the sample document', async () => {
    const zip = await JSZip.loadAsync(await buildSampleDocx());
    const streamed = await zip.generateAsync({
      type: 'nodebuffer',
      compression: 'DEFLATE',
      streamFiles: true,
      comment: 'PK\x05\x06 not the end record',
    });
    expect(checkZip(streamed, LIMITS)).toBeNull();
    expect(checkZip(await buildSampleDocx(), LIMITS)).toBeNull();
    const entries = docxEntries(AGENDA).map((e): RawEntry => ({ ...e, flags: 8, after: descriptor(e.content!, deflate(e.content!)) }));
    expect(checkZip(buildZip(entries), LIMITS)).toBeNull();
  });
});

describe('structure: refused before anything is inflated', () => {
  const base = () => docxEntries(AGENDA);
  it.each<[string, () => Buffer, string]>([
    ['no end record', () => buildZip(base()).subarray(0, -22), 'no end of central directory'],
    [
      'an end record whose comment length does not reach the end of the file',
      () => Buffer.concat([buildZip(base()), Buffer.from('junk')]),
      'no end of central directory',
    ],
    ['a directory offset past its end record', () => buildZip(base(), { cdOffset: 10_000_000 }), 'central directory out of range'],
    ['a directory size that disagrees with the end record', () => buildZip(base(), { cdSize: 46 }), 'central directory out of range'],
    [
      'more entries declared than the directory holds',
      () => buildZip(base(), { totalEntries: 4, entriesOnDisk: 4 }),
      'bad central directory entry',
    ],
    [
      'fewer entries declared than the directory holds',
      () => buildZip(base(), { totalEntries: 2, entriesOnDisk: 2 }),
      'central directory size mismatch',
    ],
    ['entries on this disk ≠ total entries', () => buildZip(base(), { entriesOnDisk: 2 }), 'multi-disk archive'],
    ['a second disk', () => buildZip(base(), { disk: 1, cdDisk: 1 }), 'multi-disk archive'],
    ['an entry on another disk', () => buildZip([{ ...base()[0], cd: { diskStart: 1 } }, ...base().slice(1)]), 'multi-disk archive'],
    ['zip64 entry count', () => buildZip(base(), { totalEntries: 0xffff, entriesOnDisk: 0xffff }), 'zip64 not supported'],
    ['a zip64 locator before the end record', () => buildZip(base(), { zip64Locator: true }), 'zip64 not supported'],
    ['a zip64 size in an entry', () => buildZip([{ ...base()[2], size: 0xffffffff }]), 'zip64 not supported'],
    ['a zip64 extra field', () => buildZip([{ ...base()[2], extra: Buffer.from([1, 0, 0, 0]) }]), 'zip64 not supported'],
    [
      'a local header with another name',
      () => buildZip([...base().slice(0, 2), { ...base()[2], local: { name: 'word/documenT.xml' } }]),
      'local header does not match the central directory',
    ],
    [
      'a local header with another size',
      () => buildZip([...base().slice(0, 2), { ...base()[2], local: { size: 100 * 1024 * 1024 } }]),
      'local header does not match the central directory',
    ],
    [
      'a local header with another method',
      () => buildZip([...base().slice(0, 2), { ...base()[2], local: { method: 0 } }]),
      'local header does not match the central directory',
    ],
    [
      'a directory entry pointing at nothing',
      () => buildZip([...base().slice(0, 2), { ...base()[2], cd: { localOffset: 5 } }]),
      'bad local header',
    ],
    [
      'two entries sharing one deflate stream (overlap)',
      () => buildZip([...base().slice(0, 2), { ...base()[2], cd: { localOffset: 0 } }]),
      'local header does not match the central directory',
    ],
    ['the same name twice', () => buildZip([...base(), { ...base()[2] }]), 'duplicate entry name'],
    ['an encrypted entry', () => buildZip([...base().slice(0, 2), { ...base()[2], flags: 1 }]), 'encrypted entry'],
    ['an unknown compression method', () => buildZip([...base().slice(0, 2), { ...base()[2], method: 12 as 8 }]), 'compression method 12'],
  ])('%s', (_what, make, why) => {
    expect(reason(make())).toEqual({ kind: 'corrupt', reason: why });
  });

  it('an entry whose declared data runs into the next entry (overlap)', () => {
    const [a, b, c] = docxEntries(AGENDA);
    const stored = deflate(a.content!);
    // a claims 10 more compressed bytes in both headers: its data now covers the start of b.
    const buf = buildZip([{ ...a, data: stored, local: { compressed: stored.length + 10 }, cd: { compressed: stored.length + 10 } }, b, c]);
    expect(reason(buf)).toEqual({ kind: 'corrupt', reason: 'overlapping entries' });
  });

  it('a .docx that declares one entry and hides a 100 MB document.xml outside it', async () => {
    // The directory lists only [Content_Types].xml; a complete local entry word/document.xml of
    // 100 MB (≈100 KB deflated) sits in the file where no directory entry points.
    const hidden = buildZip([{ name: 'word/document.xml', data: hundredMbOfZeros(), size: 100 * 1024 * 1024, crc: 0 }]);
    const localOnly = hidden.subarray(0, hidden.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
    const buf = buildZip([docxEntries(AGENDA)[0]], { beforeCd: localOnly });
    expect(reason(buf)).toEqual({ kind: 'corrupt', reason: 'data outside the declared entries' });
    expect(await refusal(buf)).toMatchObject({
      code: 'import_corrupt',
      params: { filename: 'hostile.docx', format: 'docx', reason: 'data outside the declared entries' },
    });
  });
});

describe('sizes: capped by what the archive declares', () => {
  it('the sum of declared sizes (each entry honest and incompressible)', async () => {
    const entries: RawEntry[] = Array.from({ length: 3 }, (_, i) => ({ name: `word/part${i}.bin`, content: randomBytes(1024 * 1024) }));
    const buf = buildZip(entries);
    const limits = { ...LIMITS, maxUncompressed: 2.5 * 1024 * 1024 };
    const r = checkZipStructure(buf, limits);
    expect('problem' in r && r.problem).toMatchObject({
      kind: 'too_large',
      limit: 'uncompressed',
      max: limits.maxUncompressed,
      actual: 3 * 1024 * 1024,
    });
    const err = await readAgendaBuffer(buf, 'big.docx', { docxUncompressedBytes: limits.maxUncompressed }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'import_too_large', params: { limit: 'uncompressed' } });
  });

  it('the ratio of one entry (10 MB of zeros honestly declared)', async () => {
    const buf = buildZip([...docxEntries(AGENDA).slice(0, 2), { name: 'word/document.xml', content: Buffer.alloc(10 * 1024 * 1024) }]);
    expect(reason(buf)).toMatchObject({ kind: 'too_large', limit: 'ratio', max: 250 });
    expect(await refusal(buf)).toMatchObject({ code: 'import_too_large', params: { limit: 'ratio', max: 250 } });
  });

  it('the number of entries', () => {
    const entries: RawEntry[] = Array.from({ length: 2001 }, (_, i) => ({ name: `x${i}`, method: 0, content: Buffer.from('a') }));
    expect(reason(buildZip(entries))).toMatchObject({ kind: 'too_large', limit: 'entries', max: 2000, actual: 2001 });
  });
});

describe('inflating: never more than declared', () => {
  it('a .docx whose one document.xml declares 4 KB and inflates to 100 MB is refused with a clear message', async () => {
    const buf = buildZip([...docxEntries(AGENDA).slice(0, 2), { name: 'word/document.xml', data: hundredMbOfZeros(), size: 4096, crc: 0 }]);
    expect(reason(buf)).toBeNull(); // the container itself is consistent: only inflating shows the lie
    expect(checkZip(buf, LIMITS)).toEqual({ kind: 'corrupt', reason: 'entry larger than declared' });
    const err = await refusal(buf);
    expect(err).toMatchObject({
      code: 'import_corrupt',
      params: { filename: 'hostile.docx', format: 'docx', reason: 'entry larger than declared' },
    });
  });

  it('an entry that inflates to less than declared, or to other bytes than its CRC says', () => {
    const content = Buffer.from('<w:document/>');
    expect(checkZip(buildZip([{ name: 'a.xml', content, size: content.length + 1 }]), LIMITS)).toEqual({
      kind: 'corrupt',
      reason: 'entry size mismatch',
    });
    expect(checkZip(buildZip([{ name: 'a.xml', content, crc: 1234 }]), LIMITS)).toEqual({
      kind: 'corrupt',
      reason: 'entry checksum mismatch',
    });
    expect(checkZip(buildZip([{ name: 'a.xml', content, data: Buffer.from('not deflate at all') }]), LIMITS)).toMatchObject({
      kind: 'corrupt',
    });
  });
});
