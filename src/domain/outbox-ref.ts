/**
 * What an outbox item is for, as data: the sender's after-send handling is chosen by `kind`
 * (src/teams/outbox-handlers.ts), never by parsing text. `purposeOf` gives the short text kept
 * beside it for logs, the chair's outbox card and `outbox --json`.
 */
export type OutboxRef =
  /** An in-turn reply the connector did not take (queued, uncertain or failed). */
  | { kind: 'reply' }
  /** A shared ballot posted as a reply that went through the outbox: its activity becomes the round's card. */
  | { kind: 'ballot'; groupId: string; roundId: string }
  /** One message of a reminder; `target` is '' for the group's conversation, else `chat:<id>` / `person:<key>`. */
  | { kind: 'reminder'; reminderId: string; target: string }
  | { kind: 'meetingEvent'; event: 'start' | 'end'; groupId: string; meeting: number; eventId: string }
  | { kind: 'escalation'; groupId: string; escalationId: string }
  | { kind: 'escalationNotice'; groupId: string; escalationId: string; event: string }
  | { kind: 'escalationTarget'; groupId: string }
  | { kind: 'actionCard'; groupId: string; actionId: string }
  /** An agenda card; `item` null is the overview; `key` the itemKey of the item's title when queued (absent on older items). */
  | { kind: 'agendaCard'; groupId: string; meeting: number; item: number | null; key?: string }
  | { kind: 'voteResult'; groupId: string; roundId: string }
  | { kind: 'minutesFile'; meeting: number; format: string }
  /** A message with no typed reference (free text purpose). */
  | { kind: 'other'; purpose: string };

export type OutboxRefKind = OutboxRef['kind'];
export type OutboxRefOf<K extends OutboxRefKind> = Extract<OutboxRef, { kind: K }>;

/** The purpose text of a reference (the same strings items carried before they had a reference). */
export function purposeOf(ref: OutboxRef): string {
  switch (ref.kind) {
    case 'reply':
    case 'ballot':
      return 'reply';
    case 'reminder':
      return ref.target ? `reminder:${ref.reminderId}:${ref.target}` : `reminder:${ref.reminderId}`;
    case 'meetingEvent':
      return `meeting-${ref.event}:${ref.groupId}:${ref.meeting}:${ref.eventId}`;
    case 'escalation':
      return `escalation:${ref.groupId}:${ref.escalationId}`;
    case 'escalationNotice':
      return `escalation-notice:${ref.groupId}:${ref.escalationId}:${ref.event}`;
    case 'escalationTarget':
      return `escalation-target:${ref.groupId}`;
    case 'actionCard':
      return `action-card:${ref.groupId}:${ref.actionId}`;
    case 'agendaCard':
      return `agenda:${ref.groupId}:${ref.meeting}:${ref.item ?? 'overview'}`;
    case 'voteResult':
      return `vote-result:${ref.groupId}:${ref.roundId}`;
    case 'minutesFile':
      return `minutes-file:${ref.meeting}:${ref.format}`;
    case 'other':
      return ref.purpose;
  }
}

/**
 * The reference of an item stored before items carried one, read from its purpose text.
 * A ballot sent as a reply had purpose `reply` only; it reads as a plain reply.
 */
export function refOfPurpose(purpose: string): OutboxRef {
  let m: RegExpExecArray | null;
  if (purpose === 'reply') return { kind: 'reply' };
  if ((m = /^reminder:([^:]+)(?::(.*))?$/s.exec(purpose))) return { kind: 'reminder', reminderId: m[1], target: m[2] ?? '' };
  if ((m = /^meeting-(start|end):([^:]+):(\d+):(.*)$/s.exec(purpose)))
    return { kind: 'meetingEvent', event: m[1] as 'start' | 'end', groupId: m[2], meeting: Number(m[3]), eventId: m[4] };
  if ((m = /^escalation:([^:]+):([^:]+)$/.exec(purpose))) return { kind: 'escalation', groupId: m[1], escalationId: m[2] };
  if ((m = /^escalation-notice:([^:]+):([^:]+):([^:]+)$/.exec(purpose)))
    return { kind: 'escalationNotice', groupId: m[1], escalationId: m[2], event: m[3] };
  if ((m = /^escalation-target:([^:]+)$/.exec(purpose))) return { kind: 'escalationTarget', groupId: m[1] };
  if ((m = /^action-card:([^:]+):([^:]+)$/.exec(purpose))) return { kind: 'actionCard', groupId: m[1], actionId: m[2] };
  if ((m = /^agenda:([^:]+):(\d+):(overview|\d+)$/.exec(purpose)))
    return { kind: 'agendaCard', groupId: m[1], meeting: Number(m[2]), item: m[3] === 'overview' ? null : Number(m[3]) };
  if ((m = /^vote-result:([^:]+):([^:]+)$/.exec(purpose))) return { kind: 'voteResult', groupId: m[1], roundId: m[2] };
  if ((m = /^minutes-file:(\d+):(.+)$/s.exec(purpose))) return { kind: 'minutesFile', meeting: Number(m[1]), format: m[2] };
  return { kind: 'other', purpose };
}

/** An item's reference: its own, or (stores from before references) the one its purpose names. */
export const refOf = (item: { ref?: OutboxRef | null; purpose: string }): OutboxRef => item.ref ?? refOfPurpose(item.purpose);

/** The item is one of this reminder's messages. */
export function isReminderItem(item: { ref?: OutboxRef | null; purpose: string }, reminderId: string): boolean {
  if (item.ref) return item.ref.kind === 'reminder' && item.ref.reminderId === reminderId;
  return item.purpose === `reminder:${reminderId}` || item.purpose.startsWith(`reminder:${reminderId}:`);
}
