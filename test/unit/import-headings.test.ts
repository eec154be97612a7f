/**
 * The parser on the ways people write agendas: "Ad punkt" headings, headings worded unlike the
 * list, sections with no blank line between them, presenters, bullets of every kind, time slots,
 * hyphenation. Each case is small; the corpus test (import-corpus.test.ts) has whole documents.
 */
import { describe, expect, it } from 'vitest';
import { numbered } from '../../src/import/agenda-list.js';
import { parseAgendaText } from '../../src/import/agenda-parser.js';
import { splitHeading, titleSimilarity } from '../../src/import/heading.js';
import { cleanLines } from '../../src/import/text-cleanup.js';
import { warningText as W } from '../../src/import/warnings.js';

const HEADER =
  'Mødetitel 4. Møde i styregruppen\nMødedato 4. februar 2026\nTidspunkt 9.00 til 10.30\nSted Via Teams\nDeltagere Anna Holm, MedCom\n\n';
const parse = (list: string[], body: string) => parseAgendaText(`${HEADER}Dagsorden:\n${list.join('\n')}\n\n${body}`);
const titles = (a: ReturnType<typeof parseAgendaText>) => a.items.map((i) => [i.number, i.title, i.presenter]);

describe('section headings', () => {
  it('reads "Ad 3.", "Ad punkt 3:", "Ad pkt. 3", "Punkt 3 -", "Item 3:" and a number alone', () => {
    expect(numbered('Ad 3. Status på drift')).toEqual({ number: 3, rest: 'Status på drift' });
    expect(numbered('Ad punkt 3: Status på drift')).toEqual({ number: 3, rest: 'Status på drift' });
    expect(numbered('Ad pkt. 3 Status')).toEqual({ number: 3, rest: 'Status' });
    expect(numbered('Punkt 3 - Status')).toEqual({ number: 3, rest: 'Status' });
    expect(numbered('Item 3: Risk log')).toEqual({ number: 3, rest: 'Risk log' });
    expect(numbered('Ad punkt 3')).toEqual({ number: 3, rest: '' });
    // A date after the prefix is no heading, nor is a longer number.
    expect(numbered('Ad 1. august 2026 er fristen')).toBeNull();
    expect(numbered('Punkt 123 i loven')).toBeNull();
  });

  it('takes the title from the next line after "Ad punkt 3" alone, and from the list when there is none', () => {
    const a = parse(
      ['1 Velkomst, v. Anna', '2 Drift, v. Carsten'],
      'Ad punkt 1\nVelkomst (v. Anna)\n\nAd punkt 2\nIndstilling\n• tager orienteringen til efterretning',
    );
    expect(titles(a)).toEqual([
      [1, 'Velkomst', 'Anna'],
      [2, 'Drift', 'Carsten'],
    ]);
    expect(a.items[1].recommendation).toEqual(['tager orienteringen til efterretning']);
    expect(a.warnings).toEqual([]);
  });

  it('matches a heading worded unlike the list by its number first, before a numbered line in the text', () => {
    const body = [
      '1. Velkomst',
      'Baggrund',
      'Tre forhold fremhæves:',
      '1. Svartider',
      '2. Udbredelse',
      '2. Certificering 2026 v. Frida',
      'Baggrund',
      'Testen er bestået.',
      '3. Risikolog',
    ].join('\n');
    const a = parse(['1 Velkomst', '2 Status på lægesystemerne og certificering 2026', '3 Projektets risikolog'], body);
    expect(titles(a)).toEqual([
      [1, 'Velkomst', null],
      [2, 'Certificering 2026', 'Frida'],
      [3, 'Risikolog', null],
    ]);
    expect(a.items[0].background).toBe('Tre forhold fremhæves:\n\n1. Svartider\n\n2. Udbredelse');
    expect(a.warnings).toContain(W('title_differs', { item: 3, list: 'Projektets risikolog', heading: 'Risikolog' }));
  });

  it('scores titles by words both ways and by edit distance', () => {
    expect(titleSimilarity('Projektets risikolog', 'Risikolog v. Frida')).toBe(1);
    expect(titleSimilarity('Opfølgning på referat', 'Opfølgning på referat og handlinger')).toBe(1);
    expect(titleSimilarity('Status på lægesystemerne', 'Status på lægesystmerne')).toBeGreaterThan(0.6);
    expect(titleSimilarity('Status på drift', 'Kommunikationsplan')).toBeLessThan(0.6);
  });

  it('reads sections that follow one another with no body and no blank line', () => {
    const a = parse(
      ['1 Velkomst', '2 Eventuelt', '3 Næste møde'],
      '1. Velkomst\nIndstilling\n• godkender dagsordenen\n2. Eventuelt\n3. Næste møde',
    );
    expect(titles(a).map((t) => t[1])).toEqual(['Velkomst', 'Eventuelt', 'Næste møde']);
    expect(a.items[0].recommendation).toEqual(['godkender dagsordenen']);
    expect(a.warnings).toEqual([]);
  });

  it('reads list entries that start with their time slot', () => {
    const a = parse(['1 12.30-12.45 Velkomst, v. Anna', '2 kl. 12.45 Drift'], '1. Velkomst\n\n2. Drift');
    expect(titles(a)).toEqual([
      [1, 'Velkomst', 'Anna'],
      [2, 'Drift', null],
    ]);
  });

  it('reads outline-numbered section labels ("3.1 Indstilling")', () => {
    const a = parse(['1 Drift'], '1. Drift\n1.1 Indstilling\n• tager orienteringen til efterretning\n1.2 Baggrund\nStabil drift.');
    expect(a.items[0]).toMatchObject({ recommendation: ['tager orienteringen til efterretning'], background: 'Stabil drift.' });
  });
});

