import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, cardText, setMembers, startHarness, type Harness } from '../helpers/bot-harness.js';
import { botAdded, cardAction, groupChat, message, users } from '../helpers/activities.js';
import { loadConfig } from '../../src/config.js';
import { createAdapter } from '../../src/teams/adapter.js';
import { fakeCredentialsFactory, signJwt, startOpenIdStub, type FakeCredentialsFactory, type OpenIdStub } from '../helpers/openid-stub.js';

/**
 * With credentials set, botbuilder validates every incoming token against the Bot Framework's
 * OpenID keys. Here those keys come from a local stub (same code path, other URL and issuer),
 * and the outgoing credentials are a fake, so nothing reaches Microsoft.
 */
const APP_ID = '6f1c2a9e-0000-4000-8000-5717eb07a001';
const OTHER_APP_ID = '6f1c2a9e-0000-4000-8000-0bad0bad0bad';
/** Issuer of the tokens Microsoft's login hands a bot for its own calls (public botframework.com tenant). */
const BOTFRAMEWORK_TENANT_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';

interface RecordingProxy {
  url: string;
  /** Authorization header of every request the bot made to the connector, in order. */
  auth: (string | undefined)[];
  close(): Promise<void>;
}

/** Forwards to the fake connector and records the Authorization header the bot sent. */
async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const auth: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    auth.push(req.headers.authorization);
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const headers: Record<string, string> = {};
      if (req.headers['content-type']) headers['content-type'] = String(req.headers['content-type']);
      const method = req.method ?? 'GET';
      const upstream = await fetch(target + (req.url ?? '/'), {
        method,
        headers,
        body: ['GET', 'HEAD'].includes(method) ? undefined : Buffer.concat(chunks),
      });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    auth,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections?.(), server.close(() => resolve()))),
  };
}

