import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  acknowledgeEscalation,
  answerEscalation,
  boardConversationOf,
  ESCALATION_ID,
  escalateRisk,
  MAX_ANSWER,
  MAX_REASON,
  outboxForChair,
  prepareEscalation,
  recordEscalationSent,
  recordEscalationUndelivered,
  requireOutboxItemForChair,
  type EscalationRender,
} from '../../app/escalations.js';
import { RISK_ID } from '../../app/risks.js';
import { renameEscalationTarget, setEscalationTarget } from '../../app/escalation-target.js';
import { requireGroup, requireRight } from '../../app/groups.js';
import type { Services } from '../../app/services.js';
import { renderCard, type CardJson } from '../../cards/render.js';
import { escalationCardView, escalationConfirmView, escalationNoticeView, outboxView } from '../../cards/views/escalations.js';
import { noticeView } from '../../cards/views/core.js';
import { VERBS } from '../../cards/verbs.js';
import type { ConversationRef, Escalation, Group, OutboxItem } from '../../domain/model.js';
import { findMember, personKey } from '../../domain/roster.js';
import { AppError } from '../../errors.js';
import { registerMessages, t } from '../../i18n/index.js';
import messages from '../../i18n/messages/escalations.js';
import { cardAction, GROUP_ID } from '../card-action.js';
import { outboxHandler, type CommandDef, type Feature, type TurnCtx } from '../types.js';
import { cardActivity } from './actions.js';
import { itemConfirmCard, parseItemEscalation } from './item-escalation.js';
import { escalateItem, ITEM_REF, parseItemRef } from '../../app/item-escalations.js';

registerMessages(messages);

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

/** The board card and the group's notices, in the steering group's language. */
const render: EscalationRender = {
  boardCard: (e, g) => cardActivity(boardCard(g as Group, e as Escalation)),
  notice: (kind, e, g) => cardActivity(renderCard('notice', escalationNoticeView(g.locale, kind, e as Escalation, g as Group))),
};

const boardCard = (group: Group, e: Escalation): CardJson => renderCard('escalation', escalationCardView(group.locale, group, e));

function latestBoardCard(services: Services, groupId: string, id: string): CardJson | null {
  const db = services.store.read();
  const group = db.groups.find((g) => g.id === groupId);
  const e = db.escalations.find((x) => x.groupId === groupId && x.id === id);
  return group && e ? boardCard(group, e) : null;
}

/** Everyone in the board's conversation sees the new state (the stored card and the clicked one). */
function updateBoardCards(ctx: TurnCtx, e: Escalation): void {
  const conv: ConversationRef | null = boardConversationOf(ctx.services.store.read(), e) ?? null;
  const ids = new Set<string>();
  if (e.card && conv && e.card.conversationId === conv.conversationId) ids.add(e.card.activityId);
  const clicked = ctx.turn.activity.replyToId;
  if (clicked) ids.add(clicked);
  for (const id of ids)
    ctx.services.delivery.updateCard(conv ?? ctx.conversation, id, () => latestBoardCard(ctx.services, e.groupId, e.id));
}

const newToken = () => randomBytes(9).toString('base64url');

type Origin = 'message' | 'card';

