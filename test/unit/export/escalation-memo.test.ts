import { describe, expect, it } from 'vitest';
import { escalationMemoDocx } from '../../../src/export/escalation-memo.js';
import { RATING_FILL } from '../../../src/export/minutes-docx-kit.js';
import { minutesFixture } from '../../helpers/minutes-fixture.js';
import { readDocx } from './docx-xml.js';

function parts() {
  const db = minutesFixture();
  const escalation = db.escalations[0]!;
  return { db, escalation, group: db.groups[0]!, risk: db.risks.find((r) => r.id === 'R2')! };
}

describe('escalationMemoDocx', () => {
  it('produces a memo to the board with the reason, who and when, and the rating in colour and text', async () => {
    const { escalation, group, risk } = parts();
    const { xml, text, core } = await readDocx(await escalationMemoDocx(escalation, group, risk, 'da'));
    expect(text).toContain('Notat til DAP-styregruppen: Eskalering af risiko R2 – Svartider over det aftalte niveau');
    expect(core).toContain('<dc:creator>styrebot</dc:creator>');
    expect(text).toContain(escalation.reason);
    expect(text).toContain('Anna Holm, 16. juni 2025 kl. 13.50');
    expect(text).toContain('Den operationelle styregruppe for forløbsplaner');
    expect(xml).toMatch(new RegExp(`<w:shd w:fill="${RATING_FILL.red}"[^>]*/>(?:(?!</w:tc>).)*?<w:t[^>]*>rød</w:t>`));
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
  });

  it('includes the rating history, the latest tally, comments and corrective actions', async () => {
    const { escalation, group, risk } = parts();
    const { text } = await readDocx(await escalationMemoDocx(escalation, group, risk, 'da'));
    for (const s of [
      'Vurderingshistorik',
      '24. februar 2025',
      '1. møde',
      '2 grøn, 3 gul, 0 rød',
      '1 grøn, 2 gul, 3 rød — uenighed',
      'Seneste afstemning',
      'Carsten Vang: Den midlertidige løsning holder kun til efteråret.',
      'Daglig overvågning af svartider',
    ])
      expect(text).toContain(s);
  });

  it('shows the answer and when it came, without printing ids', async () => {
    const { escalation, group, risk } = parts();
    const { text } = await readDocx(await escalationMemoDocx(escalation, group, risk, 'da'));
    expect(text).toContain('besvaret');
    expect(text).toContain(escalation.answer!);
    expect(text).toContain('25. juni 2025 kl. 14.15');
    expect(text).toContain('Modtaget 18. juni 2025 kl. 9.00');
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('says no answer has come while pending, and works without the live risk', async () => {
    const { escalation, group } = parts();
    const pending = { ...escalation, status: 'sent' as const, answer: null, answeredAt: null, answeredBy: null, acknowledgedAt: null };
    const { text } = await readDocx(await escalationMemoDocx(pending, group, null, 'da'));
    expect(text).toContain('Der er endnu ikke kommet svar.');
    expect(text).toContain('sendt');
  });

  it('notes the current rating when it has changed since the escalation, and speaks English on request', async () => {
    const { escalation, group, risk } = parts();
    const { text } = await readDocx(await escalationMemoDocx(escalation, group, { ...risk, rating: 'yellow' }, 'en'));
    expect(text).toContain('Memo to the DAP programme board: Escalation of risk R2');
    expect(text).toContain('Current rating: yellow');
    expect(text).toContain('Reason');
  });
});
