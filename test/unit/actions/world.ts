/** A small Db with one steering group (chair, referent, members, observer) and a plain Tx, for the use-case tests. */
import type { SecurityLog, Tx } from '../../../src/app/ports.js';
import { emptyDb, type ConversationRef, type Db, type Group, type Member } from '../../../src/domain/model.js';
import { createTx } from '../../../src/storage/tx.js';

export const conv = (id: string, type: ConversationRef['conversationType'] = 'groupChat'): ConversationRef => ({
  serviceUrl: 'https://smba.example/emea/',
  channelId: 'msteams',
  conversationId: id,
  conversationType: type,
  tenantId: 't1',
  botId: '28:bot',
  botName: 'styrebot',
});

const m = (name: string, id: string, role: Member['role']): Member => ({
  name,
  aadObjectId: `aad-${id}`,
  teamsId: `29:${id}`,
  role,
  organisation: null,
});

export const people = {
  anna: m('Anna Holm', 'anna', 'chair'),
  gustav: m('Gustav Eng', 'gustav', 'referent'),
  bent: m('Bent Lund', 'bent', 'member'),
  carsten: m('Carsten Vang', 'carsten', 'member'),
  dorthe: m('Dorthe Kjær', 'dorthe', 'observer'),
  erik: { name: 'Erik Sand', aadObjectId: 'aad-erik', teamsId: '29:erik', role: 'member' as const, organisation: null },
};

export function group(id = 'g1', over: Partial<Group> = {}): Group {
  return {
    id,
    name: id === 'g1' ? 'Operationel styregruppe' : `Gruppe ${id}`,
    createdAt: '2025-01-01T00:00:00.000Z',
    locale: 'da',
    timezone: 'Europe/Copenhagen',
    conversation: conv(`19:${id}@thread.v2`),
    roster: [people.anna, people.gustav, people.bent, people.carsten, people.dorthe].map((x) => ({ ...x })),
    standingItems: [],
    reminderOffsets: { days: [14, 2], hours: [1], atTime: '09:00' },
    escalationTarget: null,
    linkedChats: [],
    counters: { meeting: 0, risk: 0, action: 0, round: 0, escalation: 0 },
    ...over,
  };
}

export function world(): Db {
  const db = emptyDb();
  db.groups.push(group());
  return db;
}

export function txAt(db: Db, iso: string): Tx {
  return createTx(db, new Date(iso), { audit: (e) => void db.audit.push(e) });
}

export function recordingLog(): SecurityLog & { entries: { code: string; actor: string | null; detail?: string }[] } {
  const entries: { code: string; actor: string | null; detail?: string }[] = [];
  return { entries, record: (e) => void entries.push({ code: e.code, actor: e.actor, detail: e.detail }) };
}
