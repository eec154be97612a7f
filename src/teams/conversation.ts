import type { Activity } from 'botbuilder';
import type { ConversationRef, Person } from '../domain/model.js';

/** Plain-JSON conversation reference from an incoming activity (what we store for proactive sends). */
export function conversationRefOf(activity: Partial<Activity>): ConversationRef {
  const cd = (activity.channelData ?? {}) as any;
  const conv = activity.conversation ?? ({} as any);
  const type =
    conv.conversationType === 'channel' ? 'channel' : conv.conversationType === 'groupChat' || conv.isGroup ? 'groupChat' : 'personal';
  return {
    serviceUrl: activity.serviceUrl ?? '',
    channelId: activity.channelId ?? 'msteams',
    conversationId: String(conv.id ?? ''),
    conversationType: type,
    tenantId: conv.tenantId ?? cd.tenant?.id ?? null,
    teamId: cd.team?.id ?? null,
    botId: activity.recipient?.id ?? '',
    botName: activity.recipient?.name ?? null,
    meetingId: cd.meeting?.id ?? null,
  };
}

export function actorOf(activity: Partial<Activity>): Person {
  const from = activity.from ?? ({} as any);
  return { name: String(from.name ?? '').slice(0, 200) || 'Ukendt', aadObjectId: from.aadObjectId ?? null, teamsId: from.id ?? null };
}

/** Meeting chats are not groups: each Teams meeting has its own chat (only a recurring series shares one), so a group lives in a channel or a standing group chat. */
export const isMeetingChat = (activity: Partial<Activity>): boolean => {
  const cd = (activity.channelData ?? {}) as any;
  const id = String(activity.conversation?.id ?? '');
  return !!cd.meeting?.id || id.includes('meeting_');
};
