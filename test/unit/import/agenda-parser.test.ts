import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAgendaText } from '../../../src/import/agenda-parser.js';
import { warningText as W } from '../../../src/import/warnings.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');
const sample = fixture('dagsorden-2-moede.txt');

const HEADER = [
  'Mødetitel 4. Møde i styregruppen',
  'Mødedato 16. juni 2025',
  'Tidspunkt 12.30 til 14.00',
  'Sted Via Teams',
  'Deltagere Anna Holm, MedCom (Formand)',
  '',
].join('\n');
/** A minimal valid agenda around the given list and sections. */
const agenda = (list: string[], body: string) => `${HEADER}\nDagsorden:\n${list.join('\n')}\n\n${body}`;

describe('parseAgendaText on the sample agenda (PDF text of the 2nd meeting)', () => {
  it('produces exactly the hand-written expected JSON, key order included', () => {
    const expected = fixture('dagsorden-2-moede.expected.json');
    expect(JSON.stringify(parseAgendaText(sample), null, 2)).toBe(JSON.stringify(JSON.parse(expected), null, 2));
  });

  it('is deterministic and does not depend on Windows line endings', () => {
    expect(parseAgendaText(sample.replace(/\n/g, '\r\n'))).toEqual(parseAgendaText(sample));
  });
});

