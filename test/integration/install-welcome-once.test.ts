import { afterEach, describe, expect, it } from 'vitest';
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

describe('one welcome card per install', () => {
  let h: Harness;
  afterEach(async () => h?.close());

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
});
