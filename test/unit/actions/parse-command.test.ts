import { describe, expect, it } from 'vitest';
import { ownerByName, parseActionCommand } from '../../../src/teams/features/actions.js';
import { isAppError } from '../../../src/errors.js';
import { group } from './world.js';

const today = '2025-06-16';
const parse = (args: string, personal = false) => parseActionCommand(args, { today, personal });

describe('parsing "handling <tekst> @person [frist <dato>]"', () => {
  it('takes the last mention as owner and the date after the last "frist"', () => {
    expect(parse('Send notat til lægerne frist 16. juni 2025 <at>Bent Lund</at>')).toEqual({ text: 'Send notat til lægerne', due: '2025-06-16', ownerName: null });
    expect(parse('Send notat til lægerne <at>Bent Lund</at> frist 16/6')).toEqual({ text: 'Send notat til lægerne', due: '2025-06-16', ownerName: null });
  });

  it('keeps earlier mentions as plain names in the text', () => {
    expect(parse('Aftal møde med <at>Carsten Vang</at> om testmiljøet <at>Bent Lund</at>').text).toBe('Aftal møde med Carsten Vang om testmiljøet');
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

  it('leaves "frist" in the text when no date follows, and refuses a date-like text it cannot read', () => {
    expect(parse('Afklar frist for certificering <at>Bent</at>')).toEqual({ text: 'Afklar frist for certificering', due: null, ownerName: null });
    expect(parse('Afklar frist for certificering frist 1/7 <at>Bent</at>')).toMatchObject({ text: 'Afklar frist for certificering', due: '2025-07-01' });
    for (const bad of ['frist 31/2', 'frist 32-01-2025', 'frist om 2 årtier']) {
      try {
        parse(`Noget ${bad} <at>Bent</at>`);
        expect.unreachable(bad);
      } catch (err) {
        expect(isAppError(err, 'action_bad_date')).toBe(true);
      }
    }
  });

  it('personal chat: the roster name after "@", before or after the due date', () => {
    expect(parse('Tjek testmiljøet @Carsten Vang frist 1. juli', true)).toEqual({ text: 'Tjek testmiljøet', due: '2025-07-01', ownerName: 'Carsten Vang' });
    expect(parse('Tjek testmiljøet frist 1. juli @Carsten', true)).toEqual({ text: 'Tjek testmiljøet', due: '2025-07-01', ownerName: 'Carsten' });
    expect(parse('Send mail til info@example.dk @Bent', true)).toEqual({ text: 'Send mail til info@example.dk', due: null, ownerName: 'Bent' });
    expect(parse('Tjek testmiljøet @Carsten', false).ownerName).toBeNull(); // group chats need a real mention
  });

  it('finds the owner by the longest leading run of words that names one roster member', () => {
    const g = group();
    expect(ownerByName(g, 'Carsten Vang').owner.aadObjectId).toBe('aad-carsten');
    expect(ownerByName(g, 'Bent')).toMatchObject({ owner: { name: 'Bent Lund' }, rest: '' });
    expect(ownerByName(g, 'Bent Lund om budgettet')).toMatchObject({ owner: { name: 'Bent Lund' }, rest: 'om budgettet' });
    expect(() => ownerByName(g, 'Ukendt Person')).toThrow(/member_unknown/);
    const twins = group('g1', { roster: [...group().roster, { name: 'Bent Hansen', aadObjectId: 'aad-bh', teamsId: null, role: 'member', organisation: null }] });
    expect(() => ownerByName(twins, 'Bent')).toThrow(/bad_input/);
  });
});
