import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SecurityLog } from '../../src/app/ports.js';
import { fileSecurityLog, sampledSecurityLog, securityLogPathFor } from '../../src/storage/security-log.js';
import { tempDir } from '../unit/storage/fixtures.js';

describe('fileSecurityLog', () => {
  it('appends one JSON line per refused attempt to an owner-only file next to the store', () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = securityLogPathFor(join(dir, 'styrebot.json'));
      expect(path).toBe(join(dir, 'styrebot.json.security.log'));
      const log = fileSecurityLog(path);
      log.record({ at: '2025-01-01T00:00:00.000Z', actor: 'aad-9', code: 'forbidden', detail: 'line1\nline2' });
      log.record({ at: '2025-01-01T00:00:01.000Z', actor: null, tenantId: 'evil', code: 'forged_payload', detail: 'x'.repeat(10_000) });
      const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(JSON.parse(lines[0])).toEqual({ at: '2025-01-01T00:00:00.000Z', actor: 'aad-9', code: 'forbidden', detail: 'line1\nline2' });
      const second = JSON.parse(lines[1]);
      expect(second.detail.length).toBeLessThanOrEqual(2001);
      expect(second.tenantId).toBe('evil');
      expect(statSync(path).mode & 0o777).toBe(0o600);
    } finally {
      cleanup();
    }
  });

  it('reports a failed append instead of throwing into the request', () => {
    const errors: unknown[] = [];
    const log = fileSecurityLog('/nonexistent-dir/x/security.log', (e) => errors.push(e));
    expect(() => log.record({ at: 'x', actor: null, code: 'forbidden' })).not.toThrow();
    expect(errors).toHaveLength(1);
  });

  it('rotates to <log>.1 by size, so the log never holds much more than twice the cap', () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'db.json.security.log');
      const log = fileSecurityLog(path, undefined, { maxBytes: 1000 });
      for (let i = 0; i < 100; i++)
        log.record({ at: '2025-01-01T00:00:00.000Z', actor: null, code: 'file_token_forged', detail: `GET /files (${i} chars)` });
      expect(existsSync(`${path}.1`)).toBe(true);
      expect(statSync(path).size).toBeLessThanOrEqual(1000);
      expect(statSync(`${path}.1`).size).toBeLessThanOrEqual(1000);
      // The newest entry is in the current file, complete.
      const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
      expect(JSON.parse(lines.at(-1)!).detail).toBe('GET /files (99 chars)');
      // A new process continues counting from the file's size on disk.
      const again = fileSecurityLog(path, undefined, { maxBytes: statSync(path).size + 10 });
      again.record({ at: 'x', actor: null, code: 'forbidden', detail: 'y'.repeat(50) });
      expect(readFileSync(path, 'utf8').trimEnd().split('\n')).toHaveLength(1);
    } finally {
      cleanup();
    }
  });
});

describe('sampledSecurityLog', () => {
  const recorder = () => {
    const entries: Parameters<SecurityLog['record']>[0][] = [];
    return { entries, log: { record: (e: Parameters<SecurityLog['record']>[0]) => void entries.push(e) } };
  };

  it('writes the first N entries of a code per minute, then one summary line with the count', () => {
    const r = recorder();
    let now = Date.parse('2025-06-10T10:00:00Z');
    const log = sampledSecurityLog(r.log, { perWindow: 5, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 1000; i++)
      log.record({ at: new Date(now).toISOString(), actor: null, code: 'file_token_forged', detail: String(i) });
    log.record({ at: new Date(now).toISOString(), actor: null, code: 'file_token_malformed' });
    expect(r.entries.map((e) => e.code)).toEqual([...Array(5).fill('file_token_forged'), 'file_token_malformed']);
    now += 61_000;
    log.record({ at: new Date(now).toISOString(), actor: null, code: 'file_token_forged', detail: 'next minute' });
    expect(r.entries.slice(6)).toEqual([
      expect.objectContaining({
        code: 'file_token_forged_suppressed',
        detail: expect.stringMatching(/^995 more file_token_forged not logged in the 60 s from 2025-06-10T10:00:00\.000Z$/),
      }),
      expect.objectContaining({ code: 'file_token_forged', detail: 'next minute' }),
    ]);
  });

  it('flush() writes the count of a flood that stopped; nothing when nothing was suppressed', () => {
    const r = recorder();
    const now = 0;
    const log = sampledSecurityLog(r.log, { perWindow: 2, now: () => now });
    log.record({ at: 'a', actor: null, code: 'c' });
    log.flush();
    expect(r.entries).toHaveLength(1);
    for (let i = 0; i < 4; i++) log.record({ at: 'b', actor: null, code: 'c' });
    log.flush();
    expect(r.entries.map((e) => e.code)).toEqual(['c', 'c', 'c', 'c_suppressed']);
    expect(r.entries[3].detail).toMatch(/^2 more c /);
  });
});
