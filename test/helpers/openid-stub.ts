import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';

/**
 * A local stand-in for the Bot Framework's OpenID metadata and signing keys
 * (https://login.botframework.com/v1/.well-known/openidconfiguration), so tests can send
 * activities with real RS256 tokens and botbuilder validates them exactly as in production —
 * only the key source and the expected issuer differ (AdapterOverrides.openIdMetadataUrl /
 * tokenIssuer).
 *
 * botbuilder caches the keys per metadata URL in a process-wide map for 24 hours
 * (JwtTokenExtractor.openIdMetadataCache) and refetches an unknown `kid` at most once an hour,
 * so every key a test signs with must be in the JWKS from the start: the stub makes them all up
 * front. Each stub has its own port, hence its own URL and cache entry.
 */
export interface StubKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  endorsements: string[];
}

export interface SignOptions {
  /** Header `kid` (default: the primary key's). */
  kid?: string;
  /** Signing key (default: the primary key's private key). */
  key?: KeyObject;
  /** Seconds until `exp` (default 3600; negative = already expired); `null` = no `exp` claim. */
  expiresIn?: number | null;
  /** Seconds from now for `nbf` (default -60); `null` = no `nbf` claim. */
  notBefore?: number | null;
}

export interface OpenIdStub {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** What to pass as AdapterOverrides.openIdMetadataUrl. */
  metadataUrl: string;
  /** The `iss` the stub's tokens carry and the metadata announces (AdapterOverrides.tokenIssuer). */
  issuer: string;
  /** In the JWKS, endorsed for `msteams` (as the Bot Framework keys are). */
  primary: StubKey;
  /** In the JWKS, but endorsed only for another channel (`webchat`). */
  webchatOnly: StubKey;
  /** Not in the JWKS: what an attacker holds. */
  outsider: StubKey;
  /** Paths the stub was asked for, in order (proves validation went here, not to Microsoft). */
  requests: string[];
  /** An RS256 JWT. `iss`, `iat`, `nbf`, `exp` are filled in unless given in `claims`. */
  sign(claims: Record<string, unknown>, opts?: SignOptions): string;
  close(): Promise<void>;
}

function makeKey(kid: string, endorsements: string[]): StubKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey, endorsements };
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** RS256 compact JWS with node:crypto (jsonwebtoken is only a transitive dependency of botbuilder). */
export function signJwt(payload: Record<string, unknown>, key: KeyObject, kid: string | undefined): string {
  const header = { alg: 'RS256', typ: 'JWT', ...(kid !== undefined ? { kid } : {}) };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key);
  return `${input}.${b64url(signature)}`;
}

export async function startOpenIdStub(opts: { issuer?: string } = {}): Promise<OpenIdStub> {
  const primary = makeKey(`stub-${randomUUID()}`, ['msteams']);
  const webchatOnly = makeKey(`stub-webchat-${randomUUID()}`, ['webchat']);
  const outsider = makeKey(`stub-outsider-${randomUUID()}`, ['msteams']);
  const requests: string[] = [];
  let base = '';

  const jwk = (k: StubKey) => {
    const pub = k.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
    return { kty: 'RSA', use: 'sig', alg: 'RS256', kid: k.kid, n: pub.n, e: pub.e, endorsements: k.endorsements };
  };

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && path === '/v1/.well-known/openidconfiguration')
      return json(200, {
        issuer: stub.issuer,
        authorization_endpoint: `${base}/v1/authorize`,
        jwks_uri: `${base}/v1/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    if (req.method === 'GET' && path === '/v1/keys') return json(200, { keys: [jwk(primary), jwk(webchatOnly)] });
    json(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const stub: OpenIdStub = {
    url: base,
    metadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    issuer: opts.issuer ?? `${base}/issuer`,
    primary,
    webchatOnly,
    outsider,
    requests,
    sign(claims, o = {}) {
      const now = Math.floor(Date.now() / 1000);
      const expiresIn = o.expiresIn === undefined ? 3600 : o.expiresIn;
      const notBefore = o.notBefore === undefined ? -60 : o.notBefore;
      const payload: Record<string, unknown> = {
        iss: stub.issuer,
        iat: now,
        ...(notBefore !== null ? { nbf: now + notBefore } : {}),
        ...(expiresIn !== null ? { exp: now + expiresIn } : {}),
        ...claims,
      };
      return signJwt(payload, o.key ?? primary.privateKey, o.kid === undefined ? primary.kid : o.kid);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
  return stub;
}

/**
 * Outgoing credentials that never reach Microsoft's login hosts: every connector call the bot
 * makes carries `Authorization: Bearer <token>`. Records what it was asked for.
 */
export interface FakeCredentialsFactory extends ServiceClientCredentialsFactory {
  token: string;
  created: { appId: string; audience: string | undefined; loginEndpoint: string }[];
  signed: string[];
}

export function fakeCredentialsFactory(appId: string, token = `fake-outgoing-token-${randomUUID()}`): FakeCredentialsFactory {
  const created: FakeCredentialsFactory['created'] = [];
  const signed: string[] = [];
  const factory = {
    token,
    created,
    signed,
    async isValidAppId(id: string) {
      return id === appId;
    },
    async isAuthenticationDisabled() {
      return false;
    },
    async createCredentials(forAppId: string, audience: string | undefined, loginEndpoint: string) {
      created.push({ appId: forAppId, audience, loginEndpoint });
      return {
        appId: forAppId,
        async getToken() {
          return token;
        },
        async signRequest(webResource: any) {
          webResource.headers.set('authorization', `Bearer ${token}`);
          signed.push(String(webResource.url));
          return webResource;
        },
      };
    },
  };
  return factory as unknown as FakeCredentialsFactory;
}
