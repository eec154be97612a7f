import { z } from 'zod';
import { editAction, MAX_ACTION_NOTE, type ActionChange } from '../../app/action-edit.js';
import { ACTION_ID, groupToday, MAX_ACTION_TEXT, requireAction } from '../../app/actions.js';
import type { Services } from '../../app/services.js';
import { renderCard } from '../../cards/render.js';
import { actionCardView } from '../../cards/views/actions.js';
import { VERBS } from '../../cards/verbs.js';
import { formatDanishDate, isIsoDate, parseDanishDate } from '../../domain/dates.js';
import type { ActionPoint, ConversationRef, Group, Locale, Person } from '../../domain/model.js';
import { findMemberByName } from '../../domain/roster.js';
import { AppError } from '../../errors.js';
import { registerMessages, t } from '../../i18n/index.js';
import messages from '../../i18n/messages/action-edit.js';
import { cardAction, GROUP_ID } from '../card-action.js';
import { cardGroup } from '../card-group.js';
import type { CardActionResult, TurnCtx } from '../types.js';

registerMessages(messages);

/**
 * "handling A3 frist 1. juli" / "handling A3 ejer @person" / "handling A3 note …" /
 * "handling A3 tekst …" (English: action A3 due/owner/note/text …), and the action card's "Ret".
 */
const EDIT = /^(A\d{1,6})\s+(frist|due|deadline|ejer|ansvarlig|owner|note|status|tekst|text)(?:\s+([\s\S]*))?$/i;
const NO_DUE = /^(ingen|none|no|-)$/i;

/** Where a posted card lives: the group's own chat or one of its linked meeting chats. */
function conversationRefIn(group: Group, conversationId: string, current: ConversationRef): ConversationRef | null {
  if (current.conversationId === conversationId) return current;
  if (group.conversation.conversationId === conversationId) return group.conversation;
  return group.linkedChats.find((l) => l.conversation.conversationId === conversationId)?.conversation ?? null;
}

/** "ejer Bent Lund" in personal chat (no real @mention there): exactly one roster name. */
function ownerByName(group: Group, name: string): Person {
  const found = findMemberByName(group, name.replace(/^@/, '').trim());
  if (found.length !== 1) throw new AppError('member_unknown', { name: name.slice(0, 80) });
  return found[0];
}

/** Whether `handling …` arguments are an edit of an existing action point (else: a new one). */
export const isActionEdit = (args: string): boolean => EDIT.test(args.trim());

function describe(locale: Locale, before: Pick<ActionPoint, 'text' | 'due' | 'owner'>, after: ActionPoint, noted: boolean): string {
  const what: string[] = [];
  if (before.text !== after.text) what.push(t(locale, 'action.edited.text'));
  if (before.due !== after.due)
    what.push(after.due ? t(locale, 'action.edited.due', { date: formatDanishDate(after.due, locale) }) : t(locale, 'action.edited.noDue'));
  if (before.owner.name !== after.owner.name || before.owner.aadObjectId !== after.owner.aadObjectId)
    what.push(t(locale, 'action.edited.owner', { owner: after.owner.name }));
  if (noted) what.push(t(locale, 'action.edited.note'));
  return what.join(', ');
}

function cardOf(services: Services, group: Group, a: ActionPoint, locale: Locale) {
  return renderCard('action', actionCardView(locale, group, a, { today: groupToday(group, services.clock.now()) }));
}

/** The stored action card (if posted) shows the change to everybody; never awaited in the turn. */
function updateStoredCard(ctx: TurnCtx, group: Group, a: ActionPoint, clicked?: string | null): void {
  const targets: { conv: ConversationRef; id: string }[] = [];
  const conv = a.card ? conversationRefIn(group, a.card.conversationId, ctx.conversation) : null;
  if (conv && a.card) targets.push({ conv, id: a.card.activityId });
  if (clicked && !(a.card && a.card.activityId === clicked)) targets.push({ conv: ctx.conversation, id: clicked });
  for (const x of targets) {
    ctx.services.delivery.updateCard(x.conv, x.id, () => {
      const db = ctx.services.store.read();
      const g = db.groups.find((y) => y.id === group.id);
      const latest = db.actions.find((y) => y.groupId === group.id && y.id === a.id);
      return g && latest ? cardOf(ctx.services, g, latest, g.locale) : null;
    });
  }
}

