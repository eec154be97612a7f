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
  type ActionSource,
} from '../../app/actions.js';
import { requireGroup } from '../../app/groups.js';
import { findCardItem, findMeeting } from '../../app/meetings.js';
import type { Services } from '../../app/services.js';
import { cardAttachment, renderCard, type CardJson } from '../../cards/render.js';
import { actionCardView, actionsListView } from '../../cards/views/actions.js';
import { VERBS } from '../../cards/verbs.js';
import { formatDanishDate, isIsoDate } from '../../domain/dates.js';
import type { ActionPoint, ConversationRef, Db, Group, Locale, Person } from '../../domain/model.js';
import { personKey } from '../../domain/roster.js';
import { AppError } from '../../errors.js';
import { registerMessages, t } from '../../i18n/index.js';
import messages from '../../i18n/messages/actions.js';
import { outboxHandler, type CardActionResult, type CommandDef, type Feature, type TurnCtx } from '../types.js';
import { actionEditCard, isActionEdit, runActionEdit } from './action-edit.js';
import { FILTERS, ownerByName, parseActionCommand, type ParsedAction } from './action-parse.js';
import { cardAction, GROUP_ID, groupForCard, parsePayload } from '../card-action.js';

registerMessages(messages);

// ---------------------------------------------------------------------------------------------
// Shared helpers (also used by the escalations feature)
// ---------------------------------------------------------------------------------------------

export { GROUP_ID, groupForCard, parsePayload };

/** The stored conversation reference for a conversation id the group knows (own chat, linked chats). */
export function conversationRefIn(group: Group, conversationId: string, current?: ConversationRef): ConversationRef | null {
  if (current && current.conversationId === conversationId) return current;
  if (group.conversation.conversationId === conversationId) return group.conversation;
  return group.linkedChats.find((l) => l.conversation.conversationId === conversationId)?.conversation ?? null;
}

export const cardActivity = (card: CardJson): Record<string, unknown> => ({ type: 'message', attachments: [cardAttachment(card)] });

export { ownerByName, parseActionCommand, type ParsedAction };

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
type StatusPayload = z.infer<typeof statusPayload>;

/** Done / reopen on an action card: the same click twice changes nothing the second time. */
async function changeStatus(ctx: TurnCtx, p: StatusPayload, group: Group, status: 'open' | 'done'): Promise<CardActionResult> {
  requireAction(ctx.services.store.read(), group.id, p.actionId);
  const { action, changed } = await ctx.services.store.update((db, tx) => {
    const r = setActionStatus(db, tx, { groupId: group.id, actionId: p.actionId, actor: ctx.actor, status });
    return { action: structuredClone(r.action), changed: r.changed };
  });
  if (changed) updateSharedActionCards(ctx, group, action);
  return { card: actionCard(ctx.services, ctx.services.store.read(), group, action, ctx.locale) };
}

const doneButton = cardAction({ verb: VERBS.actionDone, data: statusPayload, run: (ctx, p, group) => changeStatus(ctx, p, group, 'done') });
const reopenButton = cardAction({
  verb: VERBS.actionReopen,
  data: statusPayload,
  run: (ctx, p, group) => changeStatus(ctx, p, group, 'open'),
});

const itemPayload = z
  .object({
    groupId: z.string().regex(GROUP_ID),
    meeting: cardNumber(1, 9999),
    item: cardNumber(1, 999),
    actionText: z.string().max(2000).default(''),
    actionOwner: z.string().max(200).default(''),
    actionDue: z.string().max(40).optional().nullable(),
    // The key of the item title the card showed (absent on cards posted before it was carried).
    itemKey: z.string().max(16).nullish(),
  })
  .passthrough();

/** How long a repeated identical click (Teams re-sends invokes) counts as the same request. */
const ITEM_REPEAT_MS = 2 * 60_000;

/** "Opret handling" on an agenda item card: an action point from the item, announced with its own card. */
async function createFromItem(ctx: TurnCtx, p: z.infer<typeof itemPayload>, group: Group): Promise<CardActionResult> {
  const due = p.actionDue?.trim() ? p.actionDue.trim() : null;
  if (due !== null && !isIsoDate(due)) throw new AppError('action_bad_date', { text: due.slice(0, 40) });
  const ownerKey = p.actionOwner.trim();
  const owner = ownerKey ? group.roster.find((m) => (m.aadObjectId ?? m.teamsId) === ownerKey || m.teamsId === ownerKey) : undefined;
  const text = p.actionText.replace(/\s+/g, ' ').trim();
  const conversation = ctx.conversation;
  const source: ActionSource = { kind: 'item', meeting: p.meeting, item: p.item, risk: null };
  const { action, repeated } = await ctx.services.store.update((db, tx) => {
    if (p.itemKey != null) {
      // A card older than the agenda (its item moved or renamed since) creates nothing, as a decision on it would not.
      requireActionCreator(requireGroup(db, group.id), ctx.actor, source, tx);
      findCardItem(findMeeting(db, group.id, p.meeting), p.item, p.itemKey);
    }
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
      requireActionCreator(requireGroup(db, group.id), ctx.actor, source, tx);
      throw new AppError('action_owner_unknown');
    }
    const a = createAction(db, tx, {
      groupId: group.id,
      actor: ctx.actor,
      text,
      owner,
      due,
      source,
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
}

const itemActionButton = cardAction({ verb: VERBS.itemAction, data: itemPayload, run: createFromItem });

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
    cardActions: [doneButton, reopenButton, itemActionButton, actionEditCard],
    outbox: [actionCardSent],
  };
}
