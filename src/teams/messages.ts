import { TurnContext } from 'botbuilder';
import { rememberPersonalChat } from '../app/groups.js';
import type { Services } from '../app/services.js';
import { createCommandMatcher, createCommandSuggester, looksEnglish, normaliseText } from './command-parser.js';
import { helpCard } from './features/core.js';
import type { Registry } from './registry.js';
import { replyError } from './reply-error.js';
import { createTurnCtx } from './turn.js';
import type { TurnCtx } from './types.js';

const MAX_TEXT = 4000;

/** Message turns: parse the command, run it, and turn any error into a clear localised reply. */
export function createMessageHandler(services: Services, registry: Registry) {
  const match = createCommandMatcher(registry.commands);
  const suggest = createCommandSuggester(registry.commands);
  return async (turn: TurnContext): Promise<void> => {
    let raw: unknown;
    try {
      raw = TurnContext.removeRecipientMention(turn.activity) ?? turn.activity.text ?? '';
    } catch {
      // botbuilder's helper assumes well-formed mention entities; the text is still usable.
      raw = turn.activity.text ?? '';
    }
    const text = normaliseText(String(raw)).slice(0, MAX_TEXT);
    const parsed = match(text);
    const ctx = createTurnCtx(turn, services, parsed?.lang === 'en' ? 'en' : undefined);
    if (ctx.conversation.conversationType === 'personal') await notePersonalChat(ctx);
    try {
      if (!parsed) {
        if (!text && !(turn.activity.attachments ?? []).length) return;
        const near = text ? suggest(text) : null;
        if (near) {
          // A typo of a command: name it, in the language of the command it resembles.
          ctx.locale = near.lang;
          await ctx.reply(ctx.t('help.suggest', { text: text.slice(0, 60), name: near.name }));
          return;
        }
        if (text && looksEnglish(text)) ctx.locale = 'en';
        await ctx.reply(helpCard(ctx, registry, { text: text || '…' }));
        return;
      }
      await parsed.def.run(ctx, parsed.args);
    } catch (err) {
      await replyError(ctx, err);
    }
  };
}

/** Remember where a member's personal chat is, so nudges can reach them privately. */
async function notePersonalChat(ctx: TurnCtx): Promise<void> {
  const db = ctx.services.store.read();
  const known = db.groups.some((g) =>
    g.roster.some(
      (m) =>
        (m.aadObjectId ? m.aadObjectId === ctx.actor.aadObjectId : m.teamsId === ctx.actor.teamsId) &&
        m.personalChat?.conversationId !== ctx.conversation.conversationId,
    ),
  );
  if (known) await ctx.services.store.update((d) => rememberPersonalChat(d, ctx.actor, ctx.conversation));
}
