import { describe, expect, it } from 'vitest';
import { addRisk, editRisk, parseNewRisk, retireRisk } from '../../../src/app/risks.js';
import {
  castBallot,
  chooseDeadline,
  closeRound,
  MAX_PROCESSED,
  openRound,
  VOTE_CLOSE_JOB,
  type CastInput,
} from '../../../src/app/votes.js';
import type { SecurityLog } from '../../../src/app/ports.js';
import { emptyDb, type Db, type Member, type Person } from '../../../src/domain/model.js';
import { AppError } from '../../../src/errors.js';
import { memoryStore } from '../../../src/storage/memory-store.js';
import { withSecurityLog } from '../../../src/app/refusals.js';
import { meetingOf, steeringGroup } from '../../helpers/risk-world.js';

const person = (name: string, key: string): Person => ({ name, aadObjectId: `aad-${key}`, teamsId: `29:${key}` });
const anna = person('Anna Holm', 'anna'); // chair
const rita = person('Rita Juhl', 'rita'); // referent
const mette = person('Mette Dahl', 'mette'); // member
const bent = person('Bent Lund', 'bent'); // member
const frida = { name: 'Frida Mose (Extern)', aadObjectId: 'aad-frida-ext', teamsId: '29:frida-ext' }; // member from another organisation
const olga = person('Olga Bach', 'olga'); // observer
const stranger = person('Sigurd Ukendt', 'sigurd'); // not on the roster

const member = (p: Person, role: Member['role'], organisation: string | null = 'Sekretariatet'): Member => ({ ...p, role, organisation });

function world(opts: { meetings?: boolean } = {}): Db {
  const db = emptyDb();
  const roster = [
    member(anna, 'chair'),
    member(rita, 'referent'),
    member(bent, 'member', 'PLO'),
    member(mette, 'member', 'MedCom'),
    member(frida, 'member', 'Konsulenthuset'),
    member(olga, 'observer'),
  ];
  db.groups.push(
    steeringGroup('g1', roster),
    steeringGroup(
      'g2',
      roster.map((m) => ({ ...m })),
    ),
  );
  if (opts.meetings !== false) {
    db.meetings.push(
      meetingOf('g1', 1, '2025-02-24', '08:40', '10:00', 'held'),
      meetingOf('g1', 2, '2025-06-16', '12:30', '14:00', 'planned'),
      meetingOf('g1', 3, '2025-10-22', '12:30', '14:00', 'planned'),
    );
  }
  return db;
}

function recordingLog() {
  const entries: Array<{ code: string; actor: string | null }> = [];
  const log: SecurityLog = { record: (e) => void entries.push({ code: e.code, actor: e.actor }) };
  return { log, entries };
}

/** A store at a settable instant; refusals of its mutations (tx.refuse) are in `refusals`, as the bot logs them. */
function setup(db = world(), at = '2025-06-02T08:00:00.000Z') {
  let now = new Date(at);
  const refusals = recordingLog();
  const store = withSecurityLog(memoryStore(db, { now: () => now }), refusals.log);
  return {
    store,
    refusals,
    set: (iso: string) => (now = new Date(iso)),
    db: () => store.read(),
  };
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  throw new Error('expected a refusal');
}

async function withRisks(s: ReturnType<typeof setup>, n = 3) {
  const titles = [
    'Forsinket certificering af lægesystemerne',
    'For få praksisser tager forløbsplanerne i brug',
    'Uafklaret finansiering af drift',
    'Ustabil integration',
  ];
  const cats = ['Teknik', 'Udbredelse', 'Prioritering', 'Teknik'];
  for (let i = 0; i < n; i++)
    await s.store.update((db, tx) => addRisk(db, tx, { groupId: 'g1', actor: anna, category: cats[i], title: titles[i] }));
}