function confirmCard(ctx: TurnCtx, group: Group, riskId: string, reason: string, token: string, origin: Origin): CardJson {
  const { snapshot } = prepareEscalation(
    ctx.services.store.read(),
    {
      groupId: group.id,
      riskId,
      actor: ctx.actor,
      now: ctx.services.clock.now(),
    },
    ctx.services.security,
  );
  const card = renderCard(
    'escalation-confirm',
    escalationConfirmView(ctx.locale, { state: 'confirm', group, riskId, snapshot, reason, token }),
  );
  // Where the card lives: its own message (command) or in place of the risk card (button).
  for (const a of (card.actions ?? []) as Array<{ data?: Record<string, unknown> }>) if (a?.data) a.data.origin = origin;
  return card;
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

const targetCommand: CommandDef = {
  id: 'escalation-channel',
  names: { da: ['eskaleringskanal'], en: ['escalation channel'] },
  usage: {
    da: 'eskaleringskanal [gruppe] | eskaleringskanal navn ‹navn›',
    en: 'escalation channel [group] | escalation channel name ‹name›',
  },
  summary: {
    da: 'Skrives i programstyregruppens kanal eller chat af styregruppens formand: eskaleringer sendes fremover dertil, under kanalens navn. "navn ‹navn›" omdøber modtageren (fx DAP-styregruppen).',
    en: 'Sent in the programme board’s channel or chat by the steering group’s chair: escalations then go there, under the channel’s name. "name ‹name›" renames the recipient.',
  },
  section: 'actions',
  who: 'chair',
  async run(ctx, args) {
    const rename = /^(?:navn|name)(?:\s+([\s\S]*))?$/i.exec(args.trim());
    if (rename) return renameTarget(ctx, rename[1] ?? '');
    const cd = (ctx.turn.activity.channelData ?? {}) as any;
    const name = String(cd.channel?.name ?? ctx.turn.activity.conversation?.name ?? cd.team?.name ?? '').trim() || null;
    const { group, board } = await ctx.services.store.update((db, tx) => {
      const r = setEscalationTarget(db, tx, {
        conversation: ctx.conversation,
        name,
        actor: ctx.actor,
        groupRef: args.trim() || null,
        notice: (g, boardName) =>
          cardActivity(
            renderCard(
              'notice',
              noticeView(
                t(g.locale, 'escalation.notice.target.title'),
                t(g.locale, 'escalation.notice.target.text', {
                  group: g.name,
                  board: boardName ?? t(g.locale, 'escalation.board.default'),
                  by: findMember(g, ctx.actor)?.name ?? ctx.actor.name,
                }),
                'accent',
              ),
            ),
          ),
      });
      return { group: structuredClone(r.group), board: r.board ? structuredClone(r.board) : null };
    });
    ctx.services.delivery.kick();
    if (board) ctx.locale = board.locale;
    await ctx.reply(
      ctx.t('escalation.target.set', { group: group.name, board: group.escalationTarget?.name ?? ctx.t('escalation.board.default') }),
    );
  },
};

async function renameTarget(ctx: TurnCtx, name: string): Promise<void> {
  const group = await ctx.services.store.update((db, tx) =>
    structuredClone(
      renameEscalationTarget(db, tx, {
        conversationId: ctx.conversation.conversationId,
        name,
        actor: ctx.actor,
      }),
    ),
  );
  await ctx.reply(ctx.t('escalation.target.renamed', { group: group.name, board: group.escalationTarget?.name ?? '' }));
}

const escalateCommand: CommandDef = {
  id: 'escalate',
  names: { da: ['eskaler', 'eskalér'], en: ['escalate'] },
  usage: { da: 'eskaler R<nr> | punkt <møde>.<punkt> <begrundelse>', en: 'escalate R<no> | item <meeting>.<item> <reason>' },
  summary: {
    da: 'Eskalerer en risiko eller et dagsordenspunkts indstilling til programstyregruppen (med bekræftelse). Svaret kommer tilbage her.',
    en: 'Escalates a risk or an agenda item’s recommendation to the programme board (after confirming). The answer comes back here.',
  },
  section: 'actions',
  who: 'chair',
  async run(ctx, args) {
    const item = parseItemEscalation(args);
    const m = item ? [args, '', item.reason] : /^(R\d{1,6})\b\s*[:–-]?\s*([\s\S]*)$/i.exec(args.trim());
    if (!m) throw new AppError('escalation_risk_missing');
    const reason = m[2].trim();
    if (reason.length > MAX_REASON) throw new AppError('escalation_reason_too_long', { max: MAX_REASON });
    const group = ctx.group();
    const token = newToken();
    if (item)
      return void (await ctx.reply(
        itemConfirmCard(ctx, ctx.locale, group, item.ref, { state: 'confirm', reason, token, origin: 'message' }),
      ));
    await ctx.reply(confirmCard(ctx, group, m[1].toUpperCase(), reason, token, 'message'));
  },
};

const outboxCommand: CommandDef = {
  id: 'outbox',
  names: { da: ['udbakke'], en: ['outbox'] },
  usage: { da: 'udbakke', en: 'outbox' },
  summary: {
    da: 'Viser beskeder, der ikke kunne sendes eller måske ikke nåede frem — send igen eller afvis.',
    en: 'Shows messages that could not be sent or may not have arrived — send again or dismiss.',
  },
  section: 'admin',
  who: 'chair',
  async run(ctx) {
    await ctx.reply(outboxCard(ctx, ctx.group()));
  },
};

function outboxCard(ctx: TurnCtx, group: Group): CardJson {
  const items = outboxForChair(ctx.services.store.read(), group.id, ctx.actor, ctx.services.security, ctx.services.clock.now());
  return renderCard('outbox', outboxView(ctx.locale, group, items));
}

// ---------------------------------------------------------------------------------------------
// Card actions
// ---------------------------------------------------------------------------------------------

const riskPayload = z.object({ groupId: z.string().regex(GROUP_ID), riskId: z.string().regex(RISK_ID) }).passthrough();
const confirmPayload = riskPayload.extend({
  // An agenda item's confirmation names the item (`2.5`) and no risk.
  riskId: z.string().regex(RISK_ID).or(z.literal('')),
  item: z.string().regex(ITEM_REF).or(z.literal('')).default(''),
  token: z.string().regex(/^[A-Za-z0-9_-]{6,40}$/),
  origin: z.enum(['message', 'card']).default('card'),
  escalationReason: z
    .string()
    .max(MAX_REASON * 2)
    .default(''),
});
const boardPayload = z.object({ groupId: z.string().regex(GROUP_ID), escalationId: z.string().regex(ESCALATION_ID) }).passthrough();
const answerPayload = boardPayload.extend({
  answerText: z
    .string()
    .max(MAX_ANSWER * 2)
    .default(''),
});
const outboxPayload = z.object({ groupId: z.string().regex(GROUP_ID), outboxId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/) }).passthrough();

