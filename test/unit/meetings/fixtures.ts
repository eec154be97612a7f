/** A steering group in memory for the meetings use-case tests (memoryStore + a settable clock). */
import { readFileSync } from 'node:fs';
import { DEFAULT_STANDING_ITEMS } from '../../../src/app/groups.js';
import type { Clock } from '../../../src/app/ports.js';
import { emptyDb, type Db, type Group, type Meeting, type Person } from '../../../src/domain/model.js';
import { parseAgendaText } from '../../../src/import/agenda-parser.js';
import { memoryStore } from '../../../src/storage/index.js';

export const anna: Person = { name: 'Anna Holm', aadObjectId: 'aad-anna', teamsId: '29:anna' };
export const bent: Person = { name: 'Bent Lund', aadObjectId: 'aad-bent', teamsId: '29:bent' };
export const gustav: Person = { name: 'Gustav Eng', aadObjectId: 'aad-gustav', teamsId: '29:gustav' };
export const stranger: Person = { name: 'Ole Fremmed', aadObjectId: 'aad-ole', teamsId: '29:ole' };

export function group(id = 'g1', over: Partial<Group> = {}): Group {
  return {
    id,
    name: 'Operationel styregruppe',
    createdAt: '2025-01-01T00:00:00.000Z',
    locale: 'da',
    timezone: 'Europe/Copenhagen',
    conversation: {
      serviceUrl: 'https://smba.example/',
      channelId: 'msteams',
      conversationId: `19:${id}@thread.v2`,
      conversationType: 'groupChat',
      tenantId: 't',
      botId: '28:bot',
    },
    roster: [
      { ...anna, role: 'chair', organisation: 'MedCom' },
      { ...bent, role: 'member', organisation: 'PLO' },
      { ...gustav, role: 'referent', organisation: 'MedCom' },
    ],
    standingItems: [...DEFAULT_STANDING_ITEMS],
    reminderOffsets: { days: [14, 2], hours: [1], atTime: '09:00' },
    escalationTarget: null,
    linkedChats: [],
    counters: { meeting: 0, risk: 0, action: 0, round: 0, escalation: 0 },
    ...over,
  };
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
