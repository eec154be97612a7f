/**
 * Hostile input (issue #12, 1): fast-check sends ≥ 10,000 generated activities, card payloads and
 * raw bodies to `/api/messages` of the real bot (20 in flight). The bot must never crash, never
 * answer 5xx, keep /healthz ok, and leave the domain data unchanged: every request here is
 * invalid by construction — from people on no roster, or from roster members with payloads that
 * cannot be valid (another group's id, ids that do not exist, garbage).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_VERBS } from '../../src/cards/verbs.js';
import { buildRegistry, type Registry } from '../../src/teams/registry.js';
import { allFeatures } from '../../src/teams/features/index.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import {
  BOT,
  boardChannel,
  groupChat,
  meetingChat,
  personalChat,
  TENANT,
  users,
  type TestConversation,
  type TestUser,
} from '../helpers/activities.js';
import { domainOf, otherChat, seedWorld, strangers } from './world.js';
import { figure, ms } from './figures.js';

const TOTAL = Number(process.env.HOSTILE_REQUESTS ?? 10_400);
const IN_FLIGHT = 20;
const SEED = Number(process.env.HOSTILE_SEED ?? 20_250_612);

// ------------------------------------------------------------------------------------------------
// JSON built by hand: lets `__proto__` / `constructor` be real keys, duplicate keys, odd numbers.
// ------------------------------------------------------------------------------------------------

type J = { raw: string } | { arr: J[] } | { obj: [string, J][] };
const raw = (v: unknown): J => ({ raw: JSON.stringify(v) });
const obj = (entries: [string, J | undefined][]): J => ({ obj: entries.filter((e): e is [string, J] => e[1] !== undefined) });
function toJson(j: J): string {
  if ('raw' in j) return j.raw;
  if ('arr' in j) return `[${j.arr.map(toJson).join(',')}]`;
  return `{${j.obj.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
}

const BIG = 'Æ'.repeat(100 * 1024);
const ODD = [
  '\u202E',
  '\u200F',
  '\u200B',
  '\u200D',
  '\uFEFF',
  '\u0000',
  '\u0007',
  '🙂',
  '👨‍👩‍👧‍👦',
  '\uD800',
  '\uDC00',
  '\uDBFF',
  'مرحبا',
  '𝔘𝔫𝔦',
  'ß',
  'İ',
  '\r\n',
  '\u2028',
  '<at>x</at>',
  '<at>',
  '${x}',
  '${$root}',
  '{{x}}',
  '%s%n',
  '\\',
  '"',
  "'",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'R1=rød',
  'ø',
];

const oddString = fc.array(fc.constantFrom(...ODD), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
const plausible = fc.constantFrom(
  'g1',
  'g2',
  'g3',
  'V1',
  'V2',
  'R1',
  'R3',
  'A1',
  'A2',
  'E1',
  'o1',
  '1',
  '2',
  '0',
  '-1',
  'green',
  'red',
  'rød',
  'chair',
  'save',
  'form',
  'docx',
  'md',
  'da',
  'en',
  'true',
  '',
);
/** Big strings are rare per leaf (a payload has many leaves): about one request in four carries one. */
const anyString = fc.oneof(
  { weight: 12, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 8, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 12, arbitrary: oddString },
  { weight: 12, arbitrary: plausible },
  { weight: 1, arbitrary: fc.constant(BIG) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 20_000 }).map((n) => 'x'.repeat(n)) },
);
const oddNumber = fc.constantFrom(
  '1e309',
  '-1e309',
  '-0',
  '123456789012345678901234567890',
  '1e-400',
  '0.1',
  '9007199254740993',
  '-2147483649',
);
const leaf: fc.Arbitrary<J> = fc.oneof(
  { weight: 4, arbitrary: anyString.map(raw) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map(raw) },
  { weight: 1, arbitrary: oddNumber.map((n) => ({ raw: n })) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false).map(raw) },
);
const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'groupId',
  'roundId',
  'riskId',
  'actionId',
  'escalationId',
  'meeting',
  'item',
  'outboxId',
  'token',
  'mode',
  'format',
  'lang',
  'pending',
  'comment',
  'r_R1',
  'r_R2',
  'r___proto__',
  'o_R1',
  'voter',
  'role',
  'verb',
  'data',
  'review',
  'answer',
  'reason',
  'decision',
  'outcome',
  'actionText',
  'actionOwner',
  'actionDue',
  'e_owner_R1',
  'e_desc_R1',
  'e_actions_R1',
  'userId',
  'aadObjectId',
];
const key = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: oddString },
);

