import { describe, expect, it } from 'vitest';
import { purposeOf, refOf, refOfPurpose, type OutboxRef } from '../../../src/domain/outbox-ref.js';
import type { OutboxItem } from '../../../src/domain/model.js';
import { refOfItem } from '../../../src/teams/outbox-handlers.js';
import { VERBS } from '../../../src/cards/verbs.js';

const refs: OutboxRef[] = [
  { kind: 'reply' },
  { kind: 'reminder', reminderId: 'rem-4', target: '' },
  { kind: 'reminder', reminderId: 'rem-4', target: 'chat:19:meeting_x@thread.v2' },
  { kind: 'meetingEvent', event: 'start', groupId: 'g1', meeting: 3, eventId: 'f:1:2' },
  { kind: 'escalation', groupId: 'g1', escalationId: 'E2' },
  { kind: 'escalationNotice', groupId: 'g1', escalationId: 'E2', event: 'ack' },
  { kind: 'escalationTarget', groupId: 'g1' },
  { kind: 'actionCard', groupId: 'g1', actionId: 'A3' },
  { kind: 'agendaCard', groupId: 'g1', meeting: 2, item: null },
  { kind: 'agendaCard', groupId: 'g1', meeting: 2, item: 5 },
  { kind: 'voteResult', groupId: 'g1', roundId: 'V1' },
  { kind: 'minutesFile', meeting: 4, format: 'docx' },
  { kind: 'other', purpose: 'something-new:1' },
];

describe('outbox references', () => {
  it('give the purpose strings items carried before, and an old item’s purpose reads back as the same reference', () => {
    expect(refs.map(purposeOf)).toEqual([
      'reply',
      'reminder:rem-4',
      'reminder:rem-4:chat:19:meeting_x@thread.v2',
      'meeting-start:g1:3:f:1:2',
      'escalation:g1:E2',
      'escalation-notice:g1:E2:ack',
      'escalation-target:g1',
      'action-card:g1:A3',
      'agenda:g1:2:overview',
      'agenda:g1:2:5',
      'vote-result:g1:V1',
      'minutes-file:4:docx',
      'something-new:1',
    ]);
    for (const ref of refs) expect(refOfPurpose(purposeOf(ref))).toEqual(ref);
  });

  it('an item’s own reference wins over its purpose', () => {
    const ballot: OutboxRef = { kind: 'ballot', groupId: 'g1', roundId: 'V2' };
    expect(purposeOf(ballot)).toBe('reply');
    expect(refOf({ ref: ballot, purpose: 'reply' })).toEqual(ballot);
    expect(refOf({ purpose: 'reply' })).toEqual({ kind: 'reply' });
  });

  it('a ballot stored as a plain reply before references existed is still recognised by its refresh action', () => {
    const item = (activity: Record<string, unknown>) => ({ purpose: 'reply', activity }) as unknown as OutboxItem;
    const card = (verb: string) => ({
      attachments: [{ content: { refresh: { action: { verb, data: { groupId: 'g1', roundId: 'V3' } } } } }],
    });
    expect(refOfItem(item(card(VERBS.voteRefresh)))).toEqual({ kind: 'ballot', groupId: 'g1', roundId: 'V3' });
    expect(refOfItem(item(card('something.else')))).toEqual({ kind: 'reply' });
    expect(refOfItem(item({ text: 'hej' }))).toEqual({ kind: 'reply' });
  });
});
