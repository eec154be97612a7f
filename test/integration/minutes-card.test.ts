import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertMinutesOpen } from '../../src/app/minutes.js';
import { recordDecision } from '../../src/app/meetings.js';
import { VERBS } from '../../src/cards/verbs.js';
import type { AgendaItem } from '../../src/domain/model.js';
import { isAppError } from '../../src/errors.js';
import { checkCard, MAX_CARD_BYTES } from '../cards/gate.js';
import { cardAction, groupChat, message, users } from '../helpers/activities.js';
import { cardOf, cardText, invokeCard, invokeMessage, startHarness, type Harness } from '../helpers/bot-harness.js';
import { DECISIONS, decide, decidedVia, gustav, seedSampleMeeting } from '../helpers/minutes-meeting.js';

const bytes = (card: unknown) => Buffer.byteLength(JSON.stringify(card), 'utf8');
const meeting = (h: Harness, n: number) => h.services.store.read().meetings.find((m) => m.number === n)!;

/** Every Action.Execute on a card: title, verb, data. */
function executes(card: any): { title: string; verb: string; data: any }[] {
  return (card?.actions ?? [])
    .filter((a: any) => a.type === 'Action.Execute')
    .map((a: any) => ({ title: a.title, verb: a.verb, data: a.data }));
}