const { value: jvalue } = fc.letrec<{ value: J; arr: J; obj: J }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', maxDepth: 4 }, leaf, tie('arr'), tie('obj')),
  arr: fc.array(tie('value'), { maxLength: 4 }).map((a) => ({ arr: a })),
  obj: fc.array(fc.tuple(key, tie('value')), { maxLength: 6 }).map((e) => ({ obj: e })),
}));
/** Deep nesting: objects and arrays a few thousand levels deep. */
const deep = fc
  .tuple(fc.integer({ min: 50, max: 3000 }), fc.boolean())
  .map(([depth, arrays]): J => ({ raw: arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) }));
const garbage = fc.oneof({ weight: 20, arbitrary: jvalue }, { weight: 1, arbitrary: deep });
const garbageObject = fc.array(fc.tuple(key, garbage), { maxLength: 8 });

// ------------------------------------------------------------------------------------------------
// Who and where
// ------------------------------------------------------------------------------------------------

const roster = [users.anna, users.bent, users.carsten, users.dorthe, users.gustav];
/** A conversation no group knows (a new group chat would be a valid install: only non-install activities go there). */
const unknownChat: TestConversation = { id: '19:unknown@thread.v2', type: 'groupChat', tenantId: TENANT };
const strangerConvs = [groupChat, otherChat, boardChannel, meetingChat, unknownChat, ...strangers.map(personalChat)];

const userJ = (u: TestUser, extra: [string, J][] = []): J =>
  obj([['id', raw(u.id)], ['name', raw(u.name)], ['aadObjectId', u.aadObjectId ? raw(u.aadObjectId) : undefined], ...extra]);
/** A stranger, sometimes dressed up: role fields, odd ids, wrong types, or no `from` at all. */
const strangerFrom: fc.Arbitrary<J | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...strangers).map((u) => userJ(u)) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...strangers), fc.constantFrom('chair', 'bot', 'admin', 'user'), garbage).map(([u, role, g]) =>
      userJ(u, [
        ['role', raw(role)],
        ['userRole', raw(role)],
        ['isChair', g],
      ]),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(anyString, garbage).map(([id, g]) =>
      obj([
        ['id', raw(`29:${id.slice(0, 40)}x`)],
        ['name', g],
        ['aadObjectId', raw(`aad-x-${id.slice(0, 20)}`)],
      ]),
    ),
  },
  { weight: 1, arbitrary: garbage.filter((g) => !('obj' in g)) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

function convJ(c: TestConversation, extra: [string, J][] = []): J {
  return obj([
    ['id', raw(c.id)],
    ['conversationType', raw(c.type)],
    ['tenantId', raw(c.tenantId)],
    ['isGroup', raw(c.type !== 'personal')],
    ...extra,
  ]);
}
function channelDataJ(c: TestConversation, extra: [string, J][] = []): J {
  return obj([
    ['tenant', obj([['id', raw(c.tenantId)]])],
    ['team', c.teamId ? obj([['id', raw(c.teamId)]]) : undefined],
    ['channel', c.teamId ? obj([['id', raw(c.id)]]) : undefined],
    ['meeting', c.meetingId ? obj([['id', raw(c.meetingId)]]) : undefined],
    ...extra,
  ]);
}

// ------------------------------------------------------------------------------------------------
// Requests
// ------------------------------------------------------------------------------------------------

interface Req {
  kind: string;
  body: string | Uint8Array;
  contentType?: string;
  method?: string;
  path?: string;
}

let serviceUrl = '';
let verbs: string[] = [];
let commandNames: string[] = [];
let counter = 0;

function activity(
  kind: string,
  parts: {
    type: J;
    from: J | undefined;
    conv: TestConversation;
    extra: [string, J | undefined][];
    convExtra?: [string, J][];
    cdExtra?: [string, J][];
    idJ?: J;
    drop?: string[];
  },
): Req {
  const entries: [string, J | undefined][] = [
    ['type', parts.type],
    ['id', parts.idJ ?? raw(`hostile-${++counter}`)],
    ['channelId', raw('msteams')],
    ['serviceUrl', raw(serviceUrl)],
    ['timestamp', raw(new Date().toISOString())],
    ['from', parts.from],
    ['recipient', raw(BOT)],
    ['conversation', convJ(parts.conv, parts.convExtra)],
    ['channelData', channelDataJ(parts.conv, parts.cdExtra)],
    ...parts.extra,
  ];
  return { kind, body: toJson(obj(entries.filter(([k]) => !parts.drop?.includes(k)))) };
}

const droppable = fc.subarray(['id', 'from', 'recipient', 'conversation', 'channelData', 'timestamp', 'channelId'], { maxLength: 2 });
const verbArb = () =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...verbs) },
    { weight: 1, arbitrary: anyString },
    { weight: 1, arbitrary: garbage.map(toJson) },
  );

