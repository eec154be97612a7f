import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingsJson } from '../../src/cli/meetings.js';
import { VERBS } from '../../src/cards/verbs.js';
import type { Meeting } from '../../src/domain/model.js';
import { cardAction, groupChat, message, personalChat, users } from '../helpers/activities.js';
import { cardOf, cardText, invokeCard, invokeMessage, startHarness, type Harness } from '../helpers/bot-harness.js';

/**
 * Members propose agenda items (issue #15) over HTTP with the fake Bot Connector: "Foreslå punkt"
 * on the agenda overview and on the T-14d call for items, the chair's accept/decline card (in the
 * group with a mention, or in the chair's personal chat once known), and `meetings --json`.
 */
let nowMs = Date.parse('2025-05-01T08:00:00.000Z');

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('agenda proposals', () => {
  let h: Harness;
  let groupId: string;
  const meeting = (n: number): Meeting => h.services.store.read().meetings.find((m) => m.groupId === groupId && m.number === n)!;
  const cards = (conversationId: string) =>
    h.fc
      .posts(conversationId)
      .map((p) => ({ call: p, card: cardOf(p) }))
      .filter((c) => c.card);
  const actionsOf = (card: any): any[] => {
    const out: any[] = [];
    const walk = (n: any) => {
      if (!n || typeof n !== 'object') return;
      if (Array.isArray(n)) return n.forEach(walk);
      if (typeof n.type === 'string' && n.type.startsWith('Action.')) out.push(n);
      for (const v of Object.values(n)) if (typeof v === 'object') walk(v);
    };
    walk(card);
    return out;
  };

  beforeAll(async () => {
    h = await startHarness({ clock: { now: () => new Date(nowMs) } });
    groupId = h.services.store.read().groups[0].id;
    await h.turn(message(h.fc.url, groupChat, users.anna, 'nyt møde 16-06-2025 12:30-14:00'));
  });
  afterAll(async () => h.close());

  it('the agenda overview carries "Foreslå punkt" with a form, and the chair’s edit and send buttons', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.bent, 'dagsorden'));
    const overview = cardOf(r.sent.find((s) => cardOf(s)));
    const actions = actionsOf(overview);
    const propose = actions.find((a) => a.type === 'Action.ShowCard');
    expect(propose.title).toBe('Foreslå punkt');
    expect(JSON.stringify(propose.card)).toContain('"id":"propTitle"');
    expect(actionsOf(propose.card)[0]).toMatchObject({ verb: VERBS.proposalSubmit, data: { groupId, meeting: 1, from: 'overview' } });
    expect(actions.map((a) => a.verb).filter(Boolean)).toEqual([VERBS.proposalSubmit, VERBS.agendaEditOpen, VERBS.agendaPublish]);
  });

  it('a member proposes an item: thanked, and the chair gets an accept/decline card in the group, mentioned', async () => {
    const before = h.fc.posts(groupChat.id).length;
    const r = await h.post(
      cardAction(h.fc.url, groupChat, users.bent, VERBS.proposalSubmit, {
        groupId,
        meeting: 1,
        from: 'overview',
        propTitle: 'Opfølgning på pilotdrift',
        propPresenter: 'Bent Lund',
        propRecommendation: 'at styregruppen tager status til efterretning',
      }),
    );
    expect(invokeMessage(r.body)).toBe('Tak. Dit forslag "Opfølgning på pilotdrift" er sendt til formanden for 1. møde.');
    await until(() => h.fc.posts(groupChat.id).length > before);
    const chairCard = h.fc.posts(groupChat.id).slice(before).map(cardOf).find(Boolean);
    expect(cardText(chairCard)).toContain('<at>Anna Holm</at>: Bent Lund foreslår et punkt.');
    expect(cardText(chairCard)).toContain('at styregruppen tager status til efterretning');
    expect(chairCard.msteams.entities[0]).toMatchObject({ type: 'mention', text: '<at>Anna Holm</at>', mentioned: { name: 'Anna Holm' } });
    expect(actionsOf(chairCard).map((a) => a.verb)).toEqual([VERBS.proposalAccept, VERBS.proposalDecline]);
    expect(meeting(1).proposals).toEqual([
      expect.objectContaining({ title: 'Opfølgning på pilotdrift', status: 'open', byName: 'Bent Lund' }),
    ]);
    // The same click again (Teams re-sends): no second proposal, no second card.
    const again = await h.post(
      cardAction(h.fc.url, groupChat, users.bent, VERBS.proposalSubmit, { groupId, meeting: 1, propTitle: 'Opfølgning på pilotdrift' }),
    );
    expect(invokeMessage(again.body)).toContain('er allerede sendt til formanden');
    expect(meeting(1).proposals).toHaveLength(1);
  });

  it('a proposal without a title, or from someone outside the group, is refused and nothing is stored', async () => {
    const empty = await h.post(
      cardAction(h.fc.url, groupChat, users.bent, VERBS.proposalSubmit, { groupId, meeting: 1, propTitle: '   ' }),
    );
    expect(invokeMessage(empty.body)).toContain('Punktet mangler en titel.');
    const outsider = await h.post(
      cardAction(h.fc.url, groupChat, users.frida, VERBS.proposalSubmit, { groupId, meeting: 1, propTitle: 'X' }),
    );
    expect(invokeMessage(outsider.body)).toBeTruthy();
    expect(meeting(1).proposals).toHaveLength(1);
  });

  it('the chair accepts: the item is put before Eventuelt, the card says so, and meetings --json lists the proposal', async () => {
    const id = meeting(1).proposals![0].id;
    // A member cannot accept.
    const member = await h.post(cardAction(h.fc.url, groupChat, users.bent, VERBS.proposalAccept, { groupId, meeting: 1, id }));
    expect(invokeMessage(member.body)).toContain('Kun formanden eller referenten');
    const r = await h.post(cardAction(h.fc.url, groupChat, users.anna, VERBS.proposalAccept, { groupId, meeting: 1, id }));
    expect(cardText(invokeCard(r.body))).toContain('Optaget som punkt 6 af Anna Holm.');
    expect(actionsOf(invokeCard(r.body))).toEqual([]);
    expect(
      meeting(1)
        .items.slice(-2)
        .map((i) => [i.number, i.title, i.presenter]),
    ).toEqual([
      [6, 'Opfølgning på pilotdrift', 'Bent Lund'],
      [7, 'Eventuelt', null],
    ]);
    expect(meeting(1).items[5].recommendation).toEqual(['at styregruppen tager status til efterretning']);
    // Re-sent click: the same answer, no second item.
    const again = await h.post(cardAction(h.fc.url, groupChat, users.anna, VERBS.proposalAccept, { groupId, meeting: 1, id }));
    expect(cardText(invokeCard(again.body))).toContain('Optaget som punkt 6');
    expect(meeting(1).items).toHaveLength(7);
    // Declining it now is refused.
    const decline = await h.post(cardAction(h.fc.url, groupChat, users.anna, VERBS.proposalDecline, { groupId, meeting: 1, id }));
    expect(invokeMessage(decline.body)).toContain('er allerede behandlet');
    const json = meetingsJson(h.services.store.read()).find((m) => m.number === 1)!;
    expect(json.proposals).toEqual([
      {
        title: 'Opfølgning på pilotdrift',
        presenter: 'Bent Lund',
        recommendation: 'at styregruppen tager status til efterretning',
        by: 'Bent Lund',
        status: 'accepted',
      },
    ]);
    expect(h.services.store.read().audit.filter((a) => a.action === 'agenda.proposal.accept')).toHaveLength(1);
  });

  it('once the chair has a personal chat with the bot, the next proposal goes there; declining keeps the agenda as it was', async () => {
    await h.turn(message(h.fc.url, personalChat(users.anna), users.anna, 'hjælp'));
    const chairChat = personalChat(users.anna).id;
    const before = cards(chairChat).length;
    await h.post(
      cardAction(h.fc.url, groupChat, users.carsten, VERBS.proposalSubmit, { groupId, meeting: 1, propTitle: 'Ny logo-konkurrence' }),
    );
    await until(() => cards(chairChat).length > before);
    const card = cards(chairChat).slice(before)[0].card;
    expect(cardText(card)).toContain('Carsten Vang foreslår et punkt.');
    expect(card.msteams).toBeUndefined();
    const id = meeting(1).proposals![1].id;
    const items = JSON.stringify(meeting(1).items);
    const r = await h.post(cardAction(h.fc.url, personalChat(users.anna), users.anna, VERBS.proposalDecline, { groupId, meeting: 1, id }));
    expect(cardText(invokeCard(r.body))).toContain('Afvist af Anna Holm.');
    expect(JSON.stringify(meeting(1).items)).toBe(items);
    expect(
      meetingsJson(h.services.store.read())
        .find((m) => m.number === 1)!
        .proposals.map((p) => p.status),
    ).toEqual(['accepted', 'declined']);
  });

  it('the T-14d call for items carries "Foreslå punkt"', async () => {
    const due = h.services.store.read().reminders.find((r) => r.meeting === 1 && r.kind === 'T-14d')!.dueAt;
    nowMs = Date.parse(due);
    const before = h.fc.posts(groupChat.id).length;
    await h.bot.runner.tick(new Date(nowMs));
    const call = () =>
      h.fc
        .posts(groupChat.id)
        .slice(before)
        .map(cardOf)
        .find((c) => c && cardText(c).includes('Om 14 dage'));
    await until(() => !!call());
    const propose = actionsOf(call()).find((a) => a.type === 'Action.ShowCard');
    expect(propose.title).toBe('Foreslå punkt');
    expect(actionsOf(propose.card)[0]).toMatchObject({ verb: VERBS.proposalSubmit, data: { groupId, meeting: 1 } });
  });
});