async function apply(ctx: TurnCtx, group: Group, actionId: string, changes: ActionChange[]) {
  const before = structuredClone(requireAction(ctx.services.store.read(), group.id, actionId));
  const r = await ctx.services.store.update((db, tx) => {
    const x = editAction(db, tx, { groupId: group.id, actionId, actor: ctx.actor, changes });
    return { action: structuredClone(x.action), changed: x.changed };
  });
  return { ...r, before };
}

/** The command form: one change per message. */
export async function runActionEdit(ctx: TurnCtx, args: string): Promise<void> {
  const m = EDIT.exec(args.trim());
  if (!m) throw new AppError('action_edit_usage');
  const group = ctx.group();
  const id = m[1].toUpperCase();
  const word = m[2].toLowerCase();
  const rest = (m[3] ?? '').trim();
  let change: ActionChange;
  if (word === 'frist' || word === 'due' || word === 'deadline') {
    if (!rest) throw new AppError('action_edit_usage');
    if (NO_DUE.test(rest)) change = { kind: 'due', due: null };
    else {
      const due = parseDanishDate(rest, { today: groupToday(group, ctx.services.clock.now()), zone: group.timezone });
      if (!due) throw new AppError('action_bad_date', { text: rest.slice(0, 60) });
      change = { kind: 'due', due };
    }
  } else if (word === 'ejer' || word === 'ansvarlig' || word === 'owner') {
    let owner: Person | undefined = (await ctx.mentions()).at(-1);
    if (!owner && rest) owner = ownerByName(group, rest);
    if (!owner) throw new AppError('action_edit_usage');
    change = { kind: 'owner', owner };
  } else if (word === 'note' || word === 'status') {
    change = { kind: 'note', text: rest };
  } else {
    change = { kind: 'text', text: rest || ' ' };
  }
  const { action, changed, before } = await apply(ctx, group, id, [change]);
  if (changed) updateStoredCard(ctx, group, action);
  await ctx.reply(
    changed
      ? ctx.t('action.edited', { id, what: describe(ctx.locale, before, action, change.kind === 'note') })
      : ctx.t('action.edited.nothing', { id }),
  );
}

const editPayload = z
  .object({
    groupId: z.string().regex(GROUP_ID),
    actionId: z.string().regex(ACTION_ID),
    editText: z
      .string()
      .max(MAX_ACTION_TEXT * 2)
      .optional(),
    editDue: z.string().max(40).optional().nullable(),
    editOwner: z.string().max(200).optional(),
    editNote: z
      .string()
      .max(MAX_ACTION_NOTE * 2)
      .optional(),
  })
  .passthrough();

/** The card's "Ret" form: every field at once; unchanged fields change nothing. */
async function editFromCard(ctx: TurnCtx, p: z.infer<typeof editPayload>, group: Group): Promise<CardActionResult> {
  const changes: ActionChange[] = [];
  if (p.editText !== undefined) changes.push({ kind: 'text', text: p.editText });
  if (p.editDue !== undefined) {
    const due = p.editDue?.trim() || null;
    if (due !== null && !isIsoDate(due)) throw new AppError('action_bad_date', { text: due.slice(0, 40) });
    changes.push({ kind: 'due', due });
  }
  const ownerKey = p.editOwner?.trim();
  if (ownerKey) changes.push({ kind: 'owner', owner: { aadObjectId: ownerKey, teamsId: ownerKey, name: '' } });
  if (p.editNote?.trim()) changes.push({ kind: 'note', text: p.editNote });
  const { action, changed } = await apply(ctx, group, p.actionId, changes);
  if (changed) updateStoredCard(ctx, group, action, ctx.turn.activity.replyToId);
  return { card: cardOf(ctx.services, group, action, ctx.locale) };
}

export const actionEditCard = cardAction({
  verb: VERBS.actionEdit,
  data: editPayload,
  group: (ctx, groupId) => cardGroup(ctx, groupId, 'action'),
  run: editFromCard,
});
