/**
 * Duplicate delivery (issue #12, 3). Teams re-sends invokes and people double-click: every card
 * action a feature registers is delivered once, then replayed 2× more with the same activity id
 * and 2× with new ids. The domain data after all five equals the data after the first, and the
 * replays add no visible message (no new POST, no shared-card update that shows anything new).
 *
 * Generic: the verbs come from the registry (src/teams/features/index.ts), and each action's
 * real payload comes from the cards the bot itself posts. For each verb a fresh bot with the
 * reliability world (world.ts) is driven through the commands that post cards; when no card
 * with that verb is there yet, the crawler clicks the actions it found (breadth first, at most
 * three levels) until one appears — e.g. "eskaler R1 …" → escalation.confirm → the board card
 * with escalation.ack.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/domain/model.js';
import { buildRegistry, type Registry } from '../../src/teams/registry.js';
import { allFeatures } from '../../src/teams/features/index.js';
import { FILE_DOWNLOAD_INFO, uploadPorts } from '../../src/teams/features/meetings.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import {
  boardChannel,
  cardAction,
  groupChat,
  message,
  personalChat,
  TENANT,
  users,
  withId,
  type TestConversation,
  type TestUser,
} from '../helpers/activities.js';
import type { RecordedCall } from '../helpers/fake-connector.js';
import { otherChat, seedWorld, type World } from './world.js';
import { figure } from './figures.js';

/** The verbs the issue names: each must be found and pass. */
const REQUIRED = ['item.decide', 'vote.cast', 'vote.close', 'action.done', 'escalation.confirm', 'escalation.ack', 'minutes.approve'];
/** Clicked while searching only when they are the verb under test (they would spoil the world for others). */
const SPOILERS = new Set([
  'risk.retire',
  'vote.close',
  'outbox.dismiss',
  'escalation.cancel',
  'agenda.import.cancel',
  'minutes.approve',
  'action.done',
  'item.decide',
  'escalation.ack',
  'escalation.answer',
  // Reordering or removing items makes the other edit-card buttons stale (they then only say so).
  'agenda.edit.move',
  'agenda.edit.remove',
]);
const boardUser: TestUser = { id: '29:birgit-board', name: 'Birgit Board (DAP)', aadObjectId: 'aad-birgit-board' };

const registry: Registry = buildRegistry(allFeatures(() => registry));
const registered = [...registry.cardActions.keys()];
const commandName = (id: string) => registry.commands.find((c) => c.id === id)?.names.da[0] ?? null;

interface Found {
  verb: string;
  data: Record<string, unknown>;
  conv: TestConversation;
  activityId: string;
  from: string;
}

const conversations = new Map<string, TestConversation>(
  [groupChat, otherChat, boardChannel, personalChat(users.anna)].map((c) => [c.id, c]),
);

/** Every Action.Execute in a card, with the values a person would have entered in its inputs. */
function actionsOf(card: any, conv: TestConversation, activityId: string, from: string): Found[] {
  const inputs: Record<string, unknown> = {};
  const actions: any[] = [];
  const walk = (n: any, inAction = false) => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach((x) => walk(x, inAction));
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string') inputs[n.id] = inputValue(n);
    if (n.type === 'Action.Execute' && typeof n.verb === 'string') actions.push(n);
    for (const [k, v] of Object.entries(n)) if (k !== 'fallback') walk(v, inAction);
  };
  walk(card);
  return actions.map((a) => ({
    verb: a.verb,
    data: { ...(a.associatedInputs === 'none' ? {} : inputs), ...(a.data && typeof a.data === 'object' ? a.data : {}) },
    conv,
    activityId,
    from,
  }));
}

