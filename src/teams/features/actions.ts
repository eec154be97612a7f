import { z } from 'zod';
import { cardNumber } from '../card-input.js';
import {
  ACTION_ID,
  createAction,
  requireActionCreator,
  groupToday,
  listActions,
  recordActionCard,
  requireAction,
  setActionStatus,
  type ActionFilter,
  type ActionSource,
} from '../../app/actions.js';
import { groupForConversation, requireGroup } from '../../app/groups.js';
import type { Services } from '../../app/services.js';
import { cardAttachment, renderCard, type CardJson } from '../../cards/render.js';
import { actionCardView, actionsListView } from '../../cards/views/actions.js';
import { VERBS } from '../../cards/verbs.js';
import { DEFAULT_ZONE, formatDanishDate, isIsoDate, parseDanishDate } from '../../domain/dates.js';
import type { ActionPoint, ConversationRef, Db, Group, Locale, Person } from '../../domain/model.js';
import { findMemberByName, personKey } from '../../domain/roster.js';
import { AppError } from '../../errors.js';
import { registerMessages, t } from '../../i18n/index.js';
import messages from '../../i18n/messages/actions.js';
import { outboxHandler, type CardActionDef, type CommandDef, type Feature, type TurnCtx } from '../types.js';
import { actionEditCard, isActionEdit, runActionEdit } from './action-edit.js';

registerMessages(messages);

// ---------------------------------------------------------------------------------------------
// Shared helpers (also used by the escalations feature)
// ---------------------------------------------------------------------------------------------

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

/** The stored conversation reference for a conversation id the group knows (own chat, linked chats). */
export function conversationRefIn(group: Group, conversationId: string, current?: ConversationRef): ConversationRef | null {
  if (current && current.conversationId === conversationId) return current;
  if (group.conversation.conversationId === conversationId) return group.conversation;
  return group.linkedChats.find((l) => l.conversation.conversationId === conversationId)?.conversation ?? null;
}

export const cardActivity = (card: CardJson): Record<string, unknown> => ({ type: 'message', attachments: [cardAttachment(card)] });

// ---------------------------------------------------------------------------------------------
// Parsing "handling <tekst> @person [frist <dato>]"
// ---------------------------------------------------------------------------------------------

const DUE_KEYWORD = /(?:^|\s)(frist|due|deadline)\s+/gi;
/** "frist for certificering", "due to the delay": the keyword is a noun in the text, not a due date. */
const NOUN_USE = /^(?:for|på|til|af|fra|med|of|to|from|with|date)(?:\s|$)/i;

export interface ParsedAction {
  text: string;
  due: string | null;
  /** Personal chat: the roster name typed after "@" (no real mention possible there). */
  ownerName: string | null;
}

/**
 * Splits off the last "frist <dato>" / "due <date>". What follows the keyword must be a date:
 * anything else is refused (never stored as part of the text with no due date), unless the
 * keyword reads as a noun ("afklar frist for certificering").
 */
function splitDue(text: string, today: string, zone: string): { text: string; due: string | null } {
  const matches = [...text.matchAll(DUE_KEYWORD)];
  const last = matches.at(-1);
  if (!last) return { text, due: null };
  const rest = text.slice(last.index! + last[0].length).trim();
  if (NOUN_USE.test(rest)) return { text, due: null };
  const due = parseDanishDate(rest, { today, zone });
  if (due) return { text: text.slice(0, last.index!).trim(), due };
  throw new AppError('action_due_not_date', { text: rest.slice(0, 60), keyword: last[1].toLowerCase() });
}

interface AtTag {
  start: number;
  end: number;
  name: string;
}

const LINE_BREAK = /[\n\r\u2028\u2029]/g;

/**
 * The `<at>…</at>` mentions in `s`, as `/<at>(.*?)<\/at>/g` finds them (no line break inside), but
 * in one pass: that pattern rescanned the rest of the text from every unclosed "<at>" (quadratic).
 */
function atTags(s: string): AtTag[] {
  const out: AtTag[] = [];
  // The next "</at>" and line break at or after a position only move forward: each is searched
  // for again only once the scan has passed the last one found.
  let close = -1;
  let brk = -1;
  let from = 0;
  for (;;) {
    const open = s.indexOf('<at>', from);
    if (open < 0) return out;
    const inner = open + 4;
    if (close < inner) close = s.indexOf('</at>', inner);
    if (close < 0) return out; // no later "<at>" can close either
    if (brk < inner) {
      LINE_BREAK.lastIndex = inner;
      brk = LINE_BREAK.exec(s)?.index ?? Infinity;
    }
    if (brk < close) {
      // Every "<at>" before the break would have to cross it to reach a close.
      from = brk + 1;
      continue;
    }
    out.push({ start: open, end: close + 5, name: s.slice(inner, close) });
    from = close + 5;
  }
}

