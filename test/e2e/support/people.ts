/**
 * The other people in the meeting. The playground's window is always its current user (Anna Holm,
 * the chair): it has no user switcher. Everyone else acts through the playground's HTTP API: card
 * clicks through its invoke endpoint (which honours `from`), messages as injected Teams
 * activities (its message endpoint does not). The bot's public answers appear in Anna's window.
 */
import { PLAYGROUND } from '../../../src/demo.js';
import { activityText, type PgActivity, type PlaygroundClient } from '../../helpers/playground-client.js';

export const USERS = Object.fromEntries(PLAYGROUND.users.map((u) => [u.name.split(' ')[0].toLowerCase(), u])) as Record<
  'anna' | 'bent' | 'carsten' | 'dorthe' | 'erik' | 'gustav',
  (typeof PLAYGROUND.users)[number]
>;
export const BOT = { id: PLAYGROUND.botId, name: 'styrebot' };
export const GROUP_CHAT = PLAYGROUND.groupChatId;

type User = (typeof PLAYGROUND.users)[number];

let injected = 0;

/**
 * "@styrebot <text>" typed by `user` in the group chat; `@{Name}` in the text becomes a real
 * mention of that roster member (`<at>Name</at>` plus a mention entity with the Teams user id,
 * as Teams sends it). The playground's message endpoint always sends as its current user (it
 * ignores `from`), so another person's message is the activity Teams would send, injected through
 * /_internal/v1/customActivities; the bot's answer goes to the playground and shows in Anna's window.
 */
export async function say(client: PlaygroundClient, user: User, text: string, conversation: string = GROUP_CHAT): Promise<void> {
  const botTag = `<at>${BOT.name}</at>`;
  const entities: Record<string, unknown>[] = [{ type: 'mention', text: botTag, mentioned: BOT }];
  const body = text.replace(/@\{([^}]+)\}/g, (_m, name: string) => {
    const person = PLAYGROUND.users.find((u) => u.name === name);
    if (!person) throw new Error(`no playground user named ${name}`);
    entities.push({ type: 'mention', text: `<at>${person.name}</at>`, mentioned: { id: person.teamsId, name: person.name } });
    return `<at>${person.name}</at>`;
  });
  await client.customActivity({
    type: 'message',
    id: `e2e-${user.teamsId}-${Date.now()}-${++injected}`,
    channelId: 'msteams',
    serviceUrl: `${client.url}/_connector`,
    timestamp: new Date().toISOString(),
    localTimezone: 'Europe/Copenhagen',
    from: { id: user.teamsId, name: user.name, aadObjectId: user.aadObjectId },
    recipient: BOT,
    conversation: { id: conversation, conversationType: 'groupChat', tenantId: PLAYGROUND.tenantId, isGroup: true },
    channelData: { tenant: { id: PLAYGROUND.tenantId } },
    text: `${botTag} ${body}`,
    textFormat: 'plain',
    entities,
  });
}

/** The invoke answer of a card click: the card the clicker gets back, or the message Teams shows them. */
export interface InvokeAnswer {
  card: any | null;
  message: string | null;
  raw: unknown;
}

/** A click on an Action.Execute button of a card the bot posted (`replyToId` = that message). */
export async function click(
  client: PlaygroundClient,
  user: User,
  replyToId: string,
  verb: string,
  data: Record<string, unknown>,
  conversation: string = GROUP_CHAT,
): Promise<InvokeAnswer> {
  const raw = (await client.invoke(conversation, user.teamsId, replyToId, verb, data)) as any;
  // The playground answers with the bot's invoke response body ({statusCode, type, value}).
  const body = raw?.body ?? raw;
  const type = body?.type;
  if (type === 'application/vnd.microsoft.card.adaptive') return { card: body.value, message: null, raw };
  if (type === 'application/vnd.microsoft.activity.message') return { card: null, message: String(body.value), raw };
  return { card: null, message: null, raw };
}

/** The newest bot message (created or updated) in the playground's stream matching the snippets. */
export async function posted(
  client: PlaygroundClient,
  snippets: string[],
  opts: { conversation?: string; from?: number; timeoutMs?: number } = {},
): Promise<PgActivity> {
  const conversation = opts.conversation ?? GROUP_CHAT;
  return client.waitFor((a) => a.conversation?.id === conversation && snippets.every((s) => activityText(a).includes(s)), {
    from: opts.from,
    timeoutMs: opts.timeoutMs ?? 30_000,
  });
}

export const cardOf = (a: PgActivity): any =>
  a.attachments?.find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive')?.content ?? null;

// ------------------------------------------------------------------------------------------------
// What Teams itself would send, injected through /_internal/v1/customActivities
// ------------------------------------------------------------------------------------------------

/**
 * A Teams meeting's chat. The playground routes the bot's posts only to conversations it knows
 * (an unknown "19:meeting_…" id answers 404 ConversationNotFound), so the meeting is a channel
 * meeting in the team's General channel (`dap-team-id`): Teams gives a channel meeting the
 * channel's conversation and a `channelData.meeting`. Its window is not opened in the browser —
 * opening a conversation in the playground installs the bot there (a new group) — the cards the
 * bot posts there are taken from the playground's stream and shown on the card stage.
 */
export const MEETING_CHAT = {
  id: 'dap-team-id',
  teamId: PLAYGROUND.teamId,
  teamName: 'DAP-styregruppen',
  channelName: 'General',
  meetingId: 'MCMe2e-styregruppe-møde-1',
};

function teamsBase(pgUrl: string, from: { id: string; name: string; aadObjectId?: string }, id: string) {
  return {
    id,
    channelId: 'msteams',
    serviceUrl: `${pgUrl}/_connector`,
    timestamp: new Date().toISOString(),
    localTimezone: 'Europe/Copenhagen',
    from,
    recipient: BOT,
    conversation: { id: MEETING_CHAT.id, conversationType: 'channel', tenantId: PLAYGROUND.tenantId, isGroup: true },
    channelData: {
      tenant: { id: PLAYGROUND.tenantId },
      team: { id: MEETING_CHAT.teamId, name: MEETING_CHAT.teamName },
      channel: { id: MEETING_CHAT.id, name: MEETING_CHAT.channelName },
      meeting: { id: MEETING_CHAT.meetingId },
    },
  };
}

/** "@styrebot <text>" typed by `user` in the meeting's chat. */
export function meetingChatMessage(pgUrl: string, user: User, text: string, id: string) {
  const tag = `<at>${BOT.name}</at>`;
  return {
    ...teamsBase(pgUrl, { id: user.teamsId, name: user.name, aadObjectId: user.aadObjectId }, id),
    type: 'message',
    text: `${tag} ${text}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', text: tag, mentioned: BOT }],
  };
}

/** The meeting start/end event Teams sends into the meeting's chat (RSC OnlineMeeting.ReadBasic.Chat). */
export function meetingEvent(pgUrl: string, kind: 'start' | 'end', id: string) {
  const at = new Date().toISOString();
  return {
    ...teamsBase(pgUrl, { id: '29:teams-system', name: 'Microsoft Teams' }, id),
    type: 'event',
    name: kind === 'start' ? 'application/vnd.microsoft.meetingStart' : 'application/vnd.microsoft.meetingEnd',
    value: {
      Id: MEETING_CHAT.meetingId,
      MeetingType: 'Scheduled',
      JoinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_e2e%40thread.v2/0',
      Title: 'Operationel styregruppe — møde 1',
      [kind === 'start' ? 'StartTime' : 'EndTime']: at,
    },
  };
}
