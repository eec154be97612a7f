import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { cardAction, groupChat, message, personalChat, users, type TestUser } from '../helpers/activities.js';
import { cardOf, cardText, invokeCard, invokeMessage, startHarness, type Harness } from '../helpers/bot-harness.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

/** Action points change after they are made: due date, owner, text, progress notes — by command and by card. */
describe('changing an action point after it was made', () => {
  let h: Harness;
  const db = () => h.services.store.read();
  const a1 = () => db().actions.find((a) => a.id === 'A1')!;
  const say = (from: TestUser, text: string, mentions: TestUser[] = []) => h.turn(message(h.fc.url, groupChat, from, text, mentions));
  const reply = (r: { sent: any[] }) => r.sent.find((c) => typeof c.body.text === 'string')?.body.text as string;
  const security = () => {
    try {
      return readFileSync(`${h.storePath}.security.log`, 'utf8');
    } catch {
      return '';
    }
  };

  beforeAll(async () => {
    h = await startHarness({ clock: { now: () => new Date('2025-06-02T08:00:00.000Z') } });
    await say(users.anna, 'referent', [users.gustav]);
    await say(users.anna, 'medlem', [users.carsten]);
    await say(users.anna, 'handling Indhent tilbud på certificering frist 16. juni 2025', [users.bent]);
  });
  afterAll(async () => h.close());

  it('"handling A1 frist 1. juli" moves the due date; the posted card is updated for everyone', async () => {
    const posted = a1().card!.activityId;
    const r = await say(users.anna, 'handling A1 frist 1. juli');
    expect(reply(r)).toBe('A1 er rettet: frist 1. juli 2025.');
    expect(a1().due).toBe('2025-07-01');
    await h.fc.waitFor(() =>
      h.fc.calls.some(
        (c) => c.method === 'PUT' && c.path.endsWith(encodeURIComponent(posted)) && cardText(cardOf(c)).includes('1. juli 2025'),
      ),
    );
    const audit = db().audit.find((x) => x.action === 'action.edit')!;
    expect(audit).toMatchObject({ actor: 'aad-anna', target: 'A1', before: { due: '2025-06-16' }, after: { due: '2025-07-01' } });
  });

  it('the owner writes a progress note; the card shows it, actions --json has it under "notes" with the same shape otherwise', async () => {
    const r = await say(users.bent, 'handling A1 note Leverandøren har svaret, afventer aftaleudkast');
    expect(reply(r)).toBe('A1 er rettet: status skrevet.');
    expect(a1().notes).toEqual([
      { text: 'Leverandøren har svaret, afventer aftaleudkast', by: 'aad-bent', byName: 'Bent Lund', at: '2025-06-02T08:00:00.000Z' },
    ]);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'actions', '--json', '--store', h.storePath], {
      cwd: ROOT,
      env: { ...process.env, STYREBOT_LOG_LEVEL: 'silent' },
    });
    const json = JSON.parse(stdout);
    expect(Object.keys(json[0])).toEqual(['group', 'id', 'text', 'owner', 'due', 'status', 'source', 'notes']);
    expect(json[0].notes).toEqual([
      { text: 'Leverandøren har svaret, afventer aftaleudkast', by: 'Bent Lund', at: '2025-06-02T08:00:00.000Z' },
    ]);
  });

  it('"handling A1 ejer @Carsten" hands it over; the old owner can no longer change it, the new one can', async () => {
    const r = await say(users.gustav, 'handling A1 ejer', [users.carsten]);
    expect(reply(r)).toBe('A1 er rettet: ansvarlig Carsten Vang.');
    expect(a1().owner).toMatchObject({ name: 'Carsten Vang', aadObjectId: 'aad-carsten' });
    const refused = await say(users.bent, 'handling A1 tekst Noget andet');
    expect(reply(refused)).toContain('Kun den ansvarlige (Carsten Vang), formanden eller referenten kan rette A1.');
    expect(security()).toMatch(/"actor":"aad-bent".*"code":"action_edit_not_owner"/);
    expect(a1().text).toBe('Indhent tilbud på certificering');
    const ok = await say(users.carsten, 'handling A1 tekst Indhent to tilbud på certificering');
    expect(reply(ok)).toBe('A1 er rettet: ny tekst.');
    expect(a1().text).toBe('Indhent to tilbud på certificering');
  });

  it('English commands; "due none" clears the due date; an unreadable date changes nothing', async () => {
    const bad = await say(users.anna, 'action A1 due someday soon');
    expect(reply(bad)).toContain('someday soon');
    expect(a1().due).toBe('2025-07-01');
    const r = await say(users.anna, 'action A1 due none');
    expect(reply(r)).toBe('A1 is changed: no due date.');
    expect(a1().due).toBeNull();
    const same = await say(users.anna, 'action A1 due none');
    expect(reply(same)).toBe('A1 was already like that. Nothing changed.');
  });

  it('the card\'s "Ret" form changes several fields at once and answers with the new card', async () => {
    const card = cardOf(h.fc.posts(groupChat.id).find((c) => cardText(cardOf(c)).includes('Opfølgningspunkt A1')));
    const form = card.actions.find((a: any) => a.type === 'Action.ShowCard').card;
    expect(form.body.map((b: any) => b.id)).toEqual(['editText', 'editDue', 'editOwner', 'editNote']);
    expect(form.actions[0]).toMatchObject({ verb: VERBS.actionEdit, data: { groupId: 'g1', actionId: 'A1' } });
    const r = await h.post(
      cardAction(
        h.fc.url,
        groupChat,
        users.gustav,
        VERBS.actionEdit,
        {
          groupId: 'g1',
          actionId: 'A1',
          editText: 'Indhent to tilbud på certificering',
          editDue: '2025-08-15',
          editOwner: 'aad-bent',
          editNote: 'Overdraget til Bent igen',
        },
        a1().card!.activityId,
      ),
    );
    const text = cardText(invokeCard(r.body));
    expect(text).toContain('fredag den 15. august 2025');
    expect(text).toContain('Ansvarlig: <at>Bent Lund</at>');
    expect(text).toContain('Gustav Eng: Overdraget til Bent igen');
    expect(a1()).toMatchObject({ due: '2025-08-15', owner: { name: 'Bent Lund' } });
    expect(a1().notes).toHaveLength(2);
  });

  it('a card click from someone not on the roster, or a forged owner, is refused; nothing changes', async () => {
    const before = JSON.stringify(a1());
    const stranger = await h.post(
      cardAction(h.fc.url, personalChat(users.erik), users.erik, VERBS.actionEdit, { groupId: 'g1', actionId: 'A1', editNote: 'hej' }),
    );
    expect(invokeMessage(stranger.body)).toBeTruthy();
    const forged = await h.post(
      cardAction(h.fc.url, groupChat, users.anna, VERBS.actionEdit, { groupId: 'g1', actionId: 'A1', editOwner: 'aad-nobody' }),
    );
    expect(invokeMessage(forged.body)).toContain('står ikke på gruppens medlemsliste');
    expect(JSON.stringify(a1())).toBe(before);
  });
});
