/**
 * Escalating an agenda item in Teams: `eskaler punkt 2.5 <begrundelse>` / `escalate item 2.5
 * <reason>` (chair) posts the confirmation card; its confirm and cancel buttons carry `item` and
 * come back through the escalation feature's verbs (escalations.ts), which file it with
 * escalateItem (src/app/item-escalations.ts) or render the cancelled card here.
 */
import { parseItemRef, prepareItemEscalation, type ItemRef } from '../../app/item-escalations.js';
import { renderCard, type CardJson } from '../../cards/render.js';
import { escalationConfirmView } from '../../cards/views/escalations.js';
import type { Escalation, Group, Locale } from '../../domain/model.js';
import { AppError } from '../../errors.js';
import type { TurnCtx } from '../types.js';

/** `punkt 2.5 Budgettet …` / `item 2.5 …` → the item and the reason; null when the arguments name no item. */
export function parseItemEscalation(args: string): { ref: ItemRef; reason: string } | null {
  const m = /^(?:punkt|item|pkt\.?)\s+(\S+)\s*[:–-]?\s*([\s\S]*)$/i.exec(args.trim());
  if (!m) return null;
  const ref = parseItemRef(m[1]);
  if (!ref) throw new AppError('escalation_item_unknown', { ref: m[1].slice(0, 20) });
  return { ref, reason: m[2].trim() };
}

type State = 'confirm' | 'done' | 'cancelled';

/** The confirmation card for an item (also its done/cancelled states). */
export function itemConfirmCard(
  ctx: TurnCtx,
  locale: Locale,
  group: Group,
  ref: ItemRef,
  opts: { state: State; reason: string; token: string; origin: 'message' | 'card'; escalation?: Escalation | null; by?: string | null },
): CardJson {
  const snapshot =
    opts.escalation?.snapshot ??
    prepareItemEscalation(
      ctx.services.store.read(),
      {
        groupId: group.id,
        ref,
        actor: ctx.actor,
        now: ctx.services.clock.now(),
      },
      ctx.services.security,
    ).snapshot;
  const card = renderCard(
    'escalation-confirm',
    escalationConfirmView(locale, {
      state: opts.state,
      group,
      riskId: '',
      snapshot,
      reason: opts.reason,
      token: opts.token,
      escalation: opts.escalation ?? null,
      by: opts.by ?? null,
    }),
  );
  for (const a of (card.actions ?? []) as Array<{ data?: Record<string, unknown> }>) if (a?.data) a.data.origin = opts.origin;
  return card;
}
