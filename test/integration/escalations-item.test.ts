/**
 * Escalating an agenda item's recommendation to the programme board over HTTP (issue #14):
 * "eskaler punkt 2.5 <begrundelse>" (chair) → the confirmation card shows exactly what is sent →
 * confirm → the board card in the board's channel → Modtaget and Besvar there → the answer comes
 * back to the group, escalations --json names the subject {kind: "item", meeting, item}.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalationsOf } from '../../src/cli/escalations.js';
import { itemEscalations } from '../../src/app/item-escalations.js';
import { buildMinutes } from '../../src/export/minutes-model.js';
import { minutesToMarkdown } from '../../src/export/minutes-md.js';
import { VERBS } from '../../src/cards/verbs.js';
import { meeting1 } from '../helpers/minutes-meeting.js';
import { boardChannel, botAdded, cardAction, groupChat, message, users } from '../helpers/activities.js';
import { cardOf, cardText, invokeCard, startHarness, type Harness } from '../helpers/bot-harness.js';

describe('escalation of an agenda item to the programme board', () => {
  let h: Harness;
  const db = () => h.services.store.read();
  const say = (text: string, from = users.anna, conv = groupChat) => h.turn(message(h.fc.url, conv, from, text));

  beforeAll(async () => {
    h = await startHarness();
    await h.services.store.update((d) => {
      const m = meeting1('g1');
      m.number = 2;
      m.items.push({
        ...m.items[0],
        number: 5,
        title: 'Budget for udbredelse 2026',
        presenter: 'Bent Lund',
        recommendation: ['Det indstilles, at styregruppen anbefaler DAP-styregruppen at bevilge 1,2 mio. kr.'],
      });
      d.meetings.push(m);
      d.groups[0].counters.meeting = 2;
    });
    await h.post(botAdded(h.fc.url, boardChannel, users.erik));
    await say('eskaleringskanal', users.anna, boardChannel);
    // The group's "escalations now go to …" notice leaves through the outbox, on its own time:
    // wait for it, so the turns below see only their own replies.
    const notice = () =>
      h.fc.calls.some(
        (c) => c.method === 'POST' && c.conversationId === groupChat.id && JSON.stringify(c.body ?? '').includes('Eskaleringskanal sat'),
      );
    for (const until = Date.now() + 10_000; !notice() && Date.now() < until;) await new Promise((r) => setTimeout(r, 20));
    expect(notice()).toBe(true);
  });
  afterAll(async () => h.close());

  it('a member may not; an unknown item is refused in words', async () => {
    expect((await say('eskaler punkt 2.5 Budget', users.bent)).sent[0].body.text).toContain('Kun formanden kan gøre det.');
    expect((await say('eskaler punkt 2.9 Budget')).sent[0].body.text).toContain('Punkt 2.9 findes ikke');
    expect(db().escalations).toEqual([]);
  });

  it('the chair confirms; the board gets the item with its recommendation; the answer comes back', async () => {
    const r = await say('eskaler punkt 2.5 Beløbet ligger over styregruppens mandat');
    const confirm = cardOf(r.sent[0]);
    const text = cardText(confirm);
    expect(text).toContain('Eskalér punkt 2.5 Budget for udbredelse 2026 til DAP-styregruppen?');
    expect(text).toContain('anbefaler DAP-styregruppen at bevilge 1,2 mio. kr.');
    expect(text).toContain('Bent Lund');
    const data = confirm.actions.find((a: any) => a.verb === VERBS.escalationConfirm).data;
    expect(data).toMatchObject({ groupId: 'g1', riskId: '', item: '2.5' });
    const done = await h.post(
      cardAction(
        h.fc.url,
        groupChat,
        users.anna,
        VERBS.escalationConfirm,
        { ...data, escalationReason: 'Beløbet ligger over styregruppens mandat' },
        'c1',
      ),
    );
    expect(cardText(invokeCard(done.body))).toContain('E1');
    const e = db().escalations[0];
    expect(e).toMatchObject({
      id: 'E1',
      riskId: '',
      subject: { kind: 'item', meeting: 2, item: 5 },
      reason: 'Beløbet ligger over styregruppens mandat',
    });
    await h.fc.waitFor(() =>
      h.fc.posts(boardChannel.id).some((c) => cardText(cardOf(c)).includes('Eskalering E1: punkt 2.5 Budget for udbredelse 2026')),
    );
    const board = cardOf(h.fc.posts(boardChannel.id).find((c) => cardText(cardOf(c)).includes('Eskalering E1')));
    expect(cardText(board)).toContain('Indstilling');
    expect(cardText(board)).toContain('1,2 mio. kr.');
    expect(cardText(board)).not.toContain('Korrigerende handlinger');
    await h.fc.waitFor(() => h.fc.posts(groupChat.id).some((c) => cardText(cardOf(c)).includes('Punkt 2.5 er eskaleret (E1)')));

    await h.fc.waitFor(() => !!db().escalations[0].card);
    const cardId = db().escalations[0].card!.activityId;
    const answer = 'DAP-styregruppen bevilger beløbet under forudsætning af medfinansiering.';
    await h.post(
      cardAction(
        h.fc.url,
        boardChannel,
        users.erik,
        VERBS.escalationAnswer,
        { groupId: 'g1', escalationId: 'E1', answerText: answer },
        cardId,
      ),
    );
    expect(itemEscalations(db(), 'g1', { meeting: 2, item: 5 })[0]).toMatchObject({ status: 'answered', answer });
    await h.fc.waitFor(() => h.fc.posts(groupChat.id).some((c) => cardText(cardOf(c)).includes(answer)));
    expect(db().audit.some((a) => a.action === 'item.escalation_answered' && a.target === '2.5')).toBe(true);
    // The minutes print the escalation and the board's answer under the item.
    const md = minutesToMarkdown(buildMinutes(db(), 'g1', 2, { locale: 'da', now: new Date('2025-06-20T10:00:00Z') }));
    const under = md.slice(md.indexOf('5. Budget for udbredelse 2026'));
    expect(under).toContain('Eskaleret til DAP-styregruppen (E1) af Anna Holm: Beløbet ligger over styregruppens mandat.');
    expect(under).toMatch(/Svar fra Erik Sand \d+\. \w+ 20\d\d: DAP-styregruppen bevilger beløbet/);
    expect(escalationsOf(db())[0]).toMatchObject({
      id: 'E1',
      risk: null,
      subject: { kind: 'item', meeting: 2, item: 5 },
      answer: { text: answer },
    });
  });
});
