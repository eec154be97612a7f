import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/app/ports.js';
import { VERBS } from '../../src/cards/verbs.js';
import { cardAction, groupChat, message, personalChat, users } from '../helpers/activities.js';
import { meeting, seedMeeting, seedRisks } from '../helpers/action-world.js';
import { cardOf, cardText, invokeCard, invokeMessage, startHarness, type Harness } from '../helpers/bot-harness.js';

const run = promisify(execFile);

/** Real time running from a fixed start: 15 June 2025 22:30 UTC is already 16 June 00:30 in Copenhagen (summer time). */
function clockFrom(iso: string): Clock {
  const offset = Date.parse(iso) - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

const securityLog = (h: Harness) => {
  try {
    return readFileSync(`${h.storePath}.security.log`, 'utf8');
  } catch {
    return '';
  }
};

describe('action points over HTTP (Danish dates, mentions, permissions)', () => {
  let h: Harness;
  const db = () => h.services.store.read();
  const act = (id: string) => db().actions.find((a) => a.id === id)!;
  const say = (from: (typeof users)[keyof typeof users], text: string, mentions: (typeof users)[keyof typeof users][] = []) =>
    h.turn(message(h.fc.url, groupChat, from, text, mentions));
  const click = (from: (typeof users)[keyof typeof users], verb: string, data: Record<string, unknown>, replyToId = 'card-1') =>
    h.post(cardAction(h.fc.url, groupChat, from, verb, data, replyToId));

  beforeAll(async () => {
    h = await startHarness({ clock: clockFrom('2025-06-15T22:30:00.000Z') });
    await say(users.anna, 'referent', [users.gustav]);
    await say(users.anna, 'observatør', [users.dorthe]);
  });
  afterAll(async () => h.close());

  it('creates A1 with the owner from the @mention, resolved to the Entra id through Teams, and posts a card that mentions the owner', async () => {
    const r = await say(users.anna, 'handling Send notat om certificering til lægerne frist 16. juni 2025', [users.bent]);
    expect(h.fc.calls.some((c) => c.method === 'GET' && c.path.endsWith('/members/29%3Abent'))).toBe(true);
    const a = act('A1');
    expect(a).toMatchObject({
      text: 'Send notat om certificering til lægerne',
      owner: { name: 'Bent Lund', aadObjectId: 'aad-bent', teamsId: '29:bent' },
      due: '2025-06-16',
      status: 'open',
      source: { kind: 'chat', meeting: null, item: null, risk: null },
      createdBy: 'aad-anna',
    });
    const card = cardOf(r.sent[0]);
    expect(cardText(card)).toContain('Opfølgningspunkt A1');
    expect(cardText(card)).toContain('Ansvarlig: <at>Bent Lund</at>');
    expect(cardText(card)).toContain('mandag den 16. juni 2025');
    expect(card.msteams.entities).toEqual([
      { type: 'mention', text: '<at>Bent Lund</at>', mentioned: { id: '29:bent', name: 'Bent Lund' } },
    ]);
    expect(card.actions.map((x: any) => x.verb ?? x.card?.actions[0].verb)).toEqual([VERBS.actionDone, VERBS.actionEdit]);
    // Where the card is, for in-place updates later.
    expect(a.card).toEqual({ conversationId: groupChat.id, activityId: expect.any(String) });
    expect(db().audit.some((e) => e.action === 'action.create' && e.target === 'A1')).toBe(true);
  });

  it('reads Danish and ISO dates relative to the local (summer-time) date, not the UTC one', async () => {
    const cases: [string, string][] = [
      ['frist 16/6', '2025-06-16'], // local today is 16 June although UTC is still the 15th
      ['frist i dag', '2025-06-16'],
      ['frist om 2 uger', '2025-06-30'],
      ['frist 2025-07-01', '2025-07-01'],
      ['frist 01-07-2025', '2025-07-01'],
      ['frist 3. oktober', '2025-10-03'],
      ['frist mandag den 27. oktober 2025', '2025-10-27'],
    ];
    for (const [due, want] of cases) {
      const before = db().actions.length;
      const r = await say(users.anna, `handling Tjek dato ${due}`, [users.carsten]);
      expect(cardText(cardOf(r.sent[0])), due).toContain('Opfølgningspunkt');
      const a = db().actions[before];
      expect([due, a.due]).toEqual([due, want]);
      expect(a.text).toBe('Tjek dato');
    }
  });

  it('English: "action … due in 2 weeks" answers in English', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.anna, 'action Update the terms of reference due in 2 weeks', [users.gustav]));
    expect(cardText(cardOf(r.sent[0]))).toContain('Action point A9');
    expect(cardText(cardOf(r.sent[0]))).toContain('Owner: <at>Gustav Eng</at>');
    expect(act('A9').due).toBe('2025-06-30');
  });

  it('keeps "frist" inside the text when no date follows, and refuses an unreadable date', async () => {
    await say(users.anna, 'handling Afklar frist for certificering med leverandøren', [users.carsten]);
    expect(act('A10')).toMatchObject({ text: 'Afklar frist for certificering med leverandøren', due: null });
    const r = await say(users.anna, 'handling Noget frist 31/2', [users.carsten]);
    expect(r.sent[0].body.text).toContain('"31/2" kan jeg ikke læse som en dato, så opfølgningspunktet er ikke oprettet');
    expect(db().actions).toHaveLength(10);
  });

  it('without a mention in a group chat, says how to name the owner', async () => {
    const r = await say(users.anna, 'handling Send notat frist 16/6');
    expect(r.sent[0].body.text).toContain('Nævn den ansvarlige med @');
  });

  it('personal chat: the owner is a roster name after "@"', async () => {
    const r = await h.turn(
      message(h.fc.url, personalChat(users.bent), users.bent, 'handling Tjek testmiljøet med leverandøren @Carsten Vang frist 1. juli'),
    );
    expect(cardText(cardOf(r.sent[0]))).toContain('Ansvarlig: <at>Carsten Vang</at>');
    expect(act('A11')).toMatchObject({
      text: 'Tjek testmiljøet med leverandøren',
      owner: { name: 'Carsten Vang', aadObjectId: 'aad-carsten' },
      due: '2025-07-01',
      createdBy: 'aad-bent',
    });
    const unknown = await h.turn(message(h.fc.url, personalChat(users.bent), users.bent, 'handling Noget @Ukendt Person'));
    expect(unknown.sent[0].body.text).toContain('står ikke på gruppens medlemsliste');
  });

  it('an observer may not create action points; someone not on the roster is refused and logged', async () => {
    const obs = await say(users.dorthe, 'handling Noget', [users.bent]);
    expect(obs.sent[0].body.text).toContain('Observatører kan ikke oprette opfølgningspunkter');
    const outsider = await say(users.erik, 'handling Noget', [users.bent]);
    expect(outsider.sent[0].body.text).toContain('Du står ikke på gruppens medlemsliste');
    expect(securityLog(h)).toContain('action_observer');
    expect(securityLog(h)).toContain('not_member');
    expect(db().actions).toHaveLength(11);
  });

  it('the owner marks A1 done: the clicker gets the new card, everyone gets it through an update of the posted card', async () => {
    const posted = act('A1').card!.activityId;
    const r = await click(users.bent, VERBS.actionDone, { groupId: 'g1', actionId: 'A1' }, posted);
    const card = invokeCard(r.body);
    expect(cardText(card)).toContain('Udført af');
    expect(card.actions.map((x: any) => x.verb)).toEqual([VERBS.actionReopen]);
    expect(act('A1')).toMatchObject({ status: 'done', doneBy: 'aad-bent' });
    await h.fc.waitFor(() => h.fc.puts(groupChat.id).some((c) => c.activityId === posted && cardText(cardOf(c)).includes('Udført af')));
    // Clicking again (Teams re-sends invokes) changes nothing.
    const again = await click(users.bent, VERBS.actionDone, { groupId: 'g1', actionId: 'A1' }, posted);
    expect(cardText(invokeCard(again.body))).toContain('Udført af');
    expect(db().audit.filter((e) => e.action === 'action.done' && e.target === 'A1')).toHaveLength(1);
  });

  it('a member who is not the owner cannot change it (refused, logged); the referent and the chair can', async () => {
    const r = await click(users.carsten, VERBS.actionReopen, { groupId: 'g1', actionId: 'A1' });
    expect(invokeMessage(r.body)).toContain('Kun den ansvarlige (Bent Lund), formanden eller referenten');
    expect(act('A1').status).toBe('done');
    expect(securityLog(h)).toContain('action_not_owner');
    const referent = await click(users.gustav, VERBS.actionReopen, { groupId: 'g1', actionId: 'A1' });
    expect(invokeCard(referent.body).actions.map((x: any) => x.verb ?? x.card?.actions[0].verb)).toEqual([
      VERBS.actionDone,
      VERBS.actionEdit,
    ]);
    expect(act('A1').status).toBe('open');
    await click(users.anna, VERBS.actionDone, { groupId: 'g1', actionId: 'A2' });
    expect(act('A2')).toMatchObject({ status: 'done', doneBy: 'aad-anna' });
  });

  it('forged card payloads are refused: another group, a bad id', async () => {
    const other = await click(users.anna, VERBS.actionDone, { groupId: 'g99', actionId: 'A1' });
    expect(invokeMessage(other.body)).toContain('hører til en anden gruppe');
    expect(securityLog(h)).toContain('card_other_group');
    const bad = await click(users.anna, VERBS.actionDone, { groupId: 'g1', actionId: 'A1; drop' });
    expect(invokeMessage(bad.body)).toContain('Ugyldigt input');
    const missing = await click(users.anna, VERBS.actionDone, { groupId: 'g1', actionId: 'A999' });
    expect(invokeMessage(missing.body)).toContain('A999 findes ikke');
  });

  it('lists action points in one card; overdue ones are marked; filters mine / åbne / forfaldne', async () => {
    await say(users.anna, 'handling Indhente status fra leverandørerne frist 2025-06-01', [users.bent]); // A12, overdue
    const all = cardText(cardOf((await say(users.bent, 'handlinger')).sent[0]));
    expect(all).toContain('Opfølgningspunkter i Operationel styregruppe');
    expect(all).toMatch(/A12[\s\S]*Forfalden/);
    expect(all).toContain('A1\n');
    const overdue = cardText(cardOf((await say(users.bent, 'handlinger forfaldne')).sent[0]));
    expect(overdue).toContain('A12');
    expect(overdue).not.toContain('A11\n');
    const mine = cardText(cardOf((await say(users.bent, 'handlinger mine')).sent[0]));
    expect(mine).toContain('Dine opfølgningspunkter');
    expect(mine).toContain('A12');
    expect(mine).not.toContain('Carsten Vang ·');
    const open = cardText(cardOf((await say(users.bent, 'handlinger åbne')).sent[0]));
    expect(open).not.toMatch(/A2\n/);
    const en = cardText(cardOf((await say(users.bent, 'actions overdue')).sent[0]));
    expect(en).toContain('Overdue action points');
    const bad = await say(users.bent, 'handlinger gamle');
    expect(bad.sent[0].body.text).toContain('handlinger [mine|åbne|forfaldne]');
  });

  it('from an agenda item card (chair/referent): created with source item, card posted through the outbox with the mention', async () => {
    await seedMeeting(h.services.store, meeting('g1', 1, '2025-06-24'));
    const data = {
      groupId: 'g1',
      meeting: 1,
      item: 2,
      actionText: 'Følge op på certificeringsaftalen med den største leverandør',
      actionOwner: 'aad-carsten',
      actionDue: '2025-06-20',
    };
    const member = await click(users.bent, VERBS.itemAction, data);
    expect(invokeMessage(member.body)).toContain('Kun formanden eller referenten');
    const before = db().actions.length;
    const r = await click(users.gustav, VERBS.itemAction, data);
    expect(invokeMessage(r.body)).toContain(`Opfølgningspunkt A${before + 1} er oprettet`);
    const a = db().actions[before];
    expect(a).toMatchObject({
      owner: { name: 'Carsten Vang', aadObjectId: 'aad-carsten', teamsId: '29:carsten' },
      due: '2025-06-20',
      source: { kind: 'item', meeting: 1, item: 2, risk: null },
      createdBy: 'aad-gustav',
    });
    await h.fc.waitFor(() => h.fc.posts(groupChat.id).some((c) => cardText(cardOf(c)).includes(`Opfølgningspunkt ${a.id}`)));
    const post = h.fc.posts(groupChat.id).find((c) => cardText(cardOf(c)).includes(`Opfølgningspunkt ${a.id}`))!;
    expect(cardText(cardOf(post))).toContain('Dagsordenspunkt 2 "Status på tekniske leverancer", 1. møde');
    expect(cardOf(post).msteams.entities[0].mentioned.id).toBe('29:carsten');
    await expect.poll(() => act(a.id).card?.activityId).toBeTruthy();
    // The same click again (Teams re-sends invokes) does not create a second one.
    await click(users.gustav, VERBS.itemAction, data);
    expect(db().actions.length).toBe(before + 1);
    // An owner who is not on the roster, an item that does not exist, a bad date.
    expect(invokeMessage((await click(users.anna, VERBS.itemAction, { ...data, actionOwner: 'aad-nobody' })).body)).toContain(
      'står ikke på gruppens medlemsliste',
    );
    expect(invokeMessage((await click(users.anna, VERBS.itemAction, { ...data, item: 9 })).body)).toContain('Punkt 9 findes ikke');
    expect(invokeMessage((await click(users.anna, VERBS.itemAction, { ...data, actionDue: '20/6' })).body)).toContain(
      'kan ikke læse datoen',
    );
  });

  it('plans a nudge-action reminder at the T-2d time of the meeting that reviews it (09:00 summer time = 07:00 UTC, weekend rolled back)', async () => {
    await say(users.anna, 'handling Sende udkast til kommissorium frist 23. juni', [users.bent]);
    const a = db().actions.at(-1)!;
    const nudge = db().reminders.find((r) => r.kind === 'nudge-action' && r.ref === a.id && r.status === 'planned');
    expect(nudge).toMatchObject({ groupId: 'g1', meeting: 1, to: 'aad-bent', dueAt: '2025-06-20T07:00:00.000Z' }); // 2 days before Tue 24 June is a Sunday: rolled back to Friday 20 June
    await click(users.bent, VERBS.actionDone, { groupId: 'g1', actionId: a.id });
    expect(db().reminders.find((r) => r.id === nudge!.id)!.status).toBe('cancelled');
  });

  it('a corrective action for a risk: "handling R2: …" has source risk', async () => {
    await seedRisks(h.services.store, 'g1');
    await say(users.anna, 'handling R2: Aftale ugentlige statusmøder med leverandøren frist om 1 uge', [users.carsten]);
    expect(db().actions.at(-1)).toMatchObject({
      text: 'Aftale ugentlige statusmøder med leverandøren',
      source: { kind: 'risk', risk: 'R2' },
      due: '2025-06-23',
    });
  });

  it('styrebot actions --json prints the documented contract', async () => {
    const { stdout } = await run(process.execPath, [path.resolve('bin/styrebot.mjs'), 'actions', '--json', '--store', h.storePath], {
      timeout: 60_000,
    });
    const list = JSON.parse(stdout);
    expect(list.length).toBe(db().actions.length);
    expect(list[0]).toEqual({
      group: 'g1',
      id: 'A1',
      text: 'Send notat om certificering til lægerne',
      owner: { name: 'Bent Lund', aadObjectId: 'aad-bent' },
      due: '2025-06-16',
      status: 'open',
      source: { kind: 'chat', meeting: null, item: null, risk: null },
      notes: [],
    });
    expect(list.find((a: any) => a.source.kind === 'item')).toMatchObject({ source: { kind: 'item', meeting: 1, item: 2, risk: null } });
    for (const a of list) expect(Object.keys(a)).toEqual(['group', 'id', 'text', 'owner', 'due', 'status', 'source', 'notes']);
  }, 60_000);
});
