/**
 * Zip-bomb guard for .docx, run before mammoth/JSZip see the file. JSZip inflates whatever the
 * archive holds, so we read the central directory ourselves, cap entry count and declared sizes,
 * and then inflate each entry with a hard output cap equal to its declared size — an entry that
 * lies about its size fails here instead of exhausting memory later.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipLimits {
  maxUncompressed: number;
  maxEntries: number;
}

export type ZipProblem =
  | { kind: 'corrupt'; reason: string }
  | { kind: 'too_large'; limit: 'uncompressed' | 'entries'; max: number; actual: number };

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;

function findEocd(buf: Buffer): number {
  // The EOCD record is 22 bytes plus a comment of at most 65535 bytes, at the end of the file.
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) return i;
  }
  return -1;
}

/** Returns null when the archive is within limits and every entry inflates to its declared size. */
export function checkZip(buf: Buffer, limits: ZipLimits): ZipProblem | null {
  if (buf.length < 22 || buf.readUInt32LE(0) !== LFH_SIG) return { kind: 'corrupt', reason: 'not a zip archive' };
  const eocd = findEocd(buf);
  if (eocd < 0) return { kind: 'corrupt', reason: 'no end of central directory' };
  const entries = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  // Zip64 markers: a .docx never needs them, and their sizes are exactly what we cannot trust cheaply.
  if (entries === 0xffff || cdOffset === 0xffffffff) return { kind: 'corrupt', reason: 'zip64 not supported' };
  if (entries > limits.maxEntries) return { kind: 'too_large', limit: 'entries', max: limits.maxEntries, actual: entries };
  if (cdOffset + cdSize > eocd) return { kind: 'corrupt', reason: 'central directory out of range' };

  let total = 0;
  let p = cdOffset;
  for (let k = 0; k < entries; k++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CDH_SIG) return { kind: 'corrupt', reason: 'bad central directory entry' };
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 1) return { kind: 'corrupt', reason: 'encrypted entry' };
    if (compressed === 0xffffffff || size === 0xffffffff) return { kind: 'corrupt', reason: 'zip64 not supported' };
    total += size;
    if (total > limits.maxUncompressed) {
      return { kind: 'too_large', limit: 'uncompressed', max: limits.maxUncompressed, actual: total };
    }
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LFH_SIG) return { kind: 'corrupt', reason: 'bad local header' };
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (dataStart + compressed > buf.length) return { kind: 'corrupt', reason: 'entry truncated' };
    const data = buf.subarray(dataStart, dataStart + compressed);
    if (method === 0) {
      if (compressed !== size) return { kind: 'corrupt', reason: 'stored entry size mismatch' };
    } else if (method === 8) {
      try {
        const out = inflateRawSync(data, { maxOutputLength: Math.max(1, size) });
        if (out.length !== size) return { kind: 'corrupt', reason: 'entry size mismatch' };
      } catch (err) {
        const code = (err as { code?: string }).code;
        // ERR_BUFFER_TOO_LARGE: the entry inflates beyond the size it declares — a disguised bomb.
        if (code === 'ERR_BUFFER_TOO_LARGE') return { kind: 'corrupt', reason: 'entry larger than declared' };
        return { kind: 'corrupt', reason: 'entry does not inflate' };
      }
    } else {
      return { kind: 'corrupt', reason: `compression method ${method}` };
    }
  }
  return null;
}
