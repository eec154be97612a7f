import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildMinutes } from '../../../src/export/minutes-model.js';
import { minutesToMarkdown } from '../../../src/export/minutes-md.js';
import { GROUP_ID, NOW, bigMeetingFixture, minutesFixture } from '../../helpers/minutes-fixture.js';

const golden = readFileSync(new URL('../../fixtures/minutes-2-moede.golden.md', import.meta.url), 'utf8');
const md = (db = minutesFixture(), locale?: 'da' | 'en') => minutesToMarkdown(buildMinutes(db, GROUP_ID, 2, { now: NOW, locale }));

describe('minutesToMarkdown', () => {
  it('renders the 2nd meeting exactly as the approved golden file', () => {
    expect(md()).toBe(golden);
  });

  it('writes "Ingen beslutning registreret" for every item of a meeting with no decisions', () => {
    const db = minutesFixture();
    for (const item of db.meetings[1]!.items) Object.assign(item, { outcome: null, decision: null, by: null, byName: null });
    const out = md(db);
    expect(out.match(/\*\*Beslutning\*\*: Ingen beslutning registreret/g)).toHaveLength(7);
    expect(out).not.toContain('Godkendt —');
  });

  it('renders a meeting of 40 items, each with its own section', () => {
    const out = minutesToMarkdown(buildMinutes(bigMeetingFixture(40), GROUP_ID, 2, { now: NOW }));
    expect(out.match(/^## \d+\. Punkt nummer/gm)).toHaveLength(40);
    expect(out).toContain('## 40. Punkt nummer 40 om et emne v. Frida');
    expect(out.match(/Ingen beslutning registreret/g)).toHaveLength(10);
  });

  it('uses English labels for locale en', () => {
    const out = md(minutesFixture(), 'en');
    for (const label of [
      '# Minutes:',
      '**Recommendation**',
      '**Decision**: Approved',
      '## Risk assessment',
      '## Follow-up',
      '**Apologies:**',
      'Noted —',
    ]) {
      expect(out).toContain(label);
    }
    expect(out).not.toMatch(/\*\*Indstilling\*\*|\*\*Beslutning\*\*|^## Risikovurdering/m);
  });

  it('keeps a table row intact when user text holds a pipe or a line break', () => {
    const db = minutesFixture();
    db.actions[2]!.text = 'Send udkast | version 2\nog bilag';
    const row = md(db)
      .split('\n')
      .find((l) => l.startsWith('| A3 |'))!;
    expect(row).toContain('Send udkast \\| version 2 og bilag');
    expect(row.split(/(?<!\\)\|/)).toHaveLength(7);
  });

  it('does not let a decision text start a Markdown heading or list', () => {
    const db = minutesFixture();
    db.meetings[1]!.items[1]!.background = '# ikke en overskrift';
    expect(md(db)).toContain('\\# ikke en overskrift');
  });
});