/** Roster members' payloads are made invalid: another group's id or garbage, or ids that do not exist in g1. */
const NONEXISTENT: [string, J][] = [
  ['roundId', raw('V9')],
  ['riskId', raw('R99')],
  ['actionId', raw('A99')],
  ['escalationId', raw('E99')],
  ['meeting', raw(99)],
  ['item', raw(99)],
  ['outboxId', raw('o99999')],
  ['pending', raw('p999')],
  ['token', raw('forged-token')],
];
const invalidRosterData = fc.oneof(
  fc
    .tuple(fc.constantFrom('g2', 'g3', 'G1', 'g1 ', '', 'g1;g2'), garbageObject)
    .map(([gid, rest]) => [...rest.filter(([k]) => k !== 'groupId'), ['groupId', raw(gid)] as [string, J]]),
  fc.tuple(garbageObject, fc.boolean()).map(([rest, proto]) => [
    ...rest.filter(([k]) => k !== 'groupId' && !NONEXISTENT.some(([n]) => n === k)),
    ['groupId', raw('g1')] as [string, J],
    ...NONEXISTENT,
    ...(proto
      ? ([
          [
            '__proto__',
            obj([
              ['groupId', raw('g1')],
              ['isChair', raw(true)],
            ]),
          ],
        ] as [string, J][])
      : []),
  ]),
);

function invokeReq(
  kind: string,
  from: J | undefined,
  conv: TestConversation,
  verb: string,
  data: [string, J][],
  idJ?: J,
  drop: string[] = [],
): Req {
  const action = obj([
    ['type', raw('Action.Execute')],
    [
      'verb',
      {
        raw:
          verb.startsWith('{') || verb.startsWith('[') || /^-?\d/.test(verb) || ['null', 'true', 'false'].includes(verb)
            ? verb
            : JSON.stringify(verb),
      },
    ],
    ['data', obj(data)],
  ]);
  return activity(kind, {
    type: raw('invoke'),
    from,
    conv,
    idJ,
    drop,
    extra: [
      ['name', raw('adaptiveCard/action')],
      ['replyToId', raw('card-1')],
      [
        'value',
        obj([
          ['action', action],
          ['trigger', raw('manual')],
        ]),
      ],
    ],
  });
}

