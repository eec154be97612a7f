import type { Escalation, EscalationStatus, Group, Locale, OutboxItem, OutboxStatus, Rating } from '../../domain/model.js';
import { clockTime, formatDanishDate, instantToLocal } from '../../domain/dates.js';
import { refOf, type OutboxRef } from '../../domain/outbox-ref.js';
import { registerMessages, t } from '../../i18n/index.js';
import messages from '../../i18n/messages/escalations.js';
import reasons from '../../i18n/messages/outbox-reasons.js';
import { itemFacts, subjectLabel, subjectParts } from './escalation-subject.js';

registerMessages(messages);
registerMessages(reasons);

/**
 * Pure view models (domain → template data) for cards/escalation-confirm.json (the chair's
 * confirmation), cards/escalation.json (the board's card), the notices to the group (core's
 * cards/notice.json) and cards/outbox.json (the chair's outbox).
 */

const RATING_WORD: Record<Locale, Record<Rating, string>> = {
  da: { green: 'Grøn', yellow: 'Gul', red: 'Rød' },
  en: { green: 'Green', yellow: 'Yellow', red: 'Red' },
};
/** Each rating word with its colour (the card gate checks the pairing). */
export const RATING_COLOR: Record<Rating, string> = { green: 'good', yellow: 'warning', red: 'attention' };

export function ratingView(locale: Locale, rating: Rating | null) {
  return rating ? { ratingLabel: RATING_WORD[locale][rating], ratingColor: RATING_COLOR[rating] } : { ratingLabel: t(locale, 'escalation.rating.none'), ratingColor: 'default' };
}

export const tallyText = (locale: Locale, tally: Record<Rating, number> | null): string =>
  tally ? t(locale, 'escalation.votes.tally', { green: tally.green, yellow: tally.yellow, red: tally.red }) : t(locale, 'escalation.votes.none');

const STATUS_COLOR: Record<EscalationStatus, string> = {
  pending: 'default',
  sent: 'accent',
  acknowledged: 'accent',
  answered: 'good',
  failed: 'attention',
  uncertain: 'warning',
};

/** `board`: the recipient's name ("Sendt til DAP-styregruppen"), see `boardName`. */
export const escalationStatusText = (locale: Locale, s: EscalationStatus, board: string): string => t(locale, `escalation.status.${s}`, boardParams(board));
export const escalationStatusColor = (s: EscalationStatus): string => STATUS_COLOR[s];

/** "16. juni 2025 kl. 14.05" / "16 June 2025 14:05" in the group's zone. */
export function whenText(iso: string, zone: string, locale: Locale): string {
  const l = instantToLocal(iso, zone);
  return locale === 'en' ? `${formatDanishDate(l.date, 'en')} ${l.time}` : `${formatDanishDate(l.date, 'da')} kl. ${clockTime(l.time, 'da')}`;
}

/**
 * The programme board as this group names it: the escalation target's recorded (or renamed)
 * channel/chat name, else a neutral default — never a company word like "bestyrelsen".
 */
export const boardName = (locale: Locale, group: Pick<Group, 'escalationTarget'>): string => group.escalationTarget?.name || t(locale, 'escalation.board.default');

/** `{board}` mid-sentence and `{Board}` at the start of one. */
export const boardParams = (board: string) => ({ board, Board: board.charAt(0).toUpperCase() + board.slice(1) });

// ---------------------------------------------------------------------------------------------
// Confirmation (the chair, in the group)
// ---------------------------------------------------------------------------------------------

/** Snapshot comments ("Name: text", or the text alone from an anonymous round) as facts. */
const commentFacts = (comments: string[]) =>
  comments.slice(0, 12).map((c) => {
    const i = c.indexOf(': ');
    return i > 0 && i < 80 ? { title: c.slice(0, i), value: c.slice(i + 2) } : { title: '—', value: c };
  });

export interface ConfirmInput {
  state: 'confirm' | 'done' | 'cancelled';
  group: Group;
  riskId: string;
  snapshot: Escalation['snapshot'];
  reason: string;
  token: string;
  /** Done: the escalation made; cancelled: who cancelled. */
  escalation?: Escalation | null;
  by?: string | null;
}

