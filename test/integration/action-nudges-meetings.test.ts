import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { groupChat, message, users } from '../helpers/activities.js';

const ddmmyyyy = (d: Date) =>
  `${String(d.getUTCDate()).padStart(2, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${d.getUTCFullYear()}`;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000);

describe('action-point nudges follow the meetings', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('an action created before any meeting gets its nudge once a meeting after its due date is created', async () => {
    await h.turn(
      message(h.fc.url, groupChat, users.anna, `handling Send udviklingsplanen rundt frist ${ddmmyyyy(inDays(20))}`, [users.bent]),
    );
    const action = h.services.store.read().actions[0];
    expect(action).toBeDefined();
    expect(h.services.store.read().reminders.filter((r) => r.kind === 'nudge-action')).toHaveLength(0);
    await h.turn(message(h.fc.url, groupChat, users.anna, `nyt møde ${ddmmyyyy(inDays(30))} 12:30-14:00 Via Teams`));
    const nudges = h.services.store.read().reminders.filter((r) => r.kind === 'nudge-action' && r.status === 'planned');
    expect(nudges).toHaveLength(1);
    expect(nudges[0]).toMatchObject({ ref: action.id, to: 'aad-bent' });
  });
});
