import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonContentTypeProblem, readJsonBody, shapeProblem, type BodyLimits } from '../../src/http/json-body.js';
import { isLoopback } from '../../src/http/health.js';

const LIMITS: BodyLimits = { maxBytes: 1000, totalMs: 600, idleMs: 300, maxDepth: 4, maxArrayLength: 5 };

let server: http.Server;
let port: number;
beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const r = await readJsonBody(req, LIMITS);
    res.writeHead(r.ok ? 200 : r.status, { 'content-type': 'application/json', ...(req.complete ? {} : { connection: 'close' }) });
    res.end(JSON.stringify(r.ok ? { value: r.value } : { error: r.error }), () => req.complete || req.socket.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));

/** Sends headers and the body parts (with a pause before each part after the first); resolves with the answer. */
function send(headers: Record<string, string>, parts: (string | Buffer)[], pauseMs = 0): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ port, method: 'POST', path: '/', headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    void (async () => {
      for (const [i, p] of parts.entries()) {
        if (i > 0 && pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
        if (req.destroyed) return;
        req.write(p);
      }
      if (!req.destroyed) req.end();
    })();
  });
}
const json = { 'content-type': 'application/json' };

describe('readJsonBody', () => {
  it('reads UTF-8 JSON, with or without a charset', async () => {
    expect(await send(json, ['{"a":"æøå","b":[1,2]}'])).toEqual({ status: 200, body: { value: { a: 'æøå', b: [1, 2] } } });
    expect((await send({ 'content-type': 'Application/JSON; Charset="UTF-8"' }, ['{}'])).status).toBe(200);
    expect((await send({ ...json, 'content-encoding': 'identity' }, ['{}'])).status).toBe(200);
  });

  it('answers 415 to other types, charsets and any Content-Encoding, without reading the body', async () => {
    for (const type of [
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      'application/json-patch+json',
      'application/json; charset=latin1',
    ])
      expect((await send({ 'content-type': type }, ['{}'])).status).toBe(415);
    expect((await send({}, ['{}'])).status).toBe(415);
    for (const enc of ['gzip', 'deflate', 'br', 'gzip, identity'])
      expect((await send({ ...json, 'content-encoding': enc }, ['{}'])).status).toBe(415);
  });

  it('answers 413 to a declared or a streamed body over the cap', async () => {
    expect((await send({ ...json, 'content-length': '5000' }, ['{}'])).status).toBe(413);
    const r = await send(json, ['[', '"x",'.repeat(150), '"x",'.repeat(150), '1]'], 20);
    expect(r).toEqual({ status: 413, body: { error: 'body larger than 1000 bytes' } });
  });

  it('answers 408 to a stalled body and to one that trickles past the total time', async () => {
    expect((await send(json, ['{"a":', '1}'], 400)).body.error).toMatch(/stalled for 300 ms/);
    expect((await send(json, ['{', '"a"', ':', '1', ',"b":2', '}'], 150)).body.error).toMatch(/not received within 600 ms/);
  });

  it('answers 400 to invalid UTF-8 and invalid JSON', async () => {
    expect((await send(json, [Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d])])).body.error).toMatch(/UTF-8/);
    expect((await send(json, ['{"a":'])).body.error).toMatch(/not valid JSON/);
    expect((await send(json, [''])).status).toBe(400);
    // An overlong encoding and a lone surrogate half are not UTF-8 either.
    expect((await send(json, [Buffer.from([0x22, 0xc0, 0xaf, 0x22])])).body.error).toMatch(/UTF-8/);
    expect((await send(json, [Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22])])).body.error).toMatch(/UTF-8/);
  });

  it('reads a body that starts with a UTF-8 byte order mark, as a TextDecoder would', async () => {
    const r = await send(json, [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":"ø"}')])]);
    expect(r).toEqual({ status: 200, body: { value: { a: 'ø' } } });
  });
});

