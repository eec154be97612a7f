import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError, createConnectorHttp } from '../../src/delivery/connector-http.js';
import type { ConversationRef } from '../../src/domain/model.js';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-connector.js';

let fc: FakeConnector;
beforeAll(async () => void (fc = await startFakeConnector()));
afterAll(() => fc.close());
beforeEach(() => fc.reset());

const CHANNEL = '19:abc@thread.tacv2;messageid=1700000000000';
const ref = (over: Partial<ConversationRef> = {}): ConversationRef => ({
  serviceUrl: `${fc.url}/`,
  channelId: 'msteams',
  conversationId: CHANNEL,
  conversationType: 'channel',
  tenantId: 'tenant-1',
  teamId: '19:team@thread.tacv2',
  botId: '28:bot',
  botName: 'styrebot',
  ...over,
});
const client = (timeoutMs = 5000) => createConnectorHttp({ getToken: async () => null, timeoutMs });

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ConnectorError);
    return err as ConnectorError;
  }
  throw new Error('expected a ConnectorError');
}

describe('connector HTTP: requests', () => {
  it('send POSTs to /v3/conversations/{conv}/activities with bot, conversation and tenant filled in', async () => {
    const { id } = await client().send(ref(), { text: 'Hej', recipient: { id: '29:u' } });
    expect(id).toMatch(/^act-/);
    const [call] = fc.posts(CHANNEL);
    expect(call.path).toBe(`/v3/conversations/${encodeURIComponent(CHANNEL)}/activities`);
    expect(call.body).toMatchObject({
      type: 'message',
      text: 'Hej',
      from: { id: '28:bot', name: 'styrebot' },
      conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' },
      recipient: { id: '29:u' },
      channelData: { tenant: { id: 'tenant-1' } },
    });
  });

  it('update PUTs the activity by id', async () => {
    await client().update(ref(), 'act-9', { attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { v: 2 } }] });
    const [call] = fc.puts(CHANNEL);
    expect(call.activityId).toBe('act-9');
    expect(call.body).toMatchObject({ id: 'act-9', type: 'message', attachments: [{ content: { v: 2 } }] });
  });

  it('createConversation opens a personal chat with the user and returns its reference', async () => {
    const personal = await client().createConversation(ref(), { teamsId: '29:anna', name: 'Anna' });
    const call = fc.calls.find((c) => c.path === '/v3/conversations')!;
    expect(call.body).toMatchObject({ isGroup: false, bot: { id: '28:bot' }, members: [{ id: '29:anna' }], tenantId: 'tenant-1' });
    expect(personal).toMatchObject({ conversationType: 'personal', tenantId: 'tenant-1', botId: '28:bot', serviceUrl: `${fc.url}/` });
    expect(personal.conversationId).toMatch(/^conv-/);
  });

  it('getMember returns the member, or null when not in the conversation', async () => {
    fc.members.set('*', [{ id: '29:anna', name: 'Anna', aadObjectId: 'aad-anna' }]);
    expect(await client().getMember(ref(), '29:anna')).toMatchObject({ id: '29:anna', name: 'Anna', aadObjectId: 'aad-anna' });
    expect(await client().getMember(ref(), '29:nobody')).toBeNull();
  });

  it('a channel’s members are looked up on its team (as Teams answers them); a chat’s on the chat itself', async () => {
    fc.members.set('19:team@thread.tacv2', [{ id: '29:bent', name: 'Bent', aadObjectId: 'aad-bent' }]);
    fc.members.set('19:chat@thread.v2', [{ id: '29:carl', name: 'Carl', aadObjectId: 'aad-carl' }]);
    expect(await client().getMember(ref(), '29:bent')).toMatchObject({ id: '29:bent', aadObjectId: 'aad-bent' });
    expect((await client().getMembers(ref())).map((m) => m.id)).toEqual(['29:bent']);
    const chat = ref({ conversationId: '19:chat@thread.v2', conversationType: 'groupChat', teamId: null });
    expect((await client().getMembers(chat)).map((m) => m.id)).toEqual(['29:carl']);
    fc.members.clear();
  });

  it('getMembers follows continuationToken across pages', async () => {
    fc.members.set(
      '*',
      Array.from({ length: 5 }, (_, i) => ({ id: `29:u${i}`, name: `U${i}` })),
    );
    fc.memberPageSize = 2;
    const list = await client().getMembers(ref());
    expect(list.map((m) => m.id)).toEqual(['29:u0', '29:u1', '29:u2', '29:u3', '29:u4']);
    expect(fc.calls.filter((c) => c.path.endsWith('/pagedmembers'))).toHaveLength(3);
  });

  it('sends a bearer token when there is one, and no Authorization header in local mode', async () => {
    const seen: (string | null)[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      seen.push(new Headers(init.headers).get('authorization'));
      return new Response('{"id":"x"}', { status: 200 });
    }) as typeof globalThis.fetch;
    await createConnectorHttp({ getToken: async () => 'tok', fetch }).send(ref(), { text: 'a' });
    await createConnectorHttp({ getToken: async () => null, fetch }).send(ref(), { text: 'a' });
    expect(seen).toEqual(['Bearer tok', null]);
  });
});

