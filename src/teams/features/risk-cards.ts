/**
 * The risk feature's cards: the risk log, the ballot (shared and each person's own view, kept
 * under the card budget) and the result, plus the result announcement queued when a round closes,
 * and the updates of the cards everyone sees after a click. Split from risks.ts (the commands and
 * card actions).
 */
import { canVote, findRound, isChair, openRoundOf } from '../../domain/votes.js';
import type { Services } from '../../app/services.js';
import { ballotKeyOf } from '../../app/vote-privacy.js';
import { fitsBudget } from '../../cards/card-size.js';
import { cardAttachment, renderCard, type CardJson } from '../../cards/render.js';
import { ballotView, resultView, riskLogView } from '../../cards/views/risks.js';
import { voterBallotView } from '../../cards/views/risk-ballot-voter.js';
import { riskLogDownloadView, type RiskLogLink } from '../../cards/views/risk-log-download.js';
import type { ConversationRef, Db, Group, Person, VoteRound } from '../../domain/model.js';
import { findMember } from '../../domain/roster.js';
import { AppError } from '../../errors.js';
import type { CardActionResult, TurnCtx } from '../types.js';
import { createAfterTurn, type AfterTurn } from './after-turn.js';

/** Card JSON above this (bytes) is re-rendered compact: under the card gate's 28 KB with a margin. */
const CARD_BUDGET = 27.5 * 1024;

const fits = (card: CardJson) => fitsBudget(card, CARD_BUDGET);

export function riskLogCard(
  db: Readonly<Db>,
  group: Readonly<Group>,
  opts: { locale: Group['locale']; now: Date; chairTools: boolean; editRiskId?: string | null; download?: RiskLogLink | null },
): CardJson {
  const download = riskLogDownloadView(opts.locale, opts.download ?? null);
  const round = openRoundOf(db, group.id);
  const keyOf = round ? ballotKeyOf(group, round) : undefined;
  const render = (more: { compact?: boolean; maxRisks?: number }) =>
    renderCard('risk-log', { ...riskLogView(db, group, { ...opts, ...more, keyOf }), download });
  let card = render({});
  if (!fits(card)) card = render({ compact: true });
  if (!fits(card)) card = render({ compact: true, maxRisks: 12 });
  return card;
}

/**
 * The card a person sees of a round. A voter's own view of an open round is the compact voter card
 * (src/cards/views/risk-ballot-voter.ts): a few KB, so every ballot click's answer stays small.
 * The shared card, the chair's (close panel, names of those who have not voted), observers' and
 * closed rounds use the full ballot, measured against the card budget and re-rendered compact.
 */
export function ballotCard(
  db: Readonly<Db>,
  group: Readonly<Group>,
  round: Readonly<VoteRound>,
  locale: Group['locale'],
  viewer: Person | null,
  opts: { edit?: boolean } = {},
): CardJson {
  const keyOf = ballotKeyOf(group, round);
  if (viewer && round.status === 'open' && canVote(group, viewer) && !isChair(group, viewer)) {
    const card = renderCard('risk-ballot-voter', voterBallotView(db, group, round, { locale, viewer, edit: opts.edit, keyOf }));
    if (fits(card)) return card;
  }
  let card = renderCard('risk-ballot', ballotView(db, group, round, { locale, viewer, keyOf }));
  if (!fits(card)) card = renderCard('risk-ballot', ballotView(db, group, round, { locale, viewer, keyOf, compact: true }));
  if (!fits(card)) card = renderCard('risk-ballot', ballotView(db, group, round, { locale, viewer, keyOf, compact: true, maxNames: 8 }));
  return card;
}

export function resultCard(db: Readonly<Db>, group: Readonly<Group>, round: Readonly<VoteRound>): CardJson {
  return renderCard('risk-result', resultView(db, group, round, group.locale));
}

/** The stored reference of a conversation of the group (its own chat, or a linked meeting chat). */
export function conversationOf(group: Readonly<Group>, conversationId: string | null | undefined): ConversationRef | null {
  if (!conversationId) return null;
  if (group.conversation.conversationId === conversationId) return group.conversation;
  return group.linkedChats.find((l) => l.conversation.conversationId === conversationId)?.conversation ?? null;
}

/** The result announcement queued in the outbox in the same write as the close. */
export function announceResult(db: Readonly<Db>, round: Readonly<VoteRound>) {
  const group = db.groups.find((g) => g.id === round.groupId);
  if (!group) return null;
  const conversation = conversationOf(group, round.card?.conversationId) ?? group.conversation;
  return { conversation, activity: { type: 'message', attachments: [cardAttachment(resultCard(db, group, round))] } };
}

const afterTurns = new WeakMap<Services, AfterTurn>();

/** The bot's shared-card updates after a click: one settle window and outbox kick per bot. */
export function afterTurnOf(services: Services): AfterTurn {
  let after = afterTurns.get(services);
  if (!after) afterTurns.set(services, (after = createAfterTurn()));
  return after;
}

/** Schedules the shared ballot card's update (tally or result), if the round has a posted card. */
export function updateSharedBallot(services: Services, groupId: string, roundId: string): void {
  const db = services.store.read();
  const group = db.groups.find((g) => g.id === groupId);
  const round = group && findRound(db, groupId, roundId);
  const conversation = group && round?.card ? conversationOf(group, round.card.conversationId) : null;
  if (!group || !round?.card || !conversation) return;
  afterTurnOf(services).card(services, conversation, round.card.activityId, () => {
    const now = services.store.read();
    const g = now.groups.find((x) => x.id === groupId);
    const r = g && findRound(now, groupId, roundId);
    return g && r ? ballotCard(now, g, r, g.locale, null) : null;
  });
}

/** The clicked log card (the chair's, with tools) for everyone, after the turn. */
export function updateSharedLog(ctx: TurnCtx, groupId: string): void {
  const activityId = ctx.turn.activity.replyToId;
  if (!activityId) return;
  const { services } = ctx;
  afterTurnOf(services).card(services, ctx.conversation, activityId, () => {
    const db = services.store.read();
    const g = db.groups.find((x) => x.id === groupId);
    return g ? riskLogCard(db, g, { locale: g.locale, now: services.clock.now(), chairTools: true }) : null;
  });
}

/** The clicker's own view of a round (`edit`: a voter's form again, after "Ret stemme"). */
export function personalBallot(ctx: TurnCtx, groupId: string, roundId: string, edit = false): CardActionResult {
  const db = ctx.services.store.read();
  const group = db.groups.find((g) => g.id === groupId)!;
  const round = findRound(db, groupId, roundId);
  if (!round) throw new AppError('round_unknown');
  const viewer = findMember(group, ctx.actor) ? ctx.actor : null;
  return { card: ballotCard(db, group, round, ctx.locale, viewer, { edit }) };
}
