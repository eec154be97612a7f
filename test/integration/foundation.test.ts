import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { cardOf, cardText, startHarness, type Harness, setMembers, invokeMessage } from '../helpers/bot-harness.js';
import {
  boardChannel,
  botAdded,
  cardAction,
  groupChat,
  installationUpdate,
  meetingChat,
  message,
  personalChat,
  users,
} from '../helpers/activities.js';

describe('foundation over HTTP with a fake Bot Connector', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('installing into a group chat creates the group with the chat members and the installer as chair, and posts a welcome card', async () => {
    const db = h.services.store.read();
    expect(db.groups).toHaveLength(1);
    const g = db.groups[0];
    expect(g.conversation.conversationId).toBe(groupChat.id);
    expect(g.roster.map((m) => [m.name, m.role])).toEqual([
      ['Anna Holm', 'chair'],
      ['Bent Lund', 'member'],
      ['Carsten Vang', 'member'],
      ['Dorthe Kjær', 'member'],
      ['Gustav Eng', 'member'],
    ]);
    const welcome = h.fc.posts(groupChat.id).map(cardOf).find(Boolean);
    expect(cardText(welcome)).toContain('Hej, jeg er styrebot');
  });

  it('a second install event for the same chat (Teams sends two) creates no second group and no second welcome card', async () => {
    const r = await h.turn(installationUpdate(h.fc.url, groupChat, users.anna));
    expect(h.services.store.read().groups).toHaveLength(1);
    expect(r.sent).toHaveLength(0);
  });

  it('help posts the help card listing every command, in Danish by default', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.bent, 'hjælp'));
    const text = cardText(cardOf(r.sent[0]));
    expect(text).toContain('styrebot — kommandoer');
    expect(text).toContain('roller');
    expect(text).toContain('sprog da|en');
  });

  it('an English command gets an English answer', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.bent, 'help'));
    expect(cardText(cardOf(r.sent[0]))).toContain('styrebot — commands');
  });

  it('an unknown command gets the short help, not silence', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.bent, 'lav kaffe'));
    expect(cardText(cardOf(r.sent[0]))).toContain('Den kommando kender jeg ikke');
  });

  it('a typo of a command gets "did you mean", in the language of the command it resembles', async () => {
    const da = await h.turn(message(h.fc.url, groupChat, users.bent, 'dagsordne'));
    expect(da.sent).toHaveLength(1);
    expect(da.sent[0].body.text).toBe('Den kommando kender jeg ikke. Mente du `dagsorden`? Skriv "hjælp" for at se alle kommandoer.');
    const en = await h.turn(message(h.fc.url, groupChat, users.bent, 'agneda'));
    expect(en.sent[0].body.text).toContain('Did you mean `agenda`?');
  });

  it('roller shows the roster with the chair', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.bent, 'roller'));
    const text = cardText(cardOf(r.sent[0]));
    expect(text).toMatch(/Formand \(1\)/);
    expect(text).toContain('Anna Holm');
  });

  it('the chair makes Gustav referent by @mention, resolved to his Entra id through Teams', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.anna, 'referent', [users.gustav]));
    expect(r.sent[0].body.text).toBe('Gustav Eng er nu referent.');
    const g = h.services.store.read().groups[0];
    expect(g.roster.find((m) => m.aadObjectId === 'aad-gustav')?.role).toBe('referent');
    expect(h.services.store.read().audit.some((a) => a.action === 'roster.role' && a.target === 'aad-gustav')).toBe(true);
  });

  it('a member cannot change roles: clear refusal, nothing changes, the attempt is in the security log', async () => {
    const before = JSON.stringify(h.services.store.read().groups[0].roster);
    const r = await h.turn(message(h.fc.url, groupChat, users.bent, 'observatør', [users.carsten]));
    expect(r.sent[0].body.text).toContain('Kun formanden kan gøre det.');
    expect(JSON.stringify(h.services.store.read().groups[0].roster)).toBe(before);
    const log = readFileSync(`${h.storePath}.security.log`, 'utf8');
    expect(log).toContain('not_chair');
  });

  it('the only chair cannot remove themself', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.anna, 'fjern', [users.anna]));
    expect(r.sent[0].body.text).toContain('Gruppen skal have en formand');
  });

  it('the chair hands over: the new chair is chair, the old one a member', async () => {
    await h.turn(message(h.fc.url, groupChat, users.anna, 'formand', [users.dorthe]));
    let g = h.services.store.read().groups[0];
    expect(g.roster.find((m) => m.aadObjectId === 'aad-dorthe')?.role).toBe('chair');
    expect(g.roster.find((m) => m.aadObjectId === 'aad-anna')?.role).toBe('member');
    await h.turn(message(h.fc.url, groupChat, users.dorthe, 'formand', [users.anna]));
    g = h.services.store.read().groups[0];
    expect(g.roster.find((m) => m.aadObjectId === 'aad-anna')?.role).toBe('chair');
  });

  it('sprog en switches the group language; later Danish commands are answered in English', async () => {
    await h.turn(message(h.fc.url, groupChat, users.anna, 'sprog en'));
    const r = await h.turn(message(h.fc.url, groupChat, users.bent, 'roller'));
    expect(cardText(cardOf(r.sent[0]))).toContain('Roles in');
    await h.turn(message(h.fc.url, groupChat, users.anna, 'language da'));
    expect(h.services.store.read().groups[0].locale).toBe('da');
  });

  it('a role command without a mention says how to mention', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.anna, 'medlem'));
    expect(r.sent[0].body.text).toContain('Nævn personen med @');
  });

  it('installing into a meeting chat creates no group and explains linking', async () => {
    const r = await h.turn(botAdded(h.fc.url, meetingChat, users.anna));
    expect(h.services.store.read().groups).toHaveLength(1);
    expect(cardText(cardOf(r.sent[0]))).toContain('tilknyt');
  });

  it('installing into a channel creates a group with the installer as chair', async () => {
    await h.post(botAdded(h.fc.url, boardChannel, users.erik));
    const g = h.services.store.read().groups.find((x) => x.conversation.conversationId === boardChannel.id)!;
    expect(g.roster).toEqual([expect.objectContaining({ name: 'Erik Sand', role: 'chair' })]);
    expect(g.conversation.conversationType).toBe('channel');
  });

  it('an unknown card verb is refused with a message, not an error', async () => {
    const r = await h.post(cardAction(h.fc.url, groupChat, users.anna, 'no.such.verb'));
    expect(r.status).toBe(200);
    expect(invokeMessage(r.body)).toContain('Den knap kender styrebot ikke');
  });

  it('malformed bodies get 400 and change nothing', async () => {
    const before = JSON.stringify(h.services.store.read());
    expect((await h.post([1, 2, 3])).status).toBe(400);
    const res = await fetch(`${h.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(h.services.store.read())).toBe(before);
  });

  it('personal chat: a member writing the bot gets answers about their only group', async () => {
    const r = await h.turn(message(h.fc.url, personalChat(users.bent), users.bent, 'roller'));
    expect(cardText(cardOf(r.sent[0]))).toContain('Anna Holm');
    expect(h.services.store.read().groups[0].roster.find((m) => m.aadObjectId === 'aad-bent')?.personalChat?.conversationId).toBe(
      personalChat(users.bent).id,
    );
  });

  it('healthz reports ok, version, store and uptime', async () => {
    const res = await fetch(`${h.bot.url}/healthz`);
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      version: expect.any(String),
      store: { path: h.storePath, ok: true },
      uptimeS: expect.any(Number),
    });
  });
});

describe('ALLOWED_TENANTS', () => {
  it('refuses a conversation from another tenant before any handler, and accepts an external member in the host tenant', async () => {
    const h = await startHarness({ env: { ALLOWED_TENANTS: 'tenant-secretariat' } });
    try {
      setMembers(h.fc, groupChat, [users.anna, users.frida]);
      const foreign = { ...groupChat, id: '19:foreign@thread.v2', tenantId: 'tenant-other' };
      const before = h.services.store.read().groups.length;
      await h.post(botAdded(h.fc.url, foreign, users.anna));
      expect(h.services.store.read().groups.length).toBe(before);
      const r = await h.turn(message(h.fc.url, groupChat, users.frida, 'roller'));
      expect(cardText(cardOf(r.sent[0]))).toContain('Anna Holm');
    } finally {
      await h.close();
    }
  });
});

describe('STYREBOT_CHAIRS in a channel', () => {
  it('a configured chair found in the team becomes chair of a channel group; the installer is a member', async () => {
    const h = await startHarness({ env: { STYREBOT_CHAIRS: 'aad-bent' }, group: false });
    try {
      h.fc.members.set(boardChannel.teamId!, [{ id: users.bent.id, name: users.bent.name, aadObjectId: users.bent.aadObjectId }]);
      await h.post(botAdded(h.fc.url, boardChannel, users.erik));
      const g = h.services.store.read().groups[0];
      expect(g.roster.map((m) => [m.name, m.role])).toEqual([
        ['Erik Sand', 'member'],
        ['Bent Lund', 'chair'],
      ]);
    } finally {
      await h.close();
    }
  });
});
