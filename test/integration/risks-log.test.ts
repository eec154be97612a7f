/**
 * The risk log card over HTTP: the chair's tools (escalate, edit, retire) on each risk, the edit
 * form as the chair's own view, saving updates the shared card after the turn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { cardAction, groupChat, message, users } from '../helpers/activities.js';
import { cardOf, cardText, invokeCard, invokeMessage, startHarness, type Harness } from '../helpers/bot-harness.js';

function nodes(card: unknown): any[] {
  const out: any[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      out.push(n);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return out;
}

describe('risk log card: chair edits, sets the owner and retires from the card', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await h.post(message(h.fc.url, groupChat, users.anna, 'ny risiko Teknik: Forsinket certificering af lægesystemerne'));
    await h.post(message(h.fc.url, groupChat, users.bent, 'ny risiko Udbredelse: For få praksisser tager forløbsplanerne i brug'));
  });
  afterAll(async () => h.close());

  it('a member’s log has only the download buttons (Word, Excel); the chair’s has escalate, edit and retire per risk as well', async () => {
    const member = cardOf((await h.turn(message(h.fc.url, groupChat, users.bent, 'risici'))).sent[0]);
    const memberActions = nodes(member).filter((n) => typeof n.type === 'string' && n.type.startsWith('Action.'));
    expect(memberActions.map((n) => `${n.verb} ${n.data.format}`)).toEqual(['risklog.file docx', 'risklog.file xlsx']);
    const r = await h.turn(message(h.fc.url, groupChat, users.anna, 'risici'));
    const chair = cardOf(r.sent[0]);
    const verbs = nodes(chair)
      .filter((n) => n.type === 'Action.Execute')
      .map((n) => `${n.verb} ${n.data.riskId ?? n.data.format}`);
    expect(verbs).toEqual([
      'risk.escalate R1',
      'risk.edit R1',
      'risk.retire R1',
      'risk.escalate R2',
      'risk.edit R2',
      'risk.retire R2',
      'risklog.file docx',
      'risklog.file xlsx',
    ]);
  });

  it('Edit returns the chair’s own view with the form; Save stores owner, description and actions and updates the shared card after the turn', async () => {
    const form = await h.turn(
      cardAction(h.fc.url, groupChat, users.anna, VERBS.riskEdit, { groupId: 'g1', riskId: 'R1', mode: 'form' }, 'log-card-1'),
    );
    expect(form.sent).toEqual([]);
    const inputs = nodes(invokeCard(form.body)).filter((n) => typeof n.type === 'string' && n.type.startsWith('Input.'));
    expect(inputs.map((i) => i.id)).toEqual(['e_owner_R1', 'e_ownerother_R1', 'e_desc_R1', 'e_actions_R1']);
    expect(inputs[0].choices.map((c: any) => c.title)).toContain('Bent Lund');

    const save = await h.turn(
      cardAction(
        h.fc.url,
        groupChat,
        users.anna,
        VERBS.riskEdit,
        {
          groupId: 'g1',
          riskId: 'R1',
          mode: 'save',
          e_owner_R1: 'aad-bent',
          e_ownerother_R1: '',
          e_desc_R1: 'To af fire leverandører mangler certificering af den nye version.',
          e_actions_R1: 'Ugentlige statusmøder\n\nEskalationsplan aftalt med DAP',
        },
        'log-card-1',
      ),
    );
    expect(save.sent).toEqual([]);
    expect(h.services.store.read().risks[0]).toMatchObject({
      owner: { name: 'Bent Lund', aadObjectId: 'aad-bent' },
      description: 'To af fire leverandører mangler certificering af den nye version.',
      correctiveActions: ['Ugentlige statusmøder', 'Eskalationsplan aftalt med DAP'],
    });
    expect(cardText(invokeCard(save.body))).toContain('Ejer: Bent Lund');
    await h.fc.waitFor((calls) => calls.some((c) => c.method === 'PUT' && c.activityId === 'log-card-1'));
    expect(cardText(cardOf(h.fc.puts(groupChat.id).find((c) => c.activityId === 'log-card-1')))).toContain(
      'Eskalationsplan aftalt med DAP',
    );
    expect(h.services.store.read().audit.filter((a) => a.action === 'risk.edit')).toHaveLength(1);
  });

  it('an owner outside the group by name; clearing the owner', async () => {
    await h.post(
      cardAction(
        h.fc.url,
        groupChat,
        users.anna,
        VERBS.riskEdit,
        { groupId: 'g1', riskId: 'R2', mode: 'save', e_owner_R2: 'none', e_ownerother_R2: 'Driftsleverandøren' },
        'log-card-1',
      ),
    );
    expect(h.services.store.read().risks[1].owner).toEqual({ name: 'Driftsleverandøren', aadObjectId: null });
    await h.post(
      cardAction(
        h.fc.url,
        groupChat,
        users.anna,
        VERBS.riskEdit,
        { groupId: 'g1', riskId: 'R2', mode: 'save', e_owner_R2: 'none', e_ownerother_R2: '' },
        'log-card-1',
      ),
    );
    expect(h.services.store.read().risks[1].owner).toBeNull();
    const bad = await h.post(
      cardAction(
        h.fc.url,
        groupChat,
        users.anna,
        VERBS.riskEdit,
        { groupId: 'g1', riskId: 'R2', mode: 'save', e_owner_R2: 'aad-nobody' },
        'log-card-1',
      ),
    );
    expect(invokeMessage(bad.body)).toContain('står ikke på gruppens medlemsliste');
  });

  it('Retire removes the risk from the log and from the next vote; its history stays', async () => {
    const r = await h.post(cardAction(h.fc.url, groupChat, users.anna, VERBS.riskRetire, { groupId: 'g1', riskId: 'R2' }, 'log-card-1'));
    const text = cardText(invokeCard(r.body));
    expect(text).toContain('Lukkede risici (1)');
    expect(h.services.store.read().risks[1].status).toBe('retired');
    await h.post(message(h.fc.url, groupChat, users.anna, 'risikoafstemning'));
    expect(h.services.store.read().voteRounds[0].riskIds).toEqual(['R1']);
  });
});
