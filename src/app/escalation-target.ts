/**
 * Where a group's escalations go: the programme board's channel or chat, set by the group's chair
 * from there ("eskaleringskanal") and renamed by name; an empty group made by installing the bot in
 * the board's channel becomes the board.
 */
import type { ConversationRef, Db, Group, Person } from '../domain/model.js';
import { findMember, personKey } from '../domain/roster.js';
import { AppError } from '../errors.js';
import { refuse } from './escalations.js';
import { groupForConversation, requireRight } from './groups.js';
import type { Tx } from './ports.js';

export interface TargetInput {
  conversation: ConversationRef;
  /** The board conversation's display name (channel or chat name), if known. */
  name: string | null;
  actor: Person;
  /** Which steering group (id or name); default: the one group the actor chairs. */
  groupRef: string | null;
  /** A notice for the steering group's conversation ("escalations now go to …"). */
  notice?: (group: Readonly<Group>, boardName: string | null) => Record<string, unknown>;
}

/** Nothing in it yet: an auto-created group from installing the bot in the board's channel. */
export function isEmptyGroup(db: Readonly<Db>, group: Readonly<Group>): boolean {
  const mine = <T extends { groupId: string }>(list: readonly T[]) => list.some((x) => x.groupId === group.id);
  return (
    !mine(db.meetings) && !mine(db.risks) && !mine(db.actions) && !mine(db.escalations) && !mine(db.voteRounds) && !group.escalationTarget
  );
}

/**
 * Only groups the sender chairs are ever matched or named: anything else would let anyone in
 * the board's channel list every steering group by typing a name that matches nothing.
 */
function pickGroup(db: Readonly<Db>, input: TargetInput, candidates: Group[], tx: Tx): Group {
  const chaired = candidates.filter((g) => findMember(g, input.actor)?.role === 'chair');
  const ref = input.groupRef?.trim();
  if (!chaired.length) {
    const detail = `escalation target${ref ? ` "${ref.slice(0, 80)}"` : ''} from ${input.conversation.conversationId}`;
    return refuse(tx, tx.now, input.actor, 'escalation_no_chair_group', detail, {}, input.conversation.conversationId);
  }
  if (ref) {
    const lower = ref.toLowerCase();
    const exact = chaired.filter((g) => g.id === ref || g.name.toLowerCase() === lower);
    const loose = exact.length ? exact : chaired.filter((g) => g.name.toLowerCase().includes(lower));
    if (loose.length === 1) return loose[0];
    if (loose.length > 1) throw new AppError('escalation_group_ambiguous', { groups: loose.map((g) => g.name).join(', ') });
    throw new AppError('escalation_group_unknown', { name: ref.slice(0, 80), groups: chaired.map((g) => g.name).join(', ') });
  }
  if (chaired.length === 1) return chaired[0];
  throw new AppError('escalation_group_ambiguous', { groups: chaired.map((g) => g.name).join(', ') });
}

/**
 * The group's chair, in the board's channel or chat, makes it the group's escalation target. The
 * conversation's own auto-created (empty) group is marked `isBoard`; a conversation that is a
 * steering group's own (or a meeting chat linked to one) is refused.
 */
export function setEscalationTarget(db: Db, tx: Tx, input: TargetInput): { group: Group; board: Group | null } {
  if (input.conversation.conversationType === 'personal') throw new AppError('escalation_target_personal');
  const here = groupForConversation(db, input.conversation.conversationId);
  // The actor's own steering group may be `here` (then: refused as its own conversation below).
  // An empty auto-created group here is the board's, never a steering group to configure.
  const candidates = db.groups.filter(
    (g) => !g.isBoard && !(here && g.id === here.group.id && here.linkedMeeting === null && isEmptyGroup(db, g)),
  );
  const group = pickGroup(db, input, candidates, tx);
  requireRight(group, input.actor, 'escalate', tx);
  if (here) {
    if (here.group.id === group.id) throw new AppError('escalation_target_self');
    if (here.linkedMeeting !== null || (!here.group.isBoard && !isEmptyGroup(db, here.group)))
      throw new AppError('escalation_target_is_group', { group: here.group.name });
  }
  // No Teams name: the neutral default, never the auto-created group's placeholder ("Styregruppe 2").
  const name = input.name?.slice(0, MAX_BOARD_NAME) || null;
  const notice = input.notice?.(group, name) ?? null;
  const before = group.escalationTarget ? { conversationId: group.escalationTarget.conversation.conversationId } : null;
  if (here && !here.group.isBoard) {
    here.group.isBoard = true;
    tx.audit({
      actor: personKey(input.actor),
      action: 'group.mark_board',
      groupId: here.group.id,
      target: here.group.id,
      after: { isBoard: true, for: group.id },
    });
  }
  group.escalationTarget = {
    conversation: structuredClone(input.conversation),
    setBy: personKey(input.actor),
    at: tx.now.toISOString(),
    name,
  };
  if (notice)
    tx.enqueue({
      groupId: group.id,
      conversation: group.conversation,
      activity: notice,
      ref: { kind: 'escalationTarget', groupId: group.id },
    });
  tx.audit({
    actor: personKey(input.actor),
    action: 'group.escalation_target',
    groupId: group.id,
    target: group.id,
    before,
    after: { conversationId: input.conversation.conversationId, name: group.escalationTarget.name },
  });
  return { group, board: here?.group ?? null };
}

export const MAX_BOARD_NAME = 120;

/**
 * The chair renames the escalation recipient ("eskaleringskanal navn DAP-styregruppen"): every
 * card, notice and memo says this name. Typed in the group's own chat, or in the board's
 * conversation (then: the one group whose target it is and that the sender chairs).
 */
export function renameEscalationTarget(db: Db, tx: Tx, input: { conversationId: string; name: string; actor: Person }): Group {
  const name = input.name
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["“”']+|["“”']+$/g, '')
    .trim();
  if (!name || name.length > MAX_BOARD_NAME) throw new AppError('escalation_target_name_missing', { max: MAX_BOARD_NAME });
  const here = groupForConversation(db, input.conversationId);
  let group: Group | undefined = here && !here.group.isBoard ? here.group : undefined;
  if (!group) {
    const targeted = db.groups.filter(
      (g) => g.escalationTarget?.conversation.conversationId === input.conversationId && findMember(g, input.actor)?.role === 'chair',
    );
    if (targeted.length > 1) throw new AppError('escalation_group_ambiguous', { groups: targeted.map((g) => g.name).join(', ') });
    group = targeted[0];
    if (!group)
      refuse(
        tx,
        tx.now,
        input.actor,
        'escalation_no_chair_group',
        `escalation target rename from ${input.conversationId}`,
        {},
        input.conversationId,
      );
  }
  requireRight(group, input.actor, 'escalate', tx);
  if (!group.escalationTarget) throw new AppError('escalation_no_target', { group: group.name });
  const before = group.escalationTarget.name ?? null;
  group.escalationTarget.name = name;
  tx.audit({
    actor: personKey(input.actor),
    action: 'group.escalation_target_name',
    groupId: group.id,
    target: group.id,
    before: { name: before },
    after: { name },
  });
  return group;
}
