import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import {
  boardChannel,
  botAdded,
  cardAction,
  groupChat,
  message,
  users,
  type TestConversation,
  type TestUser,
} from '../helpers/activities.js';
import { seedRisks } from '../helpers/action-world.js';
import { cardOf, cardText, invokeCard, invokeMessage, startHarness, type Harness } from '../helpers/bot-harness.js';
import type { RecordedCall } from '../helpers/fake-connector.js';

const run = promisify(execFile);

describe('escalation of a risk to the programme board over HTTP', () => {
  let h: Harness;
  const db = () => h.services.store.read();
  const esc = (id: string) => db().escalations.find((e) => e.id === id)!;
  const g1 = () => db().groups.find((g) => g.id === 'g1')!;
  /** Messages the outbox has yet to send (queued or being sent). */
  const inFlight = () =>
    db()
      .outbox.filter((o) => o.status === 'queued' || o.status === 'sending')
      .map((o) => o.id);
  /**
   * One message turn and what the bot sent during it. Waits first until earlier notices have left
   * the outbox: they are sent beside the turns, and one still on its way would land in this turn.
   */
  const say = async (conv: TestConversation, from: TestUser, text: string) => {
    await expect.poll(inFlight).toEqual([]);
    return h.turn(message(h.fc.url, conv, from, text));
  };
  const click = (conv: TestConversation, from: TestUser, verb: string, data: Record<string, unknown>, replyToId = 'card-1') =>
    h.post(cardAction(h.fc.url, conv, from, verb, data, replyToId));
  const security = () => {
    try {
      return readFileSync(`${h.storePath}.security.log`, 'utf8');
    } catch {
      return '';
    }
  };
  const cardPosts = (conv: string, text: string) => h.fc.posts(conv).filter((c: RecordedCall) => cardText(cardOf(c)).includes(text));
  /** The confirm button's data from a confirmation card, plus the reason input. */
  const confirmData = (card: any, reason: string) => ({
    ...card.actions.find((a: any) => a.verb === VERBS.escalationConfirm).data,
    escalationReason: reason,
  });

  const REASON = 'Leverandøren kan tidligst certificere i fjerde kvartal; styregruppen kan ikke selv løse det.';
  const ANSWER =
    'DAP-styregruppen ændrer udbredelsesplanen, og programsekretariatet kontakter leverandørens direktion om en bindende dato.';
  /** The chair makes the board channel the group's escalation target. */
  const setTarget = () => say(boardChannel, users.anna, 'eskaleringskanal');
  /** The chair asks to escalate R2; the confirmation card. */
  const askToEscalate = async (reason = REASON) => cardOf((await say(groupChat, users.anna, `eskaler R2 ${reason}`)).sent[0]);
  /** The chair escalates R2 and confirms (card confirm-card-1); waits until the board card is sent. The confirmation card. */
  async function escalate(reason = REASON) {
    const card = await askToEscalate(reason);
    await click(groupChat, users.anna, VERBS.escalationConfirm, confirmData(card, reason), 'confirm-card-1');
    const id = db().escalations.at(-1)!.id;
    await expect.poll(() => esc(id).status).toBe('sent');
    return card;
  }
  /** Erik acknowledges E1 on its board card. */
  const acknowledgeE1 = () =>
    click(boardChannel, users.erik, VERBS.escalationAck, { groupId: 'g1', escalationId: 'E1' }, esc('E1').card!.activityId);
  /** Frida answers E1 on its board card. */
  const answerE1 = () =>
    click(
      boardChannel,
      users.frida,
      VERBS.escalationAnswer,
      { groupId: 'g1', escalationId: 'E1', answerText: ANSWER },
      esc('E1').card!.activityId,
    );

  // Each test starts from a fresh group with the seeded risks, the board channel installed and no escalation target.
  beforeEach(async () => {
    h = await startHarness();
    await seedRisks(h.services.store, 'g1');
    // The board's channel: installing the bot there creates an empty group (Erik is its first member).
    await h.post(botAdded(h.fc.url, boardChannel, users.erik));
  });
  afterEach(async () => h.close());

  it('without a target, escalating says how to set one', async () => {
    const r = await say(groupChat, users.anna, 'eskaler R2 Leverandøren kan ikke levere');
    expect(r.sent[0].body.text).toContain('Der er ingen eskaleringskanal for Operationel styregruppe');
    expect(r.sent[0].body.text).toContain('eskaleringskanal');
  });

  it('a member cannot set the target or escalate: clear refusal, recorded in the security log, nothing sent', async () => {
    const postsBefore = h.fc.posts().length;
    const t = await say(boardChannel, users.bent, 'eskaleringskanal');
    expect(t.sent[0].body.text).toContain('Du er ikke formand i nogen styregruppe');
    expect(g1().escalationTarget).toBeNull();
    const e = await say(groupChat, users.bent, 'eskaler R2 Det går for langsomt');
    expect(e.sent[0].body.text).toContain('Kun formanden kan gøre det.');
    const log = security();
    expect(log).toContain('escalation_no_chair_group');
    expect(log).toMatch(/"actor":"aad-bent".*"code":"not_chair".*escalate in g1/);
    expect(db().escalations).toHaveLength(0);
    expect(db().outbox).toHaveLength(0);
    expect(h.fc.posts().length).toBe(postsBefore + 2); // only the two refusals, as replies
  });

  it('the chair sets the target in the board channel (checked against the group roster); the empty board group is marked isBoard', async () => {
    const self = await say(groupChat, users.anna, 'eskaleringskanal');
    expect(self.sent[0].body.text).toContain('kan ikke eskalere til sin egen samtale');
    const r = await say(boardChannel, users.anna, 'eskaleringskanal');
    expect(r.sent[0].body.text).toContain('Eskaleringer fra Operationel styregruppe sendes nu hertil (DAP-styregruppen)');
    expect(g1().escalationTarget).toMatchObject({
      conversation: { conversationId: boardChannel.id, conversationType: 'channel' },
      setBy: 'aad-anna',
      name: 'DAP-styregruppen',
    });
    expect(db().groups.find((g) => g.conversation.conversationId === boardChannel.id)!.isBoard).toBe(true);
    await h.fc.waitFor(
      () => cardPosts(groupChat.id, 'Eskaleringer fra Operationel styregruppe sendes nu til DAP-styregruppen').length === 1,
    );
  });

  it('"eskaler R2 …" shows a confirmation card with the risk snapshot and the reason; nothing is sent yet', async () => {
    await setTarget();
    const outboxBefore = db().outbox.length;
    const r = await say(
      groupChat,
      users.anna,
      'eskaler R2 Leverandøren kan tidligst certificere i fjerde kvartal; styregruppen kan ikke selv løse det.',
    );
    const confirmCard = cardOf(r.sent[0]);
    const text = cardText(confirmCard);
    expect(text).toContain('Eskalér R2 Lægesystemleverandørerne når ikke certificeringen til tiden til DAP-styregruppen?');
    expect(text).toContain('Grøn 0 · Gul 1 · Rød 2');
    const input = confirmCard.body.find((b: any) => b.type === 'Input.Text');
    expect(input).toMatchObject({
      id: 'escalationReason',
      isRequired: true,
      value: 'Leverandøren kan tidligst certificere i fjerde kvartal; styregruppen kan ikke selv løse det.',
    });
    expect(confirmCard.actions.map((a: any) => a.verb)).toEqual([VERBS.escalationConfirm, VERBS.escalationCancel]);
    expect(db().outbox.length).toBe(outboxBefore);
  });

  it('a member forging the confirm payload is refused and logged; nothing is sent', async () => {
    await setTarget();
    const confirmCard = await askToEscalate();
    const r = await click(groupChat, users.bent, VERBS.escalationConfirm, confirmData(confirmCard, 'Forfalsket'));
    expect(invokeMessage(r.body)).toContain('Kun formanden kan gøre det.');
    const forged = await click(groupChat, users.carsten, VERBS.riskEscalate, { groupId: 'g1', riskId: 'R2' });
    expect(invokeMessage(forged.body)).toContain('Kun formanden kan gøre det.');
    expect(security().match(/"code":"not_chair"/g)).toHaveLength(2); // one per refusal
    expect(db().escalations).toHaveLength(0);
  });

  it('the chair confirms: E1 with the snapshot; the board card goes to the board channel and a notice to the group, through the outbox; status pending → sent', async () => {
    await setTarget();
    const confirmCard = await askToEscalate();
    const r = await click(
      groupChat,
      users.anna,
      VERBS.escalationConfirm,
      confirmData(confirmCard, 'Leverandøren kan tidligst certificere i fjerde kvartal; styregruppen kan ikke selv løse det.'),
      'confirm-card-1',
    );
    expect(cardText(invokeCard(r.body))).toContain('Eskaleret som E1 af Anna Holm');
    const e = esc('E1');
    expect(e).toMatchObject({
      groupId: 'g1',
      riskId: 'R2',
      by: 'aad-anna',
      byName: 'Anna Holm',
      reason: 'Leverandøren kan tidligst certificere i fjerde kvartal; styregruppen kan ikke selv løse det.',
      snapshot: {
        title: 'Lægesystemleverandørerne når ikke certificeringen til tiden',
        category: 'Udbredelse',
        rating: 'red',
        tally: { green: 0, yellow: 1, red: 2 },
        comments: ['Bent Lund: Leverandøren svarer ikke på rykkere.', 'Dorthe Kjær: Platformen er klar.'],
        correctiveActions: ['Ugentlige statusmøder med leverandøren', 'Udbredelsen starter hos praksis med de øvrige systemer'],
        owner: 'Carsten Vang',
      },
    });
    expect(e.snapshot.history).toHaveLength(2);
    await h.fc.waitFor(
      () =>
        cardPosts(boardChannel.id, 'Eskalering E1: R2').length === 1 && cardPosts(groupChat.id, 'Risiko R2 er eskaleret (E1)').length === 1,
    );
    const board = cardOf(cardPosts(boardChannel.id, 'Eskalering E1: R2')[0]);
    expect(cardText(board)).toContain('Leverandøren svarer ikke på rykkere.');
    expect(cardText(board)).toContain('Rød');
    expect(board.actions.map((a: any) => a.verb ?? a.card.actions[0].verb)).toEqual([VERBS.escalationAck, VERBS.escalationAnswer]);
    await expect.poll(() => esc('E1').status).toBe('sent');
    const postedId = h.fc.posts(boardChannel.id).find((c) => cardText(cardOf(c)).includes('Eskalering E1'))!;
    expect(esc('E1').card).toEqual({ conversationId: boardChannel.id, activityId: expect.stringMatching(/^act-/) });
    expect(postedId.status).toBe(200);
    // The chair's confirmation card is updated in place for everyone in the group.
    await h.fc.waitFor(() =>
      h.fc.puts(groupChat.id).some((c) => c.activityId === 'confirm-card-1' && cardText(cardOf(c)).includes('Eskaleret som E1')),
    );
  });

  it('the same confirm again (Teams re-sends invokes) makes no second escalation and sends nothing more', async () => {
    await setTarget();
    const confirmCard = await escalate();
    const outbox = db().outbox.length;
    const r = await click(groupChat, users.anna, VERBS.escalationConfirm, confirmData(confirmCard, 'igen'));
    expect(cardText(invokeCard(r.body))).toContain('Eskaleret som E1');
    expect(db().escalations).toHaveLength(1);
    expect(db().outbox.length).toBe(outbox);
  });

  it('acknowledging from anywhere but the board conversation is refused and logged', async () => {
    await setTarget();
    await escalate();
    const r = await click(groupChat, users.anna, VERBS.escalationAck, { groupId: 'g1', escalationId: 'E1' });
    expect(invokeMessage(r.body)).toContain('Kun programstyregruppens samtale');
    expect(security()).toContain('escalation_wrong_conversation');
    expect(esc('E1').acknowledgedAt).toBeFalsy();
  });

  it('the board acknowledges (Modtaget) — anyone there, no roster needed; the card updates in place and the group is told', async () => {
    await setTarget();
    await escalate();
    const cardId = esc('E1').card!.activityId;
    const r = await acknowledgeE1();
    const card = invokeCard(r.body);
    expect(cardText(card)).toMatch(/Modtaget af Erik Sand, \d+\. \w+ 2\d{3} kl\. \d{1,2}\.\d\d\./);
    expect(card.actions.map((a: any) => a.type)).toEqual(['Action.ShowCard']);
    expect(esc('E1')).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'aad-erik', acknowledgedByName: 'Erik Sand' });
    await h.fc.waitFor(() => cardPosts(groupChat.id, 'DAP-styregruppen har modtaget eskalering E1').length === 1);
    await h.fc.waitFor(() =>
      h.fc.puts(boardChannel.id).some((c) => c.activityId === cardId && cardText(cardOf(c)).includes('Modtaget af Erik Sand')),
    );
  });

  it('the board answers (Besvar) from an external member: the answer comes back to the group and into the risk’s trail', async () => {
    await setTarget();
    await escalate();
    await acknowledgeE1();
    const answer = ANSWER;
    const r = await answerE1();
    const card = invokeCard(r.body);
    expect(cardText(card)).toContain('Svar fra Frida Mose (Extern)');
    expect(cardText(card)).toContain(answer);
    expect(card.actions ?? []).toEqual([]);
    expect(esc('E1')).toMatchObject({
      status: 'answered',
      answer,
      answeredBy: 'aad-frida-ext',
      answeredByName: 'Frida Mose (Extern)',
      acknowledgedByName: 'Erik Sand',
    });
    await h.fc.waitFor(() => cardPosts(groupChat.id, 'Svar fra DAP-styregruppen på eskalering E1').length === 1);
    expect(cardText(cardOf(cardPosts(groupChat.id, 'Svar fra DAP-styregruppen på eskalering E1')[0]))).toContain(answer);
    expect(db().audit.some((a) => a.action === 'risk.escalation_answered' && a.target === 'R2')).toBe(true);
    // A second, different answer is refused; the same one again is a no-op.
    expect(
      invokeMessage(
        (await click(boardChannel, users.erik, VERBS.escalationAnswer, { groupId: 'g1', escalationId: 'E1', answerText: 'Noget andet' }))
          .body,
      ),
    ).toContain('allerede besvaret');
    expect(
      cardText(
        invokeCard(
          (await click(boardChannel, users.frida, VERBS.escalationAnswer, { groupId: 'g1', escalationId: 'E1', answerText: answer })).body,
        ),
      ),
    ).toContain(answer);
    expect(cardPosts(groupChat.id, 'Svar fra DAP-styregruppen').length).toBe(1);
  });

  it('from the risk card button: the confirmation card answers the click; an empty reason is refused; cancel sends nothing', async () => {
    await setTarget();
    const r = await click(groupChat, users.anna, VERBS.riskEscalate, { groupId: 'g1', riskId: 'R2' });
    const card = invokeCard(r.body);
    expect(card.body.find((b: any) => b.type === 'Input.Text').value).toBe('');
    const empty = await click(groupChat, users.anna, VERBS.escalationConfirm, confirmData(card, '   '));
    expect(invokeMessage(empty.body)).toContain('Skriv en begrundelse');
    const cancel = await click(groupChat, users.anna, VERBS.escalationCancel, card.actions[1].data);
    expect(cardText(invokeCard(cancel.body))).toContain('Eskaleringen blev annulleret af Anna Holm');
    expect(db().escalations).toHaveLength(0);
    const retired = await click(groupChat, users.anna, VERBS.riskEscalate, { groupId: 'g1', riskId: 'R3' });
    expect(invokeMessage(retired.body)).toContain('R3 er lukket');
    const unknown = await say(groupChat, users.anna, 'eskaler R9 noget');
    expect(unknown.sent[0].body.text).toContain('R9');
  });

  it('English: "escalate R2 …" is answered in English', async () => {
    await setTarget();
    const r = await say(groupChat, users.anna, 'escalate R2 The vendor cannot certify before Q4.');
    expect(cardText(cardOf(r.sent[0]))).toContain('Escalate R2');
  });

  it('a board card that may not have arrived (504) makes the escalation uncertain; the chair sees it in udbakke and re-queues it (audited); then sent', async () => {
    await setTarget();
    await escalate(); // E1
    h.fc.fault = (c) => (c.method === 'POST' && c.conversationId === boardChannel.id ? { status: 504 } : null);
    const r = await say(groupChat, users.anna, 'eskaler R2 Anden eskalering');
    await click(groupChat, users.anna, VERBS.escalationConfirm, confirmData(cardOf(r.sent[0]), 'Anden eskalering'));
    await expect.poll(() => esc('E2').status).toBe('uncertain');
    expect(h.fc.posts(boardChannel.id).filter((c) => c.status === 504)).toHaveLength(1); // not re-sent blindly
    const member = await say(groupChat, users.bent, 'udbakke');
    expect(member.sent[0].body.text).toContain('Kun formanden');
    const ob = cardOf((await say(groupChat, users.anna, 'udbakke')).sent[0]);
    expect(cardText(ob)).toContain('Eskalering E2 til DAP-styregruppen');
    expect(cardText(ob)).toContain('Usikker');
    const itemSet = ob.body.find((b: any) => b.type === 'Container' && JSON.stringify(b).includes(VERBS.outboxRetry));
    const retry = itemSet.items.find((x: any) => x.type === 'ActionSet').actions.find((a: any) => a.verb === VERBS.outboxRetry);
    // A member forging the retry is refused.
    expect(invokeMessage((await click(groupChat, users.bent, VERBS.outboxRetry, retry.data)).body)).toContain('Kun formanden');
    h.fc.fault = null;
    const after = await click(groupChat, users.anna, VERBS.outboxRetry, retry.data);
    expect(cardText(invokeCard(after.body))).not.toContain('Eskalering E2 til DAP-styregruppen');
    expect(
      db().audit.some((a) => a.action === 'outbox.retry_uncertain' && a.actor === 'aad-anna' && a.target === retry.data.outboxId),
    ).toBe(true);
    await expect.poll(() => esc('E2').status).toBe('sent');
    expect(cardPosts(boardChannel.id, 'Eskalering E2').filter((c) => c.status === 200)).toHaveLength(1);
  });

  it('a failed board card (403) can be dismissed by the chair; the escalation stays failed and leaves the outbox card', async () => {
    await setTarget();
    await escalate(); // E1
    await escalate('Anden eskalering'); // E2
    h.fc.fault = (c) => (c.method === 'POST' && c.conversationId === boardChannel.id ? { status: 403 } : null);
    const r = await say(groupChat, users.anna, 'eskaler R2 Tredje');
    await click(groupChat, users.anna, VERBS.escalationConfirm, confirmData(cardOf(r.sent[0]), 'Tredje'));
    await expect.poll(() => esc('E3').status).toBe('failed');
    h.fc.fault = null;
    const id = esc('E3').outboxId!;
    const dismissed = await click(groupChat, users.anna, VERBS.outboxDismiss, { groupId: 'g1', outboxId: id });
    expect(cardText(invokeCard(dismissed.body))).toContain('Ingen fejlede eller usikre beskeder');
    expect(esc('E3').status).toBe('failed');
    // An outbox item of another group cannot be touched from here.
    expect(invokeMessage((await click(groupChat, users.anna, VERBS.outboxDismiss, { groupId: 'g2', outboxId: id })).body)).toContain(
      'anden gruppe',
    );
  });

  it('styrebot escalations --json lists them with their status; escalation memo writes a Word file that opens', async () => {
    await setTarget();
    await escalate(); // E1, acknowledged and answered
    await acknowledgeE1();
    await answerE1();
    await escalate('Anden eskalering'); // E2, sent
    h.fc.fault = (c) => (c.method === 'POST' && c.conversationId === boardChannel.id ? { status: 403 } : null);
    const r = await say(groupChat, users.anna, 'eskaler R2 Tredje'); // E3, failed
    await click(groupChat, users.anna, VERBS.escalationConfirm, confirmData(cardOf(r.sent[0]), 'Tredje'));
    await expect.poll(() => esc('E3').status).toBe('failed');
    h.fc.fault = null;
    const cli = path.resolve('bin/styrebot.mjs');
    const { stdout } = await run(process.execPath, [cli, 'escalations', '--json', '--store', h.storePath], { timeout: 60_000 });
    const list = JSON.parse(stdout);
    expect(list.map((e: any) => [e.id, e.status])).toEqual([
      ['E1', 'answered'],
      ['E2', 'sent'],
      ['E3', 'failed'],
    ]);
    expect(list[0]).toMatchObject({
      group: 'g1',
      risk: 'R2',
      rating: 'red',
      by: { name: 'Anna Holm', id: 'aad-anna' },
      acknowledged: { by: 'Erik Sand' },
      answer: { by: 'Frida Mose (Extern)' },
      subject: { kind: 'risk', id: 'R2' },
    });
    const out = path.join(h.dir, 'E1.docx');
    await run(process.execPath, [cli, 'escalation', 'memo', 'E1', '--out', out, '--store', h.storePath], { timeout: 60_000 });
    const zip = await JSZip.loadAsync(readFileSync(out));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('Lægesystemleverandørerne når ikke certificeringen til tiden');
    expect(xml).toContain('programsekretariatet kontakter leverandørens direktion');
    expect(xml).toContain('Frida Mose (Extern)');
    expect(xml).toContain('Erik Sand');
  }, 90_000);
});
