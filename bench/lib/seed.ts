/**
 * Sets up the real bot (c) the way a group would, over HTTP with the fake Bot Connector as the
 * activities' serviceUrl: the bot is added to a group chat of 50 people (the installer becomes
 * chair; the roster comes from the connector's member list), ten members add a risk each with
 * "ny risiko <kategori>: <titel>", and the chair opens the vote with "risikoafstemning" (the
 * ballot card is posted to the chat; its id is stored on the round).
 */
import { openStore } from '../../src/storage/index.js';
import { botAdded, message } from '../../test/helpers/activities.js';
import type { FakeConnector } from '../../test/helpers/fake-connector.js';
import { RISK_TEXTS } from '../../test/helpers/risk-world.js';
import { CONVERSATION, VOTERS, type Target } from './ballots.js';

async function post(url: string, activity: object): Promise<number> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await res.arrayBuffer();
  return res.status;
}

export async function seedBot(botUrl: string, fc: FakeConnector, storePath: string): Promise<Target> {
  fc.members.set(
    CONVERSATION.id,
    VOTERS.map((v) => ({ id: v.id, name: v.name, aadObjectId: v.aadObjectId, tenantId: CONVERSATION.tenantId })),
  );
  const must = async (what: string, activity: object) => {
    const status = await post(botUrl, activity);
    if (status < 200 || status >= 300) throw new Error(`seeding: ${what} answered ${status}`);
  };
  await must('install', botAdded(fc.url, CONVERSATION, VOTERS[0]));
  for (const [i, r] of RISK_TEXTS.entries()) {
    await must(`risk ${i + 1}`, message(fc.url, CONVERSATION, VOTERS[(i * 3) % VOTERS.length], `ny risiko ${r.category}: ${r.title}`));
  }
  await must('risikoafstemning', message(fc.url, CONVERSATION, VOTERS[0], 'risikoafstemning'));

  const reader = await openStore({ path: storePath, readOnly: true }); // the document and its journal
  const db = reader.read();
  await reader.close();
  const group = db.groups.find((g) => g.conversation.conversationId === CONVERSATION.id);
  const round = db.voteRounds.find((r) => r.groupId === group?.id && r.status === 'open');
  if (!group || !round?.card) throw new Error('seeding: no group or no open round with a posted ballot card in the store');
  const voters = group.roster.filter((m) => m.role !== 'observer');
  if (voters.length !== VOTERS.length) throw new Error(`seeding: ${voters.length} voters on the roster, expected ${VOTERS.length}`);
  if (round.riskIds.length !== RISK_TEXTS.length) throw new Error(`seeding: round has ${round.riskIds.length} risks`);
  return { serviceUrl: fc.url, groupId: group.id, roundId: round.id, cardActivityId: round.card.activityId, riskIds: round.riskIds };
}