describe('connector HTTP: error classification', () => {
  const cases: [string, number, Record<string, string>, string, number | null][] = [
    ['429 with Retry-After seconds', 429, { 'retry-after': '3' }, 'retryable', 3000],
    ['429 without Retry-After', 429, {}, 'retryable', null],
    ['412', 412, {}, 'retryable', null],
    ['503 with Retry-After', 503, { 'retry-after': '1' }, 'retryable', 1000],
    ['502', 502, {}, 'uncertain', null],
    ['504', 504, {}, 'uncertain', null],
    ['500', 500, {}, 'fatal', null],
    ['400', 400, {}, 'fatal', null],
    ['403', 403, {}, 'fatal', null],
  ];
  for (const [name, status, headers, kind, retryAfterMs] of cases) {
    it(`${name} → ${kind}`, async () => {
      fc.fault = () => ({ status, headers });
      const err = await failure(client().send(ref(), { text: 'x' }));
      expect({ kind: err.kind, status: err.status, retryAfterMs: err.retryAfterMs, code: err.code }).toEqual({
        kind,
        status,
        retryAfterMs,
        code: 'Injected',
      });
      expect(fc.posts()).toHaveLength(1);
    });
  }

  it('Retry-After as an HTTP date becomes the time until then', async () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    fc.fault = () => ({ status: 429, headers: { 'retry-after': new Date(now + 7000).toUTCString() } });
    const err = await failure(createConnectorHttp({ getToken: async () => null, now: () => now }).send(ref(), { text: 'x' }));
    expect(err.retryAfterMs).toBe(7000);
  });

  it('no answer within the timeout → uncertain, status 0 (Teams may have it)', async () => {
    fc.fault = () => ({ hang: true });
    const started = Date.now();
    const err = await failure(client(200).send(ref(), { text: 'x' }));
    expect({ kind: err.kind, status: err.status, code: err.code }).toEqual({ kind: 'uncertain', status: 0, code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(fc.posts()).toHaveLength(1);
  });

  it('connection dropped after the request was sent → uncertain', async () => {
    fc.fault = () => ({ destroy: true });
    const err = await failure(client().send(ref(), { text: 'x' }));
    expect({ kind: err.kind, status: err.status }).toEqual({ kind: 'uncertain', status: 0 });
    expect(fc.posts()).toHaveLength(1);
  });

  it('connection refused (nothing sent) → retryable, status 0', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await failure(client().send(ref({ serviceUrl: `http://127.0.0.1:${port}` }), { text: 'x' }));
    expect({ kind: err.kind, status: err.status, code: err.code }).toEqual({ kind: 'retryable', status: 0, code: 'ECONNREFUSED' });
  });

  it('a failing token fetch is retryable and sends nothing', async () => {
    const c = createConnectorHttp({ getToken: async () => Promise.reject(new Error('AAD down')) });
    const err = await failure(c.send(ref(), { text: 'x' }));
    expect(err.kind).toBe('retryable');
    expect(fc.calls).toHaveLength(0);
  });

  it('a PUT to a deleted message (404) is fatal', async () => {
    fc.fault = (c) => (c.method === 'PUT' ? { status: 404 } : null);
    const err = await failure(client().update(ref(), 'gone', { text: 'x' }));
    expect({ kind: err.kind, status: err.status }).toEqual({ kind: 'fatal', status: 404 });
  });
});
