import { describe, expect, it } from 'vitest';
import { renderCard } from '../../../src/cards/render.js';
import { meetingStartView, MAX_LINES } from '../../../src/cards/views/reminders.js';
import type { Group, Meeting } from '../../../src/domain/model.js';

/**
 * Issue #14: the meeting-start agenda wrote "5. Titel — v. Bent Lund" as one TextBlock; Teams made
 * the "5. " a markdown list (indented, and the line cut at "v. Bent Lun"). The number and the
 * text are now two columns: the text wraps and hangs under the title.
 */
const group = { id: 'g1', name: 'Operationel styregruppe', locale: 'da', timezone: 'Europe/Copenhagen', roster: [] } as unknown as Group;
const item = (number: number, title: string, presenter: string | null) => ({ number, title, presenter, outcome: null });
const meeting = (items: ReturnType<typeof item>[]) =>
  ({ id: 'm1', groupId: 'g1', number: 2, date: '2026-03-30', start: '10:00', end: '12:00', status: 'planned', title: '2. Møde', items }) as unknown as Meeting;

type Node = Record<string, unknown>;
function agendaRows(card: unknown): Node[] {
  const body = (card as { body: Node[] }).body;
  return body.filter((b) => b.type === 'ColumnSet');
}

describe('meeting-start agenda lines', () => {
  it('puts the number in its own column and lets the title and presenter wrap', () => {
    const view = meetingStartView({ locale: 'da', group, meeting: meeting([item(5, 'Forløbsplaner for KOL: udbredelse i almen praksis', 'Bent Lund'), item(7, 'Eventuelt', null)]) });
    expect(view.items).toEqual([
      { number: '5.', text: 'Forløbsplaner for KOL: udbredelse i almen praksis — v. Bent Lund' },
      { number: '7.', text: 'Eventuelt' },
    ]);
    const rows = agendaRows(renderCard('meeting-start', view));
    expect(rows).toHaveLength(2);
    const [numberCol, textCol] = rows[0].columns as { width: string; items: Node[] }[];
    expect(numberCol.items[0]).toMatchObject({ text: '5.' });
    expect(textCol).toMatchObject({ width: 'stretch' });
    expect(textCol.items[0]).toMatchObject({ text: 'Forløbsplaner for KOL: udbredelse i almen praksis — v. Bent Lund', wrap: true });
    // no text line of the agenda starts with a list marker
    for (const r of rows) expect(String(((r.columns as { items: Node[] }[])[1].items[0] as Node).text)).not.toMatch(/^\d+\./);
  });

  it('caps a long agenda with a "more" line without a number', () => {
    const items = Array.from({ length: MAX_LINES + 3 }, (_, i) => item(i + 1, `Punkt ${i + 1}`, null));
    const view = meetingStartView({ locale: 'en', group, meeting: meeting(items) });
    expect(view.items).toHaveLength(MAX_LINES);
    expect(view.items.at(-1)!.number).toBe('');
    expect(view.items.at(-2)).toEqual({ number: `${MAX_LINES - 1}.`, text: `Punkt ${MAX_LINES - 1}` });
  });
});
