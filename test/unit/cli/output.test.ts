import { afterEach, describe, expect, it, vi } from 'vitest';
import { plainText, printJson, printText } from '../../../src/cli/common.js';

describe('CLI output of stored text', () => {
  afterEach(() => vi.restoreAllMocks());
  const captured = () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    return out;
  };

  it('text output drops C0 (but tab and newline), DEL, C1 and bidi overrides; Danish letters and symbols stay', () => {
    const evil = 'R1 Risiko\u001b[2J\u001b]0;pwned\u0007\r\u0000\u007f\u009b31m\u202eslet\u2066 — æøå ÆØÅ €\tnæste\n';
    expect(plainText(evil)).toBe('R1 Risiko[2J]0;pwned31mslet — æøå ÆØÅ €\tnæste\n');
    const out = captured();
    printText(evil);
    expect(out.join('')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('JSON output escapes every control character and stays the same JSON', () => {
    const value = { title: 'a\u001b[31m\u0007\u007f\u0085\u009b\u2028b', name: 'Åse' };
    const out = captured();
    printJson(value);
    const text = out.join('');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(text).toContain('\\u001b[31m\\u0007\\u007f\\u0085\\u009b\\u2028b');
    expect(JSON.parse(text)).toEqual(value);
  });
});
