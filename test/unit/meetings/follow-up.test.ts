import { describe, expect, it } from 'vitest';
import type { Tx } from '../../../src/app/ports.js';
import { newMeeting } from '../../../src/app/meetings.js';
import { agendaItemView } from '../../../src/cards/views/meetings.js';
import { renderCard } from '../../../src/cards/render.js';
import { emptyItem } from '../../../src/domain/meeting-agenda.js';
import { capFollowUp, FOLLOW_UP_CARD_MAX, followUpAt } from '../../../src/domain/follow-up.js';
import type { AgendaItem, Meeting } from '../../../src/domain/model.js';
import { group, sampleAgenda } from './fixtures.js';
import { followUpActions } from './follow-up-data.js';

const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

describe('followUpAt (the "Opfølgning" list of a meeting)', () => {
  it("keeps the group's action points created before the meeting and open at it, overdue split off, each sorted by due date", () => {
    const f = followUpAt(followUpActions(), 'g1', '2025-06-16', 'Europe/Copenhagen');
    // A1 (15 Apr) and A2 (30 May) were due before the meeting day.
    expect(ids(f.overdue)).toEqual(['A1', 'A2']);
    // A7 was closed during the meeting, so the group still went through it; A5 has no due date and comes last.
    expect(ids(f.open)).toEqual(['A7', 'A4', 'A5']);
  });

  it('leaves out points done before the meeting, created on the meeting day, and of other groups', () => {
    const f = followUpAt(followUpActions(), 'g1', '2025-06-16', 'Europe/Copenhagen');
    const all = [...ids(f.overdue), ...ids(f.open)];
    expect(all).not.toContain('A3');
    expect(all).not.toContain('A6');
    expect(all).not.toContain('A8');
  });

  it("reads the creation day in the group's time zone (23:30 UTC is already the next day in Copenhagen)", () => {
    const late = followUpActions().map((a) => (a.id === 'A4' ? { ...a, createdAt: '2025-06-15T23:30:00Z' } : a));
    expect(ids(followUpAt(late, 'g1', '2025-06-16', 'Europe/Copenhagen').open)).not.toContain('A4');
    expect(ids(followUpAt(late, 'g1', '2025-06-16', 'UTC').open)).toContain('A4');
  });

  it('sorts ids numerically on equal due dates and caps overdue first, counting the rest', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({
      ...followUpActions()[0]!,
      id: `A${20 - i}`,
      due: i < 3 ? '2025-01-01' : '2025-12-01',
    }));
    const f = followUpAt(many, 'g1', '2025-06-16');
    expect(ids(f.overdue)).toEqual(['A18', 'A19', 'A20']);
    expect(ids(f.open).slice(0, 3)).toEqual(['A1', 'A2', 'A3']);
    const c = capFollowUp(f, FOLLOW_UP_CARD_MAX);
    expect(c.shown).toHaveLength(15);
    expect(c.shown.slice(0, 3).every((s) => s.overdue)).toBe(true);
    expect(c.more).toBe(5);
  });
});

describe("the agenda item card's Opfølgning block", () => {
  const g = group();
  const a = sampleAgenda();
  const items: AgendaItem[] = a.items.map((i) => ({ ...emptyItem(i.number, i.title), ...i }));
  const m: Meeting = newMeeting(g, { now: new Date('2025-05-01T08:00:00.000Z') } as Tx, {
    number: 2,
    date: '2025-06-16',
    start: '13:00',
    end: '15:00',
    items,
  });
  const texts = (card: object): string[] => {
    const out: string[] = [];
    JSON.stringify(card, (k, v: unknown) => {
      if (k === 'text' && typeof v === 'string') out.push(v);
      return v;
    });
    return out;
  };

  it('item 1 lists the overdue points in the attention colour and the open ones plainly', () => {
    const card = renderCard('agenda-item', agendaItemView('da', g, m, m.items[0]!, [], followUpActions()));
    const json = JSON.stringify(card);
    expect(texts(card)).toContain('Opfølgning');
    const overdue = 'A1 Beskriv proces for fejlrapportering – Bent Lund, frist 15. april 2025 (forfalden)';
    const open = 'A4 Send opdateret kontaktliste til regionerne – Bent Lund, frist 1. juli 2025';
    expect(json).toContain(
      JSON.stringify({ type: 'TextBlock', text: overdue, color: 'attention', size: 'Small', wrap: true, spacing: 'Small' }),
    );
    expect(json).toContain(
      JSON.stringify({ type: 'TextBlock', text: open, color: 'default', size: 'Small', wrap: true, spacing: 'Small' }),
    );
    expect(texts(card)).toContain('A5 Book lokale til workshop om forløbsplaner – Anna Holm');
    expect(json).not.toContain('A3 Lukket før mødet');
  });

  it('in English the heading and due word follow the locale', () => {
    const card = renderCard('agenda-item', agendaItemView('en', g, m, m.items[0]!, [], followUpActions()));
    expect(texts(card)).toContain('Follow-up');
    expect(texts(card)).toContain('A1 Beskriv proces for fejlrapportering – Bent Lund, due 15 April 2025 (overdue)');
  });

  it('item 2 has no follow-up block, and its card data carries no follow-up keys', () => {
    const view = agendaItemView('da', g, m, m.items[1]!, [], followUpActions());
    expect(view).not.toHaveProperty('hasFollowUp');
    expect(view).not.toHaveProperty('followUp');
    const card = renderCard('agenda-item', view);
    expect(texts(card)).not.toContain('Opfølgning');
    expect(JSON.stringify(card)).not.toContain('fejlrapportering');
  });

  it('item 1 without open action points adds no keys (existing cards render as before)', () => {
    expect(agendaItemView('da', g, m, m.items[0]!, [], [])).not.toHaveProperty('hasFollowUp');
  });

  it('more than 15 points: the card shows 15 and "… og N mere"', () => {
    const many = Array.from({ length: 18 }, (_, i) => ({ ...followUpActions()[0]!, id: `A${i + 1}` }));
    const view = agendaItemView('da', g, m, m.items[0]!, [], many) as { followUp?: { lines: unknown[]; more: string } };
    expect(view.followUp?.lines).toHaveLength(15);
    expect(view.followUp?.more).toBe('… og 3 mere');
    expect(texts(renderCard('agenda-item', view))).toContain('… og 3 mere');
  });
});