const requestArb = (): fc.Arbitrary<Req> =>
  fc.oneof(
    // Card clicks from strangers: any verb, any data (also valid-looking ids of g1).
    {
      weight: 22,
      arbitrary: fc
        .tuple(
          strangerFrom,
          fc.constantFrom(...strangerConvs),
          verbArb(),
          fc.oneof(
            garbageObject,
            fc
              .tuple(garbageObject, fc.constantFrom('g1', 'g2'))
              .map(([o, g]) => [
                ...o,
                ['groupId', raw(g)] as [string, J],
                ...NONEXISTENT.slice(0, 3).map(([k]) => [k, raw(k === 'roundId' ? 'V1' : k === 'riskId' ? 'R1' : 'A1')] as [string, J]),
              ]),
          ),
          droppable,
        )
        .map(([from, conv, verb, data, drop]) => invokeReq('invoke/stranger', from, conv, verb, data, undefined, drop)),
    },
    // Card clicks from roster members with payloads that cannot be valid.
    {
      weight: 22,
      arbitrary: fc
        .tuple(fc.constantFrom(...roster), fc.constantFrom(groupChat, otherChat), fc.constantFrom(...verbs), invalidRosterData)
        .map(([u, conv, verb, data]) => invokeReq('invoke/roster', userJ(u), conv, verb, data)),
    },
    // Action.Submit fallback (a message with a value and no text).
    {
      weight: 8,
      arbitrary: fc
        .tuple(
          fc.boolean(),
          fc.constantFrom(...strangers),
          fc.constantFrom(...roster),
          fc.constantFrom(...verbs),
          invalidRosterData,
          garbageObject,
          fc.constantFrom(...strangerConvs),
        )
        .map(([byRoster, s, r, verb, bad, any, conv]) =>
          activity('submit', {
            type: raw('message'),
            from: userJ(byRoster ? r : s),
            conv: byRoster ? groupChat : conv,
            extra: [
              ['replyToId', raw('card-1')],
              ['value', obj([['verb', raw(verb)], ...(byRoster ? bad : any)])],
            ],
          }),
        ),
    },
    // Commands from strangers, with garbage arguments and mentions.
    {
      weight: 16,
      arbitrary: fc
        .tuple(
          strangerFrom,
          fc.constantFrom(...strangerConvs),
          fc.constantFrom(...commandNames),
          anyString,
          fc.boolean(),
          fc.constantFrom(...roster),
        )
        .map(([from, conv, cmd, args, mention, who]) => {
          const text = `<at>${BOT.name}</at> ${cmd} ${args}${mention ? ` <at>${who.name}</at>` : ''}`;
          const entities = raw([
            { type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT },
            ...(mention ? [{ type: 'mention', text: `<at>${who.name}</at>`, mentioned: { id: who.id, name: who.name } }] : []),
          ]);
          return activity('command/stranger', {
            type: raw('message'),
            from,
            conv,
            extra: [
              ['text', raw(text)],
              ['textFormat', raw('plain')],
              ['entities', entities],
            ],
          });
        }),
    },
    // Free text from roster members that is no command; odd Unicode, 100 KB, garbage entities.
    {
      weight: 8,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...roster),
          fc.constantFrom(groupChat, otherChat),
          anyString,
          garbage,
          fc.option(garbage, { nil: undefined }),
        )
        .map(([u, conv, text, entities, attachments]) =>
          activity('text/roster', {
            type: raw('message'),
            from: userJ(u),
            conv,
            extra: [
              ['text', raw(`¤${text}`)],
              ['entities', 'arr' in entities ? entities : { arr: [entities] }],
              ['attachments', attachments],
            ],
          }),
        ),
    },
    // Any other shape: odd types, wrong field types, events, reactions, file consent, install in a known chat.
    {
      weight: 14,
      arbitrary: fc
        .tuple(
          fc.oneof(
            fc
              .constantFrom(
                'message',
                'invoke',
                'event',
                'conversationUpdate',
                'installationUpdate',
                'messageReaction',
                'typing',
                'endOfConversation',
                'messageUpdate',
                'messageDelete',
                'bogus',
                'Message',
                '',
              )
              .map(raw),
            garbage,
          ),
          fc.constantFrom(
            undefined,
            'adaptiveCard/action',
            'fileConsent/invoke',
            'application/vnd.microsoft.meetingStart',
            'application/vnd.microsoft.meetingEnd',
            'composeExtension/query',
            'task/fetch',
            'signin/verifyState',
            'actionableMessage/executeAction',
          ),
          strangerFrom,
          fc.constantFrom(...strangerConvs),
          garbageObject,
          droppable,
          fc.oneof(garbage, fc.constant(undefined)),
          fc.oneof(garbage, fc.constant(undefined)),
        )
        .map(([type, name, from, conv, fields, drop, value, idJ]) => {
          // A bot-added activity in an unknown chat would be a valid install: keep those to g1's chat.
          const c = ['conversationUpdate', 'installationUpdate'].includes(JSON.parse(toJson(type)) as string) ? groupChat : conv;
          return activity('other', {
            type,
            from,
            conv: c,
            idJ,
            drop,
            extra: [
              ['name', name === undefined ? undefined : raw(name)],
              ['value', value],
              ['membersAdded', raw([{ id: BOT.id }])],
              ['action', raw('add')],
              ...fields.filter(([k]) => !['type', 'conversation', 'serviceUrl'].includes(k)),
            ],
          });
        }),
    },
    // Forged structure around a valid-looking click: conversation/channelData/tenant fields of other groups.
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...roster),
          fc.constantFrom(...verbs),
          invalidRosterData,
          fc.constantFrom(otherChat.id, `${groupChat.id};messageid=1`, 'g2', '', '19:other-group@thread.v2;messageid=x'),
        )
        .map(([u, verb, data, convId]) => invokeReq('invoke/forged-conv', userJ(u), { ...groupChat, id: convId }, verb, data)),
    },
    // Not JSON, not an object, or too big.
    {
      weight: 6,
      arbitrary: fc.oneof(
        fc
          .constantFrom(
            '',
            '{',
            '{"type":',
            'null',
            '[]',
            '"message"',
            '123',
            'true',
            '{"type":1}',
            '{"type":null}',
            '{"type":"message","text":',
            '\uFEFF{"type":"message"}',
            '{"type":"message"}garbage',
            "{'type':'message'}",
            'NaN',
            '{"type":"message","__proto__":{"polluted":1}}',
            '{"type":"message","constructor":{"prototype":{"polluted":1}}}',
          )
          .map((b): Req => ({ kind: 'raw/text', body: b })),
        fc.uint8Array({ maxLength: 2000 }).map((b): Req => ({ kind: 'raw/bytes', body: b })),
        fc.integer({ min: 10_000, max: 200_000 }).map((d): Req => ({ kind: 'raw/deep', body: '['.repeat(d) })),
        fc
          .integer({ min: 5_000, max: 60_000 })
          .map((d): Req => ({ kind: 'raw/deep', body: '{"type":"message","value":' + '{"a":'.repeat(d) + '1' + '}'.repeat(d) + '}' })),
        fc.constant<Req>({ kind: 'raw/oversize', body: JSON.stringify({ type: 'message', text: 'x'.repeat(1_200_000) }) }),
        fc
          .tuple(
            fc.constantFrom(
              'text/plain',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=x',
              'application/xml',
              'application/json; charset=utf-16',
              '',
            ),
            garbage,
          )
          .map(([ct, g]): Req => ({ kind: 'raw/content-type', body: toJson(g), contentType: ct })),
        fc
          .tuple(
            fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH'),
            fc.constantFrom(
              '/api/messages',
              '/api/messages/../healthz',
              '/files/x',
              '/files/../../etc/passwd',
              '/%00',
              '/api/messages?x=' + 'a'.repeat(5000),
            ),
          )
          .map(([m, p]): Req => ({ kind: 'raw/method', body: '', method: m, path: p })),
      ),
    },
  );

