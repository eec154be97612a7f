/** A small Db with one steering group (chair, referent, members, observer) and a plain Tx, for the use-case tests. */
import type { SecurityLog, Tx } from '../../../src/app/ports.js';
import { emptyDb, type ConversationRef, type Db, type Group } from '../../../src/domain/model.js';
import { createTx } from '../../../src/storage/tx.js';
import { conversation, group as baseGroup, people as testPeople } from '../../helpers/builders.js';

export const conv = (id: string, type: ConversationRef['conversationType'] = 'groupChat'): ConversationRef =>
  conversation(id, { serviceUrl: 'https://smba.example/emea/', conversationType: type, tenantId: 't1', botName: 'styrebot' });

export const people = testPeople();

export function group(id = 'g1', over: Partial<Group> = {}): Group {
  return baseGroup(id, {
    name: id === 'g1' ? 'Operationel styregruppe' : `Gruppe ${id}`,
    conversation: conv(`19:${id}@thread.v2`),
    roster: [people.anna, people.gustav, people.bent, people.carsten, people.dorthe].map((x) => ({ ...x })),
    ...over,
  });
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
