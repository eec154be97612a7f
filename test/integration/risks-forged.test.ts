/**
 * Forged and refused risk-vote input over HTTP: each is answered with a clear message, stores
 * nothing, makes no connector call, and lands in the security log.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { botAdded, cardAction, groupChat, message, users, type TestConversation, type TestUser } from '../helpers/activities.js';
import { cardOf, invokeCard, invokeMessage, setMembers, startHarness, type Harness } from '../helpers/bot-harness.js';

const otherChat: TestConversation = {
  id: '19:anden-gruppe@thread.v2',
  type: 'groupChat',
  tenantId: groupChat.tenantId,
  name: 'Anden styregruppe',
};
const mallory: TestUser = { id: '29:mallory', name: 'Mallory Udefra', aadObjectId: 'aad-mallory' };

describe('forged risk-vote input is refused clearly and stores nothing', () => {
  let h: Harness;
  let ballotId: string;

  beforeAll(async () => {
    h = await startHarness();
    await h.services.store.update((db) => {
      db.groups[0].roster.push({
        name: users.erik.name,
        aadObjectId: users.erik.aadObjectId,
        teamsId: users.erik.id,
        role: 'observer',
        organisation: null,
      });
      db.groups[0].roster.push({
        name: users.frida.name,
        aadObjectId: users.frida.aadObjectId,
        teamsId: users.frida.id,
        role: 'member',
        organisation: 'Konsulenthuset',
      });
    });
    await h.post(message(h.fc.url, groupChat, users.anna, 'ny risiko Teknik: Forsinket certificering af lægesystemerne'));
    await h.post(message(h.fc.url, groupChat, users.anna, 'ny risiko Udbredelse: For få praksisser'));
    const opened = await h.turn(message(h.fc.url, groupChat, users.anna, 'risikoafstemning frist 1/1 kl. 12'));
    expect(cardOf(opened.sent[0])).not.toBeNull();
    ballotId = h.services.store.read().voteRounds[0].card!.activityId;
    // A second group (Gustav chairs it) with its own round V1.
    setMembers(h.fc, otherChat, [users.gustav, users.bent]);
    await h.post(botAdded(h.fc.url, otherChat, users.gustav));
    await h.post(message(h.fc.url, otherChat, users.gustav, 'ny risiko Jura: Databehandleraftale mangler'));
    await h.post(message(h.fc.url, otherChat, users.gustav, 'risikoafstemning'));
    expect(h.services.store.read().voteRounds.map((r) => [r.groupId, r.id])).toEqual([
      ['g1', 'V1'],
      ['g2', 'V1'],
    ]);
  });
  afterAll(async () => h.close());

  /** Sends an invoke; asserts nothing changed, nothing was sent; returns the refusal text. */
  async function refused(activity: object): Promise<string> {
    const before = JSON.stringify(h.services.store.read());
    const r = await h.turn(activity);
    expect(r.status).toBe(200);
    expect(r.sent).toEqual([]);
    expect(invokeCard(r.body)).toBeNull();
    expect(JSON.stringify(h.services.store.read())).toBe(before);
    return invokeMessage(r.body)!;
  }
  const cast = (who: TestUser, data: Record<string, unknown>, conv = groupChat) =>
    cardAction(h.fc.url, conv, who, VERBS.voteCast, data, ballotId);

  it('an unknown risk', async () => {
    expect(await refused(cast(users.bent, { groupId: 'g1', roundId: 'V1', r_R1: 'red', r_R9: 'green' }))).toContain(
      'Risikoen R9 findes ikke',
    );
    expect(await refused(cast(users.bent, { groupId: 'g1', roundId: 'V1', 'r_R1; DROP': 'red' }))).toContain('findes ikke');
  });

  it('an invalid colour', async () => {
    expect(await refused(cast(users.bent, { groupId: 'g1', roundId: 'V1', r_R1: 'purple' }))).toContain(
      '"purple" er ikke en gyldig vurdering. Vælg grøn, gul eller rød.',
    );
    expect(await refused(cast(users.bent, { groupId: 'g1', roundId: 'V1', r_R1: { $gt: '' } }))).toContain('er ikke en gyldig vurdering');
  });

  it('an observer, and someone not on the roster', async () => {
    expect(await refused(cast(users.erik, { groupId: 'g1', roundId: 'V1', r_R1: 'red' }))).toContain(
      'Du har ikke stemmeret i denne gruppe',
    );
    expect(await refused(cast(mallory, { groupId: 'g1', roundId: 'V1', r_R1: 'red' }))).toContain('Du står ikke på gruppens medlemsliste');
  });

  it('another group’s round, an unknown round, a malformed round id', async () => {
    expect(await refused(cast(users.bent, { groupId: 'g2', roundId: 'V1', r_R1: 'red' }))).toContain(
      'Afstemningen findes ikke i denne gruppe',
    );
    expect(await refused(cast(users.bent, { groupId: 'g1', roundId: 'V9', r_R1: 'red' }))).toContain(
      'Afstemningen findes ikke i denne gruppe',
    );
    expect(await refused(cast(users.bent, { groupId: 'g1', roundId: 'V1 OR 1=1', r_R1: 'red' }))).toContain(
      'Afstemningen findes ikke i denne gruppe',
    );
    // Carsten is not on group 2's roster: the card of group 2 does not let him vote there.
    expect(await refused(cast(users.carsten, { groupId: 'g2', roundId: 'V1', r_R1: 'red' }, otherChat))).toContain(
      'Du står ikke på gruppens medlemsliste',
    );
    expect(
      await refused(cardAction(h.fc.url, groupChat, users.bent, VERBS.voteRefresh, { groupId: 'g2', roundId: 'V1' }, ballotId)),
    ).toContain('Afstemningen findes ikke');
  });

  it('non-chairs cannot open, close, edit or retire', async () => {
    expect(
      await refused(cardAction(h.fc.url, groupChat, users.bent, VERBS.voteClose, { groupId: 'g1', roundId: 'V1', o_R1: 'red' }, ballotId)),
    ).toContain('Kun formanden kan gøre det.');
    expect(
      await refused(cardAction(h.fc.url, groupChat, users.bent, VERBS.voteClose, { groupId: 'g1', roundId: 'V1', review: true }, ballotId)),
    ).toContain('Kun formanden');
    expect(
      await refused(
        cardAction(
          h.fc.url,
          groupChat,
          users.frida,
          VERBS.riskEdit,
          { groupId: 'g1', riskId: 'R1', mode: 'save', e_desc_R1: 'hacked' },
          'log-1',
        ),
      ),
    ).toContain('Kun formanden');
    expect(
      await refused(cardAction(h.fc.url, groupChat, users.frida, VERBS.riskRetire, { groupId: 'g1', riskId: 'R1' }, 'log-1')),
    ).toContain('Kun formanden');
    const before = JSON.stringify(h.services.store.read().voteRounds);
    const r = await h.turn(message(h.fc.url, groupChat, users.bent, 'luk afstemning'));
    expect(r.sent[0].body.text).toContain('Kun formanden kan gøre det.');
    expect(JSON.stringify(h.services.store.read().voteRounds)).toBe(before);
  });

  it('a vote after the close is refused with a clear message', async () => {
    await h.post(cardAction(h.fc.url, groupChat, users.frida, VERBS.voteCast, { groupId: 'g1', roundId: 'V1', r_R1: 'yellow' }, ballotId));
    await h.post(message(h.fc.url, groupChat, users.anna, 'luk afstemning R2=rød'));
    const round = h.services.store.read().voteRounds[0];
    expect(round).toMatchObject({ status: 'closed', result: { R1: 'yellow', R2: 'red' }, overrides: { R2: 'red' } });
    await h.fc.waitFor((calls) =>
      calls.some((c) => c.method === 'POST' && JSON.stringify(c.body).includes('Resultat af risikoafstemning V1')),
    );
    await new Promise((r) => setTimeout(r, 500)); // the shared card's update follows the settle window
    expect(await refused(cast(users.bent, { groupId: 'g1', roundId: 'V1', r_R1: 'red' }))).toBe(
      '⚠️ Afstemning V1 er lukket; der kan ikke længere stemmes. Se resultatet på kortet eller med "risici".'.replace(
        /^⚠️ /,
        await prefix(),
      ),
    );
  });

  it('records each forged attempt in the security log', () => {
    const log = readFileSync(`${h.storePath}.security.log`, 'utf8');
    for (const code of ['risk_unknown', 'bad_rating', 'not_voter', 'not_member', 'round_unknown', 'not_chair']) expect(log).toContain(code);
  });

  /** The error prefix the bot puts before a refusal (from i18n), whatever it is. */
  async function prefix(): Promise<string> {
    const { t } = await import('../../src/i18n/index.js');
    return t('da', 'error.prefix');
  }
});
