/**
 * Action points for the "Opfølgning" fixtures and tests, around a meeting on 2025-06-16: two
 * overdue, two open (one without a due date), one done before the meeting, one created on the
 * meeting day, one done on the meeting day (still on the list the group went through) and one of
 * another group.
 */
import type { ActionPoint } from '../../../src/domain/model.js';
import { actionPoint } from '../../helpers/builders.js';

const action = (id: string, over: Partial<ActionPoint>): ActionPoint =>
  actionPoint('g1', id, { source: { kind: 'item', meeting: 1, item: 3, risk: null }, createdAt: '2025-03-20T10:00:00Z', ...over });

export function followUpActions(groupId = 'g1'): ActionPoint[] {
  return [
    action('A4', { groupId, text: 'Send opdateret kontaktliste til regionerne', due: '2025-07-01' }),
    action('A2', {
      groupId,
      text: 'Afklar hosting af testmiljøet med driftsleverandøren',
      owner: { name: 'Dorthe Kjær', aadObjectId: 'aad-dorthe' },
      due: '2025-05-30',
    }),
    action('A1', { groupId, text: 'Beskriv proces for fejlrapportering', due: '2025-04-15' }),
    action('A5', { groupId, text: 'Book lokale til workshop om forløbsplaner', owner: { name: 'Anna Holm', aadObjectId: 'aad-anna' } }),
    action('A3', { groupId, text: 'Lukket før mødet', due: '2025-05-01', status: 'done', doneAt: '2025-05-02T09:00:00Z' }),
    action('A6', { groupId, text: 'Oprettet på mødet', due: '2025-06-01', createdAt: '2025-06-16T08:30:00Z' }),
    action('A7', { groupId, text: 'Godkend testplan for version 4.2', due: '2025-06-20', status: 'done', doneAt: '2025-06-16T09:15:00Z' }),
    action('A8', { groupId: 'other', text: 'En anden gruppes handling', due: '2025-05-01' }),
  ];
}
