/**
 * Zip-bomb guard for .docx, run before mammoth/JSZip see the file. JSZip inflates whatever the
 * archive holds, so the archive is validated in two steps:
 *
 * 1. `checkZipStructure` (no inflating, O(entries)): the end-of-central-directory record is found
 *    in a bounded window and its comment length reaches exactly the end of the file; the central
 *    directory lies right before it and its entries fill it exactly; one disk only; no zip64; every
 *    entry's local header agrees with its directory entry (name, method, sizes); the entries tile
 *    the file up to the directory (no overlaps, no undeclared bytes) and repeat no name; the sum
 *    of declared uncompressed sizes and each entry's ratio of uncompressed to compressed size are
 *    capped.
 * 2. `checkZipInflation`: each entry is inflated with a hard output cap equal to its declared
 *    size and must match that size and its CRC-32 — an entry that lies about its size fails here,
 *    with at most its declared size in memory, instead of exhausting memory later.
 *
 * Step 1 proves that JSZip (which reads the same central directory and local headers) sees the
 * same entries; step 2 proves that they inflate to at most the capped sizes.
 */
import { crc32, inflateRawSync } from 'node:zlib';

export interface ZipLimits {
  /** Cap on the sum of declared uncompressed sizes. */
  maxUncompressed: number;
  maxEntries: number;
  /** Cap on uncompressed/compressed for entries larger than RATIO_FLOOR (Word XML packs 5–20×; zeros 1000×). */
  maxRatio: number;
}

export type ZipProblem =
  { kind: 'corrupt'; reason: string } | { kind: 'too_large'; limit: 'uncompressed' | 'entries' | 'ratio'; max: number; actual: number };

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressed: number;
  size: number;
  /** Offset of the entry's data (after its local header). */
  dataStart: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;
const DESCRIPTOR_SIG = 0x08074b50;
const EOCD_LEN = 22;
const MAX_COMMENT = 0xffff;
/** Entries this small cannot make a bomb whatever their ratio (docProps, rels, settings). */
export const RATIO_FLOOR = 64 * 1024;

const corrupt = (reason: string): ZipProblem => ({ kind: 'corrupt', reason });

/**
 * The EOCD record: the last signature in the final 22 + 65535 bytes whose comment length ends
 * exactly at the end of the file (a signature inside the comment or the data does not).
 */
function findEocd(buf: Buffer): number {
  for (let i = buf.length - EOCD_LEN; i >= Math.max(0, buf.length - EOCD_LEN - MAX_COMMENT); i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG && i + EOCD_LEN + buf.readUInt16LE(i + 20) === buf.length) return i;
  }
  return -1;
}

/** Does the extra field carry a zip64 record (header id 1)? */
function hasZip64Extra(buf: Buffer, start: number, len: number): boolean {
  for (let p = start; p + 4 <= start + len;) {
    if (buf.readUInt16LE(p) === 0x0001) return true;
    p += 4 + buf.readUInt16LE(p + 2);
  }
  return false;
}