describe('risk register', () => {
  it('parses "kategori: titel" and refuses text without a category', () => {
    expect(parseNewRisk('Teknik: Forsinket certificering')).toEqual({ category: 'Teknik', title: 'Forsinket certificering' });
    expect(parseNewRisk('  udbredelse :  For få   praksisser ')).toEqual({ category: 'udbredelse', title: 'For få praksisser' });
    expect(parseNewRisk('Prioritering - Konkurrerende projekter: DAP')).toEqual({
      category: 'Prioritering',
      title: 'Konkurrerende projekter: DAP',
    });
    expect(parseNewRisk('Forsinket certificering')).toBeNull();
    expect(parseNewRisk('Teknik:')).toBeNull();
  });

  it('numbers risks R1, R2, … per group, audits each, and uses the group’s spelling of a category', async () => {
    const s = setup();
    await withRisks(s, 2);
    const r3 = await s.store.update((db, tx) =>
      addRisk(db, tx, { groupId: 'g1', actor: bent, category: 'teknik', title: 'Ustabil integration' }),
    );
    const other = await s.store.update((db, tx) =>
      addRisk(db, tx, { groupId: 'g2', actor: anna, category: 'Jura', title: 'Databehandleraftale mangler' }),
    );
    expect(
      s
        .db()
        .risks.filter((r) => r.groupId === 'g1')
        .map((r) => [r.id, r.category]),
    ).toEqual([
      ['R1', 'Teknik'],
      ['R2', 'Udbredelse'],
      ['R3', 'Teknik'],
    ]);
    expect(r3).toMatchObject({ rating: null, status: 'open', history: [], createdBy: 'aad-bent' });
    expect(other.id).toBe('R1');
    expect(s.db().groups[0].counters.risk).toBe(3);
    expect(
      s
        .db()
        .audit.filter((a) => a.action === 'risk.add')
        .map((a) => [a.groupId, a.target, a.actor]),
    ).toEqual([
      ['g1', 'R1', 'aad-anna'],
      ['g1', 'R2', 'aad-anna'],
      ['g1', 'R3', 'aad-bent'],
      ['g2', 'R1', 'aad-anna'],
    ]);
  });

  it('chair, referent and members add risks; observers and strangers are refused and nothing is stored', async () => {
    const s = setup();
    await s.store.update((db, tx) => addRisk(db, tx, { groupId: 'g1', actor: rita, category: 'Teknik', title: 'A' }));
    await s.store.update((db, tx) => addRisk(db, tx, { groupId: 'g1', actor: frida, category: 'Teknik', title: 'B' }));
    const { entries } = s.refusals;
    expect(await code(s.store.update((db, tx) => addRisk(db, tx, { groupId: 'g1', actor: olga, category: 'Teknik', title: 'C' })))).toBe(
      'observer_no_risk',
    );
    expect(
      await code(s.store.update((db, tx) => addRisk(db, tx, { groupId: 'g1', actor: stranger, category: 'Teknik', title: 'D' }))),
    ).toBe('not_member');
    expect(s.db().risks.map((r) => r.title)).toEqual(['A', 'B']);
    expect(entries.map((e) => e.code)).toEqual(['observer_no_risk', 'not_member']);
  });

  it('refuses the same open risk twice and over-long input', async () => {
    const s = setup();
    await withRisks(s, 1);
    expect(
      await code(
        s.store.update((db, tx) =>
          addRisk(db, tx, { groupId: 'g1', actor: bent, category: 'teknik', title: 'forsinket certificering af lægesystemerne' }),
        ),
      ),
    ).toBe('risk_exists');
    expect(
      await code(s.store.update((db, tx) => addRisk(db, tx, { groupId: 'g1', actor: bent, category: 'Teknik', title: 'x'.repeat(201) }))),
    ).toBe('risk_title_invalid');
    expect(
      await code(s.store.update((db, tx) => addRisk(db, tx, { groupId: 'g1', actor: bent, category: 'k'.repeat(61), title: 'Titel' }))),
    ).toBe('risk_category_invalid');
    expect(s.db().risks).toHaveLength(1);
  });

  it('only the chair edits (owner, description, corrective actions) and retires; an unchanged save is not audited', async () => {
    const s = setup();
    await withRisks(s, 2);
    expect(
      await code(s.store.update((db, tx) => editRisk(db, tx, { groupId: 'g1', actor: bent, riskId: 'R1', changes: { description: 'x' } }))),
    ).toBe('not_chair');
    expect(await code(s.store.update((db, tx) => retireRisk(db, tx, { groupId: 'g1', actor: rita, riskId: 'R1' })))).toBe('not_chair');
    const changes = {
      owner: { name: 'ignored', aadObjectId: 'aad-bent' },
      description: 'To leverandører mangler certificering.',
      correctiveActions: ['- Ugentlige statusmøder', '', '• Eskalationsplan'],
    };
    const res = await s.store.update((db, tx) => editRisk(db, tx, { groupId: 'g1', actor: anna, riskId: 'R1', changes }));
    expect(res.changed).toBe(true);
    expect(s.db().risks[0]).toMatchObject({
      owner: { name: 'Bent Lund', aadObjectId: 'aad-bent' },
      description: 'To leverandører mangler certificering.',
      correctiveActions: ['Ugentlige statusmøder', 'Eskalationsplan'],
    });
    const again = await s.store.update((db, tx) => editRisk(db, tx, { groupId: 'g1', actor: anna, riskId: 'R1', changes }));
    expect(again.changed).toBe(false);
    await s.store.update((db, tx) =>
      editRisk(db, tx, { groupId: 'g1', actor: anna, riskId: 'R1', changes: { owner: { name: 'Driftsleverandøren', aadObjectId: null } } }),
    );
    expect(s.db().risks[0].owner).toEqual({ name: 'Driftsleverandøren', aadObjectId: null });
    expect(s.db().audit.filter((a) => a.action === 'risk.edit')).toHaveLength(2);

    await s.store.update((db, tx) => retireRisk(db, tx, { groupId: 'g1', actor: anna, riskId: 'R2' }));
    expect(s.db().risks[1].status).toBe('retired');
    expect(
      await code(s.store.update((db, tx) => editRisk(db, tx, { groupId: 'g1', actor: anna, riskId: 'R2', changes: { description: 'x' } }))),
    ).toBe('risk_retired');
    expect(
      await code(s.store.update((db, tx) => editRisk(db, tx, { groupId: 'g1', actor: anna, riskId: 'R9', changes: { description: 'x' } }))),
    ).toBe('risk_unknown');
  });
});