export function escalationConfirmView(locale: Locale, input: ConfirmInput) {
  const { group, snapshot: s } = input;
  const board = boardName(locale, group);
  const e = input.escalation ?? null;
  const statusText =
    input.state === 'done' && e
      ? t(locale, 'escalation.confirm.done', { id: e.id, by: e.byName, status: escalationStatusText(locale, e.status, board) })
      : input.state === 'cancelled'
        ? t(locale, 'escalation.confirm.cancelled', { by: input.by ?? '—' })
        : '';
  const parts = subjectParts(locale, s);
  return {
    title: s.item
      ? t(locale, 'escalation.item.confirm.title', { ref: parts.itemRef, title: s.title, board })
      : t(locale, 'escalation.confirm.title', { risk: `${input.riskId} ${s.title}`, board }),
    intro: t(locale, s.item ? 'escalation.item.confirm.intro' : 'escalation.confirm.intro', boardParams(board)),
    ratingCaption: t(locale, 'escalation.fact.rating'),
    ...ratingView(locale, s.rating),
    facts: s.item
      ? [...itemFacts(locale, s), { title: t(locale, 'escalation.fact.target'), value: board }]
      : [
          { title: t(locale, 'escalation.fact.category'), value: s.category || '—' },
          { title: t(locale, 'escalation.fact.owner'), value: s.owner ?? '—' },
          { title: t(locale, 'escalation.fact.votes'), value: tallyText(locale, s.tally) },
          { title: t(locale, 'escalation.fact.actions'), value: String(s.correctiveActions.length) },
          { title: t(locale, 'escalation.fact.target'), value: board },
        ],
    ...parts,
    // Exactly what goes to the board with it: the comments from the latest vote, as they will be sent.
    hasComments: s.comments.length > 0,
    commentsTitle: t(locale, 'escalation.confirm.comments', { board }),
    comments: commentFacts(s.comments),
    isConfirm: input.state === 'confirm',
    isDone: input.state !== 'confirm',
    statusText,
    statusColor: input.state === 'done' ? 'good' : 'default',
    reasonLabel: t(locale, 'escalation.confirm.reason'),
    reasonPlaceholder: t(locale, 'escalation.confirm.reasonPlaceholder'),
    reasonError: t(locale, 'escalation.confirm.reasonError'),
    reason: input.reason,
    reasonShown: input.state === 'done' && e ? e.reason : input.reason,
    confirmTitle: t(locale, 'escalation.confirm.confirm'),
    cancelTitle: t(locale, 'escalation.confirm.cancel'),
    groupId: group.id,
    riskId: input.riskId,
    token: input.token,
  };
}

// ---------------------------------------------------------------------------------------------
// The board's card
// ---------------------------------------------------------------------------------------------

