/**
 * Field-by-field comparison of a parsed agenda with its expected JSON, for the corpus score:
 * header fields, each participant's name/organisation/role, each item's eight fields and each
 * proposed meeting count one field each. Missing and surplus entries count as wrong fields.
 */
import type { ParsedAgenda } from '../../../../src/domain/agenda.js';

export type Expected = Omit<ParsedAgenda, 'warnings'>;

export interface FieldScore {
  right: number;
  total: number;
  /** "items[3].title: expected … got …" for every wrong field. */
  wrong: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function scoreAgenda(actual: ParsedAgenda, expected: Expected): FieldScore {
  const score: FieldScore = { right: 0, total: 0, wrong: [] };
  const check = (path: string, got: unknown, want: unknown) => {
    score.total++;
    if (same(got, want)) score.right++;
    else score.wrong.push(`${path}: expected ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
  };
  for (const key of ['number', 'title', 'date', 'start', 'end', 'location'] as const) check(key, actual[key], expected[key]);
  const list = <T extends object>(name: string, got: T[], want: T[], keys: (keyof T)[]) => {
    for (let i = 0; i < Math.max(got.length, want.length); i++) {
      for (const k of keys) check(`${name}[${i}].${String(k)}`, got[i]?.[k], want[i]?.[k]);
    }
  };
  list('participants', actual.participants, expected.participants, ['name', 'organisation', 'role']);
  list('items', actual.items, expected.items, [
    'number',
    'title',
    'presenter',
    'annexes',
    'recommendation',
    'background',
    'proposal',
    'nextSteps',
  ]);
  list('proposedMeetings', actual.proposedMeetings, expected.proposedMeetings, ['date', 'start', 'end']);
  return score;
}