/** The TextRuns/TextBlocks with a given text and their colours. */
function coloured(card: any): { text: string; color: string }[] {
  const out: { text: string; color: string }[] = [];
  const walk = (n: any) => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    if ((n.type === 'TextRun' || n.type === 'TextBlock') && typeof n.text === 'string')
      out.push({ text: n.text, color: String(n.color ?? 'default').toLowerCase() });
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

describe('minutes card: referat N over HTTP', () => {
  let h: Harness;
  let groupId: string;
  let card: any;
  beforeAll(async () => {
    h = await startHarness();
    groupId = await seedSampleMeeting(h);
    const r = await h.turn(message(h.fc.url, groupChat, users.bent, 'referat 2'));
    card = cardOf(r.sent[0]);
  });
  afterAll(async () => h.close());

  it('the sample meeting has the decisions the referent recorded (item.decide over HTTP, or the same use-cases in the store without that verb)', () => {
    expect(decidedVia.last).not.toBeNull();
    const items = meeting(h, 2).items;
    for (const [n, outcome, decision] of DECISIONS)
      expect(items.find((i) => i.number === n)).toMatchObject({ outcome, decision, by: users.gustav.aadObjectId });
  });

  it('posts a card with the header: title, date, time, place, participants with organisation and role, and afbud', () => {
    const text = cardText(card);
    for (const s of [
      'Referat: 2. Møde i den operationelle styregruppe for forløbsplaner',
      'mandag den 16. juni 2025',
      '12.30–14.00',
      'Via Teams',
      'Deltagere',
      'Anna Holm',
      'MedCom · Formand',
      'Gustav Eng',
      'MedCom · referent',
      'Afbud',
      'Erik Sand',
      'Mediq',
    ])
      expect(text).toContain(s);
    // Erik sent apologies: he is under Afbud, not among the participants.
    const afbud = text.slice(text.indexOf('Afbud'));
    expect(afbud).toContain('Erik Sand');
    expect(text.slice(0, text.indexOf('Afbud'))).not.toContain('Erik Sand');
  });

  it('lists every item with presenter, recommendation, outcome label and decision text, and "Ingen beslutning registreret" for the undecided one', () => {
    const text = cardText(card);
    for (const s of [
      '1. Velkomst og godkendelse af referat',
      'v. Anna · Bilag 1. Referat af 1. møde',
      'godkender referatet fra mødet den 24. februar 2025',
      'Godkendt',
      ' — Referatet fra 1. møde blev godkendt uden bemærkninger.',
      'Taget til efterretning',
      'Drøftet',
      ' — Risikoen for Teknik (R2) eskaleres til DAP-styregruppen.',
      'Udsat',
      '7. Eventuelt',
      'Ingen beslutning registreret',
    ])
      expect(text).toContain(s);
    expect(text.match(/Ingen beslutning registreret/g)).toHaveLength(1);
    expect(coloured(card).find((r) => r.text === 'Godkendt')?.color).toBe('good');
    expect(coloured(card).find((r) => r.text === 'Udsat')?.color).toBe('warning');
  });

  it('shows the risk section with rating words in their colours, the trend and the disagreement', () => {
    const runs = coloured(card);
    const text = cardText(card);
    expect(text).toContain('Risikovurdering');
    expect(text).toContain('R2 Svartider over det aftalte niveau');
    // R1 gul (uændret), R2 rød from gul with disagreement, R3 gul from rød.
    expect(runs.filter((r) => r.text === 'gul').map((r) => r.color)).toEqual(['warning', 'warning', 'warning']);
    expect(runs.filter((r) => r.text === 'rød').map((r) => r.color)).toEqual(['attention', 'attention']);
    for (const s of [' · → uændret', ' · ↑ forværret', ' · ↓ forbedret', '⚠ uenighed', 'Stemmer: 1 grøn, 1 gul, 3 rød'])
      expect(text).toContain(s);
  });

  it('shows new and overdue action points, the escalation and the draft status with its version', () => {
    const text = cardText(card);
    expect(text).toContain('Nye opfølgningspunkter');
    expect(text).toContain('A2 Send aftaleudkast til lægesystemleverandørerne (punkt 4) — Dorthe Kjær, 1. august 2025 · Åben');
    expect(text).toContain('Overskredne opfølgningspunkter');
    expect(text).toContain('A1 Indhent status på aftaler med lægesystemleverandørerne (1. møde, punkt 2) — Dorthe Kjær, 1. maj 2025');
    expect(text).toContain('Eskaleringer');
    expect(text).toContain('R2 Svartider over det aftalte niveau — sendt (Anna Holm, 16. juni 2025 kl. 13.50)');
    expect(text).toContain('Referatets status: Udkast, version 1');
  });

  it('offers Godkend referat, Hent som Word and Hent som Markdown with the group and meeting in the data', () => {
    expect(executes(card)).toEqual([
      { title: 'Godkend', verb: VERBS.minutesApprove, data: { groupId, meeting: 2, lang: 'da' } },
      { title: 'Word', verb: VERBS.minutesFile, data: { groupId, meeting: 2, lang: 'da', format: 'docx' } },
      { title: 'Markdown', verb: VERBS.minutesFile, data: { groupId, meeting: 2, lang: 'da', format: 'md' } },
    ]);
  });

  it('passes the card gate (Adaptive Cards 1.5 parse, size, verbs, rating colours)', () => {
    expect(checkCard(card)).toEqual([]);
    expect(bytes(card)).toBeLessThan(MAX_CARD_BYTES);
  });

  it('"referat" without a number shows the last held meeting; "minutes 2" answers in English', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.bent, 'referat'));
    expect(cardText(cardOf(r.sent[0]))).toContain('Referat: 2. Møde');
    const en = await h.turn(message(h.fc.url, groupChat, users.bent, 'minutes 2'));
    const text = cardText(cardOf(en.sent[0]));
    for (const s of [
      'Minutes: 2. Møde',
      'Participants',
      'Apologies',
      'Approved',
      'No decision recorded',
      'Risk assessment',
      'Draft, version 1',
    ])
      expect(text).toContain(s);
    expect(executes(cardOf(en.sent[0])).map((a) => a.title)).toEqual(['Approve', 'Word', 'Markdown']);
  });

  it('an unknown meeting number gets a clear answer', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.bent, 'referat 9'));
    expect(r.sent[0].body.text).toContain('Møde 9 findes ikke');
  });
});

