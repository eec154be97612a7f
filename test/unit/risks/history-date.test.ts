import { describe, expect, it } from 'vitest';
import { addRisk } from '../../../src/app/risks.js';
import { castBallot, closeRound, openRound } from '../../../src/app/votes.js';
import { emptyDb, type Member, type Person } from '../../../src/domain/model.js';
import { memoryStore } from '../../../src/storage/memory-store.js';
import { meetingOf, steeringGroup } from '../../helpers/risk-world.js';

const person = (name: string, key: string): Person => ({ name, aadObjectId: `aad-${key}`, teamsId: `29:${key}` });
const anna = person('Anna Holm', 'anna');
const bent = person('Bent Lund', 'bent');
const member = (p: Person, role: Member['role']): Member => ({ ...p, role, organisation: 'MedCom' });

describe('risk history', () => {
  it('dates a settled rating by when the vote closed, not by the meeting the round belongs to', async () => {
    const db = emptyDb();
    db.groups.push(steeringGroup('g1', [member(anna, 'chair'), member(bent, 'member')]));
    db.meetings.push(meetingOf('g1', 1, '2026-12-15', '12:30', '14:00', 'planned'));
    let now = new Date('2026-12-01T08:00:00Z');
    const store = memoryStore(db, { now: () => now });
    await store.update((d, tx) => addRisk(d, tx, { groupId: 'g1', actor: anna, category: 'Teknik', title: 'Svartider' }));
    const round = await store.update((d, tx) => openRound(d, tx, { groupId: 'g1', actor: anna }));
    expect(round.meeting).toBe(1); // the round is for the meeting on 15 December
    await store.update((d, tx) => castBallot(d, tx, { groupId: 'g1', roundId: round.id, actor: bent, choices: { R1: 'yellow' } }));
    now = new Date('2026-12-06T21:30:00Z'); // 22:30 in Copenhagen, 6 December
    await store.update((d, tx) => closeRound(d, tx, { groupId: 'g1', roundId: round.id, actor: anna }));
    expect(store.read().risks[0]!.history).toEqual([
      expect.objectContaining({ date: '2026-12-06', rating: 'yellow', meeting: 1, round: round.id }),
    ]);
  });
});
