import { describe, expect, it } from 'vitest';
import { findDates, findTimeRange, startsWithDate, timeRangeAt } from '../../../src/import/dates.js';
import { splitHeading } from '../../../src/import/heading.js';
import { cleanLines, toBlocks } from '../../../src/import/text-cleanup.js';

const paragraph = (text: string) => toBlocks(cleanLines(text)).map((b) => b.text);

describe('cleanLines: PDF artefacts', () => {
  it('rejoins a word hyphenated across lines', () => {
    expect(paragraph('Den re-\nviderede plan')).toEqual(['Den reviderede plan']);
  });

  it('keeps the hyphen after an acronym, a digit or before an upper-case continuation', () => {
    expect(paragraph('eskaleres til DAP-\nstyregruppen.')).toEqual(['eskaleres til DAP-styregruppen.']);
    expect(paragraph('under COVID-\n19 og uge 40-\n44')).toEqual(['under COVID-19 og uge 40-44']);
    expect(paragraph('Forløbsplan-\nKoordinator')).toEqual(['Forløbsplan-Koordinator']);
  });

  it('keeps a suspended compound ("Udbredelses- og forankringsindsats") with its space', () => {
    expect(paragraph('Udbredelses-\nog forankringsindsats')).toEqual(['Udbredelses- og forankringsindsats']);
  });

  it('does not join a dash that is not a hyphen', () => {
    expect(paragraph('Kl. 12.30 –\n14.00')).toEqual(['Kl. 12.30 – 14.00']);
  });

  it('drops page numbers and rejoins a paragraph or word the page break split', () => {
    expect(cleanLines('niveauet på\n\n 3 \n\ntre hverdage.\n\nSide 4 af 9\n\nNy sætning.')).toEqual([
      'niveauet på tre hverdage.',
      '',
      'Ny sætning.',
    ]);
    expect(paragraph('Prio-\n\n- 2 -\n\nritering')).toEqual(['Prioritering']);
    expect(paragraph('første side\f\nanden side')).toEqual(['første side anden side']);
  });

  it('normalises bullets, stray spaces, ligatures, soft hyphens and non-breaking spaces', () => {
    expect(cleanLines('  •   godkender\u00a0 referatet  \n\uF0B7 drøfter\n- tager\nﬁnansiering kon\u00ADtrakt')).toEqual([
      '• godkender referatet',
      '• drøfter',
      '• tager',
      'finansiering kontrakt',
    ]);
  });

  it('splits blocks at blank lines and bullets and joins wrapped lines with a space', () => {
    expect(toBlocks(cleanLines('Der foreslås:\n• 22. oktober\n• 4. februar\nfortsat\n\nNyt afsnit'))).toEqual([
      { text: 'Der foreslås:', bullet: false },
      { text: '22. oktober', bullet: true },
      { text: '4. februar fortsat', bullet: true },
      { text: 'Nyt afsnit', bullet: false },
    ]);
  });
});

describe('dates and times', () => {
  it.each([
    ['16. juni 2025', '2025-06-16'],
    ['mandag den 24. februar 2025', '2025-02-24'],
    ['22 October 2025', '2025-10-22'],
    ['June 15, 2026', '2026-06-15'],
    ['3rd March 2026', '2026-03-03'],
    ['16. jun. 2025', '2025-06-16'],
    ['16.06.2025', '2025-06-16'],
    ['16/6-2025', '2025-06-16'],
    ['16-06-25', '2025-06-16'],
    ['2025-06-16', '2025-06-16'],
  ])('reads %s as %s', (text, iso) => {
    expect(findDates(text).map((d) => d.iso)).toEqual([iso]);
  });

  it('rejects impossible dates and reports a date without a year as iso=null', () => {
    expect(findDates('31.02.2025')[0].iso).toBeNull();
    expect(findDates('den 10. september.')).toMatchObject([{ iso: null, raw: '10. september' }]);
  });

  it.each([
    ['12.30 til 14.00', '12:30', '14:00'],
    ['Kl. 8.40 – 10.00', '08:40', '10:00'],
    ['12:30-14:00', '12:30', '14:00'],
    ['kl. 9-10', '09:00', '10:00'],
    ['fra kl. 13 til kl. 15.30', '13:00', '15:30'],
    ['09:00 to 10:30', '09:00', '10:30'],
  ])('reads the time range %s', (text, start, end) => {
    expect(findTimeRange(text)).toMatchObject({ start, end });
  });

  it('does not take week numbers, item ranges or backwards ranges for times', () => {
    expect(findTimeRange('uge 40-44')).toBeNull();
    expect(findTimeRange('punkt 1-3')).toBeNull();
    expect(findTimeRange('14.00 - 12.00')).toBeNull();
    expect(findTimeRange('16.06.2025')).toBeNull();
  });

  it('finds a time range only directly after a date', () => {
    const text = '22. oktober 2025. Kl. 12.30 – 14.00';
    expect(timeRangeAt(text, findDates(text)[0].end)).toMatchObject({ start: '12:30', end: '14:00' });
    const later = '1. august 2025. Mødet varer 12.30 – 14.00';
    expect(timeRangeAt(later, findDates(later)[0].end)).toBeNull();
  });

  it('recognises a line starting with a date (so it is no heading)', () => {
    expect(startsWithDate('1. august 2025.')).toBe(true);
    expect(startsWithDate('4. februar 2026. Kl. 9.00')).toBe(true);
    expect(startsWithDate('4. Status på lægesystemerne')).toBe(false);
  });
});

describe('splitHeading', () => {
  it('separates title, presenter and annexes', () => {
    expect(splitHeading('Velkomst og godkendelse af referat v. Anna (Bilag 1. Referat af 1. møde)')).toEqual({
      title: 'Velkomst og godkendelse af referat',
      presenter: 'Anna',
      annexes: ['Bilag 1. Referat af 1. møde'],
    });
    expect(splitHeading('Eventuelt, v. alle')).toEqual({ title: 'Eventuelt', presenter: 'alle', annexes: [] });
    expect(splitHeading('Risici v/ Frida Mose, MedCom')).toEqual({ title: 'Risici', presenter: 'Frida Mose, MedCom', annexes: [] });
  });

  it('keeps a non-annex parenthesis in the title', () => {
    expect(splitHeading('Status på lægesystemerne (certificering 2025), v. Frida').title).toBe(
      'Status på lægesystemerne (certificering 2025)',
    );
  });
});
