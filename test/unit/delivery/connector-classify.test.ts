import { describe, expect, it } from 'vitest';
import { classifyStatus, ConnectorError, createConnectorHttp, parseRetryAfter } from '../../../src/delivery/connector-http.js';
import type { ConversationRef } from '../../../src/domain/model.js';

const ref: ConversationRef = {
  serviceUrl: 'https://smba.example/emea/',
  channelId: 'msteams',
  conversationId: 'a:1',
  conversationType: 'personal',
  tenantId: 't',
  botId: '28:b',
};
const throwing = (err: unknown) =>
  createConnectorHttp({ getToken: async () => null, fetch: (async () => Promise.reject(err)) as unknown as typeof fetch });
const fetchError = (cause: unknown) => Object.assign(new TypeError('fetch failed'), { cause });

async function kindOf(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return (err as ConnectorError).kind;
}

describe('connector error classification', () => {
  it('maps statuses: 429/412/503 retryable, 502/504 uncertain, other errors fatal', () => {
    expect([429, 412, 503].map(classifyStatus)).toEqual(['retryable', 'retryable', 'retryable']);
    expect([502, 504].map(classifyStatus)).toEqual(['uncertain', 'uncertain']);
    expect([400, 401, 403, 404, 413, 500].map(classifyStatus)).toEqual(Array(6).fill('fatal'));
  });

  it('parses Retry-After as seconds, fractional seconds or an HTTP date; rejects junk', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter(new Date(now + 3000).toUTCString(), now)).toBe(3000);
    expect(parseRetryAfter(new Date(now - 3000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('connection errors before sending are retryable, also when wrapped in an AggregateError', async () => {
    expect(await kindOf(throwing(fetchError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).send(ref, {}))).toBe('retryable');
    expect(
      await kindOf(throwing(fetchError(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]))).send(ref, {})),
    ).toBe('retryable');
    expect(await kindOf(throwing(fetchError(Object.assign(new Error('x'), { code: 'ENOTFOUND' }))).send(ref, {}))).toBe('retryable');
  });

  it('a reset or an unexplained fetch failure is uncertain (it may have been processed)', async () => {
    expect(await kindOf(throwing(fetchError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).send(ref, {}))).toBe('uncertain');
    expect(
      await kindOf(throwing(fetchError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }))).send(ref, {})),
    ).toBe('uncertain');
    expect(await kindOf(throwing(new Error('weird')).send(ref, {}))).toBe('uncertain');
  });

  it('builds the URL from a serviceUrl with a trailing slash and encodes the conversation id', async () => {
    const urls: string[] = [];
    const c = createConnectorHttp({
      getToken: async () => null,
      fetch: (async (u: string) => (urls.push(u), new Response('{"id":"1"}'))) as unknown as typeof fetch,
    });
    await c.send({ ...ref, conversationId: '19:x@thread.v2;messageid=5' }, {});
    expect(urls).toEqual(['https://smba.example/emea/v3/conversations/19%3Ax%40thread.v2%3Bmessageid%3D5/activities']);
  });
});
