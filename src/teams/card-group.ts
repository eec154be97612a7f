import { groupForConversation } from '../app/groups.js';
import type { Group } from '../domain/model.js';
import { findMember, personKey } from '../domain/roster.js';
import { AppError } from '../errors.js';
import type { TurnCtx } from './types.js';

/**
 * The group a card's button is about, for cards that carry `groupId` (minutes, the meetings
 * card's calendar button). Card data is never trusted: in the group's own conversation (or a
 * linked meeting chat) it must name that group; in personal chat the clicker must be on that
 * group's roster. Anywhere else there is no group. A mismatch is written to the security log.
 */
export function cardGroup(ctx: TurnCtx, id: string, card: string): Group {
  const db = ctx.services.store.read();
  const own = groupForConversation(db, ctx.conversation.conversationId);
  const refuse = (code: string) => {
    ctx.services.security.record({
      at: ctx.services.clock.now().toISOString(),
      actor: personKey(ctx.actor),
      conversationId: ctx.conversation.conversationId,
      code,
      detail: `${card} card for group ${id}`,
    });
    return new AppError(code === 'card_group_mismatch' ? 'bad_input' : code, code === 'card_group_mismatch' ? { detail: 'card data' } : {});
  };
  if (own) {
    if (own.group.id !== id) throw refuse('card_group_mismatch');
    return own.group;
  }
  if (ctx.conversation.conversationType !== 'personal') throw new AppError('not_in_group');
  // handleCardAction has already refused strangers here; the same answer either way, regardless.
  const g = db.groups.find((x) => x.id === id);
  if (!g || !findMember(g, ctx.actor)) throw refuse('not_member');
  return g;
}
