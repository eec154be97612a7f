import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reminderRows } from '../../src/cli/reminders.js';
import { VERBS } from '../../src/cards/verbs.js';
import { itemKey } from '../../src/domain/agenda-edit.js';
import type { Meeting } from '../../src/domain/model.js';
import { cardAction, groupChat, message, users } from '../helpers/activities.js';
import { cardOf, cardText, invokeCard, invokeMessage, startHarness, type Harness } from '../helpers/bot-harness.js';

/**
 * Building the agenda in Teams over HTTP with the fake Bot Connector (issue #15): the item
 * commands, the "Redigér dagsorden" card, standing items, locked meetings, and publication with
 * its T-7d-agenda reminder and the coalesced "Dagsorden opdateret" note. The clock is set by the
 * test (1 May 2025 to begin with, so June meetings lie ahead).
 */
let nowMs = Date.parse('2025-05-01T08:00:00.000Z');
const MIN = 60_000;

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('building the agenda in Teams', () => {
  let h: Harness;
  let groupId: string;
  const meeting = (n: number): Meeting => h.services.store.read().meetings.find((m) => m.groupId === groupId && m.number === n)!;
  const titles = (n: number) => meeting(n).items.map((i) => `${i.number}. ${i.title}`);
  const audits = (action: string) => h.services.store.read().audit.filter((a) => a.action === action);
  const say = async (who: (typeof users)[keyof typeof users], text: string) => {
    const r = await h.turn(message(h.fc.url, groupChat, who, text));
    // Replies only: the card updates a change schedules may land during the turn too.
    return r.sent
      .filter((s) => s.method === 'POST')
      .map((s) => s.body.text ?? cardText(cardOf(s)))
      .join('\n');
  };
  const click = (who: (typeof users)[keyof typeof users], verb: string, data: Record<string, unknown>) =>
    h.post(cardAction(h.fc.url, groupChat, who, verb, { groupId, ...data }));
  const ref = (n: number, item: number) => ({ meeting: n, item, key: itemKey(meeting(n).items[item - 1].title) });

  beforeAll(async () => {
    h = await startHarness({ clock: { now: () => new Date(nowMs) } });
    groupId = h.services.store.read().groups[0].id;
    await h.turn(message(h.fc.url, groupChat, users.anna, 'referent', [users.gustav]));
    await h.turn(message(h.fc.url, groupChat, users.anna, 'nyt møde 16-06-2025 12:30-14:00'));
  });
  afterAll(async () => h.close());

  it('a new meeting plans the agenda publication a week before, on a working day (T-7d-agenda in reminders --json)', () => {
    const rows = reminderRows(h.services.store.read()).filter((r) => r.meeting === 1);
    // 9 June 2025 is Whit Monday: the publication moves back to Friday 6 June at 09:00.
    expect(rows.find((r) => r.kind === 'T-7d-agenda')).toMatchObject({ status: 'planned', dueAt: '2025-06-06T07:00:00.000Z' });
    expect(rows.filter((r) => r.kind === 'T-7d-agenda')).toHaveLength(1);
  });

  it('nyt punkt puts the item before Eventuelt with its presenter, and says so', async () => {
    const text = await say(users.gustav, 'nyt punkt Ny samarbejdsaftale v. Bent Lund');
    expect(text).toContain('Punkt 6 "Ny samarbejdsaftale" er føjet til dagsordenen for 1. møde. Punkterne derefter er rykket én ned.');
    expect(titles(1).slice(-2)).toEqual(['6. Ny samarbejdsaftale', '7. Eventuelt']);
    expect(meeting(1).items[5].presenter).toBe('Bent Lund');
    expect(audits('agenda.item.add')).toHaveLength(1);
  });

  it('a member cannot change the agenda: clear refusal, nothing changed', async () => {
    const before = JSON.stringify(meeting(1).items);
    expect(await say(users.bent, 'nyt punkt Mit punkt')).toContain('Kun formanden eller referenten kan gøre det.');
    expect(await say(users.bent, 'slet punkt 1.6')).toContain('Kun formanden eller referenten kan gøre det.');
    expect(JSON.stringify(meeting(1).items)).toBe(before);
  });

  it('English twin: new item … by …, and a duplicate title is refused', async () => {
    expect(await say(users.anna, 'new item 1 Budget 2026 by Carsten Vang')).toContain(
      'Item 7 "Budget 2026" was added to the agenda of meeting 1. The items after it moved down one.',
    );
    expect(await say(users.anna, 'nyt punkt budget 2026')).toContain('"Budget 2026" står allerede på dagsordenen for 1. møde som punkt 7.');
    expect(meeting(1).items).toHaveLength(8);
  });

  it('ret punkt changes one field; an unknown field or a missing item gets a message saying what to write', async () => {
    expect(await say(users.anna, 'ret punkt 1.6 indstilling at styregruppen godkender aftalen')).toContain(
      'Punkt 6 på 1. møde er rettet: indstilling.',
    );
    expect(meeting(1).items[5].recommendation).toEqual(['at styregruppen godkender aftalen']);
    expect(await say(users.anna, 'edit item 1.6 solution Vi forlænger med et år')).toContain('Item 6 of meeting 1 was changed: solution.');
    expect(meeting(1).items[5].proposal).toBe('Vi forlænger med et år');
    expect(await say(users.anna, 'ret punkt 1.6 farve rød')).toContain('Jeg kender ikke feltet "farve"');
    expect(await say(users.anna, 'ret punkt 1.60 titel X')).toContain('findes ikke på 1. mødes dagsorden');
    expect(await say(users.anna, 'ret punkt 1.6 titel ' + 'x'.repeat(301))).toContain('Titlen er for lang (301 tegn; højst 300).');
    expect(meeting(1).items[5].title).toBe('Ny samarbejdsaftale');
  });

  it('flyt punkt moves the item as a whole (its decision and card stay with it) and updates the posted cards', async () => {
    await say(users.anna, 'dagsorden');
    await until(() => meeting(1).items.every((i) => i.card) && !!meeting(1).overviewCard);
    // A decision on item 2, then item 2 moves to place 5.
    const decided = meeting(1).items[1];
    await click(users.anna, VERBS.itemDecide, { meeting: 1, item: 2, outcome: 'noted', decision: 'Taget til efterretning.' });
    const cardId = decided.card!.activityId;
    const putsBefore = h.fc.puts(groupChat.id).length;
    const text = await say(users.anna, 'flyt punkt 1.2 5');
    expect(text).toContain('Punkt "Status på tekniske leverancer" er flyttet fra 2 til 5');
    const moved = meeting(1).items[4];
    expect(moved).toMatchObject({
      number: 5,
      title: 'Status på tekniske leverancer',
      outcome: 'noted',
      decision: 'Taget til efterretning.',
    });
    expect(moved.card!.activityId).toBe(cardId);
    expect(titles(1).slice(0, 5)).toEqual([
      '1. Velkomst og godkendelse af referat',
      '2. Status på drift og udfordringer',
      '3. Status på lægesystemerne (aftaler og certificering)',
      '4. Projektets risikolog',
      '5. Status på tekniske leverancer',
    ]);
    // The moved card now says "5.", and the overview shows the new order (updates are coalesced and asynchronous).
    await until(() =>
      h.fc.puts(groupChat.id).some((p) => p.path.endsWith(cardId) && cardText(cardOf(p)).includes('5. Status på tekniske leverancer')),
    );
    await until(() =>
      h.fc
        .puts(groupChat.id)
        .slice(putsBefore)
        .some((p) => p.path.endsWith(meeting(1).overviewCard!.activityId)),
    );
    expect(await say(users.anna, 'flyt punkt 1.5 0')).toContain('Pladsen skal være et tal fra 1 til 8 (ikke 0).');
  });

  it('slet punkt refuses an item with a decision; another is deleted and its posted card says it is gone', async () => {
    expect(await say(users.anna, 'slet punkt 1.5')).toContain('Punkt 5 på 1. møde har en beslutning og kan ikke slettes.');
    const gone = meeting(1).items[3];
    expect(gone.title).toBe('Projektets risikolog');
    const text = await say(users.anna, 'delete item 1.4');
    expect(text).toContain('Item 4 "Projektets risikolog" was deleted from the agenda of meeting 1.');
    expect(meeting(1).items.map((i) => i.title)).not.toContain('Projektets risikolog');
    expect(meeting(1).items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    await until(() =>
      h.fc.puts(groupChat.id).some((p) => p.path.endsWith(gone.card!.activityId) && cardText(cardOf(p)).includes('er fjernet')),
    );
    expect(audits('agenda.item.delete')).toHaveLength(1);
  });

  it('the edit card: every click answers with the refreshed card saying what happened', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.gustav, 'redigér dagsorden'));
    const card = cardOf(r.sent.find((s) => s.method === 'POST'));
    expect(cardText(card)).toContain('Redigér dagsorden — 1. møde');
    expect(JSON.stringify(card)).toContain('"verb":"agenda.edit.move"');

    // Down: item 2 becomes 3.
    const title2 = meeting(1).items[1].title;
    const down = await click(users.gustav, VERBS.agendaEditMove, { ...ref(1, 2), to: 3 });
    expect(cardText(invokeCard(down.body))).toContain(`"${title2}" er nu punkt 3.`);
    expect(meeting(1).items[2].title).toBe(title2);
    // The same click again (Teams re-sends, or a stale card): the key no longer matches, nothing moves.
    const again = await click(users.gustav, VERBS.agendaEditMove, { meeting: 1, item: 2, key: itemKey(title2), to: 3 });
    expect(cardText(invokeCard(again.body))).toContain('Dagsordenen er ændret i mellemtiden');
    expect(meeting(1).items[2].title).toBe(title2);

    // Edit form, then save.
    const form = await click(users.gustav, VERBS.agendaEditForm, ref(1, 3));
    expect(JSON.stringify(invokeCard(form.body))).toContain('"id":"recommendation"');
    const saved = await click(users.gustav, VERBS.agendaEditSave, {
      ...ref(1, 3),
      title: `${title2} (opdateret)`,
      presenter: 'Dorthe Kjær',
      recommendation: 'at tage status til efterretning',
    });
    expect(cardText(invokeCard(saved.body))).toContain('Punkt 3 er gemt.');
    expect(meeting(1).items[2]).toMatchObject({
      title: `${title2} (opdateret)`,
      presenter: 'Dorthe Kjær',
      recommendation: ['at tage status til efterretning'],
    });

    // Bad input: a title that is too long comes back on the card, nothing changed.
    const bad = await click(users.gustav, VERBS.agendaEditSave, { ...ref(1, 3), title: 'y'.repeat(400) });
    expect(cardText(invokeCard(bad.body))).toContain('Titlen er for lang (400 tegn; højst 300).');
    expect(meeting(1).items[2].title).toBe(`${title2} (opdateret)`);
    // A forged payload: refused as bad input.
    const forged = await click(users.gustav, VERBS.agendaEditMove, { meeting: 1, item: { toString: 1 }, key: 'x', to: 1 });
    expect(invokeMessage(forged.body)).toContain('Ugyldigt input');

    // Remove asks first, then removes.
    const ask = await click(users.gustav, VERBS.agendaEditAsk, ref(1, 3));
    expect(cardText(invokeCard(ask.body))).toContain(`Fjern punkt 3 "${title2} (opdateret)" fra dagsordenen?`);
    const removed = await click(users.gustav, VERBS.agendaEditRemove, ref(1, 3));
    expect(cardText(invokeCard(removed.body))).toContain('er fjernet');
    expect(meeting(1).items).toHaveLength(6);

    // Add.
    const added = await click(users.gustav, VERBS.agendaEditAdd, {
      meeting: 1,
      newTitle: 'Høring om databeskyttelse',
      newPresenter: 'Erik Sand',
    });
    expect(cardText(invokeCard(added.body))).toContain('Punkt 6 "Høring om databeskyttelse" er tilføjet.');
    expect(titles(1).slice(-2)).toEqual(['6. Høring om databeskyttelse', '7. Eventuelt']);

    // A member clicking the card is refused as a message; nothing changes.
    const member = await click(users.bent, VERBS.agendaEditMove, { ...ref(1, 2), to: 1 });
    expect(invokeMessage(member.body)).toContain('Kun formanden eller referenten');
  });

  it('standing items: shown to all, changed by the chair only, and used by new meetings', async () => {
    expect(await say(users.bent, 'faste punkter')).toContain('1. Velkomst og godkendelse af referat');
    expect(await say(users.gustav, 'fast punkt tilføj Status på økonomi')).toContain('Kun formanden kan gøre det.');
    expect(await say(users.anna, 'fast punkt tilføj Status på økonomi')).toContain('"Status på økonomi" er nu et fast punkt.');
    expect(await say(users.anna, 'standing item remove Projektets risikolog')).toContain(
      '"Projektets risikolog" is no longer a standing item.',
    );
    expect(await say(users.anna, 'fast punkt fjern Findes ikke')).toContain('"Findes ikke" er ikke et fast punkt.');
    const group = h.services.store.read().groups[0];
    expect(group.standingItems.slice(-2)).toEqual(['Status på økonomi', 'Eventuelt']);
    await say(users.anna, 'nyt møde 25-08-2025 12:30-14:00');
    expect(meeting(2).items.map((i) => i.title)).toContain('Status på økonomi');
    expect(meeting(2).items.map((i) => i.title)).not.toContain('Projektets risikolog');
    expect(audits('standing.add')).toHaveLength(1);
  });

  it('udsend dagsorden posts the agenda to the group, marks it sent and cancels the T-7d-agenda reminder', async () => {
    const before = h.fc.posts(groupChat.id).length;
    expect(await say(users.bent, 'udsend dagsorden 1')).toContain('Kun formanden eller referenten');
    expect(await say(users.anna, 'udsend dagsorden 1')).toContain('Dagsordenen for 1. møde er sendt til gruppen.');
    // The outbox sends it (rate limited per chat, after the replies before it).
    const published = () =>
      h.fc
        .posts(groupChat.id)
        .slice(before)
        .map((p) => cardText(cardOf(p)))
        .filter((t) => t.includes('Foreslå punkt'));
    await until(() => published().length > 0);
    expect(published()).toHaveLength(1);
    expect(published()[0]).toContain('Høring om databeskyttelse');
    expect(published()[0]).toContain('Udsend dagsorden');
    expect(meeting(1).agendaSentAt).toBe(new Date(nowMs).toISOString());
    const r = h.services.store.read().reminders.find((x) => x.meeting === 1 && x.kind === 'T-7d-agenda')!;
    expect(r.status).toBe('cancelled');
  });

  it('later changes to a sent agenda give ONE "Dagsorden opdateret" note a few minutes later', async () => {
    const text = await say(users.anna, 'nyt punkt Orientering om pilotdrift');
    expect(text).toContain('gruppen får en kort besked om ændringen om få minutter');
    await say(users.anna, 'flyt punkt 1.7 2');
    expect(h.services.store.read().jobs.filter((j) => j.kind === 'agenda.note' && j.status === 'pending')).toHaveLength(1);
    const notes = () =>
      h.fc
        .posts(groupChat.id)
        .map((p) => cardText(cardOf(p)))
        .filter((t) => t.includes('Dagsorden opdateret'));
    // Not yet due: nothing.
    await h.bot.runner.tick(new Date(nowMs + MIN));
    await new Promise((r) => setTimeout(r, 300));
    expect(notes()).toHaveLength(0);
    await h.bot.runner.tick(new Date(nowMs + 4 * MIN));
    await until(() => notes().length > 0);
    expect(notes()).toHaveLength(1);
    expect(notes()[0]).toContain('Dagsorden opdateret — 1. møde');
    expect(notes()[0]).toContain('Nyt punkt 7: Orientering om pilotdrift');
    expect(notes()[0]).toContain('Punkt "Orientering om pilotdrift" flyttet fra 7 til 2');
    expect(meeting(1).agendaChanges).toEqual([]);
    // Running again sends nothing more.
    await h.bot.runner.tick(new Date(nowMs + 10 * MIN));
    await new Promise((r) => setTimeout(r, 300));
    expect(notes()).toHaveLength(1);
  });

  it('a meeting whose minutes are approved refuses every agenda change with a clear message', async () => {
    await h.services.store.update((db) => {
      const m = db.meetings.find((x) => x.groupId === groupId && x.number === 1)!;
      m.minutes.status = 'approved';
    });
    const before = JSON.stringify(meeting(1).items);
    expect(await say(users.anna, 'nyt punkt 1 For sent')).toContain(
      'Referatet for 1. møde er godkendt; dagsordenen kan ikke længere ændres.',
    );
    expect(await say(users.anna, 'flyt punkt 1.2 3')).toContain('dagsordenen kan ikke længere ændres');
    const r = await click(users.anna, VERBS.agendaEditMove, { ...ref(1, 2), to: 3 });
    expect(cardText(invokeCard(r.body))).toContain('Referatet er godkendt: dagsordenen kan ikke længere ændres.');
    expect(JSON.stringify(meeting(1).items)).toBe(before);
  });

  it('the T-7d-agenda reminder publishes an unsent agenda exactly once', async () => {
    const due = Date.parse(h.services.store.read().reminders.find((r) => r.meeting === 2 && r.kind === 'T-7d-agenda')!.dueAt);
    expect(new Date(due).toISOString()).toBe('2025-08-18T07:00:00.000Z');
    const agendas = () =>
      h.fc
        .posts(groupChat.id)
        .map((p) => cardText(cardOf(p)))
        .filter((t) => t.includes('Dagsorden — 2. møde'));
    // The reminders due before it (call for items …) go out first; the agenda is not among them.
    nowMs = due - MIN;
    await h.bot.runner.tick(new Date(nowMs));
    await new Promise((r) => setTimeout(r, 300));
    expect(agendas()).toHaveLength(0);
    nowMs = due;
    await h.bot.runner.tick(new Date(due));
    await until(() => agendas().length > 0);
    await until(() => !!meeting(2).overviewCard);
    expect(agendas()[0]).toContain('Status på økonomi');
    expect(meeting(2).agendaSentAt).toBe(new Date(due).toISOString());
    await h.bot.runner.tick(new Date(due + 5 * MIN));
    await new Promise((r) => setTimeout(r, 300));
    expect(agendas()).toHaveLength(1);
    expect(h.services.store.read().reminders.find((r) => r.meeting === 2 && r.kind === 'T-7d-agenda')!.status).toBe('sent');
  });
});
