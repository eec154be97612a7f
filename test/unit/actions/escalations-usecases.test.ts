import { describe, expect, it } from 'vitest';
import {
  acknowledgeEscalation,
  answerEscalation,
  escalateRisk,
  outboxForChair,
  prepareEscalation,
  recordEscalationSent,
  recordEscalationUndelivered,
  requireOutboxItemForChair,
  riskSnapshot,
  type EscalationRender,
} from '../../../src/app/escalations.js';
import { isEmptyGroup, setEscalationTarget } from '../../../src/app/escalation-target.js';
import { dismissItem } from '../../../src/delivery/outbox.js';
import type { SecurityLog, Tx } from '../../../src/app/ports.js';
import type { Db } from '../../../src/domain/model.js';
import { isAppError } from '../../../src/errors.js';
import { risk, round } from '../../helpers/action-world.js';
import { conv, group, people, recordingLog, txAt, world } from './world.js';

const NOW = '2025-06-16T11:00:00.000Z';
const BOARD = conv('19:board@thread.tacv2', 'channel');
const render: EscalationRender = {
  boardCard: (e) => ({ type: 'message', text: `board ${e.id}` }),
  notice: (kind, e) => ({ type: 'message', text: `${kind} ${e.id}` }),
};

function expectCode(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (err) {
    expect(isAppError(err, code), String(err)).toBe(true);
    return;
  }
  expect.unreachable(`expected ${code}`);
}

/** A transaction whose refusals go to `log`, as the bot's store writes them (src/app/refusals.ts). */
const loggedTx = (db: Db, log: SecurityLog): Tx => ({
  ...txAt(db, NOW),
  refuse: (code, detail, who) => log.record({ at: NOW, ...who, code, detail }),
});

function withRisk(target = true): Db {
  const db = world();
  db.risks.push(risk('g1', 'R2'), risk('g1', 'R3', { status: 'retired' }));
  if (target) db.groups[0].escalationTarget = { conversation: BOARD, setBy: 'aad-anna', at: NOW, name: 'DAP-styregruppen' };
  return db;
}

const escalate = (db: Db, over: Partial<Parameters<typeof escalateRisk>[2]> = {}) =>
  escalateRisk(db, txAt(db, NOW), {
    groupId: 'g1',
    riskId: 'R2',
    reason: 'Leverandøren er forsinket',
    actor: people.anna,
    token: 'tok-123456',
    render,
    ...over,
  });

describe('the risk snapshot', () => {
  it('takes tally and comments from the latest vote round that rated the risk', () => {
    const db = withRisk();
    db.voteRounds.push(
      round('g1', 'V2', ['R2'], '2025-06-16T10:00:00.000Z', [
        { voter: 'a', voterName: 'Bent Lund', choices: { R2: 'red' }, comment: ' Ingen svar. ', at: NOW },
        { voter: 'b', voterName: 'Carsten Vang', choices: { R2: 'yellow' }, comment: null, at: NOW },
        { voter: 'c', voterName: 'Dorthe Kjær', choices: { R9: 'green' }, comment: 'Om en anden risiko', at: NOW },
      ]),
      round('g1', 'V1', ['R2'], '2025-02-24T10:00:00.000Z', [
        { voter: 'a', voterName: 'Bent Lund', choices: { R2: 'green' }, comment: 'gammel', at: NOW },
      ]),
      round('g1', 'V3', ['R9'], '2025-07-01T10:00:00.000Z', [
        { voter: 'a', voterName: 'Bent Lund', choices: { R9: 'green' }, comment: 'R9', at: NOW },
      ]),
    );
    const s = riskSnapshot(db, db.risks[0]);
    expect(s).toMatchObject({
      rating: 'red',
      tally: { green: 0, yellow: 1, red: 1 },
      comments: ['Bent Lund: Ingen svar.'],
      owner: 'Carsten Vang',
      category: 'Udbredelse',
    });
    expect(s.history).toEqual(db.risks[0].history);
    expect(s.history).not.toBe(db.risks[0].history); // a copy: later votes do not change the record
  });

  it('without a vote round, uses the latest history entry’s tally; without history, none', () => {
    const db = withRisk();
    expect(riskSnapshot(db, db.risks[0]).tally).toEqual({ green: 0, yellow: 2, red: 3 });
    expect(riskSnapshot(db, { ...db.risks[0], history: [] }).tally).toBeNull();
  });
});

