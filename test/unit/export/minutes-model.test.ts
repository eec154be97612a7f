import { describe, expect, it } from 'vitest';
import { buildMinutes } from '../../../src/export/minutes-model.js';
import { isAppError } from '../../../src/errors.js';
import { GROUP_ID, NOW, agendaItem, idOf, minutesFixture } from '../../helpers/minutes-fixture.js';

const build = (db = minutesFixture(), locale?: 'da' | 'en') => buildMinutes(db, GROUP_ID, 2, { now: NOW, locale });

describe('buildMinutes: header', () => {
  it('titles the minutes after the meeting and gives date in words, time and place', () => {
    const v = build();
    expect(v.title).toBe('Referat: 2. Møde i den operationelle styregruppe for forløbsplaner');
    expect(v.header.dateText).toBe('mandag den 16. juni 2025');
    expect(v.header.timeText).toBe('12.30–14.00');
    expect(v.header.place).toBe('Via Teams');
  });

  it('splits participants into present and afbud and names the referent apart', () => {
    const h = build().header;
    expect(h.present).toEqual([
      'Anna Holm, MedCom (Formand)',
      'Bent Lund, PLO',
      'Carsten Vang, KiAP',
      'Dorthe Kjær, PLSP',
      'Frida Mose, MedCom',
    ]);
    expect(h.absent).toEqual(['Erik Sand, Mediq']);
    expect(h.referent).toBe('Gustav Eng, MedCom');
    expect(h.attendanceRecorded).toBe(true);
  });

  it('lists everyone as participant when no attendance was recorded', () => {
    const db = minutesFixture();
    db.meetings[1]!.attendance = [];
    const h = build(db).header;
    expect(h.present).toHaveLength(6);
    expect(h.absent).toEqual([]);
    expect(h.unknown).toEqual([]);
  });

  it('does not number a meeting title twice', () => {
    const db = minutesFixture();
    db.meetings[1]!.title = '2. Møde i den operationelle styregruppe for forløbsplaner';
    expect(build(db).title).toBe('Referat: 2. Møde i den operationelle styregruppe for forløbsplaner');
  });

  it('refuses an unknown meeting with a coded error', () => {
    expect.assertions(1);
    try {
      buildMinutes(minutesFixture(), GROUP_ID, 9, { now: NOW });
    } catch (err) {
      expect(isAppError(err, 'meeting_unknown')).toBe(true);
    }
  });

  it('leaves the Db untouched', () => {
    const db = minutesFixture();
    const before = JSON.stringify(db);
    build(db);
    expect(JSON.stringify(db)).toBe(before);
  });
});

describe('buildMinutes: agenda items', () => {
  it('gives every item its heading, outcome label and decision line', () => {
    const items = build().items;
    expect(items.map((i) => i.outcomeLabel)).toEqual([
      'Godkendt',
      'Taget til efterretning',
      'Taget til efterretning',
      'Godkendt',
      'Drøftet',
      'Udsat',
      null,
    ]);
    expect(items[0]!.heading).toBe('1. Velkomst og godkendelse af referat v. Anna (Bilag 1. Referat af 1. møde)');
    expect(items[3]!.decisionLine).toBe('Godkendt — Tidsplanen for certificering 2025 blev godkendt.');
    expect(items[6]!.decisionLine).toBe('Ingen beslutning registreret');
  });

  it('lifts the shared "Det indstilles, at styregruppen" out of the recommendation bullets', () => {
    const it4 = build().items[3]!;
    expect(it4.recommendationLead).toBe('Det indstilles, at styregruppen');
    expect(it4.recommendation).toEqual(['tager orienteringen til efterretning', 'godkender tidsplanen for certificering 2025']);
  });

  it('keeps background short and notes an item carried over', () => {
    const db = minutesFixture();
    db.meetings[1]!.items.push(agendaItem(8, 'Lang sag', { background: 'ord '.repeat(400), carriedFrom: 1 }));
    const it8 = build(db).items[7]!;
    expect(it8.background!.length).toBeLessThan(330);
    expect(it8.background!.endsWith('…')).toBe(true);
    expect(it8.note).toBe('Overført fra 1. møde');
  });

  it('names who recorded a decision only when it was not the referent', () => {
    const db = minutesFixture();
    Object.assign(db.meetings[1]!.items[2]!, { by: idOf('Anna Holm'), byName: null });
    const items = build(db).items;
    expect(items[0]!.recordedBy).toBeNull();
    expect(items[2]!.recordedBy).toBe('Anna Holm');
  });
});

