import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FILE_LINK_TTL_S, signFileToken, verifyFileToken } from '../../../src/http/file-links.js';

const SECRET = 'test-secret-0123456789';
const NOW = new Date('2025-06-17T08:00:00.000Z');
const ref = { groupId: 'g1', meeting: 2, format: 'docx' as const };
const later = (s: number) => new Date(NOW.getTime() + s * 1000);
/** A payload signed the way the bot signs, whatever its shape. */
const sign = (obj: unknown) => {
  const p = Buffer.from(JSON.stringify(obj)).toString('base64url');
  return `${p}.${createHmac('sha256', SECRET).update(`styrebot-files.v1.${p}`).digest('base64url')}`;
};

describe('signed file tokens', () => {
  it('round-trips the group, meeting and format and expires after one hour by default', () => {
    const token = signFileToken(SECRET, ref, { now: NOW });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyFileToken(SECRET, token, NOW)).toEqual({ ok: true, ref, exp: NOW.getTime() / 1000 + FILE_LINK_TTL_S });
    expect(verifyFileToken(SECRET, token, later(FILE_LINK_TTL_S - 1)).ok).toBe(true);
    expect(verifyFileToken(SECRET, token, later(FILE_LINK_TTL_S))).toEqual({ ok: false, reason: 'expired', kind: 'minutes' });
  });

  it('honours a shorter lifetime', () => {
    const token = signFileToken(SECRET, ref, { now: NOW, ttlS: 60 });
    expect(verifyFileToken(SECRET, token, later(59)).ok).toBe(true);
    expect(verifyFileToken(SECRET, token, later(61))).toEqual({ ok: false, reason: 'expired', kind: 'minutes' });
  });

  it('refuses a token signed with another secret, or with its payload or signature changed, as forged', () => {
    const token = signFileToken(SECRET, ref, { now: NOW });
    const [payload, sig] = token.split('.') as [string, string];
    const other = Buffer.from(JSON.stringify({ g: 'g2', m: 2, f: 'docx', exp: 9_999_999_999 })).toString('base64url');
    expect(verifyFileToken('another-secret', token, NOW)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyFileToken(SECRET, `${other}.${sig}`, NOW)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyFileToken(SECRET, `${payload}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`, NOW)).toEqual({
      ok: false,
      reason: 'forged',
    });
    expect(verifyFileToken(SECRET, `${payload}.${sig.slice(0, 20)}`, NOW)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyFileToken('', token, NOW)).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses malformed tokens without trying to read them', () => {
    for (const t of ['', 'abc', 'a.b.c', 'a..b', 'ab+c.def', 'a/b.c', '../../db.json', `${'a'.repeat(600)}.b`]) {
      expect(verifyFileToken(SECRET, t, NOW)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('checks the signature before parsing the payload (a forged payload is never parsed)', () => {
    const junk = Buffer.from('{"g": "g1", "m": 2').toString('base64url');
    expect(verifyFileToken(SECRET, `${junk}.AAAA`, NOW)).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses a correctly signed payload of the wrong shape as malformed', () => {
    expect(verifyFileToken(SECRET, sign({ g: 'g1', m: 2, f: 'docx', exp: 9_999_999_999 }), NOW).ok).toBe(true);
    for (const bad of [
      { g: 'g1', m: 2, f: 'pdf', exp: 9_999_999_999 },
      { g: 'g1', m: '2', f: 'md', exp: 9_999_999_999 },
      { g: 'g1', m: 2, f: 'md' },
      { g: 'g1', m: 2, f: 'md', exp: 9_999_999_999, admin: true },
      [1, 2],
    ]) {
      expect(verifyFileToken(SECRET, sign(bad), NOW)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('minutes tokens are byte for byte what they were before calendar links existed', () => {
    const token = signFileToken(SECRET, ref, { now: NOW });
    expect(token).toBe(sign({ g: 'g1', m: 2, f: 'docx', exp: NOW.getTime() / 1000 + FILE_LINK_TTL_S }));
  });
});

describe('signed calendar tokens (f = ics)', () => {
  const cal = { groupId: 'g1', format: 'ics' as const };

  it('carry the group and no meeting number, and round-trip', () => {
    const token = signFileToken(SECRET, cal, { now: NOW });
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({
      g: 'g1',
      f: 'ics',
      exp: NOW.getTime() / 1000 + FILE_LINK_TTL_S,
    });
    expect(verifyFileToken(SECRET, token, NOW)).toEqual({ ok: true, ref: cal, exp: NOW.getTime() / 1000 + FILE_LINK_TTL_S });
  });

  it('expire like the others, and say they were calendar links', () => {
    const token = signFileToken(SECRET, cal, { now: NOW });
    expect(verifyFileToken(SECRET, token, later(FILE_LINK_TTL_S))).toEqual({ ok: false, reason: 'expired', kind: 'calendar' });
  });

  it('another group in the payload under the old signature is forged', () => {
    const [, sig] = signFileToken(SECRET, cal, { now: NOW }).split('.') as [string, string];
    const other = Buffer.from(JSON.stringify({ g: 'g2', f: 'ics', exp: NOW.getTime() / 1000 + FILE_LINK_TTL_S })).toString('base64url');
    expect(verifyFileToken(SECRET, `${other}.${sig}`, NOW)).toEqual({ ok: false, reason: 'forged' });
  });

  it('a calendar payload with a meeting number, or a minutes format without one, is malformed', () => {
    expect(verifyFileToken(SECRET, sign({ g: 'g1', f: 'ics', exp: 9_999_999_999 }), NOW).ok).toBe(true);
    for (const bad of [
      { g: 'g1', m: 2, f: 'ics', exp: 9_999_999_999 },
      { g: 'g1', f: 'docx', exp: 9_999_999_999 },
      { g: 'g1', f: 'md', exp: 9_999_999_999 },
      { g: 'g1', f: 'ICS', exp: 9_999_999_999 },
      { g: '', f: 'ics', exp: 9_999_999_999 },
    ]) {
      expect(verifyFileToken(SECRET, sign(bad), NOW)).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
