import { describe, expect, it } from 'vitest';
import {
  createAction,
  isOverdue,
  listActions,
  nudgeMeetingFor,
  setActionStatus,
  syncActionNudges,
  type CreateActionInput,
} from '../../../src/app/actions.js';
import type { SecurityLog, Tx } from '../../../src/app/ports.js';
import type { Db, Meeting } from '../../../src/domain/model.js';
import { isAppError } from '../../../src/errors.js';
import { meeting } from '../../helpers/action-world.js';
import { conv, people, recordingLog, txAt, world } from './world.js';

const NOW = '2025-06-10T08:00:00.000Z';
const chat = { kind: 'chat' as const, meeting: null, item: null, risk: null };

/** A transaction at `at` whose refusals (tx.refuse) go to `log`, as the bot's store writes them. */
function txLogging(db: Db, at: string, log?: SecurityLog): Tx {
  const tx = txAt(db, at);
  return log ? { ...tx, refuse: (code, detail, who) => log.record({ at, actor: who.actor, code, detail }) } : tx;
}

function add(db: Db, over: Partial<CreateActionInput> = {}, at = NOW, log?: SecurityLog) {
  return createAction(db, txLogging(db, at, log), {
    groupId: 'g1',
    actor: people.anna,
    text: 'Send notat til lægerne',
    owner: people.bent,
    due: '2025-06-20',
    source: chat,
    ...over,
  });
}

function expectCode(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (err) {
    expect(isAppError(err, code), String(err)).toBe(true);
    return;
  }
  expect.unreachable(`expected ${code}`);
}

describe('creating action points', () => {
  it('numbers them A1, A2 … from the group counter, stores the owner with both ids, and audits', () => {
    const db = world();
    const a1 = add(db);
    const a2 = add(db, { owner: { name: 'Carsten', aadObjectId: 'aad-carsten', teamsId: null }, due: null });
    expect([a1.id, a2.id]).toEqual(['A1', 'A2']);
    expect(a2.owner).toEqual({ name: 'Carsten Vang', aadObjectId: 'aad-carsten', teamsId: '29:carsten' }); // roster fills in
    expect(db.groups[0].counters.action).toBe(2);
    expect(db.audit.filter((e) => e.action === 'action.create').map((e) => e.target)).toEqual(['A1', 'A2']);
  });

  it('validates before changing anything', () => {
    const db = world();
    const before = JSON.stringify(db);
    expectCode(() => add(db, { text: '   ' }), 'action_text_missing');
    expectCode(() => add(db, { text: 'x'.repeat(501) }), 'action_text_too_long');
    expectCode(() => add(db, { due: '2025-02-30' }), 'action_bad_date');
    expectCode(() => add(db, { source: { kind: 'item', meeting: 1, item: 2, risk: null } }), 'meeting_unknown');
    expectCode(() => add(db, { source: { kind: 'risk', meeting: null, item: null, risk: 'R9' } }), 'escalation_risk_unknown');
    expectCode(() => add(db, { announce: { conversation: { ...conv('x'), botId: '' }, activity: () => ({}) } }), 'bad_input');
    expect(JSON.stringify(db)).toBe(before);
  });

  it('members may create from chat; observers and outsiders may not (logged); agenda items need chair or referent', () => {
    const db = world();
    const log = recordingLog();
    expect(add(db, { actor: people.bent }).createdBy).toBe('aad-bent');
    expectCode(() => add(db, { actor: people.dorthe }, NOW, log), 'action_observer');
    expectCode(() => add(db, { actor: people.erik }, NOW, log), 'not_member');
    db.meetings.push(meeting('g1', 1, '2025-06-24'));
    const item = { kind: 'item' as const, meeting: 1, item: 2, risk: null };
    expectCode(() => add(db, { actor: people.bent, source: item }, NOW, log), 'not_chair_or_referent');
    expect(add(db, { actor: people.gustav, source: item }).source).toEqual(item);
    expectCode(() => add(db, { actor: people.gustav, source: { ...item, item: 9 } }), 'item_unknown');
    expect(log.entries.map((e) => e.code)).toEqual(['action_observer', 'not_member', 'not_chair_or_referent']);
  });

  it('an announcement is queued in the outbox in the same change, with the action’s id in its purpose', () => {
    const db = world();
    const a = add(db, {
      announce: { conversation: conv('19:g1@thread.v2'), activity: (x) => ({ type: 'message', text: `card ${x.id}` }) },
    });
    expect(db.outbox).toEqual([
      expect.objectContaining({ purpose: `action-card:g1:${a.id}`, activity: { type: 'message', text: 'card A1' }, status: 'queued' }),
    ]);
  });
});

describe('done and reopen', () => {
  it('owner, chair and referent may; a member who is not the owner is refused and logged; repeating is a no-op', () => {
    const db = world();
    add(db);
    const log = recordingLog();
    const set = (actor = people.bent, status: 'open' | 'done' = 'done') =>
      setActionStatus(db, txLogging(db, NOW, log), { groupId: 'g1', actionId: 'A1', actor, status });
    expectCode(() => set(people.carsten), 'action_not_owner');
    expect(log.entries).toEqual([expect.objectContaining({ code: 'action_not_owner', actor: 'aad-carsten' })]);
    expect(set(people.bent)).toMatchObject({ changed: true, action: { status: 'done', doneBy: 'aad-bent', doneAt: NOW } });
    expect(set(people.bent).changed).toBe(false);
    expect(set(people.gustav, 'open')).toMatchObject({ changed: true, action: { status: 'open', doneBy: null } });
    expect(set(people.anna).changed).toBe(true);
    expect(db.audit.filter((e) => e.target === 'A1').map((e) => e.action)).toEqual([
      'action.create',
      'action.done',
      'action.reopen',
      'action.done',
    ]);
    expectCode(
      () => setActionStatus(db, txAt(db, NOW), { groupId: 'g1', actionId: 'A7', actor: people.anna, status: 'done' }),
      'action_not_found',
    );
  });
});

