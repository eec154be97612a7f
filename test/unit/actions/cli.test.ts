import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { actionsOf } from '../../../src/cli/actions.js';
import { escalationsOf, findEscalation, memoInput } from '../../../src/cli/escalations.js';
import { escalationMemoDocx } from '../../../src/export/escalation-memo.js';
import type { Db, Escalation } from '../../../src/domain/model.js';
import { group, world } from './world.js';
import { actionPoint } from '../../helpers/builders.js';

function twoGroups(): Db {
  const db = world();
  db.groups.push(group('g2'));
  const a = (groupId: string, id: string) =>
    actionPoint(groupId, id, {
      text: `Tekst ${id}`,
      owner: { name: 'Bent Lund', aadObjectId: 'aad-bent', teamsId: '29:bent' },
      createdAt: '2025-06-01T00:00:00.000Z',
      card: { conversationId: 'c', activityId: 'x' },
    });
  db.actions.push(a('g2', 'A1'), a('g1', 'A10'), a('g1', 'A2'));
  const e = (groupId: string): Escalation => ({
    groupId,
    id: 'E1',
    riskId: 'R2',
    reason: 'Forsinket',
    status: 'answered',
    by: 'aad-anna',
    byName: 'Anna Holm',
    at: '2025-06-16T11:00:00.000Z',
    snapshot: {
      title: 'Certificering',
      category: 'Udbredelse',
      rating: 'red',
      history: [],
      tally: null,
      comments: [],
      correctiveActions: [],
      owner: null,
    },
    outboxId: null,
    answer: 'Planen ændres',
    answeredBy: 'aad-frida',
    answeredByName: 'Frida Mose',
    answeredAt: '2025-06-20T10:00:00.000Z',
    acknowledgedBy: 'aad-erik',
    acknowledgedByName: 'Erik Sand',
    acknowledgedAt: '2025-06-17T07:00:00.000Z',
  });
  db.escalations.push(e('g1'), e('g2'));
  return db;
}

describe('CLI listings', () => {
  it('actions: exactly the documented fields, in group then numeric id order; --group filters', () => {
    const list = actionsOf(twoGroups());
    expect(list.map((a) => `${a.group}/${a.id}`)).toEqual(['g1/A2', 'g1/A10', 'g2/A1']);
    expect(list[0]).toEqual({
      group: 'g1',
      id: 'A2',
      text: 'Tekst A2',
      owner: { name: 'Bent Lund', aadObjectId: 'aad-bent' },
      due: null,
      status: 'open',
      source: { kind: 'chat', meeting: null, item: null, risk: null },
      notes: [],
    });
    expect(actionsOf(twoGroups(), 'g2').map((a) => a.id)).toEqual(['A1']);
  });

  it('escalations: status and who acknowledged/answered by name', () => {
    expect(escalationsOf(twoGroups(), 'g1')).toEqual([
      expect.objectContaining({
        group: 'g1',
        id: 'E1',
        status: 'answered',
        acknowledged: { by: 'Erik Sand', at: '2025-06-17T07:00:00.000Z' },
        answer: { text: 'Planen ændres', by: 'Frida Mose', at: '2025-06-20T10:00:00.000Z' },
      }),
    ]);
  });

  it('escalation memo: an id in two groups needs --group; the memo names board members who are on no roster', async () => {
    expect(() => findEscalation(twoGroups(), 'e1')).toThrow(/cli_escalation_ambiguous/);
    expect(() => findEscalation(twoGroups(), 'E7', 'g1')).toThrow(/cli_escalation_unknown/);
    const { escalation, group: g } = findEscalation(twoGroups(), 'e1', 'g2');
    expect(g.id).toBe('g2');
    const zip = await JSZip.loadAsync(await escalationMemoDocx(memoInput(escalation), g, null));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('Erik Sand');
    expect(xml).toContain('Frida Mose');
    expect(xml).toContain('Planen ændres');
  });
});