describe('opening a round', () => {
  it('only the chair opens; one open round per group; no round without open risks', async () => {
    const s = setup();
    expect(await code(s.store.update((db, tx) => openRound(db, tx, { groupId: 'g1', actor: anna })))).toBe('no_risks');
    await withRisks(s);
    expect(await code(s.store.update((db, tx) => openRound(db, tx, { groupId: 'g1', actor: bent })))).toBe('not_chair');
    expect(await code(s.store.update((db, tx) => openRound(db, tx, { groupId: 'g1', actor: rita })))).toBe('not_chair');
    const round = await s.store.update((db, tx) => openRound(db, tx, { groupId: 'g1', actor: anna }));
    expect(round).toMatchObject({ id: 'V1', status: 'open', riskIds: ['R1', 'R2', 'R3'], ballots: [], openedBy: 'aad-anna' });
    expect(await code(s.store.update((db, tx) => openRound(db, tx, { groupId: 'g1', actor: anna })))).toBe('round_open');
    expect(s.db().voteRounds).toHaveLength(1);
  });

  it('defaults the deadline to the end of the next planned meeting (Danish summer time), persists a close job and plans the vote nudge', async () => {
    const s = setup();
    await withRisks(s);
    const round = await s.store.update((db, tx) => openRound(db, tx, { groupId: 'g1', actor: anna }));
    expect(round.deadline).toBe('2025-06-16T12:00:00.000Z'); // 14:00 CEST
    expect(round.meeting).toBe(2);
    const jobs = s.db().jobs.filter((j) => j.kind === VOTE_CLOSE_JOB);
    expect(jobs).toEqual([
      expect.objectContaining({ dueAt: '2025-06-16T12:00:00.000Z', payload: { groupId: 'g1', roundId: 'V1' }, status: 'pending' }),
    ]);
    expect(s.db().reminders.filter((r) => r.kind === 'nudge-vote' && r.ref === 'V1')).toHaveLength(1);
    expect(s.db().audit.find((a) => a.action === 'vote.open')).toMatchObject({ actor: 'aad-anna', target: 'V1' });
  });

  it('skips a meeting that has already ended today, and runs 14 days without a planned meeting', () => {
    const db = world();
    const g = db.groups[0];
    expect(chooseDeadline(db, g, new Date('2025-06-16T12:30:00.000Z'))).toEqual({
      deadline: new Date('2025-10-22T12:00:00.000Z'),
      meeting: 3,
    });
    const bare = world({ meetings: false });
    expect(chooseDeadline(bare, bare.groups[0], new Date('2025-06-02T08:00:00.000Z'))).toEqual({
      deadline: new Date('2025-06-16T08:00:00.000Z'),
      meeting: null,
    });
  });

  it('an explicit deadline: end of a meeting held that day, else 23:59 local, or the given time; past and far-off deadlines are refused', () => {
    const db = world();
    const g = db.groups[0];
    const now = new Date('2025-06-02T08:00:00.000Z');
    expect(chooseDeadline(db, g, now, { date: '2025-06-16' })).toEqual({ deadline: new Date('2025-06-16T12:00:00.000Z'), meeting: 2 });
    expect(chooseDeadline(db, g, now, { date: '2025-06-12' })).toEqual({ deadline: new Date('2025-06-12T21:59:00.000Z'), meeting: 2 });
    expect(chooseDeadline(db, g, now, { date: '2025-06-12', time: '09:30' })).toEqual({
      deadline: new Date('2025-06-12T07:30:00.000Z'),
      meeting: 2,
    });
    expect(chooseDeadline(db, g, now, { date: '2025-07-01' })).toEqual({ deadline: new Date('2025-07-01T21:59:00.000Z'), meeting: null });
    expect(() => chooseDeadline(db, g, now, { date: '2025-06-01' })).toThrow(expect.objectContaining({ code: 'deadline_past' }));
    expect(() => chooseDeadline(db, g, now, { date: '2026-06-01' })).toThrow(expect.objectContaining({ code: 'deadline_too_far' }));
  });

  it('a meeting chat linked to a planned meeting defaults to that meeting', () => {
    const db = world();
    expect(chooseDeadline(db, db.groups[0], new Date('2025-06-02T08:00:00.000Z'), { linkedMeeting: 3 })).toEqual({
      deadline: new Date('2025-10-22T12:00:00.000Z'),
      meeting: 3,
    });
  });
});

