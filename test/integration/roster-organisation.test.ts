import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMinutes } from '../../src/export/minutes-model.js';
import { groupChat, message, users, type TestUser } from '../helpers/activities.js';
import { cardOf, cardText, setMembers, startHarness, type Harness } from '../helpers/bot-harness.js';

/** Every person carries their organisation (PLO, KiAP, MedCom …): set by command or from the participants list, shown everywhere. */
describe('organisations on the roster', () => {
  let h: Harness;
  const db = () => h.services.store.read();
  const member = (name: string) => db().groups[0].roster.find((m) => m.name === name);
  const say = (from: TestUser, text: string, mentions: TestUser[] = []) => h.turn(message(h.fc.url, groupChat, from, text, mentions));
  const reply = (r: { sent: any[] }) => r.sent.find((c) => typeof c.body.text === 'string')?.body.text as string;

  beforeAll(async () => {
    h = await startHarness({ clock: { now: () => new Date('2025-05-01T08:00:00.000Z') } });
    setMembers(h.fc, groupChat, [users.anna, users.bent, users.carsten, users.dorthe, users.gustav, users.frida, users.erik]);
  });
  afterAll(async () => h.close());

  it('"medlem @Frida KiAP" adds Frida with her organisation; "referent @Gustav Sekretariatet" sets his', async () => {
    const r = await say(users.anna, 'medlem KiAP', [users.frida]);
    expect(reply(r)).toBe('Frida Mose (Extern) (KiAP) er nu medlem.');
    expect(member('Frida Mose (Extern)')?.organisation).toBe('KiAP');
    await say(users.anna, 'referent Sekretariatet', [users.gustav]);
    expect(member('Gustav Eng')).toMatchObject({ role: 'referent', organisation: 'Sekretariatet' });
  });

  it('a role change without an organisation keeps the recorded one (a mention no longer wipes it)', async () => {
    await say(users.anna, 'observatør', [users.frida]);
    expect(member('Frida Mose (Extern)')).toMatchObject({ role: 'observer', organisation: 'KiAP' });
  });

  it('an imported participants list fills organisations that are not recorded yet, never overwrites one', async () => {
    await say(users.anna, 'nyt møde 16-06-2025 12:30-14:00');
    await h.services.store.update((d) => {
      d.meetings[0].participants = [
        { name: 'Bent Lund', organisation: 'PLO', role: null },
        { name: 'Gustav Eng', organisation: 'Andet', role: 'referent' },
      ];
    });
    const { fillOrganisations } = await import('../../src/app/groups.js');
    await h.services.store.update((d) => void fillOrganisations(d.groups[0], d.meetings[0].participants));
    expect(member('Bent Lund')?.organisation).toBe('PLO');
    expect(member('Gustav Eng')?.organisation).toBe('Sekretariatet');
    // Someone named in the list and added later brings the organisation along.
    await h.services.store.update((d) => void d.meetings[0].participants.push({ name: 'Erik Sand', organisation: 'MedCom', role: null }));
    await say(users.anna, 'medlem', [users.erik]);
    expect(member('Erik Sand')?.organisation).toBe('MedCom');
  });

  it('shown on the roster card, the attendance card and in the minutes', async () => {
    const roster = cardText(cardOf((await say(users.bent, 'roller')).sent[0]));
    expect(roster).toContain('PLO');
    expect(roster).toContain('KiAP');
    await say(users.anna, 'fremmøde 1 til stede', [users.bent]);
    const att = cardText(cardOf((await say(users.bent, 'fremmøde')).sent[0]));
    expect(att).toContain('Bent Lund (PLO)');
    expect(att).toContain('Erik Sand (MedCom)');
    const minutes = JSON.stringify(buildMinutes(db(), 'g1', 1, { now: new Date('2025-06-16T12:00:00.000Z') }));
    expect(minutes).toContain('Bent Lund, PLO');
  });
});
