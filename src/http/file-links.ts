import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { MINUTES_FORMATS, type MinutesFormat } from '../app/minutes-files.js';
import { RISK_LOG_FORMATS, type RiskLogFormat } from '../app/risk-log-files.js';

/**
 * Signed, expiring links to generated files (docs/files-route.md). A token is
 *
 *   base64url(JSON payload) "." base64url(HMAC-SHA256)
 *
 * keyed with `config.fileSecret` over a version tag and the payload part. The payload is one of
 *
 *   {g: groupId, m: meetingNumber, f: 'docx'|'md', exp: unix seconds}   the minutes of meeting m
 *   {g: groupId, f: 'ics', exp: unix seconds}                           the group's planned meetings
 *   {g: groupId, k: 'risks', f: 'docx'|'xlsx', exp: unix seconds}       the group's risk log
 *
 * The calendar has no `m`: it is every planned meeting of the group, generated when the link is
 * fetched. Minutes tokens are unchanged (same tag, same fields), so links given before the
 * calendar existed still work. Nothing in a token is secret (group id, meeting number); the
 * signature makes it unforgeable and `exp` short-lived. Verification never throws and says only
 * malformed / forged / expired.
 */

/** How long a link works (1 hour). */
export const FILE_LINK_TTL_S = 60 * 60;
/** A real token is ~110 characters; anything much longer is not ours. */
const MAX_TOKEN_LENGTH = 512;
const TAG = 'styrebot-files.v1.';
const B64URL = /^[A-Za-z0-9_-]+$/;

export type FileRef =
  | { groupId: string; meeting: number; format: MinutesFormat }
  | { groupId: string; format: 'ics' }
  | { groupId: string; kind: 'risks'; format: RiskLogFormat };

/** What a link is to, for the refusal text ("get a new one from the … card"). */
export type FileKind = 'minutes' | 'calendar' | 'risks';
const kindOf = (p: { f: string; k?: string }): FileKind => (p.k === 'risks' ? 'risks' : p.f === 'ics' ? 'calendar' : 'minutes');

const g = z.string().min(1).max(100);
const exp = z.number().int().positive();
// Strict both: a minutes payload without `m`, or a calendar payload with one, is not ours.
const payloadSchema = z.union([
  z.object({ g, m: z.number().int().min(1).max(100_000), f: z.enum(MINUTES_FORMATS), exp }).strict(),
  z.object({ g, f: z.literal('ics'), exp }).strict(),
  z.object({ g, k: z.literal('risks'), f: z.enum(RISK_LOG_FORMATS), exp }).strict(),
]);

const mac = (secret: string, payloadPart: string) =>
  createHmac('sha256', secret)
    .update(TAG + payloadPart)
    .digest();

export function signFileToken(secret: string, ref: FileRef, opts: { now: Date; ttlS?: number }): string {
  if (!secret) throw new Error('file links need a secret');
  const exp = Math.floor(opts.now.getTime() / 1000) + (opts.ttlS ?? FILE_LINK_TTL_S);
  const fields =
    'kind' in ref
      ? { g: ref.groupId, k: ref.kind, f: ref.format, exp }
      : ref.format === 'ics'
        ? { g: ref.groupId, f: ref.format, exp }
        : { g: ref.groupId, m: ref.meeting, f: ref.format, exp };
  const payload = Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

export type VerifiedToken =
  | { ok: true; ref: FileRef; exp: number }
  | { ok: false; reason: 'malformed' | 'forged' }
  | { ok: false; reason: 'expired'; kind: FileKind };

export function verifyFileToken(secret: string, token: string, now: Date): VerifiedToken {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || !B64URL.test(parts[0]) || !B64URL.test(parts[1])) return { ok: false, reason: 'malformed' };
  const [payloadPart, sigPart] = parts as [string, string];
  const given = Buffer.from(sigPart, 'base64url');
  const want = mac(secret, payloadPart);
  // Length first (timingSafeEqual needs equal lengths); the comparison itself is constant-time.
  if (!secret || given.length !== want.length || !timingSafeEqual(given, want)) return { ok: false, reason: 'forged' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const p = parsed.data;
  if (p.exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired', kind: kindOf(p) };
  const ref: FileRef =
    'k' in p
      ? { groupId: p.g, kind: p.k, format: p.f }
      : 'm' in p
        ? { groupId: p.g, meeting: p.m, format: p.f }
        : { groupId: p.g, format: p.f };
  return { ok: true, ref, exp: p.exp };
}

/**
 * Where the bot is reachable for file links: `https://BOT_DOMAIN`, or in local mode (no
 * BOT_DOMAIN) `http://localhost:<port>` with the port the server actually listens on, which the
 * files route records here when it is registered.
 */
const listeningPort = new WeakMap<object, () => number | null>();

export function recordListeningPort(services: Services, port: () => number | null): void {
  listeningPort.set(services, port);
}

export function fileLinkBase(services: Services): string {
  const domain = services.config.botDomain;
  if (domain) return `https://${domain}`;
  const port = listeningPort.get(services)?.() ?? services.config.port;
  return `http://localhost:${port}`;
}

/** A ready link to the file: `<base>/files/<token>`, valid for FILE_LINK_TTL_S. */
export function fileLink(services: Services, ref: FileRef): { url: string; expiresAt: Date } {
  const now = services.clock.now();
  const token = signFileToken(services.config.fileSecret, ref, { now });
  return { url: `${fileLinkBase(services)}/files/${token}`, expiresAt: new Date(now.getTime() + FILE_LINK_TTL_S * 1000) };
}