describe('ballots', () => {
  async function opened() {
    const s = setup();
    await withRisks(s);
    await s.store.update((db, tx) => openRound(db, tx, { groupId: 'g1', actor: anna }));
    const cast = (input: Partial<CastInput> & { actor: Person; choices: Record<string, string> }) =>
      s.store.update((db, tx) => castBallot(db, tx, { groupId: 'g1', roundId: 'V1', ...input }));
    return { s, cast };
  }

  it('chair, members and an external member vote; the referent has no vote (refused, nothing stored); the latest ballot counts once and is audited', async () => {
    const { s, cast } = await opened();
    expect(await code(cast({ actor: rita, choices: { R1: 'yellow' } }))).toBe('not_voter');
    for (const actor of [anna, mette, bent, frida]) expect((await cast({ actor, choices: { R1: 'yellow' } })).outcome).toBe('accepted');
    await cast({ actor: bent, choices: { R1: 'red', R2: 'green' }, comment: '  Certificeringen halter  ' });
    const round = s.db().voteRounds[0];
    expect(round.ballots.map((b) => [b.voter, b.choices])).toEqual([
      ['aad-anna', { R1: 'yellow' }],
      ['aad-mette', { R1: 'yellow' }],
      ['aad-frida-ext', { R1: 'yellow' }],
      ['aad-bent', { R1: 'red', R2: 'green' }],
    ]);
    expect(round.ballots[3]).toMatchObject({ voterName: 'Bent Lund', comment: 'Certificeringen halter' });
    expect(s.db().audit.filter((a) => a.action === 'vote.cast')).toHaveLength(5);
  });

  it('a replayed activity, identical choices, and an older click arriving late change nothing and are not audited', async () => {
    const { s, cast } = await opened();
    await cast({ actor: bent, choices: { R1: 'red' }, activityKey: 'a1', sentAt: '2025-06-02T07:59:00.000Z' });
    const before = JSON.stringify(s.db());
    expect((await cast({ actor: bent, choices: { R1: 'red' }, activityKey: 'a1', sentAt: '2025-06-02T07:59:00.000Z' })).outcome).toBe(
      'replay',
    );
    expect((await cast({ actor: bent, choices: { R1: 'green' }, activityKey: 'a1' })).outcome).toBe('replay');
    expect((await cast({ actor: bent, choices: { R1: 'red' }, activityKey: 'a2', sentAt: '2025-06-02T07:59:30.000Z' })).outcome).toBe(
      'unchanged',
    );
    expect((await cast({ actor: bent, choices: { R1: 'yellow' }, activityKey: 'a0', sentAt: '2025-06-02T07:58:00.000Z' })).outcome).toBe(
      'stale',
    );
    expect(JSON.stringify(s.db())).toBe(before);
    expect((await cast({ actor: bent, choices: { R1: 'yellow' }, activityKey: 'a3', sentAt: '2025-06-02T07:59:40.000Z' })).outcome).toBe(
      'accepted',
    );
    expect(s.db().voteRounds[0].ballots).toEqual([expect.objectContaining({ choices: { R1: 'yellow' } })]);
  });

  it('timed clicks are ordered by their time, not kept in the replay list: copies of the latest are replays, of older ones stale, also after the close', async () => {
    const { s, cast } = await opened();
    const at = (sec: number) => `2025-06-02T07:59:${String(sec).padStart(2, '0')}.000Z`;
    expect((await cast({ actor: bent, choices: { R1: 'red' }, activityKey: 't1', sentAt: at(1) })).outcome).toBe('accepted');
    expect((await cast({ actor: bent, choices: { R1: 'green' }, activityKey: 't2', sentAt: at(2) })).outcome).toBe('accepted');
    expect(s.db().processed).toEqual([]);
    expect(s.db().voteRounds[0]!.ballots[0]).toMatchObject({ choices: { R1: 'green' }, activityKey: 't2' });
    const before = JSON.stringify(s.db());
    expect((await cast({ actor: bent, choices: { R1: 'green' }, activityKey: 't2', sentAt: at(2) })).outcome).toBe('replay');
    expect((await cast({ actor: bent, choices: { R1: 'red' }, activityKey: 't1', sentAt: at(1) })).outcome).toBe('stale');
    expect(JSON.stringify(s.db())).toBe(before);
    await s.store.update((db, tx) => closeRound(db, tx, { groupId: 'g1', roundId: 'V1', actor: anna }));
    expect((await cast({ actor: bent, choices: { R1: 'green' }, activityKey: 't2', sentAt: at(2) })).outcome).toBe('replay');
    expect((await cast({ actor: bent, choices: { R1: 'red' }, activityKey: 't1', sentAt: at(1) })).outcome).toBe('stale');
    expect(await code(cast({ actor: bent, choices: { R1: 'red' }, activityKey: 't3', sentAt: at(3) }))).toBe('vote_closed');
  });

  it('remembers the newest MAX_PROCESSED activity ids: older ones drop out, newer ones stay replays', async () => {
    const { s, cast } = await opened();
    const total = MAX_PROCESSED + 20;
    for (let i = 0; i < total; i++) {
      // Alternate the colour so every click is a new, accepted ballot.
      const r = await cast({ actor: bent, choices: { R1: i % 2 ? 'red' : 'green' }, activityKey: `k${i}` });
      expect(r.outcome).toBe('accepted');
    }
    expect(s.db().processed).toHaveLength(MAX_PROCESSED);
    expect((await cast({ actor: bent, choices: { R1: 'yellow' }, activityKey: `k${total - 1}` })).outcome).toBe('replay');
    expect((await cast({ actor: bent, choices: { R1: 'yellow' }, activityKey: 'k20' })).outcome).toBe('replay');
    // k5 fell out of the window: it counts as a new click again.
    expect((await cast({ actor: bent, choices: { R1: 'yellow' }, activityKey: 'k5' })).outcome).toBe('accepted');
    // A fresh array (as after a store reset) is indexed anew.
    await s.store.update((db) => void (db.processed = db.processed.slice()));
    expect((await cast({ actor: bent, choices: { R1: 'green' }, activityKey: 'k5' })).outcome).toBe('replay');
  });

  it('refuses forged input clearly, logs it, and stores nothing', async () => {
    const { s, cast } = await opened();
    const { entries } = s.refusals;
    const before = JSON.stringify(s.db());
    expect(await code(cast({ actor: bent, choices: { R9: 'red' } }))).toBe('risk_unknown');
    expect(await code(cast({ actor: bent, choices: { R1: 'purple' } }))).toBe('bad_rating');
    expect(await code(cast({ actor: olga, choices: { R1: 'red' } }))).toBe('not_voter');
    expect(await code(cast({ actor: stranger, choices: { R1: 'red' } }))).toBe('not_member');
    expect(
      await code(s.store.update((db, tx) => castBallot(db, tx, { groupId: 'g2', roundId: 'V1', actor: bent, choices: { R1: 'red' } }))),
    ).toBe('round_unknown');
    expect(await code(cast({ actor: bent, choices: {} }))).toBe('ballot_empty');
    expect(JSON.stringify(s.db())).toBe(before);
    expect(entries.map((e) => e.code)).toEqual(['risk_unknown', 'bad_rating', 'not_voter', 'not_member', 'round_unknown']);
  });

  it('ballots after the close are refused with vote_closed (a replay of an accepted one is not)', async () => {
    const { s, cast } = await opened();
    await cast({ actor: bent, choices: { R1: 'red' }, activityKey: 'k1' });
    await s.store.update((db, tx) => closeRound(db, tx, { groupId: 'g1', roundId: 'V1', actor: anna }));
    expect(await code(cast({ actor: frida, choices: { R1: 'green' } }))).toBe('vote_closed');
    expect((await cast({ actor: bent, choices: { R1: 'red' }, activityKey: 'k1' })).outcome).toBe('replay');
    expect(s.db().voteRounds[0].ballots).toHaveLength(1);
  });
});

