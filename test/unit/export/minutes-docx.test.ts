import { describe, expect, it } from 'vitest';
import { buildMinutes } from '../../../src/export/minutes-model.js';
import { minutesToDocx } from '../../../src/export/minutes-docx.js';
import { RATING_FILL } from '../../../src/export/minutes-docx-kit.js';
import { GROUP_ID, NOW, bigMeetingFixture, minutesFixture } from '../../helpers/minutes-fixture.js';
import { readDocx } from './docx-xml.js';

const docx = async (db = minutesFixture(), locale?: 'da' | 'en') =>
  readDocx(await minutesToDocx(buildMinutes(db, GROUP_ID, 2, { now: NOW, locale })));

/** The fixture's ratings are gul/rød/gul; make R3 green so all three colours are in the table. */
function allColours() {
  const db = minutesFixture();
  db.risks[2]!.history.at(-1)!.rating = 'green';
  return db;
}

describe('minutesToDocx', () => {
  it('writes the items as real Word headings under a title', async () => {
    const { xml, text } = await docx();
    expect(xml).toContain('<w:pStyle w:val="Title"/>');
    expect(xml.match(/<w:pStyle w:val="Heading1"\/>/g)!.length).toBeGreaterThanOrEqual(11);
    expect(xml).toContain('<w:pStyle w:val="Heading2"/>');
    expect(text).toContain('1. Velkomst og godkendelse af referat v. Anna (Bilag 1. Referat af 1. møde)');
  });

  it('carries the header block, the recommendation as bullets and every decision text', async () => {
    const { xml, text } = await docx();
    for (const s of ['mandag den 16. juni 2025', '12.30–14.00', 'Erik Sand, Mediq', 'Gustav Eng, MedCom']) expect(text).toContain(s);
    expect(xml).toContain('<w:numPr>');
    expect(text).toContain('godkender tidsplanen for certificering 2025');
    for (const s of [
      'Beslutning: Godkendt — Referatet fra 1. møde blev godkendt uden bemærkninger.',
      'Beslutning: Drøftet — Risikoen for Teknik (R2) eskaleres til DAP-styregruppen.',
      'Beslutning: Udsat — Udkastet genbehandles på næste møde efter dialog med leverandørerne.',
      'Beslutning: Ingen beslutning registreret',
    ])
      expect(text).toContain(s);
  });

  it('colours the risk table cells green, yellow and red and spells the rating out', async () => {
    const { xml } = await docx(allColours());
    // The follow-up section after the risks, not the "Opfølgning" list under item 1.
    const from = xml.indexOf('Risikovurdering</w:t>');
    const table = xml.slice(from, xml.indexOf('Opfølgning</w:t>', from));
    for (const [rating, word] of [
      ['green', 'grøn'],
      ['yellow', 'gul'],
      ['red', 'rød'],
    ] as const) {
      // The fill and the word sit in the same cell: colour for the eye, word for print and screen readers.
      const cell = new RegExp(`<w:shd w:fill="${RATING_FILL[rating]}"[^>]*/>(?:(?!</w:tc>).)*?<w:t[^>]*>${word}</w:t>`);
      expect(table).toMatch(cell);
    }
    expect(table).toContain('↑ forværret (fra gul)');
    expect(table).toContain('1 grøn, 2 gul, 3 rød — uenighed');
  });

  it('includes the action point tables, the escalation and the amendments', async () => {
    const { text } = await docx();
    for (const s of [
      'Nye opfølgningspunkter',
      'Send aftaleudkast til lægesystemleverandørerne (punkt 4)',
      'Overskredne opfølgningspunkter',
      '1. maj 2025',
      'Eskaleringer',
      'besvaret',
      'Rettelser',
      'Udkast, version 2',
    ])
      expect(text).toContain(s);
  });

  it('sets title and creator in the document properties', async () => {
    const { core } = await docx();
    expect(core).toContain('<dc:title>Referat: 2. Møde i den operationelle styregruppe for forløbsplaner</dc:title>');
    expect(core).toContain('<dc:creator>styrebot</dc:creator>');
  });

  it('renders a meeting with no decisions', async () => {
    const db = minutesFixture();
    for (const item of db.meetings[1]!.items) Object.assign(item, { outcome: null, decision: null });
    const { text } = await docx(db);
    expect(text.match(/Beslutning: Ingen beslutning registreret/g)).toHaveLength(7);
  });

  // Measured on the dev container: 40 items build + pack in ~40–80 ms (first run ~75 ms with
  // warm-up), far under the 2 s budget; deliberately not asserted, timing tests flake on CI.
  it('renders a meeting of 40 items', async () => {
    const buf = await minutesToDocx(buildMinutes(bigMeetingFixture(40), GROUP_ID, 2, { now: NOW }));
    const { text } = await readDocx(buf);
    expect(text).toContain('40. Punkt nummer 40 om et emne v. Frida');
    expect(text.match(/^\d+\. Punkt nummer/gm)).toHaveLength(40);
  });

  it('uses English labels for locale en', async () => {
    const { text } = await docx(minutesFixture(), 'en');
    for (const s of ['Minutes: ', 'Recommendation', 'Decision: Approved', 'Risk assessment', 'New action points', 'Monday 16 June 2025']) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('Beslutning:');
  });
});
