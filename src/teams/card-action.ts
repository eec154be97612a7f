import { z } from 'zod';
import { groupForConversation, requireGroup } from '../app/groups.js';
import type { Group } from '../domain/model.js';
import { personKey } from '../domain/roster.js';
import { AppError } from '../errors.js';
import type { CardActionDef, CardActionResult, TurnCtx } from './types.js';

/** A group id as cards carry it. */
export const GROUP_ID = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * The group a card click is about. In a group's conversation (or a linked meeting chat) the
 * card's groupId must be that group: anything else is a forged or misplaced payload, refused and
 * logged. In personal chat the card's group is taken, and the use-case checks the roster.
 */
export function groupForCard(ctx: TurnCtx, groupId: string): Group {
  const db = ctx.services.store.read();
  const here = groupForConversation(db, ctx.conversation.conversationId);
  if (here && !here.group.isBoard) {
    if (here.group.id === groupId) return here.group;
    ctx.services.security.record({
      at: ctx.services.clock.now().toISOString(),
      actor: personKey(ctx.actor),
      tenantId: ctx.conversation.tenantId,
      conversationId: ctx.conversation.conversationId,
      code: 'card_other_group',
      detail: `card for ${groupId.slice(0, 40)} in ${here.group.id}`,
    });
    throw new AppError('card_other_group');
  }
  if (ctx.conversation.conversationType === 'personal') return requireGroup(db, groupId);
  throw new AppError('not_in_group');
}

/** A card payload that does not validate: a clear message, never a crash. */
export function parsePayload<T extends z.ZodTypeAny>(schema: T, data: Record<string, unknown>): z.infer<T> {
  const r = schema.safeParse(data);
  if (!r.success) throw new AppError('bad_input', { detail: `card payload (${r.error.issues.map((i) => i.path.join('.')).join(', ')})` });
  return r.data;
}

/** An id a card carries (pending import, group): word characters, dots and dashes. */
export const CARD_ID = z.string().regex(/^[\w.-]{1,64}$/);

/** As parsePayload, with the refusal's detail given by the caller (what the user was doing). */
export function parseCard<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, data: Record<string, unknown>, what: string): T {
  const r = schema.safeParse(data);
  if (!r.success) throw new AppError('bad_input', { detail: what });
  return r.data;
}

/** A card payload naming its group (every shared card does). */
type GroupPayload = z.ZodType<{ groupId: string }, z.ZodTypeDef, unknown>;

/**
 * One card button: its verb, the zod schema of its payload, and what it does. The payload is
 * parsed first (a forged or malformed one is refused as `bad_input`, never reaching `run`), then
 * its `groupId` is checked against the conversation (groupForCard), so `run` gets typed data
 * and the group the click may act on.
 */
export function cardAction<S extends GroupPayload>(def: {
  verb: string;
  data: S;
  /** The refusal's detail for a payload that does not parse (default: the fields at fault). */
  what?: string;
  /** How a payload that does not parse is refused instead of `bad_input` (a feature's own code, logged as forged). */
  refuse?: (ctx: TurnCtx, raw: Record<string, unknown>) => never;
  /** How the card's group is checked (default groupForCard; cards anyone on the roster may use in personal chat: cardGroup). */
  group?: (ctx: TurnCtx, groupId: string, data: z.infer<S>) => Group;
  run(ctx: TurnCtx, data: z.infer<S>, group: Group): Promise<CardActionResult>;
}): CardActionDef {
  const groupOf = def.group ?? groupForCard;
  return {
    verb: def.verb,
    async run(ctx, raw) {
      const parsed = def.refuse && def.data.safeParse(raw);
      if (parsed && !parsed.success) return def.refuse!(ctx, raw);
      const data: z.infer<S> = parsed
        ? parsed.data
        : def.what === undefined
          ? parsePayload(def.data, raw)
          : parseCard(def.data, raw, def.what);
      return def.run(ctx, data, groupOf(ctx, data.groupId, data));
    },
  };
}