describe('Bot Framework token validation (credentials set, keys from a local OpenID stub)', () => {
  let stub: OpenIdStub;
  let creds: FakeCredentialsFactory;
  let h: Harness;
  let proxy: RecordingProxy;
  /** The serviceUrl every activity carries: the recording proxy in front of the fake connector. */
  let serviceUrl: string;

  /** A token as the Bot Framework issues it for an activity to this bot. */
  const token = (claims: Record<string, unknown> = {}, opts: Parameters<OpenIdStub['sign']>[1] = {}) =>
    stub.sign({ aud: APP_ID, serviceurl: serviceUrl, ...claims }, opts);
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

  const snapshot = () => JSON.stringify(h.services.store.read());

  /** Posts `activity` and asserts 401 with no handler run: no connector call at all, no store change. */
  async function expectRejected(activity: object, headers: Record<string, string>) {
    const before = snapshot();
    const calls = h.fc.calls.length;
    const proxied = proxy.auth.length;
    const res = await h.post(activity, headers);
    expect(res.status).toBe(401);
    // Give a wrongly started turn time to show itself (replies are sent during the turn, but be sure).
    await new Promise((r) => setTimeout(r, 50));
    expect(h.fc.calls.length).toBe(calls);
    expect(proxy.auth.length).toBe(proxied);
    expect(snapshot()).toBe(before);
    return res;
  }

  /** The chair switching the group to English: a turn that would change the store if it ran. */
  const switchToEnglish = () => message(serviceUrl, groupChat, users.anna, 'sprog en');

  beforeAll(async () => {
    stub = await startOpenIdStub();
    creds = fakeCredentialsFactory(APP_ID);
    h = await startHarness({
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'test-secret-never-sent', BOT_DOMAIN: 'styrebot.test', HOST: '127.0.0.1' },
      group: false,
      adapterOverrides: { openIdMetadataUrl: stub.metadataUrl, tokenIssuer: stub.issuer, credentialsFactory: creds },
    });
    proxy = await startRecordingProxy(h.fc.url);
    serviceUrl = proxy.url;
    setMembers(h.fc, groupChat, [users.anna, users.bent, users.carsten]);
  });
  afterAll(async () => {
    await h?.close();
    await proxy?.close();
    await stub?.close();
  });

  it('an unsigned install activity gets 401 and creates no group', async () => {
    await expectRejected(botAdded(serviceUrl, groupChat, users.anna), {});
    expect(h.services.store.read().groups).toHaveLength(0);
  });

  it('a signed install activity is handled: group created, welcome card posted to the connector with the fake bearer token', async () => {
    const res = await h.post(botAdded(serviceUrl, groupChat, users.anna), bearer(token()));
    expect(res.status).toBe(200);
    const groups = h.services.store.read().groups;
    expect(groups).toHaveLength(1);
    expect(groups[0].roster.map((m) => [m.name, m.role])).toEqual([
      ['Anna Holm', 'chair'],
      ['Bent Lund', 'member'],
      ['Carsten Vang', 'member'],
    ]);
    const welcome = h.fc.posts(groupChat.id).map(cardOf).find(Boolean);
    expect(cardText(welcome)).toContain('Hej, jeg er styrebot');
    // Every call the bot made (member look-up and the welcome post) carried the fake token.
    expect(proxy.auth.length).toBeGreaterThanOrEqual(2);
    expect(new Set(proxy.auth)).toEqual(new Set([`Bearer ${creds.token}`]));
    // Keys came from the stub, and outgoing credentials were asked for our app id.
    expect(stub.requests).toEqual(['/v1/.well-known/openidconfiguration', '/v1/keys']);
    expect(creds.created.every((c) => c.appId === APP_ID)).toBe(true);
  });

  it('a validly signed message is handled and its reply reaches the connector with the fake bearer token', async () => {
    const before = proxy.auth.length;
    const res = await h.post(message(serviceUrl, groupChat, users.bent, 'roller'), bearer(token()));
    expect(res.status).toBe(200);
    const sent = h.fc.posts(groupChat.id).at(-1);
    expect(cardText(cardOf(sent))).toContain('Anna Holm');
    expect(proxy.auth.slice(before)).toEqual([`Bearer ${creds.token}`]);
  });

  it('a token expired less than five minutes ago is still accepted (botbuilder’s clock tolerance)', async () => {
    const res = await h.post(message(serviceUrl, groupChat, users.bent, 'roller'), bearer(token({}, { expiresIn: -2 * 60 })));
    expect(res.status).toBe(200);
  });

  describe('each bad token gets 401 and runs no handler (no connector call, no store change)', () => {
    it('missing Authorization header', async () => {
      await expectRejected(switchToEnglish(), {});
    });

    it('empty Authorization header and a non-Bearer scheme', async () => {
      await expectRejected(switchToEnglish(), { authorization: '' });
      await expectRejected(switchToEnglish(), { authorization: `Basic ${Buffer.from(`${APP_ID}:x`).toString('base64')}` });
      await expectRejected(switchToEnglish(), { authorization: 'Bearer not-a-jwt' });
    });

    it('expired token (beyond botbuilder’s five-minute clock tolerance)', async () => {
      await expectRejected(switchToEnglish(), bearer(token({}, { expiresIn: -6 * 60 })));
    });

    it('a token without expiry (jsonwebtoken alone would accept it forever)', async () => {
      await expectRejected(switchToEnglish(), bearer(token({}, { expiresIn: null })));
    });

    it('wrong audience (a token for another bot)', async () => {
      await expectRejected(switchToEnglish(), bearer(token({ aud: OTHER_APP_ID })));
    });

    it('no audience', async () => {
      await expectRejected(switchToEnglish(), bearer(stub.sign({ serviceurl: serviceUrl })));
    });

    it('wrong issuer (signed with a trusted key, but not issued by the channel)', async () => {
      await expectRejected(switchToEnglish(), bearer(token({ iss: 'https://evil.example/issuer' })));
      // Microsoft's real issuer is not what this adapter was told to expect either.
      await expectRejected(switchToEnglish(), bearer(token({ iss: 'https://api.botframework.com' })));
    });

    it('unknown key: a kid that is not in the JWKS', async () => {
      await expectRejected(switchToEnglish(), bearer(token({}, { kid: stub.outsider.kid, key: stub.outsider.privateKey })));
    });

    it('unknown key: a trusted kid, but signed with another key (forged signature)', async () => {
      await expectRejected(switchToEnglish(), bearer(token({}, { kid: stub.primary.kid, key: stub.outsider.privateKey })));
    });

    it('no kid at all', async () => {
      await expectRejected(
        switchToEnglish(),
        bearer(
          signJwt(
            { iss: stub.issuer, aud: APP_ID, serviceurl: serviceUrl, exp: Math.floor(Date.now() / 1000) + 600 },
            stub.primary.privateKey,
            undefined,
          ),
        ),
      );
    });

    it('serviceurl claim differs from the activity’s serviceUrl', async () => {
      await expectRejected(switchToEnglish(), bearer(token({ serviceurl: 'https://smba.trafficmanager.net/emea/' })));
    });

    it('serviceurl claim missing', async () => {
      await expectRejected(switchToEnglish(), bearer(stub.sign({ aud: APP_ID })));
    });

    it('a key endorsed for another channel (webchat) cannot sign a Teams activity', async () => {
      await expectRejected(switchToEnglish(), bearer(token({}, { kid: stub.webchatOnly.kid, key: stub.webchatOnly.privateKey })));
    });

    it('an unsigned token (alg "none")', async () => {
      const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const none = `${b({ alg: 'none', typ: 'JWT', kid: stub.primary.kid })}.${b({ iss: stub.issuer, aud: APP_ID, serviceurl: serviceUrl, nbf: now - 60, exp: now + 600 })}.`;
      await expectRejected(switchToEnglish(), bearer(none));
    });

    it('a token not yet valid (nbf beyond the clock tolerance)', async () => {
      await expectRejected(switchToEnglish(), bearer(token({}, { notBefore: 10 * 60 })));
    });

    it('the bot’s own outgoing token replayed as an “emulator” token (appid = our id, aud = Bot Connector, no serviceurl)', async () => {
      // What Microsoft's login issues to the bot for its calls to the Bot Connector. botbuilder's
      // emulator path accepts such a token (appid = our id; neither aud nor serviceurl checked).
      const replayed = stub.sign({ iss: BOTFRAMEWORK_TENANT_ISSUER, ver: '1.0', appid: APP_ID, aud: 'https://api.botframework.com' });
      await expectRejected(switchToEnglish(), bearer(replayed));
    });

    it('a token from another bot (skill token)', async () => {
      const skill = stub.sign({ iss: BOTFRAMEWORK_TENANT_ISSUER, ver: '1.0', appid: OTHER_APP_ID, aud: APP_ID, serviceurl: serviceUrl });
      await expectRejected(switchToEnglish(), bearer(skill));
    });

    it('a card click (invoke) without a token gets 401 and no invoke response', async () => {
      const res = await expectRejected(cardAction(serviceUrl, groupChat, users.anna, 'roles.show'), {});
      expect(res.body?.type).toBeUndefined();
    });

    it('a card click (invoke) with a wrong-audience token gets 401', async () => {
      await expectRejected(cardAction(serviceUrl, groupChat, users.anna, 'roles.show'), bearer(token({ aud: OTHER_APP_ID })));
    });
  });

  describe('card clicks run without the adapter’s per-turn connector and token clients, with the same authentication', () => {
    /** A card click; refused ones must leave everything untouched (expectRejected), valid ones get a card. */
    const click = () => cardAction(serviceUrl, groupChat, users.anna, 'roles.show');

    it('every bad token above is refused on the card-click path too: 401, no handler, no credentials built', async () => {
      const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const bad: Record<string, string>[] = [
        {},
        { authorization: '' },
        { authorization: 'Bearer not-a-jwt' },
        bearer(token({}, { expiresIn: -6 * 60 })),
        bearer(token({}, { expiresIn: null })),
        bearer(token({ aud: OTHER_APP_ID })),
        bearer(stub.sign({ serviceurl: serviceUrl })),
        bearer(token({ iss: 'https://evil.example/issuer' })),
        bearer(token({}, { kid: stub.outsider.kid, key: stub.outsider.privateKey })),
        bearer(token({}, { kid: stub.primary.kid, key: stub.outsider.privateKey })),
        bearer(token({ serviceurl: 'https://smba.trafficmanager.net/emea/' })),
        bearer(token({}, { kid: stub.webchatOnly.kid, key: stub.webchatOnly.privateKey })),
        bearer(
          `${b({ alg: 'none', typ: 'JWT', kid: stub.primary.kid })}.${b({ iss: stub.issuer, aud: APP_ID, serviceurl: serviceUrl, nbf: now - 60, exp: now + 600 })}.`,
        ),
        bearer(token({}, { notBefore: 10 * 60 })),
        bearer(stub.sign({ iss: BOTFRAMEWORK_TENANT_ISSUER, ver: '1.0', appid: APP_ID, aud: 'https://api.botframework.com' })),
        bearer(stub.sign({ iss: BOTFRAMEWORK_TENANT_ISSUER, ver: '1.0', appid: OTHER_APP_ID, aud: APP_ID, serviceurl: serviceUrl })),
      ];
      const created = creds.created.length;
      for (const headers of bad) {
        const res = await expectRejected(click(), headers);
        expect(res.body?.type).toBeUndefined();
      }
      expect(creds.created.length).toBe(created);
    });

    it('a validly signed card click is answered in the invoke response and builds no connector or token client', async () => {
      const created = creds.created.length;
      const calls = h.fc.calls.length;
      const res = await h.post(click(), bearer(token()));
      expect(res.status).toBe(200);
      // The handler ran (an unknown verb: its refusal comes back as the invoke's message).
      expect(res.body).toMatchObject({
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value: expect.stringMatching(/\S/),
      });
      expect(creds.created.length).toBe(created);
      expect(h.fc.calls.length).toBe(calls);
      // A message still takes the adapter's full path (its reply needs the connector client).
      const msg = await h.post(message(serviceUrl, groupChat, users.anna, 'hjælp'), bearer(token()));
      expect(msg.status).toBe(200);
      expect(creds.created.length).toBeGreaterThan(created);
    });
  });

  it('the same turn with a valid token does change the store (so the rejections above are meaningful)', async () => {
    const res = await h.post(switchToEnglish(), bearer(token()));
    expect(res.status).toBe(200);
    expect(h.services.store.read().groups[0].locale).toBe('en');
  });
});

