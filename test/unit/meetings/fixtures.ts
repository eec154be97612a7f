/** A steering group in memory for the meetings use-case tests (memoryStore + a settable clock). */
import { readFileSync } from 'node:fs';
import { DEFAULT_STANDING_ITEMS } from '../../../src/app/groups.js';
import type { Clock } from '../../../src/app/ports.js';
import { emptyDb, type Db, type Group, type Meeting, type Person } from '../../../src/domain/model.js';
import { parseAgendaText } from '../../../src/import/agenda-parser.js';
import { memoryStore } from '../../../src/storage/memory-store.js';
import { group as baseGroup, person } from '../../helpers/builders.js';

export const anna: Person = person('Anna Holm');
export const bent: Person = person('Bent Lund');
export const gustav: Person = person('Gustav Eng');
export const stranger: Person = person('Ole Fremmed');

export function group(id = 'g1', over: Partial<Group> = {}): Group {
  return baseGroup(id, {
    roster: [
      { ...anna, role: 'chair', organisation: 'MedCom' },
      { ...bent, role: 'member', organisation: 'PLO' },
      { ...gustav, role: 'referent', organisation: 'MedCom' },
    ],
    standingItems: [...DEFAULT_STANDING_ITEMS],
    ...over,
  });
}

export function clockAt(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return { now: () => now, set: (v) => (now = new Date(v)) };
}

export function setup(nowIso = '2025-05-01T08:00:00.000Z', db: Db = withGroup()) {
  const clock = clockAt(nowIso);
  const store = memoryStore(db, clock);
  return { store, clock };
}

export function withGroup(): Db {
  const db = emptyDb();
  db.groups.push(group());
  return db;
}

export function sampleAgenda() {
  return parseAgendaText(readFileSync(new URL('../../fixtures/dagsorden-2-moede.txt', import.meta.url), 'utf8'));
}

export const meetingOf = (db: Readonly<Db>, n: number, groupId = 'g1'): Meeting =>
  db.meetings.find((m) => m.groupId === groupId && m.number === n)!;
/** A meeting's reminders, without the standing items' status request and nudge (test/unit/reminders/status-reminders.test.ts). */
export const remindersOf = (db: Readonly<Db>, n: number) =>
  db.reminders
    .filter((r) => r.meeting === n && !r.kind.startsWith('status-'))
    .map((r) => ({ id: r.id, kind: r.kind, status: r.status, dueAt: r.dueAt }));
