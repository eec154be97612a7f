/** t(): placeholders as before the split cache (a regex replace per call), for every message we ship. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/i18n/bundle.js';
import { registerMessages, t } from '../../src/i18n/index.js';

const reference = (text: string, params: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));

describe('t()', () => {
  it('fills placeholders, keeps unknown ones and braces that are not placeholders', () => {
    registerMessages({
      da: { 'test.a': 'Hej {name}, {name}! {count} af {total} · {ukendt} · { x } · {}', 'test.plain': 'Ingen pladsholdere' },
      en: { 'test.a': 'Hi {name}' },
    });
    expect(t('da', 'test.a', { name: 'Anna', count: 3, total: 0 })).toBe('Hej Anna, Anna! 3 af 0 · {ukendt} · { x } · {}');
    expect(t('en', 'test.a', { name: 'Bo' })).toBe('Hi Bo');
    expect(t('en', 'test.plain')).toBe('Ingen pladsholdere'); // English falls back to Danish
    expect(t('da', 'test.missing.key')).toBe('test.missing.key');
    expect(t('da', 'test.a', { name: '{count}', count: 1 })).toBe('Hej {count}, {count}! 1 af {total} · {ukendt} · { x } · {}');
  });

  it('gives the same text as a regex replace for every shipped message, with and without params', async () => {
    const dir = path.resolve(__dirname, '../../src/i18n/messages');
    let checked = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const bundle = (await import(path.join(dir, file))).default as Bundle;
      const prefixed: Bundle = { da: {}, en: {} };
      for (const locale of ['da', 'en'] as const) {
        for (const [key, text] of Object.entries(bundle[locale])) prefixed[locale][`ref.${file}.${key}`] = text;
      }
      registerMessages(prefixed);
      for (const locale of ['da', 'en'] as const) {
        for (const [key, text] of Object.entries(prefixed[locale])) {
          const names = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
          const all = Object.fromEntries(names.map((n, i) => [n, i % 2 ? i : `v${i}`]));
          const some = Object.fromEntries(names.filter((_, i) => i % 2 === 0).map((n) => [n, 'x']));
          for (const params of [{}, all, some]) expect(t(locale, key, params)).toBe(reference(text, params));
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });
});
