/**
 * The weekly digest between meetings over HTTP: planned per group as a `digest` reminder, sent
 * once through the outbox when something changed, skipped (and audited) in a quiet week, and
 * turned off or moved by the chair.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reminderRows } from '../../src/cli/reminders.js';
import type { Reminder } from '../../src/domain/model.js';
import { cardText } from '../helpers/bot-harness.js';
import { groupChat, message, users } from '../helpers/activities.js';
import { cardOfCall, deliveredPosts, itemsOf, startRig, type Rig } from '../helpers/reminders-rig.js';

let r: Rig;
const digests = (): Reminder[] => r.db().reminders.filter((x) => x.kind === 'digest');
const planned = () => digests().filter((x) => x.status === 'planned');
const digestPosts = () => r.h.fc.calls.filter((c) => c.method === 'POST' && JSON.stringify(c.body ?? '').includes('Ugebrev'));

beforeAll(async () => {
  // Wednesday 4 March 2026; the group was installed just now.
  r = await startRig('2026-03-04T09:00:00.000Z');
}, 30_000);
afterAll(async () => r.close());

describe('the weekly digest', () => {
  it('is planned for the next Monday 09:00 local and listed by reminders --json as kind "digest"', async () => {
    await r.tick('2026-03-04T09:01:00.000Z');
    expect(planned().map((x) => x.dueAt)).toEqual(['2026-03-09T08:00:00.000Z']);
    const rows = reminderRows(r.db()).filter((x) => x.kind === 'digest');
    expect(rows).toEqual([
      expect.objectContaining({ kind: 'digest', meeting: null, dueAt: '2026-03-09T08:00:00.000Z', status: 'planned' }),
    ]);
  });

  it('a quiet week sends nothing: the slot is skipped with a reason in the audit, and next week is planned', async () => {
    const before = r.h.fc.calls.length;
    await r.tick('2026-03-09T08:01:00.000Z');
    await r.drain();
    const first = digests().find((x) => x.dueAt === '2026-03-09T08:00:00.000Z')!;
    expect(first.status).toBe('cancelled');
    expect(
      r
        .db()
        .audit.some((a) => a.action === 'reminder.skipped' && a.target === first.id && JSON.stringify(a.after).includes('nothing changed')),
    ).toBe(true);
    expect(r.h.fc.calls.slice(before).filter((c) => c.method === 'POST')).toEqual([]);
    expect(planned().map((x) => x.dueAt)).toEqual(['2026-03-16T08:00:00.000Z']);
  });

  it('after a change it sends one digest card to the group with the new risk, due and overdue action points and the next meeting', async () => {
    await r.createMeeting('2026-04-20', '10:00', '12:00');
    await r.bot.services.store.update((db) => {
      const g = db.groups[0]!;
      db.risks.push({
        groupId: g.id,
        id: 'R9',
        category: 'Teknik',
        title: 'Forsinket certificering hos en lægesystemleverandør',
        description: null,
        owner: null,
        rating: 'red',
        correctiveActions: [],
        status: 'open',
        history: [],
        createdAt: '2026-03-11T10:00:00.000Z',
        createdBy: 'aad-anna',
      });
      const action = (id: string, text: string, due: string) => ({
        groupId: g.id,
        id,
        text,
        owner: { name: 'Bent Lund', aadObjectId: 'aad-bent' },
        due,
        status: 'open' as const,
        source: { kind: 'chat' as const, meeting: null, item: null, risk: null },
        createdBy: 'aad-anna',
        createdAt: '2026-03-02T10:00:00.000Z',
      });
      db.actions.push(action('A7', 'Send testplan til leverandørerne', '2026-03-25'), action('A8', 'Afklare driftsaftale', '2026-03-12'));
    });
    await r.tick('2026-03-16T08:00:30.000Z');
    await r.drain();
    const sent = digests().find((x) => x.dueAt === '2026-03-16T08:00:00.000Z')!;
    expect(sent.status).toBe('sent');
    const [item] = itemsOf(r.db(), sent);
    expect(item!.conversation.conversationId).toBe(groupChat.id);
    const posts = deliveredPosts(r.h.fc.calls, item!);
    expect(posts).toHaveLength(1);
    const text = cardText(cardOfCall(posts[0]));
    for (const s of [
      'Ugebrev – ',
      'Nye risici',
      'R9 Forsinket certificering hos en lægesystemleverandør (Teknik) – rød',
      'Handlingspunkter med frist de næste 14 dage',
      'A7 Send testplan til leverandørerne – Bent Lund, frist 25. marts 2026',
      'Overskredne handlingspunkter',
      'A8 Afklare driftsaftale – Bent Lund, frist 12. marts 2026',
      'Næste møde',
      'Ugebrevet kommer mandag kl. 9.00',
    ])
      expect(text).toContain(s);
    expect(r.db().groups[0]!.digest?.lastSentAt).toBe('2026-03-16T08:00:00.000Z');
    expect(planned().map((x) => x.dueAt)).toEqual(['2026-03-23T08:00:00.000Z']);
  });

  it('is sent exactly once: more ticks and a restart send nothing more', async () => {
    const count = digestPosts().length;
    await r.tick('2026-03-16T08:05:00.000Z');
    await r.restart();
    await r.tick('2026-03-16T08:06:00.000Z');
    await r.drain();
    expect(digestPosts().length).toBe(count);
    expect(digests().filter((x) => x.dueAt === '2026-03-16T08:00:00.000Z')).toHaveLength(1);
  });

  it('only the chair may change it; a member is refused and nothing changes', async () => {
    const res = await r.post(message(r.h.fc.url, groupChat, users.bent, 'ugebrev fra'));
    expect(res.status).toBe(200);
    expect(planned().map((x) => x.dueAt)).toEqual(['2026-03-23T08:00:00.000Z']);
    expect(r.db().groups[0]!.digest?.enabled).not.toBe(false);
    // The refusal reaches the security log (it is recorded through the write that refused it).
    expect(readFileSync(`${r.h.storePath}.security.log`, 'utf8')).toMatch(/"code":"not_chair".*manageDigest/);
  });

  it('"ugebrev fredag 08:30" moves it; "ugebrev fra" turns it off and the planner does not bring it back; an unknown form is explained', async () => {
    await r.post(message(r.h.fc.url, groupChat, users.anna, 'ugebrev fredag 08:30'));
    expect(planned().map((x) => x.dueAt)).toEqual(['2026-03-20T07:30:00.000Z']);
    await r.post(message(r.h.fc.url, groupChat, users.anna, 'ugebrev fra'));
    expect(planned()).toEqual([]);
    await r.tick('2026-03-16T09:30:00.000Z');
    expect(planned()).toEqual([]);
    const before = JSON.stringify(r.db().groups[0]!.digest);
    const res = await r.post(message(r.h.fc.url, groupChat, users.anna, 'ugebrev hver anden uge'));
    expect(res.status).toBe(200);
    expect(JSON.stringify(r.db().groups[0]!.digest)).toBe(before);
    const replies = r.h.fc.calls.filter((c) => c.method === 'POST' && JSON.stringify(c.body ?? '').includes('Det forstod jeg ikke'));
    expect(replies.length).toBeGreaterThan(0);
    await r.post(message(r.h.fc.url, groupChat, users.anna, 'ugebrev til'));
    expect(planned().map((x) => x.dueAt)).toEqual(['2026-03-20T07:30:00.000Z']);
  });
});