describe('parseAgendaText traps', () => {
  it('joins a heading that wraps onto a second line inside its annex parenthesis', () => {
    const item = parseAgendaText(sample).items[1];
    expect(item.title).toBe('Status på tekniske leverancer');
    expect(item.annexes).toEqual(['Bilag 2. Udviklingsplan for Forløbsplaner 2025, revideret']);
  });

  it('keeps a parenthesis that is part of the title and takes a "(Bilag …)" parenthesis as annex', () => {
    const a = parseAgendaText(
      agenda(
        ['1 Status (certificering 2025), v. Frida', '2 Risici'],
        '1. Status (certificering 2025), v. Frida (Bilag 2. Plan (revideret); Bilag 3. Tidsplan)\n\n2. Risici',
      ),
    );
    expect(a.items[0]).toMatchObject({
      title: 'Status (certificering 2025)',
      presenter: 'Frida',
      annexes: ['Bilag 2. Plan (revideret)', 'Bilag 3. Tidsplan'],
    });
  });

  it('does not read "1. august 2025." at the start of a wrapped line as a heading', () => {
    const a = parseAgendaText(sample);
    expect(a.items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(a.items[3].proposal).toBe(
      'Certificeringen gennemføres i uge 40-44. Aftaler for 2025 forventes underskrevet inden 1. august 2025.',
    );
  });

  it('does not read a numbered date in the meeting list ("4. februar 2026") as item 4', () => {
    const a = parseAgendaText(
      agenda(['1 Velkomst', '2 Eventuelt'], '1. Velkomst\n\nVidere proces\n• 4. februar 2026. Kl. 9.00 – 10.30\n\n2. Eventuelt'),
    );
    expect(a.items).toHaveLength(2);
    expect(a.proposedMeetings).toEqual([{ date: '2026-02-04', start: '09:00', end: '10:30' }]);
  });

  it('counts only dates followed by a time range as proposed meetings', () => {
    const a = parseAgendaText(sample);
    // 24. februar 2025, 1. august 2025 and "10. september" appear in the text without a time.
    expect(a.proposedMeetings).toEqual([
      { date: '2025-10-22', start: '12:30', end: '14:00' },
      { date: '2026-02-04', start: '09:00', end: '10:30' },
    ]);
  });

  it('reports a dated time range on or before the meeting day instead of proposing it', () => {
    const a = parseAgendaText(agenda(['1 Velkomst'], '1. Velkomst\n\nBaggrund\nSidste møde var 24. februar 2025 kl. 8.40-10.00.'));
    expect(a.proposedMeetings).toEqual([]);
    expect(a.warnings).toEqual([W('proposal_not_after', { item: 1, date: '2025-02-24' })]);
  });

  it('drops the lead-in "Det indstilles, at …" but keeps a bullet that is a whole recommendation', () => {
    const a = parseAgendaText(sample);
    expect(a.items[0].recommendation).toEqual(['godkender referatet fra mødet den 24. februar 2025.']);
    expect(a.items[3].recommendation[1]).toBe('Det indstilles at styregruppen godkender tidsplanen for certificering 2025');
  });

  it('reads Word-style recommendations without bullet glyphs the same way', () => {
    const body = '1. Velkomst\n\nIndstilling\n\nDet indstilles, at styregruppen\n\ngodkender referatet.\n\ndrøfter planen.';
    expect(parseAgendaText(agenda(['1 Velkomst'], body)).items[0].recommendation).toEqual(['godkender referatet.', 'drøfter planen.']);
  });

  it('takes the presenter from the agenda list when the heading has none, and keeps "alle"', () => {
    const a = parseAgendaText(agenda(['1 Velkomst, v. Anna', '2 Eventuelt, v. alle'], '1. Velkomst\n\n2. Eventuelt'));
    expect(a.items.map((i) => i.presenter)).toEqual(['Anna', 'alle']);
    expect(a.warnings).toEqual([]);
  });

  it('does not take a numbered list inside an item for the next item heading', () => {
    const body = '1. Drift\n\nBaggrund\nTre forhold:\n\n1. Svartider\n2. Eventuelle fejl\n\n2. Eventuelt';
    const a = parseAgendaText(agenda(['1 Drift', '2 Eventuelt'], body));
    expect(a.items.map((i) => i.title)).toEqual(['Drift', 'Eventuelt']);
    expect(a.items[0].background).toBe('Tre forhold:\n\n1. Svartider\n\n2. Eventuelle fejl');
  });

  it('joins a participant line that wrapped inside the organisation name', () => {
    const text = HEADER.replace(
      'Deltagere Anna Holm, MedCom (Formand)',
      'Deltagere Anna Holm, Dansk Selskab for\nAlmen Medicin (Formand)\nBent Lund, PLO (refe-\nrent)',
    );
    expect(parseAgendaText(`${text}\nDagsorden:\n1 A\n\n1. A`).participants).toEqual([
      { name: 'Anna Holm', organisation: 'Dansk Selskab for Almen Medicin', role: 'Formand' },
      { name: 'Bent Lund', organisation: 'PLO', role: 'referent' },
    ]);
  });

  it('reads the student assistant line as a participant with the role in parentheses', () => {
    expect(parseAgendaText(sample).participants.at(-1)).toEqual({ name: 'Gustav Eng', organisation: 'MedCom', role: 'referent' });
  });
});

describe('parseAgendaText warnings (never guess silently)', () => {
  it('reports a missing date, time and location', () => {
    const a = parseAgendaText('Mødetitel 3. Møde\nDeltagere Anna Holm, MedCom\n\nDagsorden:\n1 Velkomst\n\n1. Velkomst');
    expect(a).toMatchObject({ date: null, start: null, end: null, location: null });
    expect(a.warnings).toEqual([W('no_date'), W('no_time'), W('no_location')]);
  });

  it('reports a date without a year instead of completing it', () => {
    const a = parseAgendaText(HEADER.replace('16. juni 2025', '16. juni') + '\nDagsorden:\n1 Velkomst\n\n1. Velkomst');
    expect(a.date).toBeNull();
    expect(a.warnings).toContain(W('date_no_year', { text: '16. juni' }));
    expect(a.warnings).not.toContain(W('no_date'));
  });

  it('uses the first of several meeting dates and reports the choice', () => {
    const a = parseAgendaText(HEADER.replace('16. juni 2025', '16. juni 2025 (flyttet fra 9. juni 2025)') + '\nDagsorden:\n1 A\n\n1. A');
    expect(a.date).toBe('2025-06-16');
    expect(a.warnings).toEqual([W('several_dates', { text: '16. juni 2025 (flyttet fra 9. juni 2025)' })]);
  });

  it('keeps a list item without a section and reports it', () => {
    const a = parseAgendaText(agenda(['1 Velkomst', '2 Drift', '3 Eventuelt'], '1. Velkomst\n\n3. Eventuelt'));
    expect(a.items.map((i) => [i.number, i.title])).toEqual([
      [1, 'Velkomst'],
      [2, 'Drift'],
      [3, 'Eventuelt'],
    ]);
    expect(a.warnings).toEqual([W('item_no_section', { item: 2, title: 'Drift' })]);
  });

  it('reads the sections when there is no agenda list, and says so', () => {
    const a = parseAgendaText(`${HEADER}\n1. Velkomst v. Anna\n\nIndstilling\n• godkender referatet\n\n2. Eventuelt`);
    expect(a.items.map((i) => i.title)).toEqual(['Velkomst', 'Eventuelt']);
    expect(a.warnings).toEqual([W('no_list')]);
  });

  it('reports a section missing from the list, a differing title, untitled text and a decision section', () => {
    const body = '1. Velkomst til mødet\nIntro uden overskrift.\n\nBeslutning\nGodkendt.\n\n2. Eventuelt';
    const a = parseAgendaText(agenda(['1 Velkomst'], body));
    expect(a.items.map((i) => i.number)).toEqual([1, 2]);
    expect(a.items[0].background).toBe('Intro uden overskrift.');
    expect(a.warnings).toEqual([
      W('title_differs', { item: 1, list: 'Velkomst', heading: 'Velkomst til mødet' }),
      W('loose_text', { item: 1 }),
      W('minutes_section', { item: 1, name: 'Beslutning' }),
      W('item_not_in_list', { item: 2, title: 'Eventuelt' }),
    ]);
  });

  it('reports a start time without an end and a participant line it cannot read', () => {
    const text = HEADER.replace('12.30 til 14.00', 'kl. 9.00').replace('Formand)', 'Formand)\n12345') + '\nDagsorden:\n1 A\n\n1. A';
    const a = parseAgendaText(text);
    expect(a).toMatchObject({ start: '09:00', end: null });
    expect(a.warnings).toEqual([W('only_start', { start: '09:00' }), W('participant_unreadable', { line: '12345' })]);
  });

  it('returns no items and a warning for text that is not an agenda', () => {
    const a = parseAgendaText('Kære alle\n\nHusk frokosten på fredag.');
    expect(a.items).toEqual([]);
    expect(a.warnings).toContain(W('no_items'));
  });
});
