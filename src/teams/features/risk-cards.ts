/**
 * The risk feature's cards: the risk log, the ballot (shared and each person's own view, kept
 * under the card budget) and the result, plus the result announcement queued when a round closes.
 * Split from risks.ts (the commands and card actions).
 */
import { isChair } from '../../domain/votes.js';
import { cardAttachment, renderCard, type CardJson } from '../../cards/render.js';
import { ballotView, resultView, riskLogView } from '../../cards/views/risks.js';
import type { ConversationRef, Db, Group, Person, VoteRound } from '../../domain/model.js';
import { personKey } from '../../domain/roster.js';

/** Card JSON above this (bytes) is re-rendered compact: under the card gate's 28 KB with a margin. */
const CARD_BUDGET = 27.5 * 1024;

const size = (card: CardJson) => Buffer.byteLength(JSON.stringify(card), 'utf8');

export function riskLogCard(db: Readonly<Db>, group: Readonly<Group>, opts: { locale: Group['locale']; now: Date; chairTools: boolean; editRiskId?: string | null }): CardJson {
  let card = renderCard('risk-log', riskLogView(db, group, opts));
  if (size(card) > CARD_BUDGET) card = renderCard('risk-log', riskLogView(db, group, { ...opts, compact: true }));
  if (size(card) > CARD_BUDGET) card = renderCard('risk-log', riskLogView(db, group, { ...opts, compact: true, maxRisks: 12 }));
  return card;
}

/**
 * Measuring a card means serialising it (~16 KB for ten risks) and restify serialises the answer
 * again: per click that was ~7 % of the bot's CPU in the benchmark. A voter's own view of an open
 * round differs from the previous click's only by a few bytes (tallies, progress, saved time) and
 * by the voter's own comment, so it is measured every MEASURE_EVERY renders, and at once whenever
 * the last measurement left less than SIZE_MARGIN or the comment is long. The chair's view (names
 * of those who have not voted) and closed rounds are always measured.
 */
const MEASURE_EVERY = 20;
const SIZE_MARGIN = 6 * 1024;
const LONG_COMMENT = 500;
const lastBallotSize = new Map<string, { bytes: number; renders: number; texts: number }>();

/** Length of the texts every view of the round shows (titles, categories, owners): an edit means measuring again. */
function sharedTextLength(db: Readonly<Db>, group: Readonly<Group>, round: Readonly<VoteRound>): number {
  let n = group.name.length;
  for (const id of round.riskIds) {
    const r = db.risks.find((x) => x.groupId === group.id && x.id === id);
    if (r) n += r.title.length + r.category.length + (r.owner?.name.length ?? 0) + 1;
  }
  return n;
}

function ballotSizeIsKnownSmall(key: string | null, texts: number): boolean {
  const last = key ? lastBallotSize.get(key) : undefined;
  if (!last || last.texts !== texts || last.renders >= MEASURE_EVERY || last.bytes > CARD_BUDGET - SIZE_MARGIN) return false;
  last.renders += 1;
  return true;
}

function measuredBallot(key: string | null, texts: number, card: CardJson): number {
  const bytes = size(card);
  if (key) {
    if (lastBallotSize.size > 1000) lastBallotSize.clear(); // one entry per open round and language
    lastBallotSize.set(key, { bytes, renders: 0, texts });
  }
  return bytes;
}

export function ballotCard(db: Readonly<Db>, group: Readonly<Group>, round: Readonly<VoteRound>, locale: Group['locale'], viewer: Person | null): CardJson {
  let card = renderCard('risk-ballot', ballotView(db, group, round, { locale, viewer }));
  const comment = viewer ? (round.ballots.find((b) => b.voter === personKey(viewer))?.comment ?? '') : '';
  const memoKey = viewer && round.status === 'open' && !isChair(group, viewer) && comment.length <= LONG_COMMENT ? `${group.id}|${round.id}|${locale}` : null;
  const texts = memoKey ? sharedTextLength(db, group, round) : 0;
  if (ballotSizeIsKnownSmall(memoKey, texts)) return card;
  if (measuredBallot(memoKey, texts, card) > CARD_BUDGET) card = renderCard('risk-ballot', ballotView(db, group, round, { locale, viewer, compact: true }));
  if (size(card) > CARD_BUDGET) card = renderCard('risk-ballot', ballotView(db, group, round, { locale, viewer, compact: true, maxNames: 8 }));
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
