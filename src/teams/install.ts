import type { TurnContext } from 'botbuilder';
import { claimWelcome, installGroup, rememberPersonalChat, WELCOME_QUIET_MS } from '../app/groups.js';
import type { Services } from '../app/services.js';
import { renderCard, type CardJson } from '../cards/render.js';
import { welcomeView } from '../cards/views/core.js';
import type { Person } from '../domain/model.js';
import { actorOf, conversationRefOf, isMeetingChat } from './conversation.js';
import { REPLY_TIMEOUT_MS, withTimeout } from './timeout.js';
import { createTurnCtx } from './turn.js';
import { baseConversationId } from '../app/groups.js';

/** True when this activity tells us the bot itself was added to a conversation. */
export function isBotAdded(turn: TurnContext): boolean {
  const a = turn.activity;
  if (a.type === 'installationUpdate') return a.action === 'add' || a.action === 'add-upgrade';
  return a.type === 'conversationUpdate' && (a.membersAdded ?? []).some((m) => m.id === a.recipient?.id);
}

async function conversationMembers(turn: TurnContext, services: Services): Promise<Person[]> {
  try {
    const members = await withTimeout(
      services.delivery.getMembers(conversationRefOf(turn.activity)),
      REPLY_TIMEOUT_MS,
      () => new Error('timeout'),
    );
    return members
      .filter((m) => m.id !== turn.activity.recipient?.id)
      .map((m) => ({ name: m.name ?? 'Ukendt', aadObjectId: m.aadObjectId ?? null, teamsId: m.id }));
  } catch {
    return [];
  }
}

/**
 * Welcome once per install in personal and meeting chats, which have no stored record to keep
 * it on: remembered in this process (a group's welcome is recorded on the group, claimWelcome).
 */
const welcomesByBot = new WeakMap<Services, Map<string, number>>();

function firstWelcome(services: Services, conversationId: string, now: number): boolean {
  let recentWelcomes = welcomesByBot.get(services);
  if (!recentWelcomes) welcomesByBot.set(services, (recentWelcomes = new Map()));
  for (const [id, at] of recentWelcomes) if (now - at > WELCOME_QUIET_MS) recentWelcomes.delete(id);
  if (recentWelcomes.has(conversationId)) return false;
  recentWelcomes.set(conversationId, now);
  return true;
}

/** The installer as Teams knows them: install events often carry no display name. */
async function installerOf(turn: TurnContext, services: Services): Promise<Person | null> {
  const a = turn.activity;
  if (!a.from?.id || a.from.id === a.recipient?.id) return null;
  const person = actorOf(a);
  if (a.from.name) return person;
  try {
    const m = await withTimeout(services.delivery.getMember(conversationRefOf(a), a.from.id), REPLY_TIMEOUT_MS, () => new Error('timeout'));
    return { name: m?.name || person.name, aadObjectId: m?.aadObjectId ?? person.aadObjectId, teamsId: person.teamsId };
  } catch {
    return person;
  }
}

/**
 * Bot installed: in a channel or standing group chat this creates the group (idempotent) and
 * posts a welcome card; in a meeting chat it explains linking; in personal chat it says hello.
 */
export async function handleInstall(turn: TurnContext, services: Services): Promise<void> {
  const a = turn.activity;
  const conversation = conversationRefOf(a);
  conversation.conversationId = baseConversationId(conversation.conversationId);
  const installer = await installerOf(turn, services);
  const locale = services.config.locale;
  // The second event of the same install (installationUpdate + conversationUpdate) still runs the
  // idempotent set-up below, but posts no second welcome card. Through the capped in-turn reply
  // path (src/teams/reply.ts): botbuilder's own client would repeat the POST on 5xx and could
  // post the welcome card several times.
  const send = async (card: CardJson) => void (await createTurnCtx(turn, services).reply(card));
  const firstHere = () => firstWelcome(services, conversation.conversationId, services.clock.now().getTime());

  if (conversation.conversationType === 'personal') {
    const welcome = firstHere();
    if (installer) await services.store.update((db) => rememberPersonalChat(db, installer, conversation));
    if (welcome) await send(renderCard('welcome', welcomeView(locale, 'personal', null)));
    return;
  }
  if (isMeetingChat(a)) {
    if (firstHere()) await send(renderCard('welcome', welcomeView(locale, 'meeting', null)));
    return;
  }
  const cd = (a.channelData ?? {}) as { channel?: { name?: string }; team?: { name?: string } };
  const name = String(cd.channel?.name ?? a.conversation?.name ?? cd.team?.name ?? '').slice(0, 120);
  const members = conversation.conversationType === 'groupChat' ? await conversationMembers(turn, services) : [];
  // In a channel only the installer is known; configured chairs are looked up in the team by
  // their Entra id (Teams accepts it in place of the user id) so they become chair there too.
  if (conversation.conversationType === 'channel' && services.config.chairs.length) {
    if (installer) members.push(installer);
    for (const aad of services.config.chairs) {
      try {
        const m = await withTimeout(services.delivery.getMember(conversationRefOf(a), aad), REPLY_TIMEOUT_MS, () => new Error('timeout'));
        if (m?.id) members.push({ name: m.name ?? 'Ukendt', aadObjectId: m.aadObjectId ?? aad, teamsId: m.id });
      } catch {
        services.log.warn({ chair: aad }, 'configured chair not found in the team');
      }
    }
  }
  // Whether this event posts the welcome is decided in the same write that sets up the group.
  const { group, created, welcome } = await services.store.update((db, tx) => {
    const r = installGroup(db, tx, {
      conversation,
      name,
      installer,
      members,
      configuredChairs: services.config.chairs,
      locale,
      timezone: services.config.timezone,
    });
    return { ...r, welcome: claimWelcome(r.group, tx.now) };
  });
  if (created) services.log.info({ group: group.id, conversation: conversation.conversationId }, 'group created');
  if (welcome) await send(renderCard('welcome', welcomeView(group.locale, 'group', group)));
}