describe('listing', () => {
  it('open first by due date (undated last), then done newest first; filters mine, open, overdue', () => {
    const db = world();
    add(db, { due: '2025-06-20' }); // A1
    add(db, { due: '2025-06-01', owner: people.carsten }); // A2 overdue
    add(db, { due: null }); // A3
    add(db, { due: '2025-05-01' }); // A4 → done
    setActionStatus(db, txAt(db, NOW), { groupId: 'g1', actionId: 'A4', actor: people.anna, status: 'done' });
    const ids = (f: Parameters<typeof listActions>[2], who = people.bent) => listActions(db, 'g1', f, who, '2025-06-10').map((a) => a.id);
    expect(ids('all')).toEqual(['A2', 'A1', 'A3', 'A4']);
    expect(ids('open')).toEqual(['A2', 'A1', 'A3']);
    expect(ids('overdue')).toEqual(['A2']);
    expect(ids('mine')).toEqual(['A1', 'A3', 'A4']);
    expect(ids('mine', people.carsten)).toEqual(['A2']);
    expect(isOverdue({ status: 'open', due: '2025-06-09' }, '2025-06-10')).toBe(true);
    expect(isOverdue({ status: 'open', due: '2025-06-10' }, '2025-06-10')).toBe(false);
    expect(isOverdue({ status: 'done', due: '2025-01-01' }, '2025-06-10')).toBe(false);
  });
});

describe('nudge-action reminders', () => {
  const meetings = (): Meeting[] => [
    meeting('g1', 1, '2025-06-24'),
    meeting('g1', 2, '2025-10-22'),
    meeting('g1', 3, '2025-02-24', { status: 'held' }),
  ];

  it('chases an action before the first planned meeting on or after its due date, else the last one before it', () => {
    expect(nudgeMeetingFor(meetings(), '2025-06-20', '2025-06-10')?.number).toBe(1);
    expect(nudgeMeetingFor(meetings(), '2025-06-24', '2025-06-10')?.number).toBe(1);
    expect(nudgeMeetingFor(meetings(), '2025-07-01', '2025-06-10')?.number).toBe(2);
    expect(nudgeMeetingFor(meetings(), '2026-01-01', '2025-06-10')?.number).toBe(2); // none after: the last before
    expect(nudgeMeetingFor([], '2025-06-20', '2025-06-10')).toBeNull();
    expect(nudgeMeetingFor(meetings(), '2025-06-20', '2025-06-25')?.number).toBe(2); // a past meeting is not chased
  });

  it('plans one per open dated action at the T-2d time (weekends rolled back, local 09:00: summer and winter time), moves and cancels it', () => {
    const db = world();
    db.meetings.push(...meetings());
    const a1 = add(db, { due: '2025-06-20' });
    add(db, { due: null }); // no due date: no nudge
    const a3 = add(db, { due: '2025-10-01', owner: people.carsten });
    const nudges = () =>
      db.reminders.filter((r) => r.kind === 'nudge-action' && r.status === 'planned').map((r) => [r.ref, r.meeting, r.to, r.dueAt]);
    expect(nudges()).toEqual([
      ['A1', 1, 'aad-bent', '2025-06-20T07:00:00.000Z'], // Tue 24 June − 2 days = Sunday, rolled back to Fri 20 June, 09:00 CEST
      ['A3', 2, 'aad-carsten', '2025-10-20T07:00:00.000Z'], // Wed 22 Oct − 2 days = Mon 20 Oct, 09:00 CEST
    ]);
    // Winter time: a meeting in November → 09:00 CET = 08:00 UTC.
    db.meetings.push(meeting('g1', 4, '2025-11-18'));
    a3.due = '2025-11-01';
    expect(syncActionNudges(db, txAt(db, NOW), 'g1')).toEqual({ created: 0, moved: 1, cancelled: 0 });
    expect(nudges()[1]).toEqual(['A3', 4, 'aad-carsten', '2025-11-14T08:00:00.000Z']);
    // Re-syncing changes nothing; done cancels it.
    expect(syncActionNudges(db, txAt(db, NOW), 'g1')).toEqual({ created: 0, moved: 0, cancelled: 0 });
    setActionStatus(db, txAt(db, NOW), { groupId: 'g1', actionId: a1.id, actor: people.anna, status: 'done' });
    expect(nudges().map((n) => n[0])).toEqual(['A3']);
  });

  it('leaves a sent nudge alone and does not plan the same instant again; plans nothing in the past', () => {
    const db = world();
    db.meetings.push(meeting('g1', 1, '2025-06-24'));
    add(db, { due: '2025-06-20' });
    const r = db.reminders[0];
    r.status = 'sent';
    expect(syncActionNudges(db, txAt(db, NOW), 'g1')).toEqual({ created: 0, moved: 0, cancelled: 0 });
    expect(db.reminders).toHaveLength(1);
    const late = world();
    late.meetings.push(meeting('g1', 1, '2025-06-24'));
    add(late, { due: '2025-06-20' }, '2025-06-21T08:00:00.000Z'); // T-2d (20 June) has passed
    expect(late.reminders).toHaveLength(0);
  });
});
