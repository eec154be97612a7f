import { afterEach, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { cardOf, cardText, setMembers, startHarness, type Harness } from '../helpers/bot-harness.js';
import { botAdded, groupChat, installationUpdate, personalChat, users } from '../helpers/activities.js';

/**
 * Issue #14: Teams sends two events for one install — installationUpdate (action "add") and a
 * conversationUpdate whose membersAdded holds the bot — in either order, and sometimes at the same
 * time. The chat gets one welcome card and one group.
 */
const WELCOME = 'Hej, jeg er styrebot';
const welcomes = (h: Harness, conversationId: string) =>
  h.fc.posts(conversationId).filter((c) => cardText(cardOf(c) ?? {}).includes(WELCOME));

/** A new bot process on the harness's store (the harness's own bot must be closed first). */
async function restartedBot(h: Harness, clock?: { now(): Date }): Promise<RunningBot> {
  const config = loadConfig({ PORT: '0', ...h.storeEnv, STYREBOT_DEMO: '0', STYREBOT_PLAYGROUND: '0', STYREBOT_LOG_LEVEL: 'silent' });
  return startBot({ config, clock, log: createLogger('silent'), jobIntervalMs: 3_600_000 });
}

const postTo = async (bot: RunningBot, activity: object) =>
  (
    await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    })
  ).status;

describe('one welcome card per install', () => {
  let h: Harness;
  let second: RunningBot | null = null;
  afterEach(async () => {
    await second?.close();
    second = null;
    await h?.close();
  });

  it('installationUpdate first, then conversationUpdate: one welcome, one group', async () => {
    h = await startHarness({ group: false });
    setMembers(h.fc, groupChat, [users.anna, users.bent, users.carsten]);
    await h.turn(installationUpdate(h.fc.url, groupChat, users.anna));
    await h.turn(botAdded(h.fc.url, groupChat, users.anna));
    expect(welcomes(h, groupChat.id)).toHaveLength(1);
    expect(h.services.store.read().groups).toHaveLength(1);
  });

  it('both events at once: one welcome, one group', async () => {
    h = await startHarness({ group: false });
    setMembers(h.fc, groupChat, [users.anna, users.bent]);
    await Promise.all([h.turn(botAdded(h.fc.url, groupChat, users.anna)), h.turn(installationUpdate(h.fc.url, groupChat, users.anna))]);
    expect(welcomes(h, groupChat.id)).toHaveLength(1);
    expect(h.services.store.read().groups).toHaveLength(1);
  });

  it('personal chat: both events give one hello', async () => {
    h = await startHarness({ group: false });
    const chat = personalChat(users.bent);
    await h.turn(botAdded(h.fc.url, chat, users.bent));
    await h.turn(installationUpdate(h.fc.url, chat, users.bent));
    expect(welcomes(h, chat.id)).toHaveLength(1);
  });

  it('a restart between the two events: the restarted bot posts no second welcome (the welcome is recorded with the group)', async () => {
    h = await startHarness({ group: false });
    setMembers(h.fc, groupChat, [users.anna, users.bent]);
    await h.turn(installationUpdate(h.fc.url, groupChat, users.anna));
    expect(welcomes(h, groupChat.id)).toHaveLength(1);
    await h.bot.close();
    second = await restartedBot(h);
    expect(await postTo(second, botAdded(h.fc.url, groupChat, users.anna))).toBe(200);
    expect(welcomes(h, groupChat.id)).toHaveLength(1);
    expect(second.services.store.read().groups).toHaveLength(1);
    expect(second.services.store.read().groups[0]!.welcomedAt).toEqual(expect.any(String));
  });

  it('the bot added again later (a new install) is welcomed again, also after a restart', async () => {
    let now = new Date('2026-03-02T09:00:00.000Z');
    const clock = { now: () => now };
    h = await startHarness({ group: false, clock });
    setMembers(h.fc, groupChat, [users.anna, users.bent]);
    await h.turn(installationUpdate(h.fc.url, groupChat, users.anna));
    await h.bot.close();
    now = new Date('2026-03-02T09:30:00.000Z');
    second = await restartedBot(h, clock);
    expect(await postTo(second, botAdded(h.fc.url, groupChat, users.anna))).toBe(200);
    expect(welcomes(h, groupChat.id)).toHaveLength(2);
    expect(second.services.store.read().groups).toHaveLength(1);
  });
});