/** `s` with each mention replaced by its name (`s.replace(/<at>(.*?)<\/at>/g, '$1')`, linear). */
function unwrapAtTags(s: string): string {
  let out = '';
  let at = 0;
  for (const tag of atTags(s)) {
    out += s.slice(at, tag.start) + tag.name;
    at = tag.end;
  }
  return out + s.slice(at);
}

/**
 * The text, due date and (personal chat) owner name of an action command. Mentions arrive as
 * `<at>Name</at>` in the text: the last one is the owner (removed), earlier ones stay as names.
 */
export function parseActionCommand(args: string, opts: { today: string; zone?: string; personal: boolean }): ParsedAction {
  const zone = opts.zone ?? DEFAULT_ZONE;
  const tags = atTags(args);
  let text = args;
  let ownerName: string | null = null;
  if (tags.length) {
    const last = tags[tags.length - 1];
    text = unwrapAtTags(`${args.slice(0, last.start)} ${args.slice(last.end)}`);
  } else if (opts.personal) {
    const at = text.search(/(^|\s)@\S/);
    if (at >= 0) {
      const start = text.indexOf('@', at);
      let segment = text.slice(start + 1);
      let tail = '';
      const kw = /\s(frist|due|deadline)\s/i.exec(segment);
      if (kw) {
        tail = segment.slice(kw.index);
        segment = segment.slice(0, kw.index);
      }
      ownerName = segment.trim() || null;
      text = `${text.slice(0, start)} ${tail}`;
    }
  }
  text = text.replace(/\s+/g, ' ').trim();
  const split = splitDue(text, opts.today, zone);
  return { text: withoutTrailingMark(split.text), due: split.due, ownerName };
}

/**
 * `s.replace(/\s*[,;:–-]\s*$/, '').trim()` without the pattern, which (unanchored at the start)
 * retries a whitespace run from each of its positions: one trailing mark and the space around it.
 */
function withoutTrailingMark(s: string): string {
  const end = s.trimEnd();
  return (end && ',;:–-'.includes(end.slice(-1)) ? end.slice(0, -1) : end).trim();
}

/** A typed roster name (personal chat): the longest leading run of words that names one member. */
export function ownerByName(group: Group, name: string): { owner: Person; rest: string } {
  const words = name.split(/\s+/).filter(Boolean);
  for (let k = words.length; k >= 1; k--) {
    const found = findMemberByName(group, words.slice(0, k).join(' '));
    if (found.length === 1) return { owner: found[0], rest: words.slice(k).join(' ') };
    if (found.length > 1)
      throw new AppError('bad_input', { detail: `"${words.slice(0, k).join(' ')}" matcher flere: ${found.map((m) => m.name).join(', ')}` });
  }
  throw new AppError('member_unknown', { name: name.slice(0, 80) });
}

const FILTERS: Record<string, ActionFilter> = {
  '': 'all',
  alle: 'all',
  all: 'all',
  mine: 'mine',
  åbne: 'open',
  aabne: 'open',
  open: 'open',
  forfaldne: 'overdue',
  overdue: 'overdue',
};

// ---------------------------------------------------------------------------------------------
// Cards
// ---------------------------------------------------------------------------------------------

function itemTitleOf(db: Readonly<Db>, a: ActionPoint): string | null {
  if (a.source.kind !== 'item') return null;
  return (
    db.meetings.find((m) => m.groupId === a.groupId && m.number === a.source.meeting)?.items.find((i) => i.number === a.source.item)
      ?.title ?? null
  );
}

export function actionCard(services: Services, db: Readonly<Db>, group: Group, a: ActionPoint, locale: Locale = group.locale): CardJson {
  return renderCard(
    'action',
    actionCardView(locale, group, a, { today: groupToday(group, services.clock.now()), itemTitle: itemTitleOf(db, a) }),
  );
}

/** Rebuilds an action's card from the latest state (for the coalesced shared-card update). */
function latestActionCard(services: Services, groupId: string, actionId: string): CardJson | null {
  const db = services.store.read();
  const group = db.groups.find((g) => g.id === groupId);
  const a = db.actions.find((x) => x.groupId === groupId && x.id === actionId);
  return group && a ? actionCard(services, db, group, a) : null;
}