// ------------------------------------------------------------------------------------------------

describe('hostile input to /api/messages', () => {
  let h: Harness;
  let baseline: string;
  const statuses = new Map<number, number>();
  const byKind = new Map<string, number>();
  const timeByKind = new Map<string, number>();
  const internal: string[] = [];
  const turnErrors: string[] = [];
  const processErrors: string[] = [];
  let sent = 0;
  let healthChecks = 0;
  const onProcessError = (err: unknown) => void processErrors.push(String(err).slice(0, 300));

  beforeAll(async () => {
    h = await startHarness();
    await seedWorld(h);
    // Roster members' personal chats are known (a first message there records it: a valid change).
    await h.services.store.update((db) => {
      for (const m of db.groups.flatMap((g) => g.roster))
        m.personalChat = {
          serviceUrl: h.fc.url,
          channelId: 'msteams',
          conversationId: `a:personal-${m.teamsId}`,
          conversationType: 'personal',
          tenantId: TENANT,
          botId: BOT.id,
        };
    });
    serviceUrl = h.fc.url;
    const registry: Registry = buildRegistry(allFeatures(() => registry));
    verbs = [...new Set([...ALL_VERBS, ...registry.cardActions.keys()])];
    commandNames = [...new Set(registry.commands.flatMap((c) => [...c.names.da, ...c.names.en]))];
    // Handler failures that are not AppErrors are logged as errors: count them (they mean a bug even when the HTTP answer is fine).
    const log = h.services.log as any;
    const error = log.error.bind(log);
    log.error = (o: any, msg?: string) => {
      const err = String(o?.err ?? o);
      // The message and the first frame of ours (where it broke).
      const where =
        err
          .split('\n')
          .find((l) => l.includes('/src/'))
          ?.trim() ?? '';
      const id = typeof o?.activity === 'string' ? o.activity : null;
      const sample = id && bodies.get(id) ? `\n${bodies.get(id)}` : '';
      const text =
        `${msg ?? ''} ${err.split('\n')[0]} ${where.replace(/^at /, '@ ').replace(/\(?\/.*\/src\//, 'src/')}`.slice(0, 400) + sample;
      if (msg === 'unhandled turn error') turnErrors.push(text);
      else internal.push(text);
      return error(o, msg);
    };
    process.on('uncaughtException', onProcessError);
    process.on('unhandledRejection', onProcessError);
    baseline = domainOf(h.services.store.read());
  });

  afterAll(async () => {
    process.off('uncaughtException', onProcessError);
    process.off('unhandledRejection', onProcessError);
    await h?.close();
  });

  /** The start of each request's body by activity id, to show what made a handler fail. */
  const bodies = new Map<string, string>();
  async function send(r: Req): Promise<number> {
    if (typeof r.body === 'string') {
      const id = /"id":"(hostile-\d+)"/.exec(r.body.slice(0, 400))?.[1];
      if (id) bodies.set(id, r.body.slice(0, 700));
    }
    const t0 = performance.now();
    const headers: Record<string, string> = {};
    if (r.contentType !== '') headers['content-type'] = r.contentType ?? 'application/json';
    const res = await fetch(`${h.bot.url}${r.path ?? '/api/messages'}`, {
      method: r.method ?? 'POST',
      headers,
      body: r.method && r.method !== 'POST' && r.method !== 'PUT' ? undefined : (r.body as unknown as string),
    });
    await res.arrayBuffer();
    sent++;
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
    timeByKind.set(r.kind, (timeByKind.get(r.kind) ?? 0) + performance.now() - t0);
    return res.status;
  }

  async function health(): Promise<boolean> {
    healthChecks++;
    const res = await fetch(`${h.bot.url}/healthz`);
    const body = (await res.json()) as { status?: string };
    return res.status === 200 && body.status === 'ok';
  }

  // One run of generated traffic; the properties are checked one by one below.
  const run = {
    done: false,
    elapsed: 0,
    fivexx: [] as string[],
    changes: [] as string[],
    unhealthy: 0,
    polluted: false,
    big: 0,
    deepCount: 0,
  };

  it(`sends ${TOTAL} generated requests, ${IN_FLIGHT} in flight`, async () => {
    const started = Date.now();
    let current = baseline;
    await fc.assert(
      fc.asyncProperty(fc.array(requestArb(), { minLength: IN_FLIGHT, maxLength: IN_FLIGHT }), async (batch) => {
        for (const r of batch) {
          const body = typeof r.body === 'string' ? r.body : '';
          if (body.length > 100_000) run.big++;
          if (/(\[){50}|(\{"a":){50}/.test(body.slice(0, 400_000))) run.deepCount++;
        }
        const codes = await Promise.all(batch.map(send));
        codes.forEach(
          (c, i) =>
            c >= 500 &&
            run.fivexx.push(`${c} for ${batch[i].kind}${envelopeProblem(batch[i].body)}\n${String(batch[i].body).slice(0, 400)}`),
        );
        if (sent % 400 < IN_FLIGHT && !(await health())) run.unhealthy++;
        const now = domainOf(h.services.store.read());
        if (now !== current) {
          // Recorded, and the run goes on from the new state: one finding must not hide the next.
          run.changes.push(
            `after a batch of ${batch.map((b) => b.kind).join(', ')}: ${diffHint(current, now)}\nbatch: ${batch.map((b) => String(b.body).slice(0, 300)).join('\n')}`,
          );
          current = now;
        }
        return true;
      }),
      { numRuns: Math.ceil(TOTAL / IN_FLIGHT), seed: SEED },
    );
    // Let after-turn work (shared-card updates, outbox kicks) finish, then look once more.
    await new Promise((r) => setTimeout(r, 800));
    if (!(await health())) run.unhealthy++;
    if (domainOf(h.services.store.read()) !== current)
      run.changes.push(`after the run settled: ${diffHint(current, domainOf(h.services.store.read()))}`);
    run.polluted =
      Object.keys(Object.prototype).length > 0 ||
      ({} as any).polluted !== undefined ||
      ({} as any).isChair !== undefined ||
      ({} as any).groupId !== undefined;
    run.elapsed = Date.now() - started;
    run.done = true;
    const mix = [...byKind]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n} (mean ${ms(timeByKind.get(k)! / n)})`)
      .join(', ');
    const codes = [...statuses]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    figure(
      1,
      'Hostile requests sent',
      `${sent} requests (seed ${SEED}, ${IN_FLIGHT} in flight) in ${ms(run.elapsed)}: HTTP ${codes}; ${run.big} with a string ≥ 100 KB, ${run.deepCount} nested ≥ 50 deep`,
      sent >= Math.min(TOTAL, 10_000),
    );
    figure(1, 'Request mix', mix, 'info');
    expect(sent).toBeGreaterThanOrEqual(Math.min(TOTAL, 10_000));
  });

  it('never answers 5xx', () => {
    expect(run.done).toBe(true);
    report('5xx answers', run.fivexx);
    figure(
      1,
      'No 5xx answer',
      `5xx: ${run.fivexx.length} of ${sent}${run.fivexx.length ? ` (${distinct(run.fivexx)})` : ''}`,
      run.fivexx.length === 0,
    );
    expect(run.fivexx.slice(0, 3)).toEqual([]);
  });

  it('leaves the domain data unchanged (the security log may grow)', () => {
    expect(run.done).toBe(true);
    report('domain changes', run.changes);
    figure(
      1,
      'Domain data unchanged by invalid requests',
      `changes: ${run.changes.length} (store compared after every batch of ${IN_FLIGHT})`,
      run.changes.length === 0,
    );
    expect(run.changes.slice(0, 3)).toEqual([]);
  });

  it('keeps /healthz ok and the process alive, with no prototype pollution', () => {
    expect(run.done).toBe(true);
    report('process errors', processErrors);
    figure(
      1,
      '/healthz ok, no crash, no prototype pollution',
      `/healthz ok ${healthChecks - run.unhealthy}/${healthChecks}; uncaught exceptions/rejections: ${processErrors.length}; Object.prototype polluted: ${run.polluted ? 'YES' : 'no'}`,
      run.unhealthy === 0 && processErrors.length === 0 && !run.polluted,
    );
    expect(run.unhealthy).toBe(0);
    expect(processErrors).toEqual([]);
    expect(run.polluted).toBe(false);
  });

  it('no handler fails on a malformed activity (every refusal is a clear answer, not an exception)', () => {
    expect(run.done).toBe(true);
    const errors = [...turnErrors, ...internal];
    report('handler errors', errors);
    figure(
      1,
      'No handler exception on malformed activities',
      `turn/handler exceptions: ${errors.length}${errors.length ? ` (${distinct(errors)})` : ''}`,
      errors.length === 0,
    );
    expect(errors.slice(0, 5)).toEqual([]);
  });
});

/** For a 5xx: which part of the activity's envelope was missing or of the wrong type. */
function envelopeProblem(body: string | Uint8Array): string {
  let a: any;
  try {
    a = JSON.parse(String(body));
  } catch {
    return ' (not JSON)';
  }
  const bad: string[] = [];
  if (typeof a?.channelId !== 'string' || !a.channelId) bad.push('channelId');
  for (const f of ['from', 'recipient', 'conversation']) if (typeof a?.[f]?.id !== 'string' || !a[f].id) bad.push(`${f}.id`);
  if (a?.from && a.from.name !== undefined && typeof a.from.name !== 'string') bad.push('from.name not a string');
  return bad.length ? ` (missing or not a string: ${bad.join(', ')})` : ' (envelope complete)';
}

/** Groups findings by their first line: one bug usually shows up many times. */
function grouped(list: string[]): [string, { n: number; sample: string }][] {
  const groups = new Map<string, { n: number; sample: string }>();
  for (const item of list) {
    const k = item
      .split('\n')[0]
      .replace(/hostile-\d+/g, 'hostile-N')
      .replace(/:\s*\{[\s\S]*$/, '')
      .slice(0, 160);
    const g = groups.get(k) ?? { n: 0, sample: item };
    g.n++;
    groups.set(k, g);
  }
  return [...groups].sort((a, b) => b[1].n - a[1].n);
}
const distinct = (list: string[]) =>
  `${grouped(list).length} distinct: ${grouped(list)
    .slice(0, 6)
    .map(([k, g]) => `${g.n}× ${k}`)
    .join('; ')}`;
function report(title: string, list: string[]) {
  if (!list.length) return;
  console.log(
    `${title} (${list.length}, ${grouped(list).length} distinct):\n${grouped(list)
      .map(([k, g]) => `  ${g.n}× ${k}\n      e.g. ${g.sample.slice(0, 700).replace(/\n/g, ' ')}`)
      .join('\n')}\n`,
  );
}

/** Where two JSON documents differ: up to 6 paths with before → after (for the failure message). */
function diffHint(a: string, b: string): string {
  const out: string[] = [];
  const walk = (x: any, y: any, path: string) => {
    if (out.length >= 6 || JSON.stringify(x) === JSON.stringify(y)) return;
    if (x && y && typeof x === 'object' && typeof y === 'object' && Array.isArray(x) === Array.isArray(y)) {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[k], y[k], `${path}.${k}`);
      return;
    }
    out.push(`${path}: ${String(JSON.stringify(x)).slice(0, 200)} → ${String(JSON.stringify(y)).slice(0, 400)}`);
  };
  walk(JSON.parse(a), JSON.parse(b), 'db');
  return out.join(' ; ');
}
