import { describe, expect, it } from 'vitest';
import { buildMinutes } from '../../../src/export/minutes-model.js';
import { minutesToMarkdown } from '../../../src/export/minutes-md.js';
import { GROUP_ID, NOW, minutesFixture } from '../../helpers/minutes-fixture.js';

const section = (md: string, heading: string): string => {
  const start = md.indexOf(heading);
  const end = md.indexOf('\n## ', start + heading.length);
  return md.slice(start, end);
};

describe('minutes: "Opfølgning" under the first item', () => {
  it('item 1 lists the action points open at the meeting, the overdue one first and marked; item 2 does not', () => {
    const md = minutesToMarkdown(buildMinutes(minutesFixture(), GROUP_ID, 2, { now: NOW }));
    const item1 = section(md, '## 1. Velkomst');
    expect(item1).toContain(
      [
        '**Opfølgning**',
        '',
        '- A1 Indhent status på aftaler med lægesystemleverandørerne – Frida Mose, frist 1. maj 2025 (forfalden)',
        '- A5 Planlæg brugertest i to praksisser – Bent Lund, frist 1. september 2025',
      ].join('\n'),
    );
    // A2 was done before the meeting; A3 and A4 were created at it; A6 is another group's.
    for (const id of ['A2', 'A3', 'A4', 'A6']) expect(item1).not.toContain(`- ${id} `);
    expect(section(md, '## 2. ')).not.toContain('Opfølgning');
  });

  it("a point done after the meeting stays on that meeting's list (the minutes keep what the group went through)", () => {
    const db = minutesFixture();
    const a5 = db.actions.find((a) => a.id === 'A5')!;
    Object.assign(a5, { status: 'done', doneAt: '2025-07-01T09:00:00.000Z' });
    const md = minutesToMarkdown(buildMinutes(db, GROUP_ID, 2, { now: NOW }));
    expect(section(md, '## 1. Velkomst')).toContain('- A5 Planlæg brugertest i to praksisser');
  });

  it('in English', () => {
    const md = minutesToMarkdown(buildMinutes(minutesFixture(), GROUP_ID, 2, { now: NOW, locale: 'en' }));
    expect(md).toContain('**Follow-up**');
    expect(md).toContain('(overdue)');
  });
});
