import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/bot-harness.js';

/**
 * The HTTP edge in-process: /healthz disclosure, and /api/messages refusing bodies it must not
 * read (the full hostile-transport proof, in a separate process with RSS and TMPDIR checks, is
 * test/reliability/hostile-transport.test.ts).
 */
describe('/healthz', () => {
  let h: Harness;
  let detailed: Harness;
  beforeAll(async () => {
    h = await startHarness({ group: false });
    detailed = await startHarness({ group: false, env: { STYREBOT_HEALTH_DETAILS: '1' } });
  });
  afterAll(async () => {
    await h?.close();
    await detailed?.close();
  });

  const health = async (bot: Harness, headers: Record<string, string> = {}) => {
    const res = await fetch(`${bot.bot.url}/healthz`, { headers });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('shows details to a loopback client', async () => {
    const r = await health(h);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['outbox', 'status', 'store', 'uptimeS', 'version']);
  });

  it('shows only the status to a request relayed by a proxy on this machine', async () => {
    const proxied: Record<string, string>[] = [
      { 'x-forwarded-for': '203.0.113.9' },
      { forwarded: 'for=203.0.113.9' },
      { 'x-real-ip': '203.0.113.9' },
      { via: '1.1 caddy' },
    ];
    for (const headers of proxied) expect(await health(h, headers)).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('shows details to everyone with STYREBOT_HEALTH_DETAILS=1', async () => {
    const r = await health(detailed, { 'x-forwarded-for': '203.0.113.9' });
    expect(r.body).toMatchObject({ status: 'ok', store: { ok: true } });
  });
});

describe('/api/messages body checks (before authentication)', () => {
  let h: Harness;
  beforeAll(async () => void (h = await startHarness({ group: false })));
  afterAll(() => h?.close());

  const post = (body: BodyInit, headers: Record<string, string>) => fetch(`${h.bot.url}/api/messages`, { method: 'POST', headers, body });

  it('refuses compressed, multipart and non-JSON bodies with 415 and oversized ones with 413, and keeps serving', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x61));
    const gz = await post(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(gz.status).toBe(415);
    expect(((await gz.json()) as { error: string }).error).toMatch(/Content-Encoding gzip not accepted/);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(100_000)]), 'a.bin');
    expect((await post(form, {})).status).toBe(415);
    expect((await post('{}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post('{"text":"' + 'x'.repeat(300 * 1024) + '"}', { 'content-type': 'application/json' })).status).toBe(413);
    expect((await post('['.repeat(65) + ']'.repeat(65), { 'content-type': 'application/json' })).status).toBe(400);
    // A usable body still gets through to the envelope check.
    const res = await post('{"type":"message"}', { 'content-type': 'application/json; charset=utf-8' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(
      /^expected a Bot Framework activity: missing or not a string: channelId/,
    );
  });
});
