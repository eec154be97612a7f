/**
 * Every error code the code can raise has a message in Danish and in English: a code without one
 * reaches the user as the generic "internal" text (errorText), which hides what went wrong.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/i18n/bundle.js';

const root = path.resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The codes raised in src: `new AppError('code'`, the refuse helpers' code argument, and `code = … ? 'a' : 'b'` before `new AppError(code)`. */
function raisedCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  const patterns = [
    /new AppError\(\s*'([a-z0-9_]+)'/g,
    // refuse(security, now|tx, actor, 'code', …) in the use-cases; refuse('code') in card-group.ts
    /\brefuse\(\s*[\w.?]+,\s*[\w.?]+,\s*[\w.?]+,\s*'([a-z0-9_]+)'/g,
    /\brefuse\(\s*'([a-z0-9_]+)'/g,
  ];
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, 'utf8');
    const where = path.relative(root, file);
    for (const re of patterns) for (const m of text.matchAll(re)) codes.set(m[1]!, where);
    // `const code = a ? 'x' : b ? 'y' : 'z'; … new AppError(code` : every literal on the right.
    if (/new AppError\(code\b/.test(text)) {
      for (const m of text.matchAll(/\bcode\s*=(?!=)\s*([^;]+);/g)) {
        // the literals a branch can yield (after `?`, `:` or at the start), not those it compares with
        for (const lit of m[1]!.matchAll(/(?:^|[?:])\s*'([a-z0-9_]+)'/g)) codes.set(lit[1]!, where);
      }
    }
  }
  // Written to the security log only: the user is told `bad_input` (src/teams/card-group.ts).
  codes.delete('card_group_mismatch');
  return codes;
}

async function bundles(): Promise<Bundle[]> {
  const dir = path.join(root, 'i18n/messages');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  return Promise.all(files.map(async (f) => (await import(path.join(dir, f))).default as Bundle));
}

describe('error messages', () => {
  it('every raised error code has an error.<code> message in Danish and in English', async () => {
    const codes = raisedCodes();
    // The scan itself must work: the code base raises well over a hundred codes.
    expect(codes.size).toBeGreaterThan(100);
    const all = await bundles();
    const missing: string[] = [];
    for (const [code, where] of codes) {
      for (const locale of ['da', 'en'] as const) {
        if (!all.some((b) => `error.${code}` in b[locale])) missing.push(`${locale} error.${code} (${where})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
