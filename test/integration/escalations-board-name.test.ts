import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { botAdded, cardAction, groupChat, message, users, type TestConversation, type TestUser } from '../helpers/activities.js';
import { seedRisks } from '../helpers/action-world.js';
import { cardOf, cardText, invokeCard, startHarness, type Harness } from '../helpers/bot-harness.js';

/** A board chat Teams gives no name: the recipient starts with the neutral default, then is renamed. */
const boardChat: TestConversation = { id: '19:board-chat@thread.v2', type: 'groupChat', tenantId: 'tenant-secretariat' };

describe('the programme board is called by the name the group gives it, never "bestyrelsen"', () => {
  let h: Harness;
  const db = () => h.services.store.read();
  const g1 = () => db().groups.find((g) => g.id === 'g1')!;
  const say = (conv: TestConversation, from: TestUser, text: string) => h.turn(message(h.fc.url, conv, from, text));
  /** The bot's reply to the message (the outbox may post notices during the same turn). */
  const replyText = (r: { sent: any[] }) => r.sent.find((c) => c.body.replyToId && typeof c.body.text === 'string')?.body.text as string;
  const everything = () =>
    h.fc
      .posts()
      .map((c) => JSON.stringify(c.body))
      .join('\n');

  beforeAll(async () => {
    h = await startHarness();
    await seedRisks(h.services.store, 'g1');
    await h.post(botAdded(h.fc.url, boardChat, users.erik));
  });
  afterAll(async () => h.close());

  it('a target without a Teams name is called "programstyregruppen" until renamed', async () => {
    const r = await say(boardChat, users.anna, 'eskaleringskanal');
    expect(replyText(r)).toContain('sendes nu hertil (programstyregruppen)');
    expect(g1().escalationTarget?.name).toBeNull();
  });

  it('only the chair renames it; "eskaleringskanal navn …" works in the group chat and in the board chat', async () => {
    const refused = await say(groupChat, users.bent, 'eskaleringskanal navn Bestyrelsen');
    expect(replyText(refused)).toContain('Kun formanden kan gøre det.');
    expect(g1().escalationTarget?.name).toBeNull();
    const empty = await say(groupChat, users.anna, 'eskaleringskanal navn   ');
    expect(replyText(empty)).toContain('Skriv det nye navn');
    const fromBoard = await say(boardChat, users.anna, 'eskaleringskanal navn DAP styregruppen');
    expect(replyText(fromBoard)).toContain('hedder nu "DAP styregruppen"');
    const r = await say(groupChat, users.anna, 'eskaleringskanal navn "DAP-styregruppen"');
    expect(replyText(r)).toBe('Eskaleringsmodtageren for Operationel styregruppe hedder nu "DAP-styregruppen" i alle kort og beskeder.');
    expect(g1().escalationTarget?.name).toBe('DAP-styregruppen');
    expect(
      db()
        .audit.filter((a) => a.action === 'group.escalation_target_name')
        .map((a) => (a.after as any).name),
    ).toEqual(['DAP styregruppen', 'DAP-styregruppen']);
  });

  it('the confirm card says what is sent to DAP-styregruppen; status, board card, notices and outbox use the name', async () => {
    const r = await say(groupChat, users.anna, 'eskaler R2 Kræver en prioritering på tværs af programmer');
    const confirm = cardOf(r.sent[0]);
    expect(cardText(confirm)).toContain(
      'Dette sendes til DAP-styregruppen: risikoen med vurdering, historik, seneste afstemning, korrigerende handlinger og din begrundelse. DAP-styregruppen kvitterer',
    );
    const data = {
      ...confirm.actions.find((a: any) => a.verb === VERBS.escalationConfirm).data,
      escalationReason: 'Kræver en prioritering på tværs af programmer',
    };
    const done = await h.post(cardAction(h.fc.url, groupChat, users.anna, VERBS.escalationConfirm, data, 'confirm-1'));
    expect(cardText(invokeCard(done.body))).toMatch(
      /Eskaleret som E1 af Anna Holm\. Status: (Afventer afsendelse|Sendt til DAP-styregruppen)\./,
    );
    await h.fc.waitFor(() => h.fc.posts(boardChat.id).some((c) => cardText(cardOf(c)).includes('Eskalering E1')));
    const board = cardOf(h.fc.posts(boardChat.id).find((c) => cardText(cardOf(c)).includes('Eskalering E1')));
    expect(cardText(board)).toContain('Sendt til DAP-styregruppen');
    await h.fc.waitFor(() => db().escalations[0]?.status === 'sent');
    const ack = await h.post(
      cardAction(h.fc.url, boardChat, users.erik, VERBS.escalationAck, { groupId: 'g1', escalationId: 'E1' }, 'board-1'),
    );
    expect(ack.status).toBe(200);
    await h.fc.waitFor(() =>
      h.fc.posts(groupChat.id).some((c) => cardText(cardOf(c)).includes('DAP-styregruppen har modtaget eskalering E1')),
    );
    expect(everything()).not.toMatch(/bestyrelse|the board\b/i);
  });

  it('English: the renamed recipient is used, capitalised at the start of a sentence', async () => {
    const { escalationConfirmView, purposeText } = await import('../../src/cards/views/escalations.js');
    const view = escalationConfirmView('en', {
      state: 'confirm',
      group: g1(),
      riskId: 'R2',
      snapshot: db().escalations[0].snapshot,
      reason: 'x',
      token: 'tok123',
    });
    expect(view.intro).toBe(
      'This is sent to DAP-styregruppen: the risk with its rating, history, latest vote, corrective actions and your reason. DAP-styregruppen acknowledges and answers on the card, and the answer comes back here.',
    );
    const unnamed = { ...g1(), escalationTarget: null };
    expect(
      escalationConfirmView('en', {
        state: 'confirm',
        group: unnamed,
        riskId: 'R2',
        snapshot: db().escalations[0].snapshot,
        reason: 'x',
        token: 'tok123',
      }).intro,
    ).toContain('. The programme board acknowledges');
    expect(purposeText('da', 'escalation:g1:E1', 'DAP-styregruppen')).toBe('Eskalering E1 til DAP-styregruppen');
  });
});