/** Validates the container without inflating anything; the entries when it is sound. */
export function checkZipStructure(buf: Buffer, limits: ZipLimits): { entries: ZipEntry[] } | { problem: ZipProblem } {
  if (buf.length < EOCD_LEN + 30 || buf.readUInt32LE(0) !== LFH_SIG) return { problem: corrupt('not a zip archive') };
  const eocd = findEocd(buf);
  if (eocd < 0) return { problem: corrupt('no end of central directory') };
  const disk = buf.readUInt16LE(eocd + 4);
  const cdDisk = buf.readUInt16LE(eocd + 6);
  const onDisk = buf.readUInt16LE(eocd + 8);
  const total = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  // Zip64: a .docx never needs it, and its 64-bit sizes are exactly what we cannot trust cheaply.
  if (total === 0xffff || onDisk === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
    return { problem: corrupt('zip64 not supported') };
  if (eocd >= 20 && buf.readUInt32LE(eocd - 20) === ZIP64_LOCATOR_SIG) return { problem: corrupt('zip64 not supported') };
  if (disk !== 0 || cdDisk !== 0 || onDisk !== total) return { problem: corrupt('multi-disk archive') };
  if (total > limits.maxEntries) return { problem: { kind: 'too_large', limit: 'entries', max: limits.maxEntries, actual: total } };
  if (total === 0) return { problem: corrupt('empty archive') };
  // The directory sits right before its end record and holds exactly `total` entries.
  if (cdOffset + cdSize !== eocd) return { problem: corrupt('central directory out of range') };

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  const spans: [number, number][] = [];
  let sum = 0;
  let p = cdOffset;
  for (let k = 0; k < total; k++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CDH_SIG) return { problem: corrupt('bad central directory entry') };
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const diskStart = buf.readUInt16LE(p + 34);
    const local = buf.readUInt32LE(p + 42);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > eocd) return { problem: corrupt('bad central directory entry') };
    const nameBytes = buf.subarray(p + 46, p + 46 + nameLen);
    if (
      compressed === 0xffffffff ||
      size === 0xffffffff ||
      local === 0xffffffff ||
      diskStart === 0xffff ||
      hasZip64Extra(buf, p + 46 + nameLen, extraLen)
    ) {
      return { problem: corrupt('zip64 not supported') };
    }
    if (diskStart !== 0) return { problem: corrupt('multi-disk archive') };
    if (flags & 1) return { problem: corrupt('encrypted entry') };
    if (method !== 0 && method !== 8) return { problem: corrupt(`compression method ${method}`) };
    if (method === 0 && compressed !== size) return { problem: corrupt('stored entry size mismatch') };
    const name = nameBytes.toString('utf8');
    if (names.has(name)) return { problem: corrupt('duplicate entry name') };
    names.add(name);

    sum += size;
    if (sum > limits.maxUncompressed)
      return { problem: { kind: 'too_large', limit: 'uncompressed', max: limits.maxUncompressed, actual: sum } };
    if (size > RATIO_FLOOR && size > compressed * limits.maxRatio) {
      return { problem: { kind: 'too_large', limit: 'ratio', max: limits.maxRatio, actual: Math.round(size / Math.max(1, compressed)) } };
    }

    // The local header must say what the directory says (JSZip reads both).
    if (local + 30 > cdOffset || buf.readUInt32LE(local) !== LFH_SIG) return { problem: corrupt('bad local header') };
    const lNameLen = buf.readUInt16LE(local + 26);
    const lExtraLen = buf.readUInt16LE(local + 28);
    const lFlags = buf.readUInt16LE(local + 6);
    if (
      buf.readUInt16LE(local + 8) !== method ||
      lNameLen !== nameLen ||
      !buf.subarray(local + 30, local + 30 + lNameLen).equals(nameBytes) ||
      (lFlags & 1) !== 0
    ) {
      return { problem: corrupt('local header does not match the central directory') };
    }
    // Bit 3: sizes and CRC follow the data in a descriptor, the local fields are zero.
    if (
      !(lFlags & 8) &&
      (buf.readUInt32LE(local + 14) !== crc || buf.readUInt32LE(local + 18) !== compressed || buf.readUInt32LE(local + 22) !== size)
    ) {
      return { problem: corrupt('local header does not match the central directory') };
    }
    if (hasZip64Extra(buf, local + 30 + lNameLen, lExtraLen)) return { problem: corrupt('zip64 not supported') };
    const dataStart = local + 30 + lNameLen + lExtraLen;
    if (dataStart + compressed > cdOffset) return { problem: corrupt('entry truncated') };
    let end = dataStart + compressed;
    if (lFlags & 8) {
      // The data descriptor: optional signature, then CRC and sizes, which must match the directory.
      const d = end + 4 <= cdOffset && buf.readUInt32LE(end) === DESCRIPTOR_SIG ? end + 4 : end;
      if (d + 12 > cdOffset || buf.readUInt32LE(d) !== crc || buf.readUInt32LE(d + 4) !== compressed || buf.readUInt32LE(d + 8) !== size) {
        return { problem: corrupt('local header does not match the central directory') };
      }
      end = d + 12;
    }
    spans.push([local, end]);
    entries.push({ name, method, flags, crc, compressed, size, dataStart });
    p = next;
  }
  if (p !== eocd) return { problem: corrupt('central directory size mismatch') };
  // The entries must tile the file up to the directory: overlapping entries let one small deflate
  // stream count many times (a "non-recursive" bomb), and bytes outside every entry are content
  // the directory does not declare (a hidden document.xml some other reader might find).
  spans.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  for (const [start, end] of spans) {
    if (start < covered) return { problem: corrupt('overlapping entries') };
    if (start > covered) return { problem: corrupt('data outside the declared entries') };
    covered = end;
  }
  if (covered !== cdOffset) return { problem: corrupt('data outside the declared entries') };
  return { entries };
}

/** Inflates every entry with an output cap of its declared size; null when all match size and CRC. */
export function checkZipInflation(buf: Buffer, entries: ZipEntry[]): ZipProblem | null {
  for (const e of entries) {
    const data = buf.subarray(e.dataStart, e.dataStart + e.compressed);
    let out: Buffer = data;
    if (e.method === 8) {
      try {
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
      } catch (err) {
        const code = (err as { code?: string }).code;
        // ERR_BUFFER_TOO_LARGE: the entry inflates beyond the size it declares — a disguised bomb.
        if (code === 'ERR_BUFFER_TOO_LARGE') return corrupt('entry larger than declared');
        return corrupt('entry does not inflate');
      }
    }
    if (out.length !== e.size) return corrupt('entry size mismatch');
    if (crc32(out) !== e.crc) return corrupt('entry checksum mismatch');
  }
  return null;
}

/** Both steps; null when the archive is within limits and every entry inflates to its declared size. */
export function checkZip(buf: Buffer, limits: ZipLimits): ZipProblem | null {
  const s = checkZipStructure(buf, limits);
  return 'problem' in s ? s.problem : checkZipInflation(buf, s.entries);
}

/**
 * The content of one entry of an archive that passed checkZipStructure and checkZipInflation
 * (so it inflates to exactly its declared size); null when the archive has no such entry.
 */
export function readZipEntry(buf: Buffer, entries: ZipEntry[], name: string): Buffer | null {
  const e = entries.find((x) => x.name === name);
  if (!e) return null;
  const data = buf.subarray(e.dataStart, e.dataStart + e.compressed);
  return e.method === 8 ? inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) }) : Buffer.from(data);
}
