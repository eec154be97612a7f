import type { TurnContext } from 'botbuilder';
import { baseConversationId, groupForConversation, groupsOf } from '../app/groups.js';
import type { Services } from '../app/services.js';
import { literalChatText } from '../cards/markdown.js';
import { cardAttachment } from '../cards/render.js';
import type { Group, Locale, Person } from '../domain/model.js';
import { AppError } from '../errors.js';
import { t } from '../i18n/index.js';
import { actorOf, conversationRefOf } from './conversation.js';
import { sendReply } from './reply.js';
import { REPLY_TIMEOUT_MS, withTimeout } from './timeout.js';
import type { TurnCtx } from './types.js';

export function createTurnCtx(turn: TurnContext, services: Services, lang?: Locale): TurnCtx {
  const activity = turn.activity;
  const conversation = conversationRefOf(activity);
  conversation.conversationId = baseConversationId(conversation.conversationId);
  const actor = actorOf(activity);
  const db = () => services.store.read();
  let resolved: { group: Group; linkedMeeting: number | null } | null | undefined;
  const resolve = () => {
    if (resolved !== undefined) return resolved;
    resolved = groupForConversation(db(), conversation.conversationId);
    if (!resolved && conversation.conversationType === 'personal') {
      const mine = groupsOf(db(), actor);
      if (mine.length === 1) resolved = { group: mine[0], linkedMeeting: null };
      else if (mine.length > 1) throw new AppError('several_groups', { groups: mine.map((g) => g.name).join(', ') });
    }
    return resolved;
  };
  let locale: Locale = lang ?? services.config.locale;
  if (!lang) {
    try {
      locale = resolve()?.group.locale ?? services.config.locale;
    } catch {
      /* several groups: keep the default language */
    }
  }
  let mentionCache: Promise<Person[]> | undefined;
  const ctx: TurnCtx = {
    turn,
    services,
    actor,
    conversation,
    locale,
    t: (key, params) => t(ctx.locale, key, params),
    async reply(content, opts) {
      // Chat text is markdown and quotes names and titles: no list, link or tag from it (markdown.ts).
      const activityOut =
        typeof content === 'string'
          ? { type: 'message', text: literalChatText(content) }
          : { type: 'message', attachments: [cardAttachment(content)] };
      // Capped; what the connector does not take is handed to the outbox (src/teams/reply.ts).
      return sendReply({ turn, services, group: () => ctx.group() }, activityOut, opts?.ref);
    },
    group() {
      const r = resolve();
      if (!r) throw new AppError(db().groups.length ? 'not_in_group' : 'no_group');
      return r.group;
    },
    linkedMeeting: () => resolve()?.linkedMeeting ?? null,
    mentions() {
      mentionCache ??= resolveMentions(turn, services);
      return mentionCache;
    },
    activityKey: String(activity.id ?? ''),
  };
  return ctx;
}

/** @mentions except the bot's own, resolved to Entra object ids through Teams (getMember). */
async function resolveMentions(turn: TurnContext, services: Services): Promise<Person[]> {
  const botId = turn.activity.recipient?.id;
  const seen = new Set<string>();
  const people: Person[] = [];
  for (const e of turn.activity.entities ?? []) {
    if (e.type !== 'mention' || !e.mentioned?.id || e.mentioned.id === botId || seen.has(e.mentioned.id)) continue;
    seen.add(e.mentioned.id);
    const id = String(e.mentioned.id);
    const name = String(e.mentioned.name ?? '').replace(/<\/?at>/g, '');
    let aadObjectId: string | null = null;
    try {
      const m = await withTimeout(
        services.delivery.getMember(conversationRefOf(turn.activity), id),
        REPLY_TIMEOUT_MS,
        () => new AppError('reply_timeout', {}, `no answer from the connector within ${REPLY_TIMEOUT_MS} ms`),
      );
      aadObjectId = m?.aadObjectId ?? null;
      people.push({ name: m?.name || name, aadObjectId, teamsId: id });
    } catch {
      throw new AppError('mention_unresolved', { name });
    }
  }
  return people;
}
