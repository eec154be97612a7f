import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { groupChat, message, users } from '../helpers/activities.js';

/** STYREBOT_CHAIRS: Entra object ids that are chair from the start, instead of the installer. */
describe('STYREBOT_CHAIRS', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });
  const roles = () => h!.services.store.read().groups[0].roster.map((m) => [m.name, m.role]);

  it('installing in a group chat makes the configured person chair, not the installer', async () => {
    // Anna installs (first member); Bent is the configured chair.
    h = await startHarness({ env: { STYREBOT_CHAIRS: 'aad-bent' }, group: [users.anna, users.bent, users.carsten] });
    expect(roles()).toEqual([
      ['Anna Holm', 'member'],
      ['Bent Lund', 'chair'],
      ['Carsten Vang', 'member'],
    ]);
    // And it is real: Bent may manage roles, Anna may not.
    const refused = await h.turn(message(h.fc.url, groupChat, users.anna, 'referent', [users.carsten]));
    expect(refused.sent[0].body.text).toContain('Kun formanden kan gøre det.');
    const done = await h.turn(message(h.fc.url, groupChat, users.bent, 'referent', [users.carsten]));
    expect(done.sent[0].body.text).toBe('Carsten Vang er nu referent.');
  });

  it('several configured chairs present in the chat all become chair', async () => {
    h = await startHarness({
      env: { STYREBOT_CHAIRS: 'aad-bent, aad-dorthe' },
      group: [users.anna, users.bent, users.carsten, users.dorthe],
    });
    expect(roles()).toEqual([
      ['Anna Holm', 'member'],
      ['Bent Lund', 'chair'],
      ['Carsten Vang', 'member'],
      ['Dorthe Kjær', 'chair'],
    ]);
  });

  it('when no configured chair is in the chat, the installer is chair (a group always has one)', async () => {
    h = await startHarness({ env: { STYREBOT_CHAIRS: 'aad-someone-else' }, group: [users.anna, users.bent] });
    expect(roles()).toEqual([
      ['Anna Holm', 'chair'],
      ['Bent Lund', 'member'],
    ]);
  });
});
