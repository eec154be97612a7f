import { describe, expect, it } from 'vitest';
import { dismissItem, enqueue, markInterruptedUncertain, outboxCounts, requeueUncertain } from '../../../src/delivery/outbox.js';
import type { ConversationRef } from '../../../src/domain/model.js';
import { isAppError } from '../../../src/errors.js';
import { tinyStore } from '../../helpers/tiny-store-delivery.js';
import { conversation } from '../../helpers/builders.js';

const clock = { now: () => new Date('2026-03-02T08:00:00.000Z') };
const conv: ConversationRef = conversation('19:g', { serviceUrl: 'http://x', botId: 'b' });

describe('outbox (Db functions)', () => {
  it('enqueue adds a queued item with a store id, due now, holding copies of its input; purpose is its reference in words', async () => {
    const store = tinyStore(clock);
    const activity = { text: 'Påmindelse' };
    const ref = { kind: 'reminder', reminderId: 'rem-7', target: '' } as const;
    const item = await store.update((db, tx) => tx.enqueue({ groupId: 'g1', conversation: conv, activity, ref }));
    activity.text = 'changed';
    expect(item).toEqual({
      id: 'o-1',
      groupId: 'g1',
      conversation: conv,
      activity: { text: 'Påmindelse' },
      purpose: 'reminder:rem-7',
      ref,
      status: 'queued',
      attempts: 0,
      createdAt: '2026-03-02T08:00:00.000Z',
      nextAttemptAt: '2026-03-02T08:00:00.000Z',
      sentAt: null,
      activityId: null,
      lastError: null,
    });
    expect(store.read().outbox).toHaveLength(1);
  });

  it('enqueue refuses an incomplete conversation reference and leaves the outbox unchanged', async () => {
    const store = tinyStore(clock);
    const bad = { ...conv, serviceUrl: '' };
    await expect(
      store.update((db, tx) => enqueue(db, tx, { groupId: null, conversation: bad, activity: {}, purpose: 'x' })),
    ).rejects.toSatisfy((e) => isAppError(e, 'bad_input'));
    expect(store.read().outbox).toHaveLength(0);
  });

  it('items left sending by a dead process become uncertain, with an audit entry', async () => {
    const store = tinyStore(clock);
    await store.update((db, tx) => {
      enqueue(db, tx, { groupId: 'g1', conversation: conv, activity: {}, purpose: 'a' }).status = 'sending';
      enqueue(db, tx, { groupId: 'g1', conversation: conv, activity: {}, purpose: 'b' });
    });
    const hit = await store.update((db, tx) => markInterruptedUncertain(db, tx));
    expect(hit.map((o) => o.purpose)).toEqual(['a']);
    expect(store.read().outbox.map((o) => o.status)).toEqual(['uncertain', 'queued']);
    expect(store.read().audit).toMatchObject([{ actor: 'system', action: 'outbox.interrupted', target: 'o-1' }]);
  });

  it('requeueUncertain re-queues only uncertain items and records who decided', async () => {
    const store = tinyStore(clock);
    await store.update((db, tx) => {
      const o = enqueue(db, tx, { groupId: 'g1', conversation: conv, activity: {}, purpose: 'a' });
      o.status = 'uncertain';
      o.attempts = 1;
      enqueue(db, tx, { groupId: 'g1', conversation: conv, activity: {}, purpose: 'b' }).status = 'sent';
    });
    const item = await store.update((db, tx) => requeueUncertain(db, tx, 'o-1', 'aad-chair'));
    expect(item).toMatchObject({ status: 'queued', attempts: 0 });
    expect(store.read().audit).toMatchObject([
      { actor: 'aad-chair', action: 'outbox.retry_uncertain', target: 'o-1', after: { status: 'queued' } },
    ]);
    await expect(store.update((db, tx) => requeueUncertain(db, tx, 'o-2', 'aad-chair'))).rejects.toSatisfy((e) =>
      isAppError(e, 'outbox_wrong_status'),
    );
    await expect(store.update((db, tx) => requeueUncertain(db, tx, 'o-9', 'aad-chair'))).rejects.toSatisfy((e) =>
      isAppError(e, 'outbox_not_found'),
    );
  });

  it('dismiss ends an uncertain item as failed with the reason, audited; counts follow', async () => {
    const store = tinyStore(clock);
    await store.update((db, tx) => {
      const o = enqueue(db, tx, { groupId: 'g1', conversation: conv, activity: {}, purpose: 'a' });
      o.status = 'uncertain';
      o.lastError = 'timeout';
      enqueue(db, tx, { groupId: 'g1', conversation: conv, activity: {}, purpose: 'b' });
    });
    expect(outboxCounts(store.read())).toEqual({ queued: 1, sending: 0, sent: 0, failed: 0, uncertain: 1 });
    const item = await store.update((db, tx) => dismissItem(db, tx, 'o-1', 'aad-chair'));
    expect(item).toMatchObject({ status: 'failed', lastError: 'dismissed by aad-chair (was: timeout)' });
    expect(store.read().audit.at(-1)).toMatchObject({ actor: 'aad-chair', action: 'outbox.dismiss', target: 'o-1' });
    expect(outboxCounts(store.read())).toEqual({ queued: 1, sending: 0, sent: 0, failed: 1, uncertain: 0 });
  });
});
