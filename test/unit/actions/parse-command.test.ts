import { describe, expect, it } from 'vitest';
import { ownerByName, parseActionCommand } from '../../../src/teams/features/action-parse.js';
import { isAppError } from '../../../src/errors.js';
import { group } from './world.js';

const today = '2025-06-16';
const parse = (args: string, personal = false) => parseActionCommand(args, { today, personal });

describe('parsing "handling <tekst> @person [frist <dato>]"', () => {
  it('takes the last mention as owner and the date after the last "frist"', () => {
    expect(parse('Send notat til lægerne frist 16. juni 2025 <at>Bent Lund</at>')).toEqual({
      text: 'Send notat til lægerne',
      due: '2025-06-16',
      ownerName: null,
    });
    expect(parse('Send notat til lægerne <at>Bent Lund</at> frist 16/6')).toEqual({
      text: 'Send notat til lægerne',
      due: '2025-06-16',
      ownerName: null,
    });
  });

  it('keeps earlier mentions as plain names in the text', () => {
    expect(parse('Aftal møde med <at>Carsten Vang</at> om testmiljøet <at>Bent Lund</at>').text).toBe(
      'Aftal møde med Carsten Vang om testmiljøet',
    );
  });

  it('reads every accepted date format, Danish and English keywords', () => {
    const cases: [string, string][] = [
      ['frist 16-06-2025', '2025-06-16'],
      ['frist 16/6', '2025-06-16'],
      ['frist 16. juni 2025', '2025-06-16'],
      ['frist 2025-06-16', '2025-06-16'],
      ['frist om 2 uger', '2025-06-30'],
      ['due in 2 weeks', '2025-06-30'],
      ['due June 20, 2025', '2025-06-20'],
      ['deadline 1. okt', '2025-10-01'],
      ['frist 10/6', '2026-06-10'], // without a year: the next such date, never the past
    ];
    for (const [tail, want] of cases) expect([tail, parse(`Gør noget ${tail} <at>Bent</at>`).due]).toEqual([tail, want]);
  });

  it('keeps "frist" in the text where it is a noun ("frist for …", "due to …")', () => {
    expect(parse('Afklar frist for certificering <at>Bent</at>')).toEqual({
      text: 'Afklar frist for certificering',
      due: null,
      ownerName: null,
    });
    expect(parse('Explain the delay due to testing <at>Bent</at>')).toEqual({
      text: 'Explain the delay due to testing',
      due: null,
      ownerName: null,
    });
    expect(parse('Afklar frist for certificering frist 1/7 <at>Bent</at>')).toMatchObject({
      text: 'Afklar frist for certificering',
      due: '2025-07-01',
    });
  });

  it('reads relative due dates in both languages', () => {
    // today is Monday 16 June 2025
    expect(parse('Tjek svartider <at>Carsten</at> frist næste fredag')).toEqual({
      text: 'Tjek svartider',
      due: '2025-06-20',
      ownerName: null,
    });
    expect(parse('Tjek svartider frist om to uger <at>Carsten</at>').due).toBe('2025-06-30');
    expect(parse('Tjek svartider frist ultimo juni <at>Carsten</at>').due).toBe('2025-06-30');
    expect(parse('Check response times <at>Carsten</at> due next Friday').due).toBe('2025-06-20');
    expect(parse('Check response times due end of June <at>Carsten</at>').due).toBe('2025-06-30');
    expect(parse('Check response times deadline tomorrow <at>Carsten</at>').due).toBe('2025-06-17');
  });

  it('refuses, and stores nothing, when "frist"/"due" is followed by something that is not a date (both languages)', () => {
    const refused = (args: string) => {
      try {
        parse(args);
      } catch (err) {
        return isAppError(err, 'action_due_not_date') ? (err as { params: Record<string, string> }).params : null;
      }
      return null;
    };
    expect(refused('Tjek svartider <at>Carsten</at> frist snart')).toEqual({ text: 'snart', keyword: 'frist' });
    expect(refused('Tjek svartider frist næste fredag eller lørdag <at>Carsten</at>')).toEqual({
      text: 'næste fredag eller lørdag',
      keyword: 'frist',
    });
    expect(refused('Check response times due soon <at>Carsten</at>')).toEqual({ text: 'soon', keyword: 'due' });
    expect(refused('Check response times deadline whenever <at>Carsten</at>')).toEqual({ text: 'whenever', keyword: 'deadline' });
    for (const bad of ['frist 31/2', 'frist 32-01-2025', 'frist om 2 årtier'])
      expect(refused(`Noget ${bad} <at>Bent</at>`), bad).not.toBeNull();
  });

  it('personal chat: the roster name after "@", before or after the due date', () => {
    expect(parse('Tjek testmiljøet @Carsten Vang frist 1. juli', true)).toEqual({
      text: 'Tjek testmiljøet',
      due: '2025-07-01',
      ownerName: 'Carsten Vang',
    });
    expect(parse('Tjek testmiljøet frist 1. juli @Carsten', true)).toEqual({
      text: 'Tjek testmiljøet',
      due: '2025-07-01',
      ownerName: 'Carsten',
    });
    expect(parse('Send mail til info@example.dk @Bent', true)).toEqual({
      text: 'Send mail til info@example.dk',
      due: null,
      ownerName: 'Bent',
    });
    expect(parse('Tjek testmiljøet @Carsten', false).ownerName).toBeNull(); // group chats need a real mention
  });

  it('finds the owner by the longest leading run of words that names one roster member', () => {
    const g = group();
    expect(ownerByName(g, 'Carsten Vang').owner.aadObjectId).toBe('aad-carsten');
    expect(ownerByName(g, 'Bent')).toMatchObject({ owner: { name: 'Bent Lund' }, rest: '' });
    expect(ownerByName(g, 'Bent Lund om budgettet')).toMatchObject({ owner: { name: 'Bent Lund' }, rest: 'om budgettet' });
    expect(() => ownerByName(g, 'Ukendt Person')).toThrow(/member_unknown/);
    const twins = group('g1', {
      roster: [...group().roster, { name: 'Bent Hansen', aadObjectId: 'aad-bh', teamsId: null, role: 'member', organisation: null }],
    });
    expect(() => ownerByName(twins, 'Bent')).toThrow(/bad_input/);
  });
});
