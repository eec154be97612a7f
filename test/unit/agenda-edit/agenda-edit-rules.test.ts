import { describe, expect, it } from 'vitest';
import {
  fieldOfWord,
  fieldValue,
  insertBeforeAob,
  insertIndex,
  isAob,
  moveItem,
  parseItemRef,
  parseNewItem,
  removeItem,
  withoutStandingItem,
  withStandingItem,
} from '../../../src/domain/agenda-edit.js';
import { agendaReminderPlan } from '../../../src/domain/agenda-publication.js';
import { emptyItem } from '../../../src/domain/meeting-agenda.js';
import type { AgendaItem } from '../../../src/domain/model.js';

const agenda = (...titles: string[]): AgendaItem[] => titles.map((t, i) => emptyItem(i + 1, t));
const titles = (items: AgendaItem[]) => items.map((i) => `${i.number}. ${i.title}`);

describe('agenda editing rules', () => {
  it('a new item goes just before a final "Eventuelt", and Eventuelt moves down one', () => {
    const items = agenda('Velkomst', 'Status', 'Eventuelt');
    const moved = insertBeforeAob(items, emptyItem(0, 'Ny aftale'));
    expect(titles(items)).toEqual(['1. Velkomst', '2. Status', '3. Ny aftale', '4. Eventuelt']);
    expect(moved.get(3)).toBe(4);
  });

  it('without Eventuelt (or with it elsewhere) the new item goes last', () => {
    expect(insertIndex(agenda('A', 'B'))).toBe(2);
    expect(insertIndex(agenda('Eventuelt', 'B'))).toBe(2);
    expect(insertIndex([])).toBe(0);
    expect(isAob('AOB')).toBe(true);
    expect(isAob('Evt.')).toBe(true);
    expect(isAob('Eventualiteter i driften')).toBe(false);
  });

  it('moving keeps each item object (decision, card) and renumbers the rest', () => {
    const items = agenda('A', 'B', 'C', 'D');
    const c = items[2];
    c.outcome = 'approved';
    c.decision = 'Godkendt';
    const moved = moveItem(items, 3, 1)!;
    expect(titles(items)).toEqual(['1. C', '2. A', '3. B', '4. D']);
    expect(items[0]).toBe(c);
    expect(items[0]).toMatchObject({ outcome: 'approved', decision: 'Godkendt' });
    expect(Object.fromEntries(moved)).toEqual({ 3: 1, 1: 2, 2: 3 });
    expect(moveItem(items, 9, 1)).toBeNull();
  });

  it('moving down past the end puts the item last', () => {
    const items = agenda('A', 'B', 'C');
    moveItem(items, 1, 99);
    expect(titles(items)).toEqual(['1. B', '2. C', '3. A']);
  });

  it('removing closes the gap', () => {
    const items = agenda('A', 'B', 'C');
    const r = removeItem(items, 2)!;
    expect(r.removed.title).toBe('B');
    expect(titles(items)).toEqual(['1. A', '2. C']);
    expect(Object.fromEntries(r.moved)).toEqual({ 3: 2 });
    expect(removeItem(items, 5)).toBeNull();
  });

  it('reads item references and new-item commands', () => {
    expect(parseItemRef('2.3')).toEqual({ meeting: 2, item: 3 });
    expect(parseItemRef('4')).toEqual({ meeting: null, item: 4 });
    expect(parseItemRef('x.3')).toBeNull();
    expect(parseItemRef('2.0')).toBeNull();
    expect(parseNewItem('2 Ny samarbejdsaftale v. Bent Lund')).toEqual({
      meeting: 2,
      title: 'Ny samarbejdsaftale',
      presenter: 'Bent Lund',
    });
    expect(parseNewItem('Status ved årsskiftet')).toEqual({ meeting: null, title: 'Status ved årsskiftet', presenter: null });
    expect(parseNewItem('Budget 2026, oplæg ved Carl')).toEqual({ meeting: null, title: 'Budget 2026', presenter: 'Carl' });
    expect(parseNewItem('Vendor update by Dana')).toEqual({ meeting: null, title: 'Vendor update', presenter: 'Dana' });
    expect(parseNewItem('   ')).toBeNull();
  });

  it('field words in Danish and English, and how an edited text is stored', () => {
    expect(fieldOfWord('Indstilling')).toBe('recommendation');
    expect(fieldOfWord('løsning')).toBe('proposal');
    expect(fieldOfWord('solution')).toBe('proposal');
    expect(fieldOfWord('oplægsholder')).toBe('presenter');
    expect(fieldOfWord('farve')).toBeNull();
    expect(fieldValue('recommendation', 'at godkende\n\nat notere  ')).toEqual(['at godkende', 'at notere']);
    expect(fieldValue('presenter', '  ')).toBeNull();
    expect(fieldValue('background', ' Linje 1\nLinje 2 ')).toBe('Linje 1\nLinje 2');
  });

  it('standing items: added before Eventuelt, once; removed by title', () => {
    const list = ['Velkomst', 'Eventuelt'];
    expect(withStandingItem(list, 'Risikolog')).toEqual(['Velkomst', 'Risikolog', 'Eventuelt']);
    expect(withStandingItem(list, 'velkomst')).toBeNull();
    expect(withoutStandingItem(list, 'VELKOMST')).toEqual(['Eventuelt']);
    expect(withoutStandingItem(list, 'Andet')).toBeNull();
  });
});

describe('agenda publication plan (T-7d-agenda)', () => {
  const m = { date: '2025-06-16', start: '12:30', status: 'planned' as const, agendaSentAt: null };
  it('a week before at 09:00 local, on a working day', () => {
    // Monday 16 June → Monday 9 June is Whit Monday (a public holiday) → Friday 6 June.
    expect(agendaReminderPlan(m, '09:00', 'Europe/Copenhagen')).toEqual([{ kind: 'T-7d-agenda', dueAt: '2025-06-06T07:00:00.000Z' }]);
    expect(agendaReminderPlan({ ...m, date: '2025-06-26' }, '09:00')).toEqual([{ kind: 'T-7d-agenda', dueAt: '2025-06-19T07:00:00.000Z' }]);
  });
  it('none once sent, or for a meeting that is not planned', () => {
    expect(agendaReminderPlan({ ...m, agendaSentAt: '2025-06-01T10:00:00Z' })).toEqual([]);
    expect(agendaReminderPlan({ ...m, status: 'cancelled' })).toEqual([]);
  });
});