/** The risk card's "Eskalér" button: answers with the confirmation card in its place. */
const riskEscalate = cardAction({
  verb: VERBS.riskEscalate,
  data: riskPayload,
  async run(ctx, p, group) {
    return { card: confirmCard(ctx, group, p.riskId, '', newToken(), 'card') };
  },
});

/** "Eskalér" on the confirmation card: files the escalation (a repeated click returns the first one). */
const escalationConfirm = cardAction({
  verb: VERBS.escalationConfirm,
  data: confirmPayload,
  async run(ctx, p, group) {
    const itemRef = p.item ? parseItemRef(p.item) : null;
    if (!itemRef && !p.riskId) throw new AppError('escalation_risk_missing');
    const subject = { groupId: group.id, reason: p.escalationReason, actor: ctx.actor, token: p.token, render };
    const { escalation, created } = await ctx.services.store.update((db, tx) => {
      const r = itemRef ? escalateItem(db, tx, { ...subject, ref: itemRef }) : escalateRisk(db, tx, { ...subject, riskId: p.riskId });
      return { escalation: structuredClone(r.escalation), created: r.created };
    });
    if (created) ctx.services.delivery.kick();
    const done = (locale: Group['locale'], e: Escalation) =>
      renderCard(
        'escalation-confirm',
        escalationConfirmView(locale, {
          state: 'done',
          group,
          riskId: e.riskId,
          snapshot: e.snapshot,
          reason: e.reason,
          token: p.token,
          escalation: e,
        }),
      );
    const clicked = ctx.turn.activity.replyToId;
    if (p.origin === 'message' && clicked) {
      ctx.services.delivery.updateCard(ctx.conversation, clicked, () => {
        const e = ctx.services.store.read().escalations.find((x) => x.groupId === group.id && x.id === escalation.id);
        return e ? done(group.locale, e) : null;
      });
    }
    return { card: done(ctx.locale, escalation) };
  },
});

/** "Annullér" on the confirmation card: nothing is filed; the card says who cancelled. */
const escalationCancel = cardAction({
  verb: VERBS.escalationCancel,
  data: confirmPayload,
  async run(ctx, p, group) {
    requireRight(group, ctx.actor, 'escalate', ctx.services.security, ctx.services.clock.now());
    const by = findMember(group, ctx.actor)?.name ?? ctx.actor.name;
    const clicked = ctx.turn.activity.replyToId;
    const itemRef = p.item ? parseItemRef(p.item) : null;
    let build: (locale?: Group['locale']) => CardJson;
    if (itemRef) {
      build = (locale = ctx.locale) =>
        itemConfirmCard(ctx, locale, group, itemRef, { state: 'cancelled', reason: '', token: p.token, origin: p.origin, by });
    } else {
      const now = ctx.services.clock.now();
      const { snapshot } = prepareEscalation(
        ctx.services.store.read(),
        { groupId: group.id, riskId: p.riskId, actor: ctx.actor, now },
        ctx.services.security,
      );
      build = (locale = ctx.locale) =>
        renderCard(
          'escalation-confirm',
          escalationConfirmView(locale, { state: 'cancelled', group, riskId: p.riskId, snapshot, reason: '', token: p.token, by }),
        );
    }
    if (p.origin === 'message' && clicked) ctx.services.delivery.updateCard(ctx.conversation, clicked, () => build(group.locale));
    return { card: build() };
  },
});