/** Everybody sees the new state: the stored card, and the clicked one if it is another message. */
function updateSharedActionCards(ctx: TurnCtx, group: Group, a: ActionPoint): void {
  const targets = new Map<string, { conv: ConversationRef; activityId: string }>();
  if (a.card) {
    const conv = conversationRefIn(group, a.card.conversationId, ctx.conversation);
    if (conv) targets.set(`${conv.conversationId}|${a.card.activityId}`, { conv, activityId: a.card.activityId });
  }
  const clicked = ctx.turn.activity.replyToId;
  if (clicked) targets.set(`${ctx.conversation.conversationId}|${clicked}`, { conv: ctx.conversation, activityId: clicked });
  for (const { conv, activityId } of targets.values()) {
    ctx.services.delivery.updateCard(conv, activityId, () => latestActionCard(ctx.services, a.groupId, a.id));
  }
}

// ---------------------------------------------------------------------------------------------
// Commands and card actions
// ---------------------------------------------------------------------------------------------

const createCommand: CommandDef = {
  id: 'action',
  names: { da: ['handling', 'opfølgning'], en: ['action'] },
  usage: {
    da: 'handling <tekst> @person [frist <dato>] | handling A‹nr› frist|ejer|note|tekst …',
    en: 'action <text> @person [due <date>] | action A‹no› due|owner|note|text …',
  },
  summary: {
    da: 'Opretter et opfølgningspunkt med en ansvarlig (nævnt med @) og evt. frist, fx "frist 16. juni" eller "frist om 2 uger". Start med "R2:" for en korrigerende handling til en risiko.',
    en: 'Creates an action point with an owner (@mention) and optional due date, e.g. "due 16 June" or "due in 2 weeks". Start with "R2:" for a corrective action on a risk.',
  },
  section: 'actions',
  who: 'all',
  async run(ctx, args) {
    if (isActionEdit(args)) return runActionEdit(ctx, args);
    const group = ctx.group();
    const personal = ctx.conversation.conversationType === 'personal';
    const parsed = parseActionCommand(args, { today: groupToday(group, ctx.services.clock.now()), zone: group.timezone, personal });
    const mentions = await ctx.mentions();
    let owner: Person | undefined = mentions.at(-1);
    let text = parsed.text;
    if (!owner && personal && parsed.ownerName) {
      const found = ownerByName(group, parsed.ownerName);
      owner = found.owner;
      if (found.rest) text = `${text} ${found.rest}`;
    }
    if (!owner) throw new AppError(personal ? 'action_owner_name' : 'action_owner_missing');
    let source: ActionSource = { kind: 'chat', meeting: ctx.linkedMeeting(), item: null, risk: null };
    const risk = /^(R\d{1,6})\s*[:–-]\s*/i.exec(text);
    const db = ctx.services.store.read();
    if (risk && db.risks.some((r) => r.groupId === group.id && r.id === risk[1].toUpperCase())) {
      source = { kind: 'risk', meeting: ctx.linkedMeeting(), item: null, risk: risk[1].toUpperCase() };
      text = text.slice(risk[0].length);
    }
    const action = await ctx.services.store.update((d, tx) =>
      structuredClone(
        createAction(d, tx, {
          groupId: group.id,
          actor: ctx.actor,
          text,
          owner: owner!,
          due: parsed.due,
          source,
          security: ctx.services.security,
        }),
      ),
    );
    const posted = await ctx.reply(actionCard(ctx.services, ctx.services.store.read(), group, action, ctx.locale));
    if (posted)
      await ctx.services.store.update((d) =>
        recordActionCard(d, group.id, action.id, { conversationId: ctx.conversation.conversationId, activityId: posted }),
      );
  },
};

const listCommand: CommandDef = {
  id: 'actions',
  names: { da: ['handlinger', 'opfølgningspunkter'], en: ['actions'] },
  usage: { da: 'handlinger [mine|åbne|forfaldne]', en: 'actions [mine|open|overdue]' },
  summary: {
    da: 'Viser gruppens opfølgningspunkter; forfaldne er markeret.',
    en: 'Lists the group’s action points; overdue ones are marked.',
  },
  section: 'actions',
  who: 'all',
  async run(ctx, args) {
    const filter = FILTERS[args.trim().toLowerCase()];
    if (!filter)
      throw new AppError('bad_command', {
        detail: ctx.locale === 'da' ? 'handlinger [mine|åbne|forfaldne]' : 'actions [mine|open|overdue]',
      });
    const group = ctx.group();
    const db = ctx.services.store.read();
    const today = groupToday(group, ctx.services.clock.now());
    const list = listActions(db, group.id, filter, ctx.actor, today);
    const all = db.actions.filter((a) => a.groupId === group.id);
    await ctx.reply(renderCard('actions-list', actionsListView(ctx.locale, group, list, filter, today, all)));
  },
};

const statusPayload = z.object({ groupId: z.string().regex(GROUP_ID), actionId: z.string().regex(ACTION_ID) }).passthrough();

