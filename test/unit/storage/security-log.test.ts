import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileSecurityLog, securityLogPathFor } from '../../../src/storage/security-log.js';
import { tempDir } from './fixtures.js';

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
});