/**
 * The board card's buttons come from the board's conversation, not the group's: the group is the
 * card's, and the use-case checks that the click comes from where the card was sent.
 */
const boardGroup = (ctx: TurnCtx, groupId: string): Group => requireGroup(ctx.services.store.read(), groupId);

/** "Modtaget" (`answer` null) or the board's answer: everyone in the board's conversation sees the new state. */
async function boardClick(ctx: TurnCtx, p: z.infer<typeof boardPayload>, answer: string | null) {
  const input = {
    groupId: p.groupId,
    escalationId: p.escalationId,
    actor: ctx.actor,
    conversationId: ctx.conversation.conversationId,
    render,
  };
  const { escalation, changed, group } = await ctx.services.store.update((db, tx) => {
    const r = answer === null ? acknowledgeEscalation(db, tx, input) : answerEscalation(db, tx, { ...input, answer });
    return { escalation: structuredClone(r.escalation), changed: r.changed, group: structuredClone(requireGroup(db, p.groupId)) };
  });
  if (changed) {
    ctx.services.delivery.kick();
    updateBoardCards(ctx, escalation);
  }
  return { card: boardCard(group, escalation) };
}

const escalationAck = cardAction({
  verb: VERBS.escalationAck,
  data: boardPayload,
  group: boardGroup,
  run: (ctx, p) => boardClick(ctx, p, null),
});

const escalationAnswer = cardAction({
  verb: VERBS.escalationAnswer,
  data: answerPayload,
  group: boardGroup,
  run: (ctx, p) => boardClick(ctx, p, p.answerText),
});

/** Escalation status follows its board card's outbox item after a retry or a dismissal. */
async function syncEscalation(services: Services, item: OutboxItem): Promise<void> {
  await services.store.update((db, tx) => void recordEscalationUndelivered(db, tx, item));
}

/** "Send igen" or "Afvis" on the chair's outbox card. */
async function outboxClick(ctx: TurnCtx, p: z.infer<typeof outboxPayload>, group: Group, kind: 'retry' | 'dismiss') {
  const { services } = ctx;
  requireOutboxItemForChair(services.store.read(), group.id, p.outboxId, ctx.actor, services.security, services.clock.now());
  const actor = personKey(ctx.actor);
  const item =
    kind === 'retry' ? await services.delivery.retryUncertain(p.outboxId, actor) : await services.delivery.dismiss(p.outboxId, actor);
  await syncEscalation(services, item);
  return { card: outboxCard(ctx, services.store.read().groups.find((g) => g.id === group.id) ?? group) };
}

const outboxRetry = cardAction({
  verb: VERBS.outboxRetry,
  data: outboxPayload,
  run: (ctx, p, group) => outboxClick(ctx, p, group, 'retry'),
});

const outboxDismiss = cardAction({
  verb: VERBS.outboxDismiss,
  data: outboxPayload,
  run: (ctx, p, group) => outboxClick(ctx, p, group, 'dismiss'),
});

const escalationSent = outboxHandler({
  kind: 'escalation',
  // pending → sent with Teams' activity id (the board card can then be updated in place).
  sent: (services, item, _ref, activityId) => services.store.update((db, tx) => void recordEscalationSent(db, tx, item, activityId)),
  // failed / uncertain: shown on the escalation and in the chair's outbox, never silently lost.
  undelivered: (services, item) => syncEscalation(services, item),
});

export function escalationsFeature(): Feature {
  return {
    name: 'escalations',
    commands: [escalateCommand, targetCommand, outboxCommand],
    cardActions: [riskEscalate, escalationConfirm, escalationCancel, escalationAck, escalationAnswer, outboxRetry, outboxDismiss],
    outbox: [escalationSent],
  };
}