function statusAction(verb: string, status: 'open' | 'done'): CardActionDef {
  return {
    verb,
    async run(ctx, data) {
      const p = parsePayload(statusPayload, data);
      const group = groupForCard(ctx, p.groupId);
      requireAction(ctx.services.store.read(), group.id, p.actionId);
      const { action, changed } = await ctx.services.store.update((db, tx) => {
        const r = setActionStatus(db, tx, {
          groupId: group.id,
          actionId: p.actionId,
          actor: ctx.actor,
          status,
          security: ctx.services.security,
        });
        return { action: structuredClone(r.action), changed: r.changed };
      });
      if (changed) updateSharedActionCards(ctx, group, action);
      return { card: actionCard(ctx.services, ctx.services.store.read(), group, action, ctx.locale) };
    },
  };
}

const itemPayload = z
  .object({
    groupId: z.string().regex(GROUP_ID),
    meeting: cardNumber(1, 9999),
    item: cardNumber(1, 999),
    actionText: z.string().max(2000).default(''),
    actionOwner: z.string().max(200).default(''),
    actionDue: z.string().max(40).optional().nullable(),
  })
  .passthrough();

/** How long a repeated identical click (Teams re-sends invokes) counts as the same request. */
const ITEM_REPEAT_MS = 2 * 60_000;

const itemAction: CardActionDef = {
  verb: VERBS.itemAction,
  async run(ctx, data) {
    const p = parsePayload(itemPayload, data);
    const group = groupForCard(ctx, p.groupId);
    const due = p.actionDue?.trim() ? p.actionDue.trim() : null;
    if (due !== null && !isIsoDate(due)) throw new AppError('action_bad_date', { text: due.slice(0, 40) });
    const ownerKey = p.actionOwner.trim();
    const owner = ownerKey ? group.roster.find((m) => (m.aadObjectId ?? m.teamsId) === ownerKey || m.teamsId === ownerKey) : undefined;
    const text = p.actionText.replace(/\s+/g, ' ').trim();
    const conversation = ctx.conversation;
    const { action, repeated } = await ctx.services.store.update((db, tx) => {
      const nowMs = tx.now.getTime();
      const same = db.actions.find(
        (a) =>
          a.groupId === group.id &&
          a.source.kind === 'item' &&
          a.source.meeting === p.meeting &&
          a.source.item === p.item &&
          a.text === text &&
          a.createdBy === personKey(ctx.actor) &&
          (a.owner.aadObjectId ?? a.owner.teamsId) === (owner?.aadObjectId ?? owner?.teamsId) &&
          nowMs - Date.parse(a.createdAt) < ITEM_REPEAT_MS,
      );
      if (same) return { action: structuredClone(same), repeated: true };
      if (!owner) {
        // Permission first: a non-chair learns nothing about the roster from the error.
        requireActionCreator(
          requireGroup(db, group.id),
          ctx.actor,
          { kind: 'item', meeting: p.meeting, item: p.item, risk: null },
          ctx.services.security,
          tx.now,
        );
        throw new AppError('action_owner_unknown');
      }
      const a = createAction(db, tx, {
        groupId: group.id,
        actor: ctx.actor,
        text,
        owner,
        due,
        source: { kind: 'item', meeting: p.meeting, item: p.item, risk: null },
        security: ctx.services.security,
        announce: { conversation, activity: (x) => cardActivity(actionCard(ctx.services, db, group, x)) },
      });
      return { action: structuredClone(a), repeated: false };
    });
    if (!repeated) ctx.services.delivery.kick();
    const dueText = action.due ? t(ctx.locale, 'action.created.dueSuffix', { date: formatDanishDate(action.due, ctx.locale) }) : '';
    return {
      message: t(ctx.locale, 'action.created.item', {
        id: action.id,
        text: action.text.slice(0, 120),
        owner: action.owner.name,
        due: dueText,
      }),
    };
  },
};

/** Action cards posted through the outbox (from an agenda item): remember where, for updates. */
const actionCardSent = outboxHandler({
  kind: 'actionCard',
  async sent(services, item, ref, activityId) {
    if (!activityId) return;
    await services.store.update((db) =>
      recordActionCard(db, ref.groupId, ref.actionId, { conversationId: item.conversation.conversationId, activityId }),
    );
  },
});

export function actionsFeature(): Feature {
  return {
    name: 'actions',
    commands: [createCommand, listCommand],
    cardActions: [statusAction(VERBS.actionDone, 'done'), statusAction(VERBS.actionReopen, 'open'), itemAction, actionEditCard],
    outbox: [actionCardSent],
  };
}
