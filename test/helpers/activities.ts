/**
 * Builders for the Bot Framework activities Teams sends, so tests read as "Anna writes 'roller'
 * in the group chat" rather than as JSON.
 */
export interface TestUser {
  id: string;
  name: string;
  aadObjectId: string;
}

export interface TestConversation {
  id: string;
  type: 'personal' | 'groupChat' | 'channel';
  tenantId: string;
  teamId?: string;
  meetingId?: string;
  name?: string;
}

export const BOT = { id: '28:styrebot-test', name: 'styrebot' };
export const TENANT = 'tenant-secretariat';

export const users = {
  anna: { id: '29:anna', name: 'Anna Holm', aadObjectId: 'aad-anna' },
  bent: { id: '29:bent', name: 'Bent Lund', aadObjectId: 'aad-bent' },
  carsten: { id: '29:carsten', name: 'Carsten Vang', aadObjectId: 'aad-carsten' },
  dorthe: { id: '29:dorthe', name: 'Dorthe Kjær', aadObjectId: 'aad-dorthe' },
  erik: { id: '29:erik', name: 'Erik Sand', aadObjectId: 'aad-erik' },
  gustav: { id: '29:gustav', name: 'Gustav Eng', aadObjectId: 'aad-gustav' },
  /** From another organisation (external access): the conversation's tenant is still the host's. */
  frida: { id: '29:frida-ext', name: 'Frida Mose (Extern)', aadObjectId: 'aad-frida-ext' },
} satisfies Record<string, TestUser>;

export const groupChat: TestConversation = {
  id: '19:group-chat@thread.v2',
  type: 'groupChat',
  tenantId: TENANT,
  name: 'Operationel styregruppe',
};
export const boardChannel: TestConversation = {
  id: '19:board-channel@thread.tacv2',
  type: 'channel',
  tenantId: TENANT,
  teamId: '19:board-team@thread.tacv2',
  name: 'DAP-styregruppen',
};
export const meetingChat: TestConversation = {
  id: '19:meeting_abc@thread.v2',
  type: 'groupChat',
  tenantId: TENANT,
  meetingId: 'meeting-abc',
};
export const personalChat = (u: TestUser): TestConversation => ({ id: `a:personal-${u.id}`, type: 'personal', tenantId: TENANT });

let counter = 0;
const nextId = () => `act-${Date.now()}-${++counter}`;

function base(serviceUrl: string, conv: TestConversation, from: TestUser | typeof BOT) {
  return {
    id: nextId(),
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { ...from, role: 'user' },
    recipient: BOT,
    conversation: { id: conv.id, conversationType: conv.type, tenantId: conv.tenantId, isGroup: conv.type !== 'personal', name: conv.name },
    channelData: {
      tenant: { id: conv.tenantId },
      ...(conv.teamId ? { team: { id: conv.teamId, name: conv.name }, channel: { id: conv.id, name: conv.name } } : {}),
      ...(conv.meetingId ? { meeting: { id: conv.meetingId } } : {}),
    },
  };
}

/** A message; in groups Teams only delivers messages that @mention the bot, so we add that. */
export function message(serviceUrl: string, conv: TestConversation, from: TestUser, text: string, mentions: TestUser[] = []) {
  const botMention = conv.type === 'personal' ? '' : `<at>${BOT.name}</at> `;
  const mentionText = mentions.map((m) => ` <at>${m.name}</at>`).join('');
  const entities = [
    ...(conv.type === 'personal' ? [] : [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }]),
    ...mentions.map((m) => ({ type: 'mention', text: `<at>${m.name}</at>`, mentioned: { id: m.id, name: m.name } })),
  ];
  return { ...base(serviceUrl, conv, from), type: 'message', text: `${botMention}${text}${mentionText}`, textFormat: 'plain', entities };
}

/** Action.Execute click on a card (Universal Actions). */
export function cardAction(
  serviceUrl: string,
  conv: TestConversation,
  from: TestUser,
  verb: string,
  data: Record<string, unknown> = {},
  replyToId = 'card-1',
) {
  return {
    ...base(serviceUrl, conv, from),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

/** Action.Submit fallback from an old client: a message with a value and no text. */
export function cardSubmit(
  serviceUrl: string,
  conv: TestConversation,
  from: TestUser,
  verb: string,
  data: Record<string, unknown> = {},
  replyToId = 'card-1',
) {
  return { ...base(serviceUrl, conv, from), type: 'message', replyToId, value: { verb, ...data } };
}

/** The bot was added to a conversation (Teams sends this on install). */
export function botAdded(serviceUrl: string, conv: TestConversation, installer: TestUser) {
  return { ...base(serviceUrl, conv, installer), type: 'conversationUpdate', membersAdded: [{ id: BOT.id, name: BOT.name }] };
}

export function installationUpdate(serviceUrl: string, conv: TestConversation, installer: TestUser) {
  return { ...base(serviceUrl, conv, installer), type: 'installationUpdate', action: 'add' };
}

/** Meeting start/end events (RSC), as Teams sends them into a meeting's chat. */
export function meetingEvent(serviceUrl: string, conv: TestConversation, kind: 'start' | 'end') {
  return {
    ...base(serviceUrl, conv, { id: '29:system', name: 'Teams', aadObjectId: '' }),
    type: 'event',
    name: kind === 'start' ? 'application/vnd.microsoft.meetingStart' : 'application/vnd.microsoft.meetingEnd',
    value: {
      Id: conv.meetingId,
      MeetingType: 'Scheduled',
      JoinUrl: 'https://teams.microsoft.com/l/meetup-join/x',
      Title: 'Styregruppemøde',
      [kind === 'start' ? 'StartTime' : 'EndTime']: new Date().toISOString(),
    },
  };
}

export function withId<T extends { id: string }>(activity: T, id: string): T {
  return { ...activity, id };
}
