/**
 * Compact re-runs of proofs that live in earlier issues' tests (issue #12, 5), so their figures
 * land in this suite's table: the six bad-token cases, SIGKILL runs with zero acknowledged
 * changes lost, a second writer refused, and the outbox's at-most-once semantics under faults.
 * The full versions stay where they are (test/integration/auth-tokens, store-crash, store-lock,
 * delivery-outbox).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectorHttp } from '../../src/delivery/connector-http.js';
import { enqueue } from '../../src/delivery/outbox.js';
import { createOutboxSender } from '../../src/delivery/outbox-sender.js';
import { createRateLimiter } from '../../src/delivery/rate-limiter.js';
import type { ConversationRef } from '../../src/domain/model.js';
import { openStore } from '../../src/storage/lowdb-store.js';
import { storeFileSchema } from '../../src/storage/schema.js';
import { memoryStore } from '../../src/storage/memory-store.js';
import { setMembers, startHarness, type Harness } from '../helpers/bot-harness.js';
import { botAdded, groupChat, message, users } from '../helpers/activities.js';
import { startFakeConnector, type Fault, type FakeConnector, type RecordedCall } from '../helpers/fake-connector.js';
import { fakeCredentialsFactory, startOpenIdStub, type OpenIdStub } from '../helpers/openid-stub.js';
import { startChild, tempDir } from '../unit/storage/fixtures.js';
import { virtualTime } from '../unit/delivery/virtual-time.js';
import { figure } from './figures.js';

describe('bad tokens (credentials set, keys from a local OpenID stub)', () => {
  const APP_ID = '6f1c2a9e-0000-4000-8000-5717eb07a001';
  let stub: OpenIdStub;
  let h: Harness;

  beforeAll(async () => {
    stub = await startOpenIdStub();
    h = await startHarness({
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'test-secret-never-sent', BOT_DOMAIN: 'styrebot.test', HOST: '127.0.0.1' },
      group: false,
      adapterOverrides: {
        openIdMetadataUrl: stub.metadataUrl,
        tokenIssuer: stub.issuer,
        credentialsFactory: fakeCredentialsFactory(APP_ID),
      },
    });
    setMembers(h.fc, groupChat, [users.anna, users.bent]);
    const res = await h.post(botAdded(h.fc.url, groupChat, users.anna), {
      authorization: `Bearer ${stub.sign({ aud: APP_ID, serviceurl: h.fc.url })}`,
    });
    if (res.status !== 200) throw new Error(`signed install refused: ${res.status}`);
  });
  afterAll(async () => {
    await h?.close();
    await stub?.close();
  });

  it('the six bad tokens get 401 and run no handler; a good token is handled', async () => {
    const token = (claims: Record<string, unknown> = {}, opts: Parameters<OpenIdStub['sign']>[1] = {}) =>
      stub.sign({ aud: APP_ID, serviceurl: h.fc.url, ...claims }, opts);
    const cases: [string, Record<string, string>][] = [
      ['no token', {}],
      ['expired', { authorization: `Bearer ${token({}, { expiresIn: -6 * 60 })}` }],
      ['wrong audience', { authorization: `Bearer ${token({ aud: '6f1c2a9e-0000-4000-8000-0bad0bad0bad' })}` }],
      ['wrong issuer', { authorization: `Bearer ${token({ iss: 'https://evil.example/issuer' })}` }],
      [
        'forged signature (trusted kid, other key)',
        { authorization: `Bearer ${token({}, { kid: stub.primary.kid, key: stub.outsider.privateKey })}` },
      ],
      ['serviceurl of another host', { authorization: `Bearer ${token({ serviceurl: 'https://smba.trafficmanager.net/emea/' })}` }],
    ];
    const results: string[] = [];
    let rejected = 0;
    for (const [name, headers] of cases) {
      const before = JSON.stringify(h.services.store.read());
      const calls = h.fc.calls.length;
      const res = await h.post(message(h.fc.url, groupChat, users.anna, 'sprog en'), headers);
      await new Promise((r) => setTimeout(r, 30));
      const clean = res.status === 401 && h.fc.calls.length === calls && JSON.stringify(h.services.store.read()) === before;
      if (clean) rejected++;
      results.push(`${name} ${res.status}`);
    }
    const good = await h.post(message(h.fc.url, groupChat, users.anna, 'sprog en'), { authorization: `Bearer ${token()}` });
    const handled = good.status === 200 && h.services.store.read().groups[0]?.locale === 'en';
    figure(
      5,
      'Bad tokens → 401, no handler run',
      `${rejected}/${cases.length} rejected with 401, no connector call, store unchanged (${results.join('; ')}); a valid token is handled: ${handled ? 'yes' : 'NO'}`,
      rejected === cases.length && handled,
    );
    expect(rejected).toBe(cases.length);
    expect(handled).toBe(true);
  });
});

describe('store', () => {
  it('20 SIGKILLed writers: zero acknowledged changes lost, every file valid', async () => {
    const RUNS = 20;
    const TOTAL = 600;
    let acked = 0;
    let lost = 0;
    let invalid = 0;
    let midway = 0;
    for (let run = 0; run < RUNS; run++) {
      const { dir, cleanup } = tempDir();
      try {
        const path = join(dir, 'styrebot.json');
        const child = startChild(['write', path, String(TOTAL), '50']);
        await child.waitFor((l) => l === 'ready');
        if (run % 2 === 0) {
          const k = 1 + Math.floor(Math.random() * (TOTAL - 100));
          await Promise.race([child.waitFor(() => child.lines.length - 1 >= k), child.waitFor((l) => l.startsWith('done'))]);
        } else await new Promise((r) => setTimeout(r, Math.random() * 150));
        child.proc.kill('SIGKILL');
        await child.exited;
        if (!child.lines.some((l) => l.startsWith('done'))) midway++;
        const ids = child.lines.filter((l) => l.startsWith('ack ')).map((l) => l.slice(4));
        acked += ids.length;
        if (!storeFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8'))).success) invalid++;
        const store = await openStore({ path, readOnly: true });
        const stored = new Set(store.read().jobs.map((j) => j.id));
        lost += ids.filter((id) => !stored.has(id)).length;
        await store.close();
      } finally {
        cleanup();
      }
    }
    figure(
      5,
      'SIGKILL during concurrent writes',
      `${RUNS} runs (${midway} killed mid-way), ${acked} acknowledged changes, lost: ${lost}, invalid files: ${invalid}`,
      lost === 0 && invalid === 0 && midway >= RUNS / 2,
    );
    expect(lost).toBe(0);
    expect(invalid).toBe(0);
    expect(midway).toBeGreaterThanOrEqual(RUNS / 2);
  }, 180_000);

  it('a second writer is refused (same process and another process)', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'styrebot.json');
    const outcomes: string[] = [];
    try {
      const first = await openStore({ path });
      const same = await openStore({ path }).then(
        async (s) => (await s.close(), 'opened'),
        (e) => e.code,
      );
      outcomes.push(`same process: ${same}`);
      await first.close();
      const child = startChild(['hold', path]);
      await child.waitFor((l) => l.startsWith('ready'));
      const other = await openStore({ path }).then(
        async (s) => (await s.close(), 'opened'),
        (e) => e.code,
      );
      outcomes.push(`while another process holds it: ${other}`);
      child.proc.kill('SIGKILL');
      await child.exited;
    } finally {
      cleanup();
    }
    const ok = outcomes.every((o) => o.endsWith('store_locked'));
    figure(5, 'Second writer refused', outcomes.join('; '), ok);
    expect(ok).toBe(true);
  }, 60_000);
});

describe('outbox under connector faults', () => {
  let fc: FakeConnector;
  beforeAll(async () => void (fc = await startFakeConnector()));
  afterAll(() => fc.close());

  it('each message reaches Teams at most once; refused ones are retried, possibly-delivered ones become uncertain', async () => {
    const script: Record<string, Fault[]> = {
      'm-429-ra': [{ status: 429, headers: { 'retry-after': '2' } }],
      'm-429': [{ status: 429 }, { status: 429 }],
      'm-412': [{ status: 412 }],
      'm-503': [{ status: 503 }],
      'm-502': [{ status: 502 }],
      'm-504': [{ status: 504 }],
      'm-hang': [{ hang: true }],
      'm-drop': [{ destroy: true }],
    };
    const seen = new Map<string, number>();
    fc.fault = (call: RecordedCall) => {
      const text = call.body?.text;
      if (call.method !== 'POST' || !text) return null;
      const n = seen.get(text) ?? 0;
      seen.set(text, n + 1);
      return script[text]?.[n] ?? null;
    };
    const vt = virtualTime('auto');
    const store = memoryStore(undefined, vt.clock);
    const sender = createOutboxSender({
      store,
      http: createConnectorHttp({ getToken: async () => null, timeoutMs: 300 }),
      limiter: createRateLimiter({ timers: vt }),
      clock: vt.clock,
      baseDelayMs: 200,
      maxAttempts: 6,
    });
    const ref = (id: string): ConversationRef => ({
      serviceUrl: fc.url,
      channelId: 'msteams',
      conversationId: id,
      conversationType: 'groupChat',
      tenantId: 't',
      botId: '28:bot',
      botName: 'styrebot',
    });
    const texts = [...Object.keys(script), ...Array.from({ length: 22 }, (_, i) => `m-ok-${i}`)];
    const ids = await store.update((db, tx) =>
      texts.map(
        (text, i) => enqueue(db, tx, { groupId: 'g1', conversation: ref(`19:chat-${i % 4}`), activity: { text }, purpose: 'test' }).id,
      ),
    );
    for (let i = 0; i < 12; i++) {
      await sender.drain();
      vt.set(vt.now() + 10_000);
    }
    const REFUSED = new Set([429, 412, 503]);
    const posts = (t: string) => fc.posts().filter((c) => c.body?.text === t);
    const twice = texts.filter((t) => posts(t).filter((c) => !REFUSED.has(c.status)).length > 1);
    const status = (i: number) => store.read().outbox.find((o) => o.id === ids[i])!.status;
    const expected = (t: string) => (['m-502', 'm-504', 'm-hang', 'm-drop'].includes(t) ? 'uncertain' : 'sent');
    const wrong = texts.filter((t, i) => status(i) !== expected(t));
    const counts = sender.counts();
    await sender.stop();
    figure(
      5,
      'Outbox at-most-once under faults',
      `${texts.length} messages over 4 chats with 429 (±Retry-After), 412, 503, 502, 504, timeout, dropped connection: sent ${counts.sent}, uncertain ${counts.uncertain}, failed ${counts.failed}; delivered twice: ${twice.length}; wrong final state: ${wrong.length}`,
      twice.length === 0 && wrong.length === 0,
    );
    expect(twice).toEqual([]);
    expect(wrong).toEqual([]);
  }, 60_000);
});