describe('shapeProblem', () => {
  const lim = { maxDepth: 4, maxArrayLength: 3 };
  it('counts depth and array length outside strings only', () => {
    expect(shapeProblem('[[[[]]]]', lim)).toBeNull();
    expect(shapeProblem('[[[[[]]]]]', lim)).toMatch(/deeper than 4/);
    expect(shapeProblem('{"a":{"b":{"c":{"d":{}}}}}', lim)).toMatch(/deeper than 4/);
    expect(shapeProblem('{"a":"[[[[[[[[,,,,,,", "b":"\\"[[[[[[,,,,"}', lim)).toBeNull();
    expect(shapeProblem('[1,2,3]', lim)).toBeNull();
    expect(shapeProblem('[1,2,3,4]', lim)).toMatch(/longer than 3/);
    expect(shapeProblem('[[1],[2],{"a":1,"b":2,"c":3,"d":4}]', lim)).toBeNull();
    expect(shapeProblem('[[],[],[],[]]', lim)).toMatch(/longer than 3/);
  });

  it('ends a string only at a quote not escaped by an odd run of backslashes', () => {
    // The text `"a\\"` ends after one escaped backslash: the brackets after it count.
    expect(shapeProblem('["a\\\\",[[[[]]]]]', lim)).toMatch(/deeper than 4/);
    // The text `"a\\\"[[[[[["` is one string: an escaped backslash, then an escaped quote.
    expect(shapeProblem('["a\\\\\\"[[[[[["]', lim)).toBeNull();
    expect(shapeProblem('["\\\\", "x", "y", "z"]', lim)).toMatch(/longer than 3/);
    expect(shapeProblem('["unterminated [[[[[[', lim)).toBeNull();
  });

  it('agrees with a character-by-character reference on random JSON-ish text', () => {
    const reference = (text: string) => {
      const counts: number[] = [];
      let inString = false;
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (inString) {
          if (c === '\\') i++;
          else if (c === '"') inString = false;
          continue;
        }
        if (c <= ' ') continue;
        const top = counts.length - 1;
        if (top >= 0 && counts[top] === 0 && c !== ']') counts[top] = 1;
        if (c === '"') inString = true;
        else if (c === '[' || c === '{') {
          if (counts.length >= lim.maxDepth) return 'deep';
          counts.push(c === '[' ? 0 : -1);
        } else if (c === ']' || c === '}') counts.pop();
        else if (c === ',' && top >= 0 && counts[top] >= 0 && ++counts[top] > lim.maxArrayLength) return 'long';
      }
      return null;
    };
    const alphabet = ['[', ']', '{', '}', ',', '"', '\\', 'a', ' ', ':'];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let k = 0; k < 5000; k++) {
      const text = Array.from({ length: 1 + rnd(30) }, () => alphabet[rnd(alphabet.length)]).join('');
      const got = shapeProblem(text, lim);
      expect(got === null ? null : got.includes('deeper') ? 'deep' : 'long', text).toBe(reference(text));
    }
  });

  it('is linear: 2 MB of brackets, commas and escapes is scanned in well under a second', () => {
    const t0 = performance.now();
    shapeProblem('"' + '\\"['.repeat(300_000) + '"', { maxDepth: 64, maxArrayLength: 10_000 });
    shapeProblem('[' + '0,'.repeat(500_000) + '0]', { maxDepth: 64, maxArrayLength: 1e9 });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('jsonContentTypeProblem / isLoopback', () => {
  it('names what was refused', () => {
    expect(jsonContentTypeProblem(undefined)).toMatch(/missing/);
    expect(jsonContentTypeProblem('text/html; charset=utf-8')).toMatch(/text\/html not accepted/);
    expect(jsonContentTypeProblem('application/json;charset=utf8')).toBeNull();
  });
  it('knows the loopback addresses, IPv4-mapped included', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a)).toBe(true);
    for (const a of [undefined, '', '10.0.0.1', '::ffff:10.0.0.1', '128.0.0.1', 'fe80::1', '::']) expect(isLoopback(a)).toBe(false);
  });
});
