import { describe, expect, it } from 'vitest';
import { dismissItem, enqueue } from '../../../src/delivery/outbox.js';
import type { ConversationRef } from '../../../src/domain/model.js';
import { tinyStore } from '../../helpers/tiny-store-delivery.js';
import { conversation } from '../../helpers/builders.js';

const clock = { now: () => new Date('2026-03-02T08:00:00.000Z') };
const conv: ConversationRef = conversation('19:g', { serviceUrl: 'http://x', botId: 'b' });

// Found by the reliability suite (test/reliability/duplicates.test.ts): a re-sent "Dismiss" click
// nested the reason ("dismissed by A (was: dismissed by A (was: …)))") and audited each repeat.
describe('dismissing an outbox item twice', () => {
  it('changes nothing the second time: same reason, one audit entry', async () => {
    const store = tinyStore(clock);
    const id = await store.update((db, tx) => {
      const it = enqueue(db, tx, { groupId: 'g1', conversation: conv, activity: { text: 'x' }, purpose: 'reply' });
      it.status = 'uncertain';
      it.lastError = 'POST → 504';
      return it.id;
    });
    await store.update((db, tx) => dismissItem(db, tx, id, 'aad-anna'));
    const once = structuredClone(store.read().outbox[0]);
    await store.update((db, tx) => dismissItem(db, tx, id, 'aad-anna'));
    await store.update((db, tx) => dismissItem(db, tx, id, 'aad-bent'));
    expect(store.read().outbox[0]).toEqual(once);
    expect(once).toMatchObject({ status: 'failed', lastError: 'dismissed by aad-anna (was: POST → 504)' });
    expect(store.read().audit.filter((a) => a.action === 'outbox.dismiss')).toHaveLength(1);
  });

  it('a failed item that was never dismissed can still be dismissed once', async () => {
    const store = tinyStore(clock);
    const id = await store.update((db, tx) => {
      const it = enqueue(db, tx, { groupId: 'g1', conversation: conv, activity: { text: 'x' }, purpose: 'reply' });
      it.status = 'failed';
      it.lastError = 'POST → 403';
      return it.id;
    });
    await store.update((db, tx) => dismissItem(db, tx, id, 'aad-anna'));
    expect(store.read().outbox[0].lastError).toBe('dismissed by aad-anna (was: POST → 403)');
  });
});
