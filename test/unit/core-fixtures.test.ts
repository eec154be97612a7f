import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { helpView } from '../../src/cards/views/core.js';
import { withExamples } from '../../src/i18n/examples.js';
import { t } from '../../src/i18n/index.js';
import { allFeatures } from '../../src/teams/features/index.js';
import { buildRegistry, type Registry } from '../../src/teams/registry.js';

describe('help card fixtures', () => {
  it('list exactly the registered commands (regenerate with scripts/generate-core-fixtures.ts)', () => {
    const reg: Registry = buildRegistry(allFeatures(() => reg));
    for (const [locale, file] of [
      ['da', 'full-danish'],
      ['en', 'full-english'],
    ] as const) {
      // the fixtures are dated 10 June 2025 (examples in usage lines are computed from today)
      const cmds = reg.commands.map((c) => ({
        usage: withExamples(c.usage[locale], '2025-06-10'),
        summary: withExamples(c.summary[locale], '2025-06-10'),
        who: t(locale, `who.${c.who}`),
        section: c.section,
      }));
      const fixture = JSON.parse(readFileSync(new URL(`../../cards/fixtures/help/${file}.json`, import.meta.url), 'utf8'));
      expect(fixture).toEqual(helpView(locale, cmds));
    }
  });

  it('every command has a Danish and an English name, usage and summary', () => {
    const reg: Registry = buildRegistry(allFeatures(() => reg));
    for (const c of reg.commands) {
      expect(c.names.da.length, c.id).toBeGreaterThan(0);
      expect(c.names.en.length, c.id).toBeGreaterThan(0);
      expect(c.usage.da && c.usage.en && c.summary.da && c.summary.en, c.id).toBeTruthy();
    }
  });
});