describe('the production adapter (no overrides)', () => {
  it('validates against Microsoft’s Bot Framework OpenID metadata and issuer, and sends with Microsoft’s login', () => {
    const config = loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'x',
      BOT_DOMAIN: 'styrebot.example.dk',
      STYREBOT_LOG_LEVEL: 'silent',
    });
    // botbuilder keeps these on its inner ParameterizedBotFrameworkAuthentication (private fields).
    const inner = (createAdapter(config).authentication as any).inner;
    expect(inner.toBotFromChannelOpenIdMetadataUrl).toBe('https://login.botframework.com/v1/.well-known/openidconfiguration');
    expect(inner.toBotFromChannelTokenIssuer).toBe('https://api.botframework.com');
    expect(inner.toBotFromEmulatorOpenIdMetadataUrl).toBe('https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration');
    expect(inner.toChannelFromBotLoginUrl).toBe('https://login.microsoftonline.com/botframework.com');
    expect(inner.toChannelFromBotOAuthScope).toBe('https://api.botframework.com');
    expect(inner.callerId).toBe('urn:botframework:azure');
  });

  it('with overrides, only the key source and issuer differ', () => {
    const config = loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'x',
      BOT_DOMAIN: 'styrebot.example.dk',
      STYREBOT_LOG_LEVEL: 'silent',
    });
    const inner = (createAdapter(config, { openIdMetadataUrl: 'http://127.0.0.1:1/meta', tokenIssuer: 'http://127.0.0.1:1/iss' }) as any)
      .botFrameworkAuthentication.inner;
    expect(inner.toBotFromChannelOpenIdMetadataUrl).toBe('http://127.0.0.1:1/meta');
    expect(inner.toBotFromEmulatorOpenIdMetadataUrl).toBe('http://127.0.0.1:1/meta');
    expect(inner.toBotFromChannelTokenIssuer).toBe('http://127.0.0.1:1/iss');
    expect(inner.toChannelFromBotLoginUrl).toBe('https://login.microsoftonline.com/botframework.com');
    expect(inner.toChannelFromBotOAuthScope).toBe('https://api.botframework.com');
    expect(inner.callerId).toBe('urn:botframework:azure');
  });
});