describe('escalating', () => {
  it('only the chair (refusal logged); the risk must exist and be open; a target must be set', () => {
    const log = recordingLog();
    const db = withRisk();
    const prep = (over: object = {}) =>
      prepareEscalation(db, { groupId: 'g1', riskId: 'R2', actor: people.anna, now: new Date(NOW), ...over }, log);
    expectCode(() => prep({ actor: people.bent }), 'not_chair');
    expectCode(() => prep({ actor: people.gustav }), 'not_chair');
    expectCode(() => prep({ actor: people.erik }), 'not_member');
    expect(log.entries.map((e) => [e.code, e.actor])).toEqual([
      ['not_chair', 'aad-bent'],
      ['not_chair', 'aad-gustav'],
      ['not_member', 'aad-erik'],
    ]);
    expectCode(() => prep({ riskId: 'R9' }), 'escalation_risk_unknown');
    expectCode(() => prep({ riskId: 'R3' }), 'escalation_risk_retired');
    expectCode(() => prep({ riskId: 'x' }), 'escalation_risk_missing');
    expect(prep({ riskId: 'r2' }).risk.id).toBe('R2');
    expectCode(
      () => prepareEscalation(withRisk(false), { groupId: 'g1', riskId: 'R2', actor: people.anna, now: new Date(NOW) }, recordingLog()),
      'escalation_no_target',
    );
  });

  it('creates E1 and queues the board card to the target and a notice to the group; the same token again returns E1', () => {
    const db = withRisk();
    const { escalation: e, created } = escalate(db);
    expect(created).toBe(true);
    expect(e).toMatchObject({
      id: 'E1',
      status: 'pending',
      by: 'aad-anna',
      byName: 'Anna Holm',
      at: NOW,
      reason: 'Leverandøren er forsinket',
      confirmToken: 'tok-123456',
    });
    expect(db.outbox.map((o) => [o.conversation.conversationId, o.purpose, o.activity.text])).toEqual([
      [BOARD.conversationId, 'escalation:g1:E1', 'board E1'],
      ['19:g1@thread.v2', 'escalation-notice:g1:E1:sent', 'sent E1'],
    ]);
    expect(e.outboxId).toBe(db.outbox[0].id);
    expect(escalate(db)).toMatchObject({ created: false, escalation: { id: 'E1' } });
    expect(escalate(db, { token: 'tok-other1' }).escalation.id).toBe('E2');
    expect(db.audit.map((a) => a.action)).toEqual(['escalation.create', 'risk.escalated', 'escalation.create', 'risk.escalated']);
  });

  it('refuses an empty or too long reason, and a failing render, without changing anything', () => {
    const db = withRisk();
    const before = JSON.stringify(db);
    expectCode(() => escalate(db, { reason: '  ' }), 'escalation_reason_missing');
    expectCode(() => escalate(db, { reason: 'x'.repeat(2001) }), 'escalation_reason_too_long');
    expect(() =>
      escalate(db, {
        render: {
          ...render,
          notice: () => {
            throw new Error('boom');
          },
        },
      }),
    ).toThrow('boom');
    expect(JSON.stringify(db)).toBe(before);
  });
});