describe('closing a round', () => {
  async function voted() {
    const s = setup();
    await withRisks(s, 4);
    await s.store.update((db, tx) => openRound(db, tx, { groupId: 'g1', actor: anna }));
    const votes: Array<[Person, Record<string, string>]> = [
      [anna, { R1: 'red', R2: 'green', R3: 'yellow' }],
      [mette, { R1: 'red', R2: 'yellow', R3: 'yellow' }],
      [bent, { R1: 'yellow', R2: 'red', R3: 'green' }],
      [frida, { R1: 'green', R2: 'yellow' }],
    ];
    for (const [actor, choices] of votes)
      await s.store.update((db, tx) => castBallot(db, tx, { groupId: 'g1', roundId: 'V1', actor, choices }));
    return s;
  }

  it('non-chairs cannot close', async () => {
    const s = await voted();
    expect(await code(s.store.update((db, tx) => closeRound(db, tx, { groupId: 'g1', roundId: 'V1', actor: rita })))).toBe('not_chair');
    expect(s.db().voteRounds[0].status).toBe('open');
  });

  it('settles median or override per risk into the history with the meeting’s date, flags disagreements, cancels the close job', async () => {
    const s = await voted();
    s.set('2025-06-16T11:45:00.000Z');
    const res = await s.store.update((db, tx) =>
      closeRound(db, tx, { groupId: 'g1', roundId: 'V1', actor: anna, overrides: { R3: 'red' } }),
    );
    expect(res.changed).toBe(true);
    const db = s.db();
    const round = db.voteRounds[0];
    expect(round).toMatchObject({
      status: 'closed',
      closedBy: 'aad-anna',
      closedAt: '2025-06-16T11:45:00.000Z',
      result: { R1: 'red', R2: 'yellow', R3: 'red' },
      overrides: { R3: 'red' },
    });
    const byId = (id: string) => db.risks.find((r) => r.id === id)!;
    // R1: green, yellow, red, red → middle yellow/red → red; spans green..red.
    expect(byId('R1').history).toEqual([
      { date: '2025-06-16', rating: 'red', tally: { green: 1, yellow: 1, red: 2 }, disagreement: true, round: 'V1', meeting: 2 },
    ]);
    expect(byId('R2').history[0]).toMatchObject({ rating: 'yellow', tally: { green: 1, yellow: 2, red: 1 }, disagreement: true });
    expect(byId('R3').history[0]).toMatchObject({
      rating: 'red',
      tally: { green: 1, yellow: 2, red: 0 },
      disagreement: false,
      overridden: true,
    });
    expect(byId('R4').history).toEqual([]); // nobody voted, no override: nothing settled
    expect(byId('R1').rating).toBe('red');
    expect(byId('R4').rating).toBeNull();
    expect(db.jobs.filter((j) => j.kind === VOTE_CLOSE_JOB)).toEqual([]);
    expect(db.reminders.filter((r) => r.kind === 'nudge-vote' && r.status === 'planned')).toEqual([]);
    expect(db.audit.find((a) => a.action === 'vote.close')).toMatchObject({ actor: 'aad-anna', target: 'V1' });
  });

  it('closing again changes nothing; the deadline job closes as system on the local close date when the round has no meeting', async () => {
    const s = setup(world({ meetings: false }));
    await withRisks(s, 1);
    await s.store.update((db, tx) => openRound(db, tx, { groupId: 'g1', actor: anna }));
    await s.store.update((db, tx) => castBallot(db, tx, { groupId: 'g1', roundId: 'V1', actor: bent, choices: { R1: 'yellow' } }));
    s.set('2025-06-16T22:30:00.000Z'); // 00:30 on the 17th in Copenhagen
    const first = await s.store.update((db, tx) => closeRound(db, tx, { groupId: 'g1', roundId: 'V1', actor: null }));
    expect(first.changed).toBe(true);
    const snapshot = JSON.stringify(s.db());
    const second = await s.store.update((db, tx) => closeRound(db, tx, { groupId: 'g1', roundId: 'V1', actor: anna }));
    expect(second.changed).toBe(false);
    expect(JSON.stringify(s.db())).toBe(snapshot);
    expect(s.db().voteRounds[0].closedBy).toBe('system');
    expect(s.db().risks[0].history[0]).toMatchObject({ date: '2025-06-17', meeting: null, round: 'V1', rating: 'yellow' });
  });

  it('a retired risk gets no history, and the announcement is queued in the outbox in the same write', async () => {
    const s = await voted();
    await s.store.update((db, tx) => retireRisk(db, tx, { groupId: 'g1', actor: anna, riskId: 'R2' }));
    await s.store.update((db, tx) =>
      closeRound(db, tx, {
        groupId: 'g1',
        roundId: 'V1',
        actor: anna,
        announce: (d, r) => ({ conversation: d.groups[0].conversation, activity: { type: 'message', text: `closed ${r.id}` } }),
      }),
    );
    expect(s.db().risks.find((r) => r.id === 'R2')!.history).toEqual([]);
    expect(s.db().voteRounds[0].result).not.toHaveProperty('R2');
    expect(s.db().outbox).toEqual([
      expect.objectContaining({ status: 'queued', groupId: 'g1', activity: { type: 'message', text: 'closed V1' } }),
    ]);
  });

  it('refuses an override naming an unknown risk or colour', async () => {
    const s = await voted();
    expect(
      await code(s.store.update((db, tx) => closeRound(db, tx, { groupId: 'g1', roundId: 'V1', actor: anna, overrides: { R7: 'red' } }))),
    ).toBe('risk_unknown');
    expect(
      await code(
        s.store.update((db, tx) => closeRound(db, tx, { groupId: 'g1', roundId: 'V1', actor: anna, overrides: { R1: 'orange' } })),
      ),
    ).toBe('bad_rating');
    expect(s.db().voteRounds[0].status).toBe('open');
  });
});
