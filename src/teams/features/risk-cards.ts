/**
 * The risk feature's cards: the risk log, the ballot (shared and each person's own view, kept
 * under the card budget) and the result, plus the result announcement queued when a round closes.
 * Split from risks.ts (the commands and card actions).
 */
import { canVote, isChair, openRoundOf } from '../../domain/votes.js';
import { ballotKeyOf } from '../../app/vote-privacy.js';
import { cardAttachment, renderCard, type CardJson } from '../../cards/render.js';
import { ballotView, resultView, riskLogView } from '../../cards/views/risks.js';
import { voterBallotView } from '../../cards/views/risk-ballot-voter.js';
import { riskLogDownloadView, type RiskLogLink } from '../../cards/views/risk-log-download.js';
import type { ConversationRef, Db, Group, Person, VoteRound } from '../../domain/model.js';

/** Card JSON above this (bytes) is re-rendered compact: under the card gate's 28 KB with a margin. */
const CARD_BUDGET = 27.5 * 1024;

const size = (card: CardJson) => Buffer.byteLength(JSON.stringify(card), 'utf8');

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
  if (size(card) > CARD_BUDGET) card = render({ compact: true });
  if (size(card) > CARD_BUDGET) card = render({ compact: true, maxRisks: 12 });
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
    if (size(card) <= CARD_BUDGET) return card;
  }
  let card = renderCard('risk-ballot', ballotView(db, group, round, { locale, viewer, keyOf }));
  if (size(card) > CARD_BUDGET) card = renderCard('risk-ballot', ballotView(db, group, round, { locale, viewer, keyOf, compact: true }));
  if (size(card) > CARD_BUDGET)
    card = renderCard('risk-ballot', ballotView(db, group, round, { locale, viewer, keyOf, compact: true, maxNames: 8 }));
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
