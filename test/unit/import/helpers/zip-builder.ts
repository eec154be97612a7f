/**
 * A zip writer for hostile archives: every field the guard checks can be set to a lie. Entries
 * are written in order (local header, data, optional descriptor), then the central directory and
 * the end record. Defaults give a valid archive that JSZip and mammoth read.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface RawEntry {
  name: string;
  /** The uncompressed content; `data`/`size`/`crc` default from it. */
  content?: Buffer;
  method?: 0 | 8;
  /** Bytes stored in the archive (deflated when method 8). */
  data?: Buffer;
  /** Declared uncompressed size (directory and local header unless `local` overrides). */
  size?: number;
  crc?: number;
  flags?: number;
  /** Extra field in both headers. */
  extra?: Buffer;
  /** Local header fields that differ from the directory's. */
  local?: { name?: string; method?: number; size?: number; compressed?: number; crc?: number };
  /** Directory fields only. */
  cd?: { localOffset?: number; diskStart?: number; compressed?: number };
  /** Bytes written after the data (a data descriptor, or hidden content). */
  after?: Buffer;
}

export interface ZipOptions {
  entriesOnDisk?: number;
  totalEntries?: number;
  disk?: number;
  cdDisk?: number;
  cdOffset?: number;
  cdSize?: number;
  comment?: Buffer;
  /** Written between the last entry and the directory. */
  beforeCd?: Buffer;
  zip64Locator?: boolean;
}

export function deflate(content: Buffer): Buffer {
  return deflateRawSync(content, { level: 9 });
}

export function buildZip(entries: RawEntry[], opts: ZipOptions = {}): Buffer {
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 8;
    const content = e.content ?? Buffer.alloc(0);
    const data = e.data ?? (method === 8 ? deflate(content) : content);
    const size = e.size ?? content.length;
    const crc = e.crc ?? crc32(content);
    const flags = e.flags ?? 0;
    const extra = e.extra ?? Buffer.alloc(0);
    const name = Buffer.from(e.name, 'utf8');
    const lname = Buffer.from(e.local?.name ?? e.name, 'utf8');
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(flags, 6);
    lh.writeUInt16LE(e.local?.method ?? method, 8);
    const descriptor = (flags & 8) !== 0;
    lh.writeUInt32LE(descriptor ? 0 : (e.local?.crc ?? crc), 14);
    lh.writeUInt32LE(descriptor ? 0 : (e.local?.compressed ?? data.length), 18);
    lh.writeUInt32LE(descriptor ? 0 : (e.local?.size ?? size), 22);
    lh.writeUInt16LE(lname.length, 26);
    lh.writeUInt16LE(extra.length, 28);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(flags, 8);
    ch.writeUInt16LE(method, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(e.cd?.compressed ?? data.length, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt16LE(extra.length, 30);
    ch.writeUInt16LE(e.cd?.diskStart ?? 0, 34);
    ch.writeUInt32LE(e.cd?.localOffset ?? offset, 42);
    const after = e.after ?? Buffer.alloc(0);
    parts.push(lh, lname, extra, data, after);
    centrals.push(ch, name, extra);
    offset += 30 + lname.length + extra.length + data.length + after.length;
  }
  if (opts.beforeCd) {
    parts.push(opts.beforeCd);
    offset += opts.beforeCd.length;
  }
  const cd = Buffer.concat(centrals);
  const tail: Buffer[] = [];
  if (opts.zip64Locator) {
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    tail.push(loc);
  }
  const comment = opts.comment ?? Buffer.alloc(0);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(opts.disk ?? 0, 4);
  eocd.writeUInt16LE(opts.cdDisk ?? 0, 6);
  eocd.writeUInt16LE(opts.entriesOnDisk ?? entries.length, 8);
  eocd.writeUInt16LE(opts.totalEntries ?? entries.length, 10);
  eocd.writeUInt32LE(opts.cdSize ?? cd.length, 12);
  eocd.writeUInt32LE(opts.cdOffset ?? offset, 16);
  eocd.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...parts, cd, ...tail, eocd, comment]);
}

/** A data descriptor (with signature) for an entry written with flag bit 3. */
export function descriptor(content: Buffer, stored: Buffer): Buffer {
  const d = Buffer.alloc(16);
  d.writeUInt32LE(0x08074b50, 0);
  d.writeUInt32LE(crc32(content), 4);
  d.writeUInt32LE(stored.length, 8);
  d.writeUInt32LE(content.length, 12);
  return d;
}

export const CONTENT_TYPES = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
);
export const RELS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
);
/** A minimal word/document.xml with one paragraph per line. */
export function documentXml(lines: string[]): Buffer {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = lines.map((l) => `<w:p><w:r><w:t xml:space="preserve">${esc(l)}</w:t></w:r></w:p>`).join('');
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
}
/** The three parts of a minimal .docx around `document`. */
export const docxEntries = (document: Buffer): RawEntry[] => [
  { name: '[Content_Types].xml', content: CONTENT_TYPES },
  { name: '_rels/.rels', content: RELS },
  { name: 'word/document.xml', content: document },
];
