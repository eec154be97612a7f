import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlayground, type Playground } from '../../scripts/playground.js';
import { startBot, type RunningBot } from '../../src/bot.js';
import { VERBS } from '../../src/cards/verbs.js';
import { loadConfig } from '../../src/config.js';
import { PLAYGROUND, seedDemo } from '../../src/demo.js';
import { createLogger } from '../../src/log.js';
import { risk } from '../helpers/action-world.js';
import { activityText, freePort, PlaygroundClient, type PgActivity } from '../helpers/playground-client.js';

/**
 * "Done when" of issue #7 in the real local client (Agents Playground, driven over its API): an
 * action point with a mention is created, completed and listed; the chair escalates a risk to the
 * team channel standing in for the programme board and sees the board's answer come back; a
 * member is refused.
 */
describe('action points and escalation in the Agents Playground', () => {
  let bot: RunningBot;
  let pg: Playground;
  let client: PlaygroundClient;
  let dir: string;
  const GROUP = PLAYGROUND.groupChatId;
  const BOARD = PLAYGROUND.boardChannelId;
  const [anna, bent, , , erik] = PLAYGROUND.users.map((u) => u.teamsId);
  const card = (a: PgActivity) => a.attachments?.[0]?.content;
  const inConv = (conv: string, text: string) => (a: PgActivity) => a.conversation?.id === conv && activityText(a).includes(text);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'styrebot-pg-'));
    const pgPort = await freePort();
    const config = loadConfig({ PORT: '0', STORE_PATH: path.join(dir, 'db.json'), STYREBOT_LOG_LEVEL: 'silent' });
    bot = await startBot({
      config,
      log: createLogger(process.env.PG_DEBUG ? 'debug' : 'silent'),
      beforeListen: async (s) => {
        await seedDemo(s.store, config, pgPort);
        await s.store.update((db) => {
          db.risks.push(risk(db.groups[0].id, 'R1'));
          db.groups[0].counters.risk = 1;
        });
      },
    });
    pg = await startPlayground({ port: pgPort, botEndpoint: `${bot.url}/api/messages` });
    client = new PlaygroundClient(pg.url);
    await client.connect();
  }, 90_000);

  afterAll(async () => {
    client?.close();
    await pg?.stop();
    await bot?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an action point with a mention is created, completed and listed', async () => {
    const from = client.received.length;
    const tag = '<at>Bent Lund</at>';
    await client.send(GROUP, anna, `<at>styrebot</at> handling Send notat om certificering til lægerne frist 16/6 ${tag}`, {
      mentions: [
        { mentioned: { id: PLAYGROUND.botId, name: 'styrebot' }, text: '<at>styrebot</at>' },
        { mentioned: { id: bent, name: 'Bent Lund' }, text: tag },
      ],
    });
    const posted = await client.waitFor(inConv(GROUP, 'Opfølgningspunkt A1'), { from });
    expect(activityText(posted)).toContain('Ansvarlig: <at>Bent Lund</at>');
    expect(card(posted).msteams.entities[0].mentioned.id).toBe(bent);
    const done = await client.invoke(GROUP, bent, posted.id!, VERBS.actionDone, { groupId: 'g1', actionId: 'A1' });
    expect(JSON.stringify(done)).toContain('Udført af');
    const listFrom = client.received.length;
    await client.mentionBot(GROUP, anna, 'handlinger');
    const list = await client.waitFor(inConv(GROUP, 'Opfølgningspunkter i'), { from: listFrom });
    expect(activityText(list)).toContain('A1');
    expect(activityText(list)).toContain('Udført');
  });

  it('a member is refused (the playground sends typed messages as its current user, the chair: a member acts through a card)', async () => {
    const from = client.received.length;
    await client.mentionBot(GROUP, anna, 'eskaler R1 Leverandøren er forsinket');
    const confirm = await client.waitFor(inConv(GROUP, 'Eskalér R1'), { from });
    const data = card(confirm).actions.find((a: any) => a.verb === VERBS.escalationConfirm).data;
    const forged = await client.invoke(GROUP, bent, confirm.id!, VERBS.escalationConfirm, { ...data, escalationReason: 'Forfalsket' });
    expect(JSON.stringify(forged)).toContain('Kun formanden kan gøre det.');
    const button = await client.invoke(GROUP, bent, confirm.id!, VERBS.riskEscalate, { groupId: 'g1', riskId: 'R1' });
    expect(JSON.stringify(button)).toContain('Kun formanden kan gøre det.');
    expect(bot.services.store.read().escalations).toHaveLength(0);
    expect(readFileSync(`${path.join(dir, 'db.json')}.security.log`, 'utf8')).toContain('not_chair');
  });

  it('the chair escalates R1 to the board channel and sees the board’s answer come back', async () => {
    let from = client.received.length;
    await client.mentionBot(GROUP, anna, 'eskaler R1 Leverandøren kan tidligst certificere i fjerde kvartal.');
    const confirm = await client.waitFor(inConv(GROUP, 'Eskalér R1'), { from });
    const data = card(confirm).actions.find((a: any) => a.verb === VERBS.escalationConfirm).data;
    from = client.received.length;
    const confirmed = await client.invoke(GROUP, anna, confirm.id!, VERBS.escalationConfirm, {
      ...data,
      escalationReason: 'Leverandøren kan tidligst certificere i fjerde kvartal.',
    });
    expect(JSON.stringify(confirmed)).toContain('Eskaleret som E1');
    const boardCard = await client.waitFor(inConv(BOARD, 'Eskalering E1: R1'), { from });
    await client.waitFor(inConv(GROUP, 'Risiko R1 er eskaleret (E1)'), { from });
    await expect.poll(() => bot.services.store.read().escalations[0]?.status, { timeout: 10_000 }).toBe('sent');

    // A card posted to a channel starts a thread: clicks on it come from "<channel>;messageid=<id>".
    const thread = String(boardCard.postConversationId ?? BOARD);
    from = client.received.length;
    const ack = await client.invoke(thread, erik, boardCard.id!, VERBS.escalationAck, { groupId: 'g1', escalationId: 'E1' });
    expect(JSON.stringify(ack)).toContain('Modtaget af Erik Sand');
    await client.waitFor(inConv(GROUP, 'har modtaget eskalering E1'), { from });

    from = client.received.length;
    const answer = 'Udbredelsesplanen ændres; programsekretariatet kontakter leverandøren.';
    const answered = await client.invoke(thread, erik, boardCard.id!, VERBS.escalationAnswer, {
      groupId: 'g1',
      escalationId: 'E1',
      answerText: answer,
    });
    expect(JSON.stringify(answered)).toContain(answer);
    const back = await client.waitFor(inConv(GROUP, 'Svar fra'), { from });
    expect(activityText(back)).toContain(answer);
    expect(bot.services.store.read().escalations[0]).toMatchObject({ status: 'answered', answer, answeredByName: 'Erik Sand' });
  });
});