describe('presenters', () => {
  it.each([
    ['Status på drift, v. Carsten', 'Carsten'],
    ['Status på drift v/ Carsten', 'Carsten'],
    ['Status på drift, ved Carsten Vang', 'Carsten Vang'],
    ['Status på drift – oplæg ved Carsten', 'Carsten'],
    ['Status på drift, oplæg v. Carsten', 'Carsten'],
    ['Status på drift (v. Carsten)', 'Carsten'],
    ['Status på drift (oplæg ved Carsten) (Bilag 2. Driftsrapport)', 'Carsten'],
    ['Lægesystemer ved Frida og Dorthe', 'Frida og Dorthe'],
    ['Status on operations, presented by Carsten', 'Carsten'],
  ])('"%s" → %s', (heading, presenter) => {
    expect(splitHeading(heading)).toMatchObject({
      title: heading.startsWith('Status on') ? 'Status on operations' : expect.any(String),
      presenter,
    });
    expect(splitHeading(heading).title).not.toMatch(/ved|oplæg|\(v\./);
  });

  it('keeps "ved" that is part of the title', () => {
    expect(splitHeading('Nedetid ved opdatering af data')).toEqual({
      title: 'Nedetid ved opdatering af data',
      presenter: null,
      annexes: [],
    });
    expect(splitHeading('Status ved årets udgang, v. Anna')).toEqual({ title: 'Status ved årets udgang', presenter: 'Anna', annexes: [] });
  });

  it('reads "(se bilag 2)" as an annex', () => {
    expect(splitHeading('Drift (se bilag 2)')).toEqual({ title: 'Drift', presenter: null, annexes: ['bilag 2'] });
  });
});

describe('bullets and hyphenation', () => {
  it.each(['•', '●', '▪', '◦', '○', '■', '➢', '➤', '→', '✓', '*', '-', '–', 'o', '\uF0B7', '\uF0A7'])('"%s " is a bullet', (glyph) => {
    expect(cleanLines(`Indstilling\n${glyph} godkender planen`)).toEqual(['Indstilling', '• godkender planen']);
  });

  it('reads lettered entries "a)" and "(b)" as bullets, but not "-5" or "o" inside a word', () => {
    expect(cleanLines('a) godkender planen\n(b) drøfter tidsplanen\n-5 grader\nopgaver')).toEqual([
      '• godkender planen',
      '• drøfter tidsplanen',
      '-5 grader',
      'opgaver',
    ]);
  });

  it('joins words hyphenated at a line end (Word line break, PDF) and keeps "DAP-" compounds', () => {
    expect(cleanLines('Den re-\nviderede plan\neskaleres til DAP-\nstyregruppen')).toEqual([
      'Den reviderede plan',
      'eskaleres til DAP-styregruppen',
    ]);
    expect(cleanLines('udviklings\u00ADopgaver')).toEqual(['udviklingsopgaver']);
  });
});

describe('an agenda pasted into an e-mail', () => {
  it('skips the mail header (Fra/Sendt/Til/Emne) and prefers "Mødetitel" over a subject line', () => {
    const mail =
      '----- Videresendt meddelelse -----\nFra: Anna Holm <anna@medcom.dk>\nSendt: 9. marts 2026 10:12\nTil: Bent Lund;\n Carsten Vang\nEmne: Dagsorden\n\n' +
      'Hej alle\n\nMødetitel: 5. møde i styregruppen\nMødedato: 12. marts 2026\nTidspunkt: 13.00-14.30\nSted: Teams\nDeltagere: Anna Holm, MedCom\n\nDagsorden:\n1 Velkomst\n\n1. Velkomst';
    const a = parseAgendaText(mail);
    expect(a).toMatchObject({ number: 5, title: '5. møde i styregruppen', date: '2026-03-12' });
    expect(a.warnings).toEqual([W('text_before_title', { text: 'Hej alle' })]);
  });

  it('keeps the capitalised spelling of an annex named twice', () => {
    const a = parse(['1 Drift (Bilag 1)'], '1. Drift (se bilag 1)');
    expect(a.items[0].annexes).toEqual(['Bilag 1']);
  });
});
