import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';

/**
 * The body of a POST to /api/messages, read by hand before anything else looks at the request
 * (authentication included): whatever arrives here unauthenticated must cost almost nothing.
 * restify's bodyParser is not used on any route — it inflates gzip/deflate without a cap on the
 * inflated size and writes multipart bodies to temp files (formidable).
 *
 * Only `application/json` in UTF-8 with no Content-Encoding is read; the raw bytes are counted
 * as they arrive and reading stops past the cap; the body must arrive within a total and an idle
 * time; its nesting depth and array lengths are checked by a linear scan before JSON.parse sees
 * it. Nothing is written anywhere: the bytes live in memory, at most `maxBytes` of them.
 */
export interface BodyLimits {
  /** Raw bytes. Teams caps a message near 100 KB (text, attachments and entities together). */
  maxBytes: number;
  /** The whole body must have arrived this long after the handler started reading. */
  totalMs: number;
  /** Longest pause between two chunks. */
  idleMs: number;
  /** Nesting of objects and arrays. Activities nest about 8 deep; Adaptive Card data maybe 20. */
  maxDepth: number;
  /** Elements of any one array. */
  maxArrayLength: number;
}

/**
 * 256 KB is 2.5× the largest Teams message; 10 s total / 5 s idle is far beyond what Teams'
 * connector needs for that size; depth 64 and 10,000 elements are far beyond any activity.
 */
export const ACTIVITY_BODY_LIMITS: BodyLimits = {
  maxBytes: 256 * 1024,
  totalMs: 10_000,
  idleMs: 5_000,
  maxDepth: 64,
  maxArrayLength: 10_000,
};

export type BodyStatus = 400 | 408 | 413 | 415;
export type BodyResult = { ok: true; value: unknown } | { ok: false; status: BodyStatus; error: string };

const refuse = (status: BodyStatus, error: string): BodyResult => ({ ok: false, status, error });

/** `application/json`, optionally with `charset=utf-8` (any case, quoted or not); nothing else. */
export function jsonContentTypeProblem(header: string | undefined): string | null {
  if (!header) return 'Content-Type missing: expected application/json';
  const [type, ...params] = header.split(';');
  if (type.trim().toLowerCase() !== 'application/json')
    return `Content-Type ${type.trim().slice(0, 80)} not accepted: expected application/json`;
  for (const p of params) {
    const [name, value = ''] = p.split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    const charset = value
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') return `charset ${charset.slice(0, 40)} not accepted: expected utf-8`;
  }
  return null;
}

/** Checks the headers, then reads the body within `limits`. Never throws. */
export async function readJsonBody(req: IncomingMessage, limits: BodyLimits = ACTIVITY_BODY_LIMITS): Promise<BodyResult> {
  const typeProblem = jsonContentTypeProblem(req.headers['content-type']);
  if (typeProblem) return refuse(415, typeProblem);
  const encoding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity')
    return refuse(415, `Content-Encoding ${encoding.slice(0, 40)} not accepted: send the body uncompressed`);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limits.maxBytes) return refuse(413, `body larger than ${limits.maxBytes} bytes`);

  const raw = await collect(req, limits);
  if (!Buffer.isBuffer(raw)) return raw as BodyResult;
  // Strict: a body that is not UTF-8 is refused rather than silently repaired. `isUtf8` is one
  // native pass; a TextDecoder built per request cost more than the JSON.parse after it.
  if (!isUtf8(raw)) return refuse(400, 'body is not valid UTF-8');
  const bom = raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? 3 : 0;
  const text = raw.toString('utf8', bom);
  const shape = shapeProblem(text, limits);
  if (shape) return refuse(400, shape);
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return refuse(400, `body is not valid JSON: ${(err as Error).message.slice(0, 120)}`);
  }
}

function collect(req: IncomingMessage, limits: BodyLimits): Promise<Buffer | BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const stalled = () => finish(refuse(408, `body stalled for ${limits.idleMs} ms`));
    const total = setTimeout(() => finish(refuse(408, `body not received within ${limits.totalMs} ms`)), limits.totalMs);
    let idle = setTimeout(stalled, limits.idleMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) return finish(refuse(413, `body larger than ${limits.maxBytes} bytes`));
      chunks.push(chunk);
      clearTimeout(idle);
      idle = setTimeout(stalled, limits.idleMs);
    };
    const onEnd = () => finish(Buffer.concat(chunks, size));
    const onBroken = () => finish(refuse(400, 'request body broken off'));
    function finish(result: Buffer | BodyResult) {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      clearTimeout(idle);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onBroken);
      req.off('close', onBroken);
      // Refused: read no further (the caller answers and closes the connection).
      if (!Buffer.isBuffer(result)) req.pause();
      resolve(result);
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onBroken);
    req.on('close', onBroken); // after 'end' a no-op: finish runs once
  });
}

/**
 * One pass over the text, outside strings: bracket depth and the element count of every open
 * array. Linear in the length, one integer of state per open bracket; JSON.parse runs only on
 * text that passed. Malformed JSON is left to JSON.parse (this scan only bounds the shape).
 */
export function shapeProblem(text: string, limits: Pick<BodyLimits, 'maxDepth' | 'maxArrayLength'>): string | null {
  // counts[d]: elements so far of the array open at depth d; -1 for an object.
  const counts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20) continue; // whitespace
    const top = counts.length - 1;
    // An array's first element starts at its first character that is not `]`.
    if (top >= 0 && counts[top] === 0 && c !== 0x5d) counts[top] = 1;
    if (c === 0x22) {
      // Strings are most of an activity: jump to the closing quote rather than walk to it.
      i = closingQuote(text, i);
      if (i < 0) return null; // unterminated: JSON.parse refuses it
    } else if (c === 0x5b || c === 0x7b) {
      if (counts.length >= limits.maxDepth) return `nesting deeper than ${limits.maxDepth} levels`;
      counts.push(c === 0x5b ? 0 : -1);
    } else if (c === 0x5d || c === 0x7d) {
      counts.pop();
    } else if (c === 0x2c && top >= 0 && counts[top] >= 0 && ++counts[top] > limits.maxArrayLength) {
      return `an array longer than ${limits.maxArrayLength} elements`;
    }
  }
  return null;
}

/** Index of the quote that ends the string opened at `open` (one not escaped by an odd run of backslashes), or -1. */
function closingQuote(text: string, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
}