describe('the board acknowledges and answers', () => {
  const input = (over: object = {}) => ({
    groupId: 'g1',
    escalationId: 'E1',
    actor: people.erik,
    conversationId: BOARD.conversationId,
    render,
    ...over,
  });

  it('only from the conversation the card went to (refusal logged); anyone there, no roster needed', () => {
    const db = withRisk();
    escalate(db);
    const log = recordingLog();
    expectCode(
      () => acknowledgeEscalation(db, loggedTx(db, log), input({ conversationId: '19:g1@thread.v2', actor: people.anna })),
      'escalation_wrong_conversation',
    );
    expect(log.entries).toEqual([expect.objectContaining({ code: 'escalation_wrong_conversation', actor: 'aad-anna' })]);
    // Even if the group's target moves later, the card that was sent stays answerable where it is.
    db.groups[0].escalationTarget = { conversation: conv('19:elsewhere'), setBy: 'x', at: NOW };
    const r = acknowledgeEscalation(db, txAt(db, NOW), input());
    expect(r).toMatchObject({
      changed: true,
      escalation: { status: 'acknowledged', acknowledgedBy: 'aad-erik', acknowledgedByName: 'Erik Sand', acknowledgedAt: NOW },
    });
    expect(acknowledgeEscalation(db, txAt(db, NOW), input()).changed).toBe(false);
    expect(db.outbox.filter((o) => o.purpose === 'escalation-notice:g1:E1:ack')).toHaveLength(1);
    expectCode(() => acknowledgeEscalation(db, txAt(db, NOW), input({ escalationId: 'E9' })), 'escalation_not_found');
  });

  it('an answer acknowledges too, goes back to the group, and is audited against the risk; one answer only', () => {
    const db = withRisk();
    escalate(db);
    const r = answerEscalation(db, txAt(db, NOW), { ...input(), answer: '  Planen ændres.\n\n\n\nVi følger op i september. ' });
    expect(r.escalation).toMatchObject({
      status: 'answered',
      answer: 'Planen ændres.\n\nVi følger op i september.',
      answeredByName: 'Erik Sand',
      acknowledgedByName: 'Erik Sand',
    });
    expect(db.outbox.find((o) => o.purpose === 'escalation-notice:g1:E1:answer')!.conversation.conversationId).toBe('19:g1@thread.v2');
    expect(db.audit.find((a) => a.action === 'risk.escalation_answered')).toMatchObject({ target: 'R2', after: { escalation: 'E1' } });
    expect(answerEscalation(db, txAt(db, NOW), { ...input(), answer: 'Planen ændres.\n\nVi følger op i september.' }).changed).toBe(false);
    expectCode(() => answerEscalation(db, txAt(db, NOW), { ...input(), answer: 'Noget andet' }), 'escalation_already_answered');
    expectCode(() => answerEscalation(withRiskAndEsc(), txAt(db, NOW), { ...input(), answer: ' ' }), 'escalation_answer_missing');
    // Acknowledging after the answer keeps it answered.
    expect(acknowledgeEscalation(db, txAt(db, NOW), input()).escalation.status).toBe('answered');
  });

  function withRiskAndEsc() {
    const db = withRisk();
    escalate(db);
    return db;
  }
});

describe('delivery status from the outbox', () => {
  it('pending → sent with the card id; failed / uncertain / re-queued follow the board card; the board’s own progress is never undone', () => {
    const db = withRisk();
    const { escalation: e } = escalate(db);
    const item = db.outbox[0];
    const tx = txAt(db, NOW);
    recordEscalationUndelivered(db, tx, { ...item, status: 'uncertain', lastError: '504' });
    expect(e.status).toBe('uncertain');
    recordEscalationUndelivered(db, tx, { ...item, status: 'queued', lastError: null });
    expect(e.status).toBe('pending');
    recordEscalationSent(db, tx, item, 'act-9');
    expect(e).toMatchObject({ status: 'sent', card: { conversationId: BOARD.conversationId, activityId: 'act-9' } });
    acknowledgeEscalation(db, tx, { groupId: 'g1', escalationId: 'E1', actor: people.erik, conversationId: BOARD.conversationId, render });
    recordEscalationSent(db, tx, item, 'act-9');
    recordEscalationUndelivered(db, tx, { ...item, status: 'failed', lastError: 'x' });
    expect(e.status).toBe('acknowledged');
    expect(recordEscalationSent(db, tx, { id: 'o-none', conversation: BOARD }, 'a')).toBeNull();
  });
});

