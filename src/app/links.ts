import type { ConversationRef, Db, Group, Meeting, Person } from '../domain/model.js';
import { may, personKey } from '../domain/roster.js';
import { AppError } from '../errors.js';
import type { Tx } from './ports.js';

/**
 * Binds a Teams meeting's own chat to meeting N of a group (default: the next planned one).
 * The actor must be chair or referent of exactly one group (checked against the stored roster).
 */
export function linkMeetingChat(
  db: Db,
  tx: Tx,
  input: { actor: Person; conversation: ConversationRef; meetingNumber: number | null },
): { group: Group; meeting: Meeting } {
  if (input.conversation.conversationType === 'personal') throw new AppError('link_not_meeting_chat');
  if (db.groups.some((g) => g.conversation.conversationId === input.conversation.conversationId))
    throw new AppError('link_not_meeting_chat');
  const groups = db.groups.filter((g) => !g.isBoard && may(g, input.actor, 'manageMeetings'));
  if (groups.length === 0) {
    tx.refuse('not_chair_or_referent', 'link', { actor: personKey(input.actor) });
    throw new AppError('not_chair_or_referent');
  }
  if (groups.length > 1) throw new AppError('several_groups', { groups: groups.map((g) => g.name).join(', ') });
  const group = groups[0];
  const today = tx.now.toISOString().slice(0, 10);
  const meetings = db.meetings.filter((m) => m.groupId === group.id && m.status !== 'cancelled');
  const meeting =
    input.meetingNumber !== null
      ? meetings.find((m) => m.number === input.meetingNumber)
      : meetings.filter((m) => m.status === 'planned' && m.date >= today).sort((a, b) => a.date.localeCompare(b.date))[0];
  if (!meeting)
    throw new AppError(input.meetingNumber !== null ? 'meeting_unknown' : 'link_no_meeting', { number: input.meetingNumber ?? '' });
  group.linkedChats = group.linkedChats.filter((l) => l.conversation.conversationId !== input.conversation.conversationId);
  group.linkedChats.push({
    conversation: input.conversation,
    meetingNumber: meeting.number,
    linkedBy: personKey(input.actor),
    at: tx.now.toISOString(),
  });
  tx.audit({
    actor: personKey(input.actor),
    action: 'meeting.link',
    groupId: group.id,
    target: `meeting ${meeting.number}`,
    after: { conversationId: input.conversation.conversationId },
  });
  return { group, meeting };
}