export function escalationCardView(locale: Locale, group: Group, e: Escalation) {
  const s = e.snapshot;
  const tz = group.timezone;
  const answered = e.answer !== null;
  const acknowledged = !!e.acknowledgedAt;
  // The board sees where it stands with the escalation, not the outbox's bookkeeping.
  const boardStatus: EscalationStatus = answered ? 'answered' : acknowledged ? 'acknowledged' : 'sent';
  const parts = subjectParts(locale, s);
  return {
    title: t(locale, 'escalation.card.title', { id: e.id, risk: subjectLabel(locale, e.riskId, s), title: s.title }),
    subtitle: t(locale, 'escalation.card.subtitle', { group: group.name, date: whenText(e.at, tz, locale) }),
    statusCaption: t(locale, 'escalation.fact.status'),
    statusText: escalationStatusText(locale, boardStatus, boardName(locale, group)),
    statusColor: escalationStatusColor(boardStatus),
    ratingCaption: t(locale, 'escalation.fact.rating'),
    ...ratingView(locale, s.rating),
    facts: [
      { title: t(locale, 'escalation.fact.group'), value: group.name },
      ...(s.item
        ? itemFacts(locale, s)
        : [
            { title: t(locale, 'escalation.fact.category'), value: s.category || '—' },
            { title: t(locale, 'escalation.fact.owner'), value: s.owner ?? '—' },
          ]),
      { title: t(locale, 'escalation.fact.escalatedBy'), value: `${e.byName}, ${whenText(e.at, tz, locale)}` },
      ...(s.item ? [] : [{ title: t(locale, 'escalation.fact.votes'), value: tallyText(locale, s.tally) }]),
    ],
    reasonTitle: t(locale, 'escalation.card.reason'),
    reason: e.reason,
    historyTitle: t(locale, 'escalation.card.history'),
    hasHistory: s.history.length > 0,
    noHistoryText: t(locale, 'escalation.card.noHistory'),
    history: s.history.slice(-8).map((h) => ({
      date: formatDanishDate(h.date, locale),
      ...ratingView(locale, h.rating),
      tally: tallyText(locale, h.tally),
    })),
    commentsTitle: t(locale, 'escalation.card.comments'),
    hasComments: s.comments.length > 0,
    comments: commentFacts(s.comments),
    actionsTitle: t(locale, 'escalation.card.correctiveActions'),
    hasActions: s.correctiveActions.length > 0,
    noActionsText: t(locale, 'escalation.card.noActions'),
    correctiveActions: s.correctiveActions.slice(0, 12).map((text) => ({ text: `• ${text}` })),
    acknowledged,
    acknowledgedText: acknowledged ? t(locale, 'escalation.card.acknowledged', { by: e.acknowledgedByName ?? '—', at: whenText(e.acknowledgedAt!, tz, locale) }) : '',
    answered,
    answeredText: answered ? t(locale, 'escalation.card.answered', { by: e.answeredByName ?? '—', at: e.answeredAt ? whenText(e.answeredAt, tz, locale) : '' }) : '',
    answer: e.answer ?? '',
    canAck: !acknowledged,
    canAnswer: !answered,
    ackTitle: t(locale, 'escalation.card.ack'),
    answerTitle: t(locale, 'escalation.card.answer'),
    answerLabel: t(locale, 'escalation.card.answerLabel'),
    answerPlaceholder: t(locale, 'escalation.card.answerPlaceholder'),
    answerError: t(locale, 'escalation.card.answerError'),
    sendTitle: t(locale, 'escalation.card.send'),
    hint: t(locale, 'escalation.card.hint'),
    groupId: group.id,
    escalationId: e.id,
    ...parts,
  };
}