describe('approving the minutes', () => {
  let h: Harness;
  let groupId: string;
  /** The chair clicks Godkend referat on the shared card of meeting 2 (activity minutes-card-1). */
  const approveOnCard = () =>
    h.post(cardAction(h.fc.url, groupChat, users.anna, VERBS.minutesApprove, { groupId, meeting: 2, lang: 'da' }, 'minutes-card-1'));
  /** The referent corrects item 4 of meeting 2. */
  const amendItem4 = () =>
    h.turn(message(h.fc.url, groupChat, users.gustav, 'rettelse 2 punkt 4: Certificeringen er uge 40-44, ikke 41-44.'));
  // Each test starts from the sample meeting with its minutes still a draft.
  beforeEach(async () => {
    h = await startHarness();
    groupId = await seedSampleMeeting(h);
  });
  afterEach(async () => h.close());

  it('a member clicking Godkend referat is refused clearly; nothing changes; the attempt is in the security log', async () => {
    const before = JSON.stringify(meeting(h, 2).minutes);
    const r = await h.post(cardAction(h.fc.url, groupChat, users.bent, VERBS.minutesApprove, { groupId, meeting: 2, lang: 'da' }));
    expect(r.status).toBe(200);
    expect(invokeMessage(r.body)).toBe(
      '⚠️ Kun formanden kan godkende referatet. Referenten kan tilføje rettelser med "rettelse 2 ‹tekst›".',
    );
    expect(JSON.stringify(meeting(h, 2).minutes)).toBe(before);
    expect(readFileSync(`${h.storePath}.security.log`, 'utf8')).toContain('not_chair');
  });

  it('the referent cannot approve either (approval is the chair’s)', async () => {
    const r = await h.post(cardAction(h.fc.url, groupChat, users.gustav, VERBS.minutesApprove, { groupId, meeting: 2 }));
    expect(invokeMessage(r.body)).toContain('Kun formanden kan godkende referatet');
    expect(meeting(h, 2).minutes.status).toBe('draft');
  });

  it('a card naming another group is refused (card data is not trusted)', async () => {
    const r = await h.post(cardAction(h.fc.url, groupChat, users.anna, VERBS.minutesApprove, { groupId: 'g99', meeting: 2 }));
    expect(invokeMessage(r.body)).toContain('Ugyldigt input');
    expect(meeting(h, 2).minutes.status).toBe('draft');
  });

  it('the chair approves on the card: the clicker gets the approved card at once, everyone’s copy is updated, and it is audited', async () => {
    h.fc.reset();
    const r = await approveOnCard();
    const card = invokeCard(r.body);
    const text = cardText(card);
    expect(text).toMatch(/Referatets status: Godkendt af Anna Holm \d+\. \w+ \d{4} kl\. \d+\.\d\d, version 2/);
    expect(executes(card).map((a) => a.verb)).toEqual([VERBS.minutesFile, VERBS.minutesFile]);
    const m = meeting(h, 2).minutes;
    expect(m).toMatchObject({ status: 'approved', approvedBy: users.anna.aadObjectId, version: 2 });
    expect(Date.parse(m.approvedAt!)).toBeGreaterThan(Date.now() - 60_000);
    // (Meeting 1's minutes were approved when Gustav recorded item 1 "godkendelse af referat".)
    const audit = h.services.store.read().audit.filter((a) => a.action === 'minutes.approve' && a.target === 'meeting 2');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: users.anna.aadObjectId,
      target: 'meeting 2',
      before: { status: 'draft', version: 1 },
      after: { status: 'approved', version: 2 },
    });
    // The shared card is PUT (coalesced, after the turn) with the approved state.
    await h.fc.waitFor((calls) => calls.some((c) => c.method === 'PUT' && c.activityId === 'minutes-card-1'));
    const put = h.fc.puts(groupChat.id).find((c) => c.activityId === 'minutes-card-1');
    expect(cardText(cardOf(put))).toContain('Godkendt af Anna Holm');
  });

  it('approving again (a re-sent invoke, or a second click) changes nothing and is not audited twice', async () => {
    await approveOnCard();
    const before = JSON.stringify(meeting(h, 2).minutes);
    const r = await h.post(cardAction(h.fc.url, groupChat, users.anna, VERBS.minutesApprove, { groupId, meeting: 2 }));
    expect(cardText(invokeCard(r.body))).toContain('Godkendt af Anna Holm');
    const t = await h.turn(message(h.fc.url, groupChat, users.anna, 'godkend referat 2'));
    expect(t.sent[0].body.text).toBe('Referatet for 2. møde var allerede godkendt.');
    expect(JSON.stringify(meeting(h, 2).minutes)).toBe(before);
    expect(h.services.store.read().audit.filter((a) => a.action === 'minutes.approve' && a.target === 'meeting 2')).toHaveLength(1);
  });

  it('approved minutes are frozen: a decision can no longer change (minutes_approved), and the guard says so', async () => {
    await approveOnCard();
    await expect(decide(h, groupId, users.gustav, 2, 7, 'noted', 'Intet.')).rejects.toThrow('Referatet for 2. møde er godkendt');
    await expect(
      h.services.store.update((db, tx) =>
        recordDecision(db, tx, { groupId, actor: gustav, meeting: 2, item: 7, outcome: 'noted', decision: 'Intet.' }),
      ),
    ).rejects.toSatisfy((e: unknown) => isAppError(e, 'minutes_approved'));
    expect(() => assertMinutesOpen(meeting(h, 2))).toThrowError('minutes_approved');
    expect(() => assertMinutesOpen(meeting(h, 3))).not.toThrow();
    expect(meeting(h, 2).items.find((i) => i.number === 7)!.outcome).toBeNull();
  });

  it('a correction after approval is an amendment (referent): recorded, versioned, audited, and shown in the next version of the card', async () => {
    await approveOnCard();
    const r = await amendItem4();
    expect(r.sent[0].body.text).toContain('Rettelsen er tilføjet referatet for 2. møde (version 3)');
    const m = meeting(h, 2).minutes;
    expect(m.status).toBe('approved');
    expect(m.amendments).toEqual([
      { text: 'Certificeringen er uge 40-44, ikke 41-44.', by: users.gustav.aadObjectId, at: expect.any(String), item: 4 },
    ]);
    expect(h.services.store.read().audit.some((a) => a.action === 'minutes.amend' && a.target === 'meeting 2')).toBe(true);
    const c = await h.turn(message(h.fc.url, groupChat, users.bent, 'referat 2'));
    const text = cardText(cardOf(c.sent[0]));
    expect(text).toContain('Rettelser');
    expect(text).toMatch(/Gustav Eng \(punkt 4\): Certificeringen er uge 40-44, ikke 41-44\./);
    expect(text).toContain('version 3');
  });

  it('a member cannot record an amendment; an amendment without text or for a missing item is refused', async () => {
    await approveOnCard();
    await amendItem4();
    const member = await h.turn(message(h.fc.url, groupChat, users.bent, 'rettelse 2 Forkert dato.'));
    expect(member.sent[0].body.text).toContain('Kun formanden eller referenten');
    const empty = await h.turn(message(h.fc.url, groupChat, users.gustav, 'rettelse 2'));
    expect(empty.sent[0].body.text).toContain('Skriv rettelsen efter mødenummeret');
    const noItem = await h.turn(message(h.fc.url, groupChat, users.gustav, 'amend 2 item 12: text'));
    expect(noItem.sent[0].body.text).toBe('⚠️ Meeting 2 has no item 12.');
    expect(meeting(h, 2).minutes.amendments).toHaveLength(1);
  });

  it('a planned future meeting cannot be approved yet', async () => {
    await h.services.store.update((db) => {
      const m3 = db.meetings.find((m) => m.groupId === groupId && m.number === 3)!;
      m3.date = '2099-10-22';
    });
    const r = await h.turn(message(h.fc.url, groupChat, users.anna, 'godkend referat 3'));
    expect(r.sent[0].body.text).toContain('3. møde er ikke holdt endnu');
  });
});