describe('buildMinutes: risks, follow-up, escalations, status', () => {
  it('shows each open risk with its rating settled at this meeting and the trend since the last', () => {
    const risks = build().risks;
    expect(risks.map((r) => [r.id, r.ratingText, r.trend, r.trendText])).toEqual([
      ['R1', 'gul', 'same', '→ uændret'],
      ['R2', 'rød', 'worse', '↑ forværret (fra gul)'],
      ['R3', 'gul', 'better', '↓ forbedret (fra rød)'],
    ]);
    expect(risks[1]!.disagreement).toBe(true);
    expect(risks[1]!.votesText).toBe('1 grøn, 2 gul, 3 rød — uenighed');
  });

  it('marks a risk first rated at this meeting as new, and one not rated there by its current rating', () => {
    const db = minutesFixture();
    db.risks[0]!.history = db.risks[0]!.history.slice(1);
    db.risks[2]!.history = db.risks[2]!.history.slice(0, 1);
    const risks = build(db).risks;
    expect(risks[0]!.trend).toBe('new');
    expect(risks[2]!.source).toBe('current');
    expect(risks[2]!.rating).toBe(db.risks[2]!.rating);
  });

  it('lists new action points of this meeting and overdue open ones, not those of other groups', () => {
    const a = build().actions;
    expect(a.created.map((x) => x.id)).toEqual(['A3', 'A4']);
    expect(a.overdue.map((x) => x.id)).toEqual(['A1']);
    expect(a.overdue[0]!.sourceText).toBe('1. møde, punkt 4');
  });

  it('still lists as overdue an action point finished after the meeting', () => {
    const db = minutesFixture();
    Object.assign(db.actions[0]!, { status: 'done', doneAt: '2025-06-20T08:00:00.000Z' });
    expect(build(db).actions.overdue.map((x) => x.id)).toEqual(['A1']);
  });

  it('gives escalations their Danish status and leaves out ones made after the next meeting', () => {
    const db = minutesFixture();
    db.escalations.push({ ...db.escalations[0]!, id: 'E2', status: 'pending', at: '2025-11-01T09:00:00.000Z', answer: null });
    const e = build(db).escalations;
    expect(e.map((x) => [x.id, x.statusLabel])).toEqual([['E1', 'besvaret']]);
  });

  it('reports draft status, version and amendments with the author by name', () => {
    const s = build().status;
    expect(s.line).toBe('Udkast, version 2');
    expect(s.amendments[0]!.line).toBe('17. juni 2025 kl. 9.30, Bent Lund (punkt 4): Beslutningen under punkt 4 præciseret: uge 40-44.');
  });

  it('names the approver of approved minutes', () => {
    const db = minutesFixture();
    Object.assign(db.meetings[1]!.minutes, {
      status: 'approved',
      approvedBy: idOf('Anna Holm'),
      approvedAt: '2025-06-20T07:00:00.000Z',
      version: 3,
    });
    expect(build(db).status.line).toBe('Godkendt af Anna Holm 20. juni 2025 kl. 9.00, version 3');
  });

  it('uses English labels when asked', () => {
    const v = build(minutesFixture(), 'en');
    expect(v.title.startsWith('Minutes: ')).toBe(true);
    expect(v.items.map((i) => i.outcomeLabel)).toContain('Noted');
    expect(v.risks[1]!.trendText).toBe('↑ worse (from yellow)');
    expect(v.escalations[0]!.statusLabel).toBe('answered');
    expect(v.header.dateText).toBe('Monday 16 June 2025');
  });
});
