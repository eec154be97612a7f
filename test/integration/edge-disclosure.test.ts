import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { LIMITS } from '../../src/domain/limits.js';
import { botAdded, cardAction, groupChat, message, personalChat, TENANT, users, type TestConversation } from '../helpers/activities.js';
import { invokeCard, invokeMessage, setMembers, startHarness, type Harness } from '../helpers/bot-harness.js';

/**
 * What a stranger can learn or do at the edge (issue 16, 4): card actions in personal chat from
 * someone on no roster, a card of one group clicked in another group's chat, the escalation
 * channel command naming groups, and a flood of guessed /files tokens in the security log.
 */
const NOW = new Date('2025-05-01T08:00:00.000Z');
const otherChat: TestConversation = { id: '19:other-chat@thread.v2', type: 'groupChat', tenantId: TENANT, name: 'Hemmelig fusionsgruppe' };
const boardChat: TestConversation = { id: '19:board-chat@thread.v2', type: 'groupChat', tenantId: TENANT, name: 'Bestyrelsen' };

describe('disclosure at the edge', () => {
  let h: Harness;
  const db = () => h.services.store.read();
  const g1 = () => db().groups.find((g) => g.conversation.conversationId === groupChat.id)!;
  const securityLog = () => readFileSync(`${h.storePath}.security.log`, 'utf8');

  beforeAll(async () => {
    h = await startHarness({ clock: { now: () => NOW } });
    // A second steering group: Erik chairs it, Anna (chair of g1) is a member there.
    setMembers(h.fc, otherChat, [users.erik, users.anna]);
    expect((await h.post(botAdded(h.fc.url, otherChat, users.erik))).status).toBe(200);
    const r = await h.turn(message(h.fc.url, groupChat, users.anna, 'nyt møde 16-06-2025 12:30-14:00'));
    expect(r.sent[0].body.text).toMatch(/oprettet/);
  });
  afterAll(async () => h.close());

  it('personal chat: a card naming a group is refused for someone not on its roster, with the same answer whether the group exists or not', async () => {
    const cases: [string, Record<string, unknown>][] = [
      [VERBS.itemDecide, { meeting: 1, item: 1, outcome: 'approved', decision: 'x' }],
      [VERBS.meetingsIcs, {}],
      [VERBS.riskEdit, { riskId: 'R1' }],
      [VERBS.minutesFile, { meeting: 1, format: 'docx' }],
      [VERBS.actionDone, { actionId: 'A1' }],
    ];
    for (const [verb, data] of cases) {
      const answers = new Set<string>();
      for (const groupId of [g1().id, 'g-does-not-exist', 42]) {
        const res = await h.post(cardAction(h.fc.url, personalChat(users.erik), users.erik, verb, { ...data, groupId }));
        expect(invokeCard(res.body)).toBeNull();
        answers.add(invokeMessage(res.body)!);
      }
      expect([...answers]).toEqual(['⚠️ Du står ikke på gruppens medlemsliste. Bed formanden om at tilføje dig med "medlem @dig".']);
    }
    expect(db().meetings[0].items[0].outcome ?? null).toBeNull();
    const refused = securityLog()
      .split('\n')
      .filter((l) => l.includes('"actor":"aad-erik"') && l.includes('"code":"not_member"'));
    expect(refused).toHaveLength(15);
    expect(refused[0]).toContain(`item.decide card for group ${g1().id}`);
  });

  it('personal chat: someone on the roster still gets past the check (the verb decides)', async () => {
    const res = await h.post(cardAction(h.fc.url, personalChat(users.bent), users.bent, VERBS.meetingsIcs, { groupId: g1().id }));
    expect(invokeCard(res.body)).not.toBeNull();
  });

  it('item.decide ties the card’s group to the conversation: a g1 card clicked in another group’s chat is refused, even by g1’s chair', async () => {
    const res = await h.post(
      cardAction(h.fc.url, otherChat, users.anna, VERBS.itemDecide, {
        groupId: g1().id,
        meeting: 1,
        item: 1,
        outcome: 'approved',
        decision: 'Godkendt udefra',
      }),
    );
    expect(invokeCard(res.body)).toBeNull();
    expect(invokeMessage(res.body)).toBe('⚠️ Ugyldigt input: card data.');
    expect(db().meetings[0].items[0].outcome ?? null).toBeNull();
    expect(securityLog()).toMatch(/"actor":"aad-anna".*"code":"card_group_mismatch".*agenda item card for group g/);
    // In the group's own chat the same click works.
    const ok = await h.post(
      cardAction(h.fc.url, groupChat, users.anna, VERBS.itemDecide, {
        groupId: g1().id,
        meeting: 1,
        item: 1,
        outcome: 'approved',
        decision: 'Godkendt',
      }),
    );
    expect(invokeCard(ok.body)).not.toBeNull();
    expect(db().meetings[0].items[0].outcome).toBe('approved');
  });

  it('eskaleringskanal <navn> never names a group the sender does not chair', async () => {
    setMembers(h.fc, boardChat, [users.erik, users.anna, users.bent]);
    await h.post(botAdded(h.fc.url, boardChat, users.bent));
    const byName = await h.turn(message(h.fc.url, boardChat, users.erik, 'eskaleringskanal Operationel'));
    const text = byName.sent.map((s) => s.body.text ?? '').join('\n');
    expect(text).toContain('Du er ikke formand for en styregruppe, der hedder "Operationel"');
    expect(text).toContain('Hemmelig fusionsgruppe');
    expect(text).not.toContain('Operationel styregruppe');
    const member = await h.turn(message(h.fc.url, boardChat, users.bent, 'eskaleringskanal Hemmelig'));
    const memberText = member.sent.map((s) => s.body.text ?? '').join('\n');
    expect(memberText).toContain('Du er ikke formand i nogen styregruppe');
    expect(memberText).not.toMatch(/Hemmelig fusionsgruppe|Operationel styregruppe/);
    expect(db().groups.every((g) => g.escalationTarget === null)).toBe(true);
  });

  it('a flood of guessed /files tokens writes a bounded number of security log lines', async () => {
    const before = securityLog()
      .split('\n')
      .filter((l) => l.includes('file_token_')).length;
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${h.bot.url}/files/${'A'.repeat(40)}.${i}.${'B'.repeat(43)}`);
      expect([400, 403]).toContain(res.status);
      await res.arrayBuffer();
    }
    const lines = securityLog()
      .split('\n')
      .filter((l) => l.includes('file_token_'));
    expect(lines.length - before).toBeGreaterThan(0);
    expect(lines.length - before).toBeLessThanOrEqual(20);
  });

  it('a group at its risk cap gets a clear answer in the chat and nothing is stored', async () => {
    const g = g1();
    await h.services.store.update((d) => {
      for (let i = 1; i <= LIMITS.openRisks; i++) {
        d.risks.push({
          groupId: g.id,
          id: `R${i}`,
          category: 'Teknik',
          title: `Risiko ${i}`,
          description: null,
          owner: null,
          rating: null,
          correctiveActions: [],
          status: 'open',
          history: [],
          createdAt: NOW.toISOString(),
          createdBy: 'aad-anna',
        });
      }
      d.groups.find((x) => x.id === g.id)!.counters.risk = LIMITS.openRisks;
    });
    const r = await h.turn(message(h.fc.url, groupChat, users.bent, 'ny risiko Teknik: Én risiko for meget'));
    expect(r.sent.map((s) => s.body.text ?? '').join('\n')).toContain('Gruppen har 200 åbne risici, og der kan ikke tilføjes flere.');
    expect(db().risks.filter((x) => x.groupId === g.id)).toHaveLength(LIMITS.openRisks);
  });
});
