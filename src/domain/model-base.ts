/**
 * The leaf types of the stored data (scales, people, conversation references), imported by the
 * other model files; model.ts re-exports them. See model.ts for the conventions of stored shapes.
 */

export type Locale = 'da' | 'en';
export type Role = 'chair' | 'referent' | 'member' | 'observer';
/** The rating scale of risks, least severe first (the order is the severity). */
export const RATINGS = ['green', 'yellow', 'red'] as const;
export type Rating = (typeof RATINGS)[number];
export type Outcome = 'approved' | 'rejected' | 'noted' | 'discussed' | 'postponed';
export type MeetingStatus = 'planned' | 'held' | 'cancelled';

/** A plain-JSON Bot Framework conversation reference (what proactive sends need). */
export interface ConversationRef {
  serviceUrl: string;
  channelId: string;
  conversationId: string;
  conversationType: 'personal' | 'groupChat' | 'channel';
  tenantId: string | null;
  /** Channel conversations: the team the channel belongs to. */
  teamId?: string | null;
  botId: string;
  botName?: string | null;
  /** Meeting chats carry the online meeting id. */
  meetingId?: string | null;
}

export interface Person {
  name: string;
  aadObjectId: string | null;
  teamsId: string | null;
}