function inputValue(input: any): unknown {
  if (input.value !== undefined && input.value !== '') return input.value;
  switch (input.type) {
    case 'Input.ChoiceSet':
      return (input.choices ?? []).map((c: any) => c.value).find((v: unknown) => v !== '' && v !== undefined) ?? '';
    case 'Input.Toggle':
      return input.valueOn ?? 'true';
    case 'Input.Date':
      return new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    case 'Input.Time':
      return '12:00';
    case 'Input.Number':
      return input.min ?? 1;
    default:
      return 'Pålidelighedstest: samme klik flere gange';
  }
}

const cardsIn = (body: any): any[] =>
  (body?.attachments ?? []).filter((a: any) => a?.contentType === 'application/vnd.microsoft.card.adaptive').map((a: any) => a.content);

/** Domain data, without the bookkeeping a replay may legitimately touch (replay keys, audit trail, id counter). */
function domain(db: Readonly<Db>): string {
  const { processed, audit, seq, ...rest } = db as Db;
  return JSON.stringify(rest);
}

interface Outcome {
  verb: string;
  status: 'pass' | 'FAIL' | 'not registered' | 'no card found';
  detail: string;
}
const outcomes: Outcome[] = [];

describe('duplicate delivery of every card action', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  /** Waits until the fake connector has been quiet for 400 ms (after-turn card updates, outbox). */
  async function settle(maxMs = 4000) {
    const until = Date.now() + maxMs;
    let last = h!.fc.calls.length;
    let quietSince = Date.now();
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
      if (h!.fc.calls.length !== last) {
        last = h!.fc.calls.length;
        quietSince = Date.now();
      } else if (Date.now() - quietSince >= 400) return;
    }
  }

  const clickerIn = (conv: TestConversation) => (conv.id === boardChannel.id ? boardUser : users.anna);

  async function crawlFor(verb: string, world: World): Promise<{ found: Found | null; seen: Set<string> }> {
    const hh = h!;
    const found: Found[] = [];
    const fromCalls = (calls: RecordedCall[], label: string) => {
      for (const c of calls) {
        if (c.method === 'GET') continue;
        const conv = conversations.get(c.conversationId ?? '') ?? groupChat;
        for (const card of cardsIn(c.body))
          found.push(
            ...actionsOf(card, conv, c.activityId && c.method === 'PUT' ? c.activityId : `posted-${hh.fc.calls.indexOf(c)}`, label),
          );
      }
    };
    const say = async (text: string, conv: TestConversation = groupChat, user: TestUser = users.anna, extra: object = {}) => {
      const before = hh.fc.calls.length;
      await hh.post({ ...message(hh.fc.url, conv, user, text), ...extra });
      await settle();
      fromCalls(hh.fc.calls.slice(before), text || 'upload');
    };
    // Card sources: the commands that post cards (by registry id, so renamed words still work).
    const sources: [string, string][] = [
      ['meetings', ''],
      ['agenda', String(world.plannedMeeting)],
      ['actions', ''],
      ['risks', ''],
      ['risk-vote', ''],
      ['minutes', String(world.heldMeeting)],
      ['reminders', ''],
      ['outbox', ''],
      ['escalate', 'R1 Svartiderne er over det aftalte niveau for tredje måned'],
      // Building the agenda, the standing item's status card, and a GP-system vendor's cards.
      ['agenda-edit', String(world.plannedMeeting)],
      ['agenda-edit', String(world.longMeeting)],
      ['status', `${world.plannedMeeting}.2`],
      ['vendor', 'ny WebPraksis'],
      ['vendors', ''],
    ];
    for (const [id, args] of sources) {
      const name = commandName(id);
      if (name) await say(`${name} ${args}`.trim());
    }
    if (verb.startsWith('agenda.import')) {
      // An agenda uploaded in personal chat (the download is served locally); with two groups, the picker first.
      if (verb === 'agenda.import.group')
        await hh.services.store.update(
          (db) =>
            void db.groups
              .find((g) => g.id === world.g2)!
              .roster.push({
                name: users.anna.name,
                aadObjectId: users.anna.aadObjectId,
                teamsId: users.anna.id,
                role: 'referent',
                organisation: null,
              }),
        );
      const text = readFileSync(fileURLToPath(new URL('../fixtures/dagsorden-2-moede.txt', import.meta.url)));
      uploadPorts.fetch = (async () => new Response(text, { status: 200, headers: { 'content-type': 'text/plain' } })) as any;
      await say('', personalChat(users.anna), users.anna, {
        text: '',
        attachments: [
          {
            contentType: FILE_DOWNLOAD_INFO,
            name: 'dagsorden-2-moede.txt',
            content: {
              downloadUrl: 'https://contoso.sharepoint.com/personal/anna/dagsorden-2-moede.txt',
              uniqueId: 'u-1',
              fileType: 'txt',
            },
          },
        ],
      });
    }
    const seen = new Set<string>();
    const clicked = new Set<string>();
    for (let depth = 0; depth <= 3; depth++) {
      for (const f of found) seen.add(f.verb);
      const hit = found.find((f) => f.verb === verb);
      if (hit) return { found: hit, seen };
      if (depth === 3) break;
      // A spoiler of the verb's own family may be the way there (action.done → the card with action.reopen).
      const family = verb.split('.')[0];
      const frontier = found
        .filter((f) => (!SPOILERS.has(f.verb) || f.verb.split('.')[0] === family) && !clicked.has(`${f.verb}|${JSON.stringify(f.data)}`))
        .sort(
          (a, b) =>
            Number(b.verb.split('.')[0] === family) - Number(a.verb.split('.')[0] === family) ||
            Number(SPOILERS.has(a.verb)) - Number(SPOILERS.has(b.verb)),
        )
        .slice(0, 30);
      if (!frontier.length) break;
      for (const f of frontier) {
        if (found.some((x) => x.verb === verb)) break;
        clicked.add(`${f.verb}|${JSON.stringify(f.data)}`);
        const before = hh.fc.calls.length;
        const res = await hh.post(cardAction(hh.fc.url, f.conv, clickerIn(f.conv), f.verb, f.data, f.activityId));
        if (res.body?.type === 'application/vnd.microsoft.card.adaptive')
          found.push(...actionsOf(res.body.value, f.conv, f.activityId, `click ${f.verb}`));
        await settle();
        fromCalls(hh.fc.calls.slice(before), `after ${f.verb}`);
      }
    }
    return { found: null, seen };
  }

  for (const verb of [...new Set([...REQUIRED, ...registered])]) {
    it(`${verb}: 3× the same activity id and 2× new ids give the state of one click and one visible confirmation`, async () => {
      if (!registry.cardActions.has(verb)) {
        outcomes.push({ verb, status: 'not registered', detail: 'no feature registers it in this build' });
        return;
      }
      // A fixed clock: the five deliveries happen "at the same instant", as re-sends of one click do.
      const at = new Date();
      h = await startHarness({ clock: { now: () => at } });
      const world = await seedWorld(h);
      // An undelivered reply for the chair's outbox card (retry / dismiss).
      await h.services.store.update((db, tx) => {
        const conv = db.groups.find((g) => g.id === world.g1)!.conversation;
        db.outbox.push({
          id: tx.nextId('o'),
          groupId: world.g1,
          conversation: structuredClone(conv),
          activity: { type: 'message', text: 'Et svar, der måske ikke kom frem' },
          purpose: 'reply',
          status: 'uncertain',
          attempts: 1,
          createdAt: at.toISOString(),
          nextAttemptAt: at.toISOString(),
          sentAt: null,
          activityId: null,
          lastError: 'POST → 504',
        });
      });
      const { found, seen } = await crawlFor(verb, world);
      if (!found) {
        outcomes.push({ verb, status: 'no card found', detail: `verbs seen on cards: ${[...seen].sort().join(', ')}` });
        expect.fail(`no card with ${verb} found (seen: ${[...seen].sort().join(', ')})`);
      }
      const user = clickerIn(found!.conv);
      const first = cardAction(h.fc.url, found!.conv, user, verb, found!.data, found!.activityId);
      const send = (id: string) => h!.post(withId({ ...first, timestamp: first.timestamp }, id));

      // Phase A: one click.
      const startA = h.fc.calls.length;
      const answers = [await send(first.id)];
      await settle();
      const afterOne = domain(h.services.store.read());
      const callsA = h.fc.calls.slice(startA).filter((c) => c.method !== 'GET');
      const lastPut = new Map<string, string>();
      for (const c of callsA)
        if (c.method === 'PUT') lastPut.set(`${c.conversationId}|${c.activityId}`, JSON.stringify(c.body?.attachments));

      // Phase B: the same id twice more, then two new ids.
      const startB = h.fc.calls.length;
      for (const id of [first.id, first.id, `${first.id}-again-1`, `${first.id}-again-2`]) answers.push(await send(id));
      await settle();
      const afterFive = domain(h.services.store.read());
      const callsB = h.fc.calls.slice(startB).filter((c) => c.method !== 'GET');
      const newPosts = callsB.filter((c) => c.method === 'POST');
      const visibleUpdates = callsB.filter(
        (c) => c.method === 'PUT' && JSON.stringify(c.body?.attachments) !== lastPut.get(`${c.conversationId}|${c.activityId}`),
      );

      const sameState = afterOne === afterFive;
      const answered = answers.every((a) => a.status === 200);
      const ok = sameState && answered && newPosts.length === 0 && visibleUpdates.length === 0;
      const firstAnswer =
        answers[0].body?.type === 'application/vnd.microsoft.activity.message'
          ? `message "${String(answers[0].body.value).slice(0, 60)}"`
          : 'card';
      const detail = `first click: ${firstAnswer}, ${callsA.filter((c) => c.method === 'POST').length} POST, ${callsA.filter((c) => c.method === 'PUT').length} PUT; replays: state ${sameState ? 'same' : 'CHANGED'}, new POSTs ${newPosts.length}, visible card updates ${visibleUpdates.length}`;
      outcomes.push({ verb, status: ok ? 'pass' : 'FAIL', detail });
      if (!sameState) console.log(`${verb}: state after 5 deliveries differs from after 1:\n${diff(afterOne, afterFive)}`);
      expect({ sameState, answered, newPosts: newPosts.map((c) => c.path), visibleUpdates: visibleUpdates.map((c) => c.path) }).toEqual({
        sameState: true,
        answered: true,
        newPosts: [],
        visibleUpdates: [],
      });
    }, 120_000);
  }

  it('records the figures (per verb and in total)', () => {
    for (const o of outcomes)
      figure(3, `Replay ${o.verb}`, o.detail, o.status === 'pass' ? 'pass' : o.status === 'not registered' ? 'not registered' : 'FAIL');
    const passed = outcomes.filter((o) => o.status === 'pass').length;
    const required = REQUIRED.map((v) => `${v} ${outcomes.find((o) => o.verb === v)?.status ?? 'not run'}`);
    figure(
      3,
      'Duplicate delivery, all card actions',
      `${passed}/${outcomes.length} verbs pass (3× same id + 2× new ids, fixed clock); required: ${required.join(', ')}`,
      outcomes.every((o) => o.status === 'pass' || o.status === 'not registered'),
    );
    void TENANT;
  });
});

function diff(a: string, b: string): string {
  const out: string[] = [];
  const walk = (x: any, y: any, path: string) => {
    if (out.length >= 8 || JSON.stringify(x) === JSON.stringify(y)) return;
    if (x && y && typeof x === 'object' && typeof y === 'object') {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[k], y[k], `${path}.${k}`);
      return;
    }
    out.push(`  ${path}: ${String(JSON.stringify(x)).slice(0, 200)} → ${String(JSON.stringify(y)).slice(0, 200)}`);
  };
  walk(JSON.parse(a), JSON.parse(b), 'db');
  return out.join('\n');
}
