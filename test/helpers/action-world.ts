/**
 * Seeds for the action-point and escalation tests: a risk with history and a closed vote round,
 * and a planned meeting with an agenda, written straight into the running bot's store (the risk
 * and meeting features have their own tests; here they are only the setting).
 */
import type { Store } from '../../src/app/ports.js';
import type { AgendaItem, Meeting, Risk, VoteRound } from '../../src/domain/model.js';
import { item as blankItem, meeting as baseMeeting, risk as baseRisk, voteRound } from './builders.js';

/** A blank agenda item, as the domain makes one. */
export const item = (number: number, title: string): AgendaItem => blankItem(number, title);

export function meeting(groupId: string, number: number, date: string, over: Partial<Meeting> = {}): Meeting {
  return baseMeeting(groupId, number, date, {
    title: 'Operationel styregruppe for forløbsplaner',
    start: '12:30',
    end: '14:00',
    location: 'Mødelokale 2, sekretariatet',
    items: [item(1, 'Velkomst og godkendelse af referat'), item(2, 'Status på tekniske leverancer'), item(3, 'Projektets risikolog')],
    createdAt: '2025-01-10T09:00:00.000Z',
    ...over,
  });
}

export async function seedMeeting(store: Store, m: Meeting): Promise<void> {
  await store.update((db) => {
    db.meetings.push(structuredClone(m));
    const g = db.groups.find((x) => x.id === m.groupId)!;
    g.counters.meeting = Math.max(g.counters.meeting, m.number);
  });
}

export function risk(groupId: string, id: string, over: Partial<Risk> = {}): Risk {
  return baseRisk(groupId, id, {
    category: 'Udbredelse',
    title: 'Lægesystemleverandørerne når ikke certificeringen til tiden',
    description: 'Den største leverandør har endnu ikke planlagt certificeringen af forløbsplanerne.',
    owner: { name: 'Carsten Vang', aadObjectId: 'aad-carsten' },
    rating: 'red',
    correctiveActions: ['Ugentlige statusmøder med leverandøren', 'Udbredelsen starter hos praksis med de øvrige systemer'],
    history: [
      { date: '2025-02-24', rating: 'yellow', tally: { green: 1, yellow: 4, red: 0 }, disagreement: false, round: 'V1', meeting: 1 },
      { date: '2025-06-16', rating: 'red', tally: { green: 0, yellow: 2, red: 3 }, disagreement: true, round: 'V2', meeting: 2 },
    ],
    createdAt: '2025-02-01T09:00:00.000Z',
    ...over,
  });
}

export function round(groupId: string, id: string, riskIds: string[], openedAt: string, ballots: VoteRound['ballots']): VoteRound {
  return voteRound(groupId, id, riskIds, {
    status: 'closed',
    openedAt,
    deadline: openedAt,
    meeting: 2,
    ballots,
    closedAt: openedAt,
    closedBy: 'aad-anna',
  });
}

/** R2 (red, two history entries) and R3 (retired), plus vote rounds V1 (older) and V2 (latest, with comments). */
export async function seedRisks(store: Store, groupId: string): Promise<void> {
  await store.update((db) => {
    db.risks.push(risk(groupId, 'R2'), risk(groupId, 'R3', { title: 'Gammel risiko', status: 'retired' }));
    db.voteRounds.push(
      round(groupId, 'V1', ['R2'], '2025-02-24T11:00:00.000Z', [
        {
          voter: 'aad-bent',
          voterName: 'Bent Lund',
          choices: { R2: 'yellow' },
          comment: 'Gammel kommentar',
          at: '2025-02-24T11:00:00.000Z',
        },
      ]),
      round(groupId, 'V2', ['R2'], '2025-06-16T10:00:00.000Z', [
        {
          voter: 'aad-bent',
          voterName: 'Bent Lund',
          choices: { R2: 'red' },
          comment: 'Leverandøren svarer ikke på rykkere.',
          at: '2025-06-16T10:05:00.000Z',
        },
        { voter: 'aad-carsten', voterName: 'Carsten Vang', choices: { R2: 'red' }, comment: null, at: '2025-06-16T10:06:00.000Z' },
        {
          voter: 'aad-dorthe',
          voterName: 'Dorthe Kjær',
          choices: { R2: 'yellow' },
          comment: 'Platformen er klar.',
          at: '2025-06-16T10:07:00.000Z',
        },
      ]),
    );
    const g = db.groups.find((x) => x.id === groupId)!;
    g.counters.risk = 3;
    g.counters.round = 2;
  });
}