describe('approving through the next meeting’s "Godkendelse af referat" item', () => {
  let h: Harness;
  let groupId: string;
  /** The referent records meeting 2's item 1 (approval of the previous minutes) as approved. */
  const approveViaItem1 = () => decide(h, groupId, users.gustav, 2, 1, 'approved', 'Referatet fra 1. møde blev godkendt.');
  // Each test starts from the sample meeting with no decisions recorded.
  beforeEach(async () => {
    h = await startHarness();
    groupId = await seedSampleMeeting(h, { decisions: false });
  });
  afterEach(async () => h.close());

  it('another item or another outcome approves nothing', async () => {
    await decide(h, groupId, users.gustav, 2, 2, 'approved', 'x');
    await decide(h, groupId, users.gustav, 2, 1, 'noted', 'x');
    expect(meeting(h, 1).minutes.status).toBe('draft');
  });

  it('the referent records "Velkomst og godkendelse af referat" as approved → meeting 1’s minutes are approved by him, audited with the item', async () => {
    await approveViaItem1();
    expect(meeting(h, 1).minutes).toMatchObject({ status: 'approved', approvedBy: users.gustav.aadObjectId, version: 2 });
    const audit = h.services.store.read().audit.filter((a) => a.action === 'minutes.approve');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ target: 'meeting 1', after: { status: 'approved', via: 'meeting 2 item 1' } });
    // Meeting 2 itself stays a draft.
    expect(meeting(h, 2).minutes.status).toBe('draft');
  });

  it('a repeat (or another change of the item) does not approve twice', async () => {
    await approveViaItem1();
    await decide(h, groupId, users.gustav, 2, 1, 'approved', 'Referatet fra 1. møde blev godkendt uden bemærkninger.');
    expect(meeting(h, 1).minutes.version).toBe(2);
    expect(h.services.store.read().audit.filter((a) => a.action === 'minutes.approve')).toHaveLength(1);
  });

  it('the card of meeting 1 shows it approved, without the approve button', async () => {
    await approveViaItem1();
    const r = await h.turn(message(h.fc.url, groupChat, users.bent, 'referat 1'));
    expect(cardText(cardOf(r.sent[0]))).toContain('Godkendt af Gustav Eng');
    expect(executes(cardOf(r.sent[0])).map((a) => a.verb)).not.toContain(VERBS.minutesApprove);
  });

  it('the chair approving by command works too, and a member is refused', async () => {
    const member = await h.turn(message(h.fc.url, groupChat, users.carsten, 'godkend referat 2'));
    expect(member.sent[0].body.text).toContain('Kun formanden kan godkende referatet.');
    const chair = await h.turn(message(h.fc.url, groupChat, users.anna, 'godkend referat 2'));
    expect(chair.sent[0].body.text).toBe('Referatet for 2. møde er godkendt (version 2).');
  });
});

