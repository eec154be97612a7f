/**
 * The vendor tracker through the whole stack (HTTP, store, reminder sweep, outbox, fake
 * connector): every command, the cards' buttons, the vendor reminders (exactly once, moved off a
 * public holiday, re-planned on edit, cancelled when a milestone is paid) and `vendors --json`.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import mammoth from 'mammoth';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMinutes } from '../../src/export/minutes-model.js';
import { minutesToDocx } from '../../src/export/minutes-docx.js';
import { minutesToMarkdown } from '../../src/export/minutes-md.js';
import { reminderRows } from '../../src/cli/reminders.js';
import { vendorRows } from '../../src/cli/vendors.js';
import { cardOf, cardText, invokeCard, invokeMessage } from '../helpers/bot-harness.js';
import { cardAction, groupChat, message, personalChat, users, type TestUser } from '../helpers/activities.js';
import { cardOfCall, deliveredPosts, itemsOf, startRig, type Rig } from '../helpers/reminders-rig.js';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function setup(start = '2026-12-01T10:00:00.000Z') {
  const r = (rig = await startRig(start));
  const say = async (from: TestUser, text: string, mentions: TestUser[] = []) => {
    const before = r.h.fc.calls.length;
    const res = await r.post(message(r.h.fc.url, groupChat, from, text, mentions));
    expect(res.status).toBe(200);
    const sent = r.h.fc.calls.slice(before).filter((c) => c.method === 'POST' && c.conversationId === groupChat.id);
    const last = sent.at(-1);
    return { text: String(last?.body?.text ?? ''), card: cardOf(last), cardText: cardText(cardOf(last)) };
  };
  const click = async (from: TestUser, verb: string, data: Record<string, unknown>) => {
    const res = await r.post(cardAction(r.h.fc.url, groupChat, from, verb, { groupId: r.db().groups[0].id, ...data }));
    expect(res.status).toBe(200);
    const card = invokeCard(res.body);
    return { card, cardText: card ? cardText(card) : '', message: invokeMessage(res.body) };
  };
  await say(users.anna, 'referent', [users.gustav]);
  return { r, say, click };
}

const vendorOf = (r: Rig, name: string) => r.db().vendors!.find((v) => v.name === name)!;
const vendorReminders = (r: Rig) => r.db().reminders.filter((x) => x.kind.startsWith('vendor-'));

describe('the vendor tracker', () => {
  it('chair and referent keep the register by command; a member may look but not change', async () => {
    const { r, say } = await setup();
    const created = await say(users.gustav, 'leverandør ny EG Sundhed');
    expect(created.cardText).toContain('Leverandøren EG Sundhed er oprettet.');
    expect((await say(users.gustav, 'leverandør ny eg sundhed')).text).toContain('findes allerede');
    expect((await say(users.bent, 'leverandør ny Novax')).text).toMatch(/formanden og referenten|formand/i);
    expect(r.db().vendors!.map((v) => v.name)).toEqual(['EG Sundhed']);

    expect((await say(users.anna, 'leverandør EG Sundhed kontakt Mette Skov, mette@example.dk')).cardText).toContain(
      'Gemt: kontaktperson.',
    );
    await say(users.anna, 'leverandør EG Sundhed aftale underskrevet 1. februar 2026');
    const cert = await say(users.anna, 'leverandør EG Sundhed certificeret til 24. april 2027');
    expect(cert.cardText).toContain('Gemt: certificering.');
    expect(cert.cardText).toContain('Gyldig til 24. april 2027');
    const m = await say(users.gustav, 'leverandør EG Sundhed milepæl 3. januar 2027 Levering af modul 250.000');
    expect(m.cardText).toContain('Nr. 1 · 3. januar 2027: Levering af modul');
    expect(m.cardText).toContain('250.000 kr. · ikke betalt');
    await say(users.anna, 'leverandør EG Sundhed test 5/10-2026 16/10-2026 Årlig certificeringstest');
    await say(users.anna, 'leverandør EG Sundhed note Ny version kræver fornyet certificering');
    const resp = await say(users.anna, 'leverandør EG Sundhed ansvarlig', [users.bent]);
    expect(resp.cardText).toContain('Gemt: ansvarlig.');
    expect(resp.cardText).toContain('Bent Lund');
    // the same again changes nothing, and says so
    expect((await say(users.anna, 'leverandør EG Sundhed note Ny version kræver fornyet certificering')).cardText).toContain(
      'Intet ændret',
    );

    // Bent may see the list but not change it
    const list = await say(users.bent, 'leverandører');
    expect(list.cardText).toContain('EG Sundhed');
    expect(list.cardText).toContain('Næste milepæl');
    expect((await say(users.bent, 'leverandør EG Sundhed note hej')).text).toMatch(/formand/i);
    expect((await say(users.anna, 'leverandør Ukendt certificeret til 1/1-2027')).text).toContain('Jeg kender ingen leverandør "Ukendt"');
    expect((await say(users.anna, 'leverandør EG Sundhed certificeret til snart')).text).toContain('Jeg kan ikke læse "snart" som en dato');

    const v = vendorOf(r, 'EG Sundhed');
    expect(v).toMatchObject({
      contact: 'Mette Skov, mette@example.dk',
      responsible: 'aad-bent',
      agreement: {
        signed: '2026-02-01',
        milestones: [{ number: 1, date: '2027-01-03', text: 'Levering af modul', amount: 250000, done: false }],
      },
      certification: { validUntil: '2027-04-24' },
      tests: [{ from: '2026-10-05', to: '2026-10-16', text: 'Årlig certificeringstest' }],
      notes: 'Ny version kræver fornyet certificering',
    });
    expect(r.db().audit.filter((a) => a.action.startsWith('vendor.')).length).toBeGreaterThanOrEqual(8);

    // English twins
    const en = await say(users.anna, 'vendor new Novax');
    expect(en.cardText).toContain('The vendor Novax has been created.');
    expect((await say(users.anna, 'vendor Novax certified until 2027-01-15')).cardText).toContain('Saved: certification.');
    expect((await say(users.anna, 'vendor Novax milestone 2027-02-01 Go-live DKK 80,000')).cardText).toContain('DKK 80,000');
    expect((await say(users.anna, 'vendors')).cardText).toContain('Valid until 15 January 2027');

    // vendors --json: exactly the contract's keys, status for the date asked
    const rows = vendorRows(r.db(), { date: '2026-12-20' });
    expect(rows.map((x) => [x.name, x.certification.status])).toEqual([
      ['EG Sundhed', 'valid'],
      ['Novax', 'expiring'],
    ]);
    expect(Object.keys(rows[0]!).sort()).toEqual(['agreement', 'certification', 'contact', 'group', 'name', 'notes', 'tests']);
    expect(rows[0]).toEqual({
      group: r.db().groups[0].id,
      name: 'EG Sundhed',
      contact: 'Mette Skov, mette@example.dk',
      agreement: { signed: '2026-02-01', milestones: [{ date: '2027-01-03', text: 'Levering af modul', amount: 250000, done: false }] },
      certification: { validUntil: '2027-04-24', status: 'valid' },
      tests: [{ from: '2026-10-05', to: '2026-10-16', text: 'Årlig certificeringstest' }],
      notes: 'Ny version kræver fornyet certificering',
    });
    expect(vendorRows(r.db(), { date: '2027-04-25' })[0]!.certification.status).toBe('expired');

    // delete cancels its planned reminders
    expect((await say(users.anna, 'leverandør slet Novax')).text).toContain('Leverandøren Novax er slettet');
    expect(
      vendorReminders(r)
        .filter((x) => x.ref?.startsWith(vendorOf(r, 'EG Sundhed').id) === false)
        .every((x) => x.status === 'cancelled'),
    ).toBe(true);
  });

  it('the cards: open, create, edit every field, add and pay milestones, add tests; refusals and forged data come back as messages', async () => {
    const { r, say, click } = await setup();
    await say(users.anna, 'leverandører');
    const created = await click(users.gustav, 'vendor.new', { vendorName: 'XMO' });
    expect(created.cardText).toContain('Leverandøren XMO er oprettet.');
    const id = vendorOf(r, 'XMO').id;
    const shown = await click(users.bent, 'vendor.show', { vendorId: id });
    expect(shown.cardText).toContain('Ingen milepæle endnu.');

    const edited = await click(users.anna, 'vendor.edit', {
      vendorId: id,
      vendorName: 'XMO Health',
      vendorContact: 'Ole, ole@example.dk',
      vendorResponsible: 'aad-gustav',
      vendorSigned: '2026-06-01',
      vendorValidUntil: '2027-06-30',
      vendorNotes: 'Ny leverandør: test før go-live',
    });
    expect(edited.cardText).toContain('Gemt: nyt navn, kontaktperson, ansvarlig, aftale og milepæle, certificering, noter.');
    expect(vendorOf(r, 'XMO Health')).toMatchObject({
      responsible: 'aad-gustav',
      agreement: { signed: '2026-06-01' },
      certification: { validUntil: '2027-06-30' },
    });
    expect(
      (await click(users.anna, 'vendor.edit', { vendorId: id, vendorName: 'XMO Health', vendorNotes: 'Ny leverandør: test før go-live' }))
        .cardText,
    ).toContain('Intet ændret');

    const added = await click(users.gustav, 'vendor.milestone', {
      vendorId: id,
      milestoneDate: '2027-02-15',
      milestoneText: 'Første rate',
      milestoneAmount: 100000,
    });
    expect(added.cardText).toContain('Nr. 1 · 15. februar 2027: Første rate');
    const m1 = vendorReminders(r).find((x) => x.ref === `${id}:m1`)!;
    expect(m1).toMatchObject({ status: 'planned', dueAt: '2027-02-01T08:00:00.000Z', to: 'aad-gustav' });
    const paid = await click(users.gustav, 'vendor.paid', { vendorId: id, milestoneNumber: '1' });
    expect(paid.cardText).toContain('betalt');
    expect(r.db().reminders.find((x) => x.id === m1.id)!.status).toBe('cancelled');
    const test = await click(users.anna, 'vendor.test', {
      vendorId: id,
      testFrom: '2027-01-11',
      testTo: '2027-01-22',
      testText: 'Test før go-live',
    });
    expect(test.cardText).toContain('Nr. 1 · 11. januar 2027 – 22. januar 2027: Test før go-live');
    expect((await say(users.anna, 'leverandør XMO Health test slet 1')).cardText).toContain('Gemt: testvinduer.');
    expect(vendorOf(r, 'XMO Health').tests).toEqual([]);
    expect((await say(users.anna, 'leverandør XMO Health test slet 1')).text).toContain('Det testvindue findes ikke.');
    expect((await click(users.anna, 'vendor.list', {})).cardText).toContain('XMO Health');

    expect((await click(users.bent, 'vendor.edit', { vendorId: id, vendorNotes: 'x' })).message).toMatch(/formand/i);
    expect((await click(users.anna, 'vendor.edit', { vendorId: '../x', vendorNotes: 'x' })).message).toBeTruthy();
    expect((await click(users.anna, 'vendor.milestone', { vendorId: id, milestoneDate: '15/2', milestoneText: 'x' })).message).toContain(
      'dato',
    );
    expect((await click(users.anna, 'vendor.edit', { vendorId: id, vendorResponsible: 'aad-stranger' })).message).toContain(
      'skal være med i gruppen',
    );
    expect(vendorOf(r, 'XMO Health').notes).toBe('Ny leverandør: test før go-live');
  });

  it('reminders go out exactly once on a working day (T-30d on Maundy Thursday moves to Wednesday), re-plan on edit, and show in reminders --json', async () => {
    const { r, say, click } = await setup();
    await say(users.anna, 'leverandør ny EG Sundhed');
    const id = vendorOf(r, 'EG Sundhed').id;
    await say(users.anna, 'leverandør EG Sundhed certificeret til 24. april 2027');
    await say(users.anna, 'leverandør EG Sundhed milepæl 3. januar 2027 Levering af modul 250.000');
    const rows = () => reminderRows(r.db()).filter((x) => x.kind.startsWith('vendor-'));
    expect(rows()).toEqual([
      {
        group: r.db().groups[0].id,
        meeting: null,
        kind: 'vendor-milestone',
        to: 'aad-anna',
        dueAt: '2026-12-18T08:00:00.000Z',
        status: 'planned',
        late: false,
        sentAt: null,
      },
      {
        group: r.db().groups[0].id,
        meeting: null,
        kind: 'vendor-certification',
        to: 'aad-anna',
        dueAt: '2027-03-24T08:00:00.000Z',
        status: 'planned',
        late: false,
        sentAt: null,
      },
    ]);

    // Editing the date cancels the old row and plans a new one (31 May 2027 − 30 d = Saturday 1 May → Friday, summer time).
    await click(users.anna, 'vendor.edit', { vendorId: id, vendorValidUntil: '2027-05-31' });
    expect(
      rows()
        .filter((x) => x.kind === 'vendor-certification')
        .map((x) => [x.dueAt, x.status]),
    ).toEqual([
      ['2027-03-24T08:00:00.000Z', 'cancelled'],
      ['2027-04-30T07:00:00.000Z', 'planned'],
    ]);
    await say(users.anna, 'leverandør EG Sundhed certificeret til 24. april 2027');
    expect(
      rows()
        .filter((x) => x.status === 'planned')
        .map((x) => x.dueAt),
    ).toEqual(['2026-12-18T08:00:00.000Z', '2027-03-24T08:00:00.000Z']);
    // The chair moves the group's reminder time: vendor reminders follow (and back again)
    await say(users.anna, 'påmindelser kl 08:00');
    expect(
      rows()
        .filter((x) => x.status === 'planned')
        .map((x) => x.dueAt),
    ).toEqual(['2026-12-18T07:00:00.000Z', '2027-03-24T07:00:00.000Z']);
    await say(users.anna, 'påmindelser kl 09:00');
    expect(
      rows()
        .filter((x) => x.status === 'planned')
        .map((x) => x.dueAt),
    ).toEqual(['2026-12-18T08:00:00.000Z', '2027-03-24T08:00:00.000Z']);
    // Bent becomes responsible: the reminders are addressed to him
    await say(users.anna, 'leverandør EG Sundhed ansvarlig', [users.bent]);
    expect(
      rows()
        .filter((x) => x.status === 'planned')
        .every((x) => x.to === 'aad-bent'),
    ).toBe(true);
    // Bent has a personal chat with the bot: his reminders go there
    expect((await r.post(message(r.h.fc.url, personalChat(users.bent), users.bent, 'hjælp'))).status).toBe(200);

    // Nothing before its time
    await r.tick('2026-12-18T07:59:00.000Z');
    expect(rows().every((x) => x.status !== 'sent')).toBe(true);
    await r.tick('2026-12-18T08:00:00.000Z');
    await r.drain();
    const milestone = vendorReminders(r).find((x) => x.kind === 'vendor-milestone' && x.status === 'sent')!;
    const [item] = itemsOf(r.db(), milestone);
    expect(item!.conversation.conversationId).toBe(personalChat(users.bent).id);
    expect(deliveredPosts(r.h.fc.calls, item!)).toHaveLength(1);
    expect(cardText(cardOfCall(deliveredPosts(r.h.fc.calls, item!)[0]))).toContain(
      'Milepæl hos EG Sundhed 3. januar 2027 (om 16 dage): Levering af modul (250.000 kr.).',
    );

    // Paying a milestone cancels its reminder; another milestone's goes on
    await say(users.anna, 'leverandør EG Sundhed milepæl 15. februar 2027 Anden rate 100.000');
    await say(users.anna, 'leverandør EG Sundhed milepæl 2 betalt');
    expect(vendorReminders(r).find((x) => x.ref === `${id}:m2`)!.status).toBe('cancelled');

    // The certification reminder on the Wednesday before Maundy Thursday, once, across a restart
    await r.tick('2027-03-24T08:00:30.000Z');
    await r.drain();
    await r.restart();
    await r.tick('2027-03-24T08:10:00.000Z');
    await r.drain();
    const certs = vendorReminders(r).filter((x) => x.kind === 'vendor-certification' && x.status === 'sent');
    expect(certs).toHaveLength(1);
    const items = itemsOf(r.db(), certs[0]!);
    expect(items).toHaveLength(1);
    expect(deliveredPosts(r.h.fc.calls, items[0]!)).toHaveLength(1);
    expect(cardText(cardOfCall(deliveredPosts(r.h.fc.calls, items[0]!)[0]))).toContain(
      'Certificeringen af EG Sundhed udløber 24. april 2027 (om 31 dage). Husk fornyelsen.',
    );
    expect(reminderRows(r.db()).filter((x) => x.kind.startsWith('vendor-') && x.status === 'sent')).toHaveLength(2);
  });

  it('a reminder to a responsible person without a personal chat @mentions them in the group; a removed vendor sends nothing', async () => {
    const { r, say } = await setup();
    await say(users.anna, 'leverandør ny Novax');
    await say(users.anna, 'leverandør Novax ansvarlig', [users.carsten]);
    await say(users.anna, 'leverandør Novax milepæl 2027-01-04 Betaling 80.000');
    await say(users.anna, 'leverandør ny XMO');
    await say(users.anna, 'leverandør XMO milepæl 2027-01-04 Betaling 50.000');
    await say(users.anna, 'leverandør slet XMO');
    await r.tick('2026-12-21T08:00:00.000Z'); // 4 Jan − 14 d = Monday 21 December
    await r.drain();
    const sent = vendorReminders(r).filter((x) => x.status === 'sent');
    expect(sent).toHaveLength(1);
    const [item] = itemsOf(r.db(), sent[0]!);
    expect(item!.conversation.conversationId).toBe(groupChat.id);
    const card = cardOfCall(deliveredPosts(r.h.fc.calls, item!)[0]);
    expect(cardText(card)).toContain('<at>Carsten Vang</at>: Milepæl hos Novax');
    expect(card.msteams.entities[0].mentioned.name).toBe('Carsten Vang');
  });

  it("the vendors' standing item shows the vendor table on its agenda card and in the minutes (md, docx, card); other items do not", async () => {
    const { r, say } = await setup();
    await say(users.anna, 'leverandør ny EG Sundhed');
    await say(users.anna, 'leverandør EG Sundhed certificeret til 24. april 2027');
    await say(users.anna, 'leverandør EG Sundhed milepæl 3. januar 2027 Levering af modul 250.000');
    await say(users.anna, 'leverandør ny Novax');
    await say(users.anna, 'leverandør Novax certificeret til 2026-12-31');
    await say(users.anna, 'leverandør Novax milepæl 2026-12-10 Integrationstest 80.000');
    await r.createMeeting('2026-12-15', '12:30', '14:00');
    const before = r.h.fc.calls.length;
    await say(users.anna, 'dagsorden 1');
    await r.drain();
    const cards = r.h.fc.calls
      .slice(before)
      .filter((c) => c.method === 'POST')
      .map((c) => cardText(cardOfCall(c)));
    const vendorItem = cards.filter((t) => t.includes('Status på lægesystemerne'));
    const withTable = cards.filter((t) => t.includes('Status pr. 15. december 2026'));
    expect(withTable).toHaveLength(1);
    expect(vendorItem.some((t) => t.includes('Status pr. 15. december 2026'))).toBe(true);
    expect(withTable[0]).toContain('Gyldig til 24. april 2027');
    expect(withTable[0]).toContain('Udløber 31. december 2026');
    expect(withTable[0]).toContain('Forfaldne: 1 forfalden: 10. december 2026: Integrationstest (80.000 kr.)');
    expect(withTable[0]).toContain('Næste milepæl: 3. januar 2027: Levering af modul (250.000 kr.)');

    // A change to the register updates the posted standing-item card for everyone
    const posted = r.db().meetings[0]!.items.find((i) => /lægesystem/i.test(i.title))!.card!;
    await say(users.anna, 'leverandør Novax milepæl 1 betalt');
    await r.h.fc.waitFor((calls) =>
      calls.some((c) => c.method === 'PUT' && c.path.includes(posted.activityId) && cardText(cardOfCall(c)).includes('Novax')),
    );
    const put = r.h.fc.calls.filter((c) => c.method === 'PUT' && c.path.includes(posted.activityId)).at(-1)!;
    expect(cardText(cardOfCall(put))).not.toContain('Integrationstest (80.000 kr.)');
    await say(users.anna, 'leverandør Novax milepæl 1 ikke betalt');
    const view = buildMinutes(r.db(), r.db().groups[0].id, 1, { now: '2026-12-15T14:00:00Z' });
    const md = minutesToMarkdown(view);
    expect(md).toContain('**Lægesystemleverandører** *(Status pr. 15. december 2026)*');
    expect(md).toContain('| EG Sundhed | Gyldig til 24. april 2027 | 3. januar 2027: Levering af modul (250.000 kr.) | – |');
    expect(md).toContain('| Novax | Udløber 31. december 2026 | – | 10. december 2026: Integrationstest (80.000 kr.) |');
    expect(view.items.filter((it) => it.vendors).map((it) => it.title)).toEqual([expect.stringMatching(/lægesystem/i)]);
    const docx = (await mammoth.extractRawText({ buffer: await minutesToDocx(view) })).value;
    expect(docx).toContain('Lægesystemleverandører (Status pr. 15. december 2026)');
    expect(docx).toContain('3. januar 2027: Levering af modul (250.000 kr.)');
    const card = await say(users.anna, 'referat 1');
    expect(card.cardText).toContain('Novax: Udløber 31. december 2026');
  });

  it('styrebot vendors --json (the real CLI, read-only while the bot runs) prints the contract; the help card lists the commands', async () => {
    const { r, say } = await setup();
    await say(users.anna, 'leverandør ny XMO');
    await say(users.anna, 'leverandør XMO certificeret til 2027-01-10');
    await say(users.anna, 'leverandør XMO milepæl 2027-02-01 Go-live 120.000');
    const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/styrebot.mjs');
    const out = await promisify(execFile)(process.execPath, [bin, 'vendors', '--json', '--store', r.h.storePath, '--date', '2026-12-20'], {
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    expect(JSON.parse(out.stdout)).toEqual([
      {
        group: r.db().groups[0].id,
        name: 'XMO',
        contact: null,
        agreement: { signed: null, milestones: [{ date: '2027-02-01', text: 'Go-live', amount: 120000, done: false }] },
        certification: { validUntil: '2027-01-10', status: 'expiring' },
        tests: [],
        notes: null,
      },
    ]);
    const help = await say(users.anna, 'hjælp');
    expect(help.cardText).toContain('leverandører');
  });
});
