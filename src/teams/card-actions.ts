import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { cardAttachment } from '../cards/render.js';
import { findMember, personKey } from '../domain/roster.js';
import { AppError, asAppError } from '../errors.js';
import { localDate } from '../domain/dates.js';
import { exampleParams } from '../i18n/examples.js';
import { errorText } from '../i18n/index.js';
import type { Registry } from './registry.js';
import { REPLY_TIMEOUT_MS, withTimeout } from './timeout.js';
import { createTurnCtx } from './turn.js';
import type { CardActionResult, TurnCtx } from './types.js';

/** The part of a card action payload every verb shares; each handler validates its own data. */
const actionPayload = z.object({
  verb: z.string().max(64),
  data: z.record(z.unknown()).default({}),
});

/** Reads verb + data from an Action.Execute invoke or an Action.Submit message (fallback for old clients). */
export function readCardAction(turn: TurnContext): { verb: string; data: Record<string, unknown> } {
  const value = (turn.activity.value ?? {}) as any;
  const raw =
    turn.activity.type === 'invoke'
      ? { verb: value?.action?.verb, data: value?.action?.data ?? {} }
      : { verb: value?.verb, data: value ?? {} };
  const parsed = actionPayload.safeParse(raw);
  if (!parsed.success) throw new AppError('bad_input', { detail: 'card payload' });
  return parsed.data;
}

export const isCardInvoke = (turn: TurnContext): boolean => turn.activity.type === 'invoke' && turn.activity.name === 'adaptiveCard/action';
export const isCardSubmit = (turn: TurnContext): boolean =>
  turn.activity.type === 'message' && !turn.activity.text && typeof (turn.activity.value as any)?.verb === 'string';

/**
 * In personal chat nothing ties a card to a group but its data, so a card naming a group is only
 * handled for someone on that group's roster. Checked before any verb looks anything up, with one
 * answer for "no such group" and "not on its roster": a stranger learns nothing about the group
 * (not whether it exists, nor its meetings, risks or items).
 */
function requireRosterInPersonalChat(ctx: TurnCtx, verb: string, data: Record<string, unknown>): void {
  if (ctx.conversation.conversationType !== 'personal' || !Object.hasOwn(data, 'groupId')) return;
  const id = data.groupId;
  const group = typeof id === 'string' ? ctx.services.store.read().groups.find((g) => g.id === id) : undefined;
  if (group && findMember(group, ctx.actor)) return;
  ctx.services.security.record({
    at: ctx.services.clock.now().toISOString(),
    actor: personKey(ctx.actor),
    tenantId: ctx.conversation.tenantId,
    conversationId: ctx.conversation.conversationId,
    code: 'not_member',
    detail: `${verb} card for group ${String(id).slice(0, 40)}`,
  });
  throw new AppError('not_member');
}

/**
 * Runs the handler for a card's verb. We route these invokes ourselves rather than through
 * teams-ai's actionExecute: in teams-ai 1.7, once a handler returns a card with `refresh`, that
 * route switches to replace-for-all for good and PUTs every later answer — private views too —
 * to the shared message before answering. The answer is the invoke response: no connector call.
 */
export async function handleCardAction(turn: TurnContext, services: Services, registry: Registry): Promise<void> {
  const ctx = createTurnCtx(turn, services);
  let result: CardActionResult;
  try {
    const { verb, data } = readCardAction(turn);
    const def = registry.cardActions.get(verb);
    if (!def) throw new AppError('unknown_verb', { verb });
    requireRosterInPersonalChat(ctx, verb, data);
    result = await def.run(ctx, data);
  } catch (err) {
    const e = asAppError(err);
    if (e.code === 'internal') services.log.error({ err: e.detail, activity: turn.activity.id }, 'card action failed');
    else services.log.info({ code: e.code, user: ctx.actor.aadObjectId }, 'card action refused');
    result = { message: ctx.t('error.prefix') + errorText(ctx.locale, e, exampleParams(localDate(ctx.services.clock.now()))) };
  }
  if (isCardInvoke(turn)) {
    const body = result.card
      ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card }
      : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: result.message };
    await turn.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
    return;
  }
  // Action.Submit fallback: replace the clicked card for everyone, or answer with a message.
  if (result.card && turn.activity.replyToId) {
    // Capped like every in-turn send: a hanging connector must not hold the turn open.
    try {
      await withTimeout(
        turn.updateActivity({ id: turn.activity.replyToId, type: 'message', attachments: [cardAttachment(result.card)] }),
        REPLY_TIMEOUT_MS,
        () => new Error('card update timed out'),
      );
    } catch (err) {
      services.log.warn({ err: String(err), activity: turn.activity.replyToId }, 'Action.Submit card update failed');
    }
  } else if (result.card) {
    await ctx.reply(result.card);
  } else {
    await ctx.reply(result.message);
  }
}