describe('the escalation target', () => {
  function boardWorld(): Db {
    const db = withRisk(false);
    db.groups.push(group('g2', { conversation: BOARD, roster: [{ ...people.erik, role: 'chair' }] }));
    return db;
  }
  const set = (db: Db, over: object = {}, tx = txAt(db, NOW)) =>
    setEscalationTarget(db, tx, { conversation: BOARD, name: 'DAP-styregruppen', actor: people.anna, groupRef: null, ...over });

  it('the chair sets it in the board conversation; its empty auto-created group becomes the board', () => {
    const db = boardWorld();
    expect(isEmptyGroup(db, db.groups[1])).toBe(true);
    const r = set(db, { notice: (g: { name: string }, b: string | null) => ({ text: `${g.name} → ${b}` }) });
    expect(r.group.id).toBe('g1');
    expect(db.groups[0].escalationTarget).toEqual({ conversation: BOARD, setBy: 'aad-anna', at: NOW, name: 'DAP-styregruppen' });
    expect(db.groups[1].isBoard).toBe(true);
    expect(db.outbox).toEqual([
      expect.objectContaining({ purpose: 'escalation-target:g1', activity: { text: 'Operationel styregruppe → DAP-styregruppen' } }),
    ]);
  });

  it('refuses a personal chat, the group’s own conversation, another steering group’s conversation, and a non-chair (logged)', () => {
    const db = boardWorld();
    expectCode(() => set(db, { conversation: conv('a:1', 'personal') }), 'escalation_target_personal');
    expectCode(() => set(db, { conversation: db.groups[0].conversation }), 'escalation_target_self');
    db.actions.push({
      groupId: 'g2',
      id: 'A1',
      text: 'x',
      owner: { name: 'x', aadObjectId: null },
      due: null,
      status: 'open',
      source: { kind: 'chat', meeting: null, item: null, risk: null },
      createdBy: 'x',
      createdAt: NOW,
    });
    expectCode(() => set(db), 'escalation_target_is_group');
    db.actions.length = 0;
    const log = recordingLog();
    expectCode(() => set(db, { actor: people.bent }, loggedTx(db, log)), 'escalation_no_chair_group');
    expectCode(() => set(db, { actor: people.bent, groupRef: 'g1' }, loggedTx(db, log)), 'escalation_no_chair_group');
    expect(log.entries.map((e) => e.code)).toEqual(['escalation_no_chair_group', 'escalation_no_chair_group']);
    expect(db.groups[0].escalationTarget).toBeNull();
  });

  it('picks the group by id or name when the chair chairs several', () => {
    const db = boardWorld();
    db.groups.push(group('g3', { name: 'Anden styregruppe' }));
    expectCode(() => set(db), 'escalation_group_ambiguous');
    expect(set(db, { groupRef: 'anden' }).group.id).toBe('g3');
    expectCode(() => set(db, { groupRef: 'findes ikke' }), 'escalation_group_unknown');
  });

  it('names only groups the sender chairs: in pick lists, in "unknown group" errors, and never matches another group by name', () => {
    const db = boardWorld();
    db.groups.push(
      group('g3', { name: 'Anden styregruppe' }),
      group('g4', { name: 'Hemmelig fusionsgruppe', roster: [{ ...people.carsten, role: 'chair' }] }),
    );
    const err = (over: object, tx?: Tx) => {
      try {
        set(db, over, tx);
      } catch (e) {
        if (isAppError(e)) return e;
      }
      throw new Error('expected a refusal');
    };
    const unknown = err({ groupRef: 'findes ikke' });
    expect(unknown.code).toBe('escalation_group_unknown');
    expect(unknown.params.groups).toBe('Operationel styregruppe, Anden styregruppe');
    // A name of a group the sender does not chair is "unknown", exactly like a name that does not exist.
    const other = err({ groupRef: 'Hemmelig' });
    expect(other.code).toBe('escalation_group_unknown');
    expect(JSON.stringify(other.params)).not.toContain('Hemmelig fusionsgruppe');
    expect(err({ groupRef: 'gruppe' }).params.groups).toBe('Operationel styregruppe, Anden styregruppe');
    // Someone who chairs nothing learns nothing, whatever name they type.
    const log = recordingLog();
    for (const ref of ['Hemmelig', 'g4', 'findes ikke', '']) {
      const e = err({ actor: people.bent, groupRef: ref || null }, loggedTx(db, log));
      expect(e.code).toBe('escalation_no_chair_group');
      expect(e.params).toEqual({});
    }
    expect(log.entries).toHaveLength(4);
    expect(db.groups.every((g) => g.escalationTarget === null)).toBe(true);
  });
});

describe('the chair’s outbox', () => {
  it('lists failed and uncertain items of the group (not dismissed ones), chair only; items of other groups are refused', () => {
    const db = withRisk();
    escalate(db);
    escalate(db, { token: 'tok-2-abcdef' });
    db.outbox[0].status = 'uncertain';
    db.outbox[1].status = 'failed';
    db.outbox[2].status = 'failed';
    dismissItem(db, txAt(db, NOW), db.outbox[2].id, 'aad-anna');
    const log = recordingLog();
    const now = new Date(NOW);
    expect(outboxForChair(db, 'g1', people.anna, log, now).map((o) => o.id)).toEqual([db.outbox[0].id, db.outbox[1].id]);
    expectCode(() => outboxForChair(db, 'g1', people.bent, log, now), 'not_chair');
    db.groups.push(group('g2'));
    db.outbox[3].groupId = 'g2';
    expectCode(() => requireOutboxItemForChair(db, 'g1', db.outbox[3].id, people.anna, log, now), 'outbox_other_group');
    expectCode(() => requireOutboxItemForChair(db, 'g1', 'o-nope', people.anna, log, now), 'outbox_not_found');
    expect(log.entries.map((e) => e.code)).toEqual(['not_chair', 'outbox_other_group']);
  });
});