describe('card size: no decisions, and 40 items', () => {
  let h: Harness;
  let groupId: string;
  // Each test starts from the sample meeting with no decisions recorded (the 40-item test replaces its items).
  beforeEach(async () => {
    h = await startHarness();
    groupId = await seedSampleMeeting(h, { decisions: false });
  });
  afterEach(async () => h.close());

  it('a meeting with no decisions renders every item as "Ingen beslutning registreret", under 28 KB', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.bent, 'referat 2'));
    const card = cardOf(r.sent[0]);
    expect(cardText(card).match(/Ingen beslutning registreret/g)).toHaveLength(7);
    expect(checkCard(card)).toEqual([]);
    expect(bytes(card)).toBeLessThan(MAX_CARD_BYTES);
  });

  it('a meeting of 40 long items renders under 28 KB with every item and every decision, texts cut, and points to the files', async () => {
    const long = 'Meget lang beslutningstekst om forløbsplaner og lægesystemer. '.repeat(30);
    await h.services.store.update((db) => {
      const m = db.meetings.find((x) => x.groupId === groupId && x.number === 2)!;
      m.items = Array.from({ length: 40 }, (_, i): AgendaItem => ({
        number: i + 1,
        title: `Punkt ${i + 1}: ${'Status på et meget omfattende emne '.repeat(3)}`,
        presenter: 'Frida',
        annexes: [`Bilag ${i + 1}. Notat`],
        recommendation: ['tager orienteringen til efterretning', 'godkender planen for det videre arbejde med '.repeat(5)],
        background: 'Baggrund '.repeat(200),
        proposal: 'Løsning '.repeat(200),
        nextSteps: null,
        outcome: i % 4 === 3 ? null : 'approved',
        decision: i % 4 === 3 ? null : `${i + 1}: ${long}`,
        by: gustav.aadObjectId,
        byName: 'Gustav Eng',
        at: new Date().toISOString(),
      }));
    });
    const r = await h.turn(message(h.fc.url, groupChat, users.bent, 'referat 2'));
    const card = cardOf(r.sent[0]);
    const text = cardText(card);
    expect(bytes(card)).toBeLessThan(MAX_CARD_BYTES);
    expect(checkCard(card)).toEqual([]);
    expect(text).toContain('1. Punkt 1: Status');
    expect(text).toContain('30. Punkt 30: Status');
    expect(text).toContain('Hele referatet');
    expect(text).not.toContain(long.trim());
    expect(executes(card)).toHaveLength(3);
  });
});