/** Template data for core's cards/notice.json: what the group is told. */
export function escalationNoticeView(locale: Locale, kind: 'sent' | 'ack' | 'answer', e: Escalation, group: Group) {
  const board = boardName(locale, group);
  const p = { id: e.id, risk: subjectLabel(locale, e.riskId, e.snapshot), title: e.snapshot.title, ...boardParams(board), by: e.byName, reason: e.reason };
  if (kind === 'sent') {
    const ref = e.snapshot.item ? `${e.snapshot.item.meeting}.${e.snapshot.item.number}` : '';
    return { title: e.snapshot.item ? t(locale, 'escalation.item.notice.sent.title', { ...p, risk: ref }) : t(locale, 'escalation.notice.sent.title', p), text: t(locale, 'escalation.notice.sent.text', p), style: 'warning', facts: [] as { title: string; value: string }[] };
  }
  if (kind === 'ack') {
    return { title: t(locale, 'escalation.notice.ack.title', p), text: t(locale, 'escalation.notice.ack.text', { ...p, by: e.acknowledgedByName ?? '—' }), style: 'accent', facts: [] as { title: string; value: string }[] };
  }
  return {
    title: t(locale, 'escalation.notice.answer.title', p),
    text: t(locale, 'escalation.notice.answer.text', { answer: e.answer ?? '' }),
    style: 'good',
    facts: [
      { title: t(locale, e.snapshot.item ? 'escalation.item.caption' : 'escalation.notice.answer.risk'), value: `${subjectLabel(locale, e.riskId, e.snapshot)} ${e.snapshot.title}` },
      { title: t(locale, 'escalation.notice.answer.by'), value: `${e.answeredByName ?? '—'}${e.answeredAt ? `, ${whenText(e.answeredAt, group.timezone, locale)}` : ''}` },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The chair's outbox
// ---------------------------------------------------------------------------------------------

export const OUTBOX_MAX = 15;

const OUTBOX_COLOR: Record<OutboxStatus, string> = { failed: 'attention', uncertain: 'warning', queued: 'default', sending: 'default', sent: 'good' };

/** What an outbox item is for, in words: from its reference (or an old item's `purpose`, `escalation:g1:E2`, …). */
export function purposeText(
  locale: Locale,
  item: string | { ref?: OutboxRef; purpose: string },
  board = t(locale, 'escalation.board.default'),
): string {
  const purpose = typeof item === 'string' ? item : item.purpose;
  const ref = refOf(typeof item === 'string' ? { purpose } : item);
  if (ref.kind === 'escalation') return t(locale, 'purpose.escalation', { id: ref.escalationId, board });
  if (ref.kind === 'escalationNotice') return t(locale, 'purpose.escalationNotice', { id: ref.escalationId });
  if (ref.kind === 'actionCard') return t(locale, 'purpose.actionCard', { id: ref.actionId });
  if (ref.kind === 'voteResult') return t(locale, 'purpose.voteResult', { id: ref.roundId });
  if (ref.kind === 'reminder') return t(locale, 'purpose.reminder');
  if (ref.kind === 'reply' || ref.kind === 'ballot') return t(locale, 'purpose.reply');
  if (ref.kind === 'escalationTarget') return t(locale, 'purpose.escalationTarget');
  return t(locale, 'purpose.other', { purpose: purpose.slice(0, 80) });
}

/**
 * Why a message did not go out, in plain words, from the sender's error text ("POST … → 504
 * GatewayTimeout: …", "…: no answer in time", "interrupted while sending"). The raw text stays
 * behind the card's "Detaljer" toggle.
 */
export function outboxReason(locale: Locale, error: string): string {
  const status = /(?:→\s*|^|:\s*)([1-5]\d\d)\b/.exec(error)?.[1];
  const key = /^dismissed by /.test(error)
    ? 'dismissed'
    : /^interrupted while sending/.test(error)
      ? 'interrupted'
      : /no answer in time|timeout/i.test(error)
        ? 'timeout'
        : status === '429'
          ? 'busy'
          : status === '401' || status === '403'
            ? 'forbidden'
            : status === '404'
              ? 'gone'
              : status?.startsWith('5')
                ? 'teams'
                : status?.startsWith('4')
                  ? 'refused'
                  : /not sent|ECONN|ENOTFOUND|EAI_AGAIN|no token/.test(error)
                    ? 'network'
                    : 'other';
  return t(locale, `outbox.reason.${key}`);
}

export function outboxView(locale: Locale, group: Group, items: OutboxItem[]) {
  const shown = items.slice(0, OUTBOX_MAX);
  return {
    title: t(locale, 'outbox.title', { group: group.name }),
    subtitle: t(locale, 'outbox.subtitle', { failed: items.filter((o) => o.status === 'failed').length, uncertain: items.filter((o) => o.status === 'uncertain').length }),
    empty: items.length === 0,
    emptyText: t(locale, 'outbox.empty'),
    items: shown.map((o) => ({
      // What it was, in words; the internal id and purpose only under "Detaljer".
      title: purposeText(locale, o, boardName(locale, group)),
      statusText: t(locale, `outbox.status.${o.status}`),
      statusColor: OUTBOX_COLOR[o.status],
      meta: t(locale, 'outbox.item.meta', { where: t(locale, `outbox.where.${o.conversation.conversationType}`), at: whenText(o.createdAt, group.timezone, locale), attempts: o.attempts }),
      hasError: !!o.lastError,
      error: o.lastError ? outboxReason(locale, o.lastError) : '',
      detailsTitle: t(locale, 'outbox.details'),
      detailsId: `details-${o.id}`,
      details: t(locale, 'outbox.details.text', { id: o.id, purpose: o.purpose.slice(0, 80), error: (o.lastError ?? '—').slice(0, 300) }),
      canRetry: o.status === 'uncertain',
      retryTitle: t(locale, 'outbox.retry'),
      dismissTitle: t(locale, 'outbox.dismiss'),
      groupId: group.id,
      outboxId: o.id,
    })),
    more: items.length > shown.length,
    moreText: t(locale, 'outbox.more', { count: items.length - shown.length }),
    hint: t(locale, 'outbox.hint'),
  };
}
