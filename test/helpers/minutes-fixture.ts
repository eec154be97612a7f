import type { AgendaItem, ConversationRef, Db, Group, Meeting, Member, Rating, RatingHistoryEntry, Risk } from '../../src/domain/model.js';
import { emptyDb } from '../../src/domain/model.js';
import { emptyItem } from '../../src/domain/meeting-agenda.js';

/**
 * An in-memory Db resembling the group's 2nd meeting (16 June 2025, the sample agenda):
 * the roster, meeting 1 (24 Feb) and meeting 2 with its 7 items and decisions, Erik's
 * apologies, three risks rated at both meetings (Teknik worsened, with disagreement), new and
 * overdue action points and one answered escalation. Every call returns a fresh copy.
 */

export const GROUP_ID = 'g-flp';
export const NOW = '2025-06-17T08:00:00.000Z';

const conv: ConversationRef = {
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  channelId: 'msteams',
  conversationId: '19:flp@thread.v2',
  conversationType: 'channel',
  tenantId: 'tenant-1',
  teamId: '19:team@thread.v2',
  botId: '28:bot',
};

const member = (name: string, org: string, role: Member['role'], n: number): Member => ({
  name,
  organisation: org,
  role,
  aadObjectId: `0000000${n}-0000-4000-8000-00000000000${n}`,
  teamsId: `29:user-${n}`,
});

export const ROSTER: Member[] = [
  member('Anna Holm', 'MedCom', 'chair', 1),
  member('Bent Lund', 'PLO', 'member', 2),
  member('Carsten Vang', 'KiAP', 'member', 3),
  member('Dorthe Kjær', 'PLSP', 'member', 4),
  member('Erik Sand', 'Mediq', 'member', 5),
  member('Frida Mose', 'MedCom', 'member', 6),
  member('Gustav Eng', 'MedCom', 'referent', 7),
];
export const idOf = (name: string) => ROSTER.find((m) => m.name === name)!.aadObjectId!;

function group(): Group {
  return {
    id: GROUP_ID,
    name: 'den operationelle styregruppe for forløbsplaner',
    createdAt: '2025-01-10T09:00:00.000Z',
    locale: 'da',
    timezone: 'Europe/Copenhagen',
    conversation: conv,
    roster: ROSTER.map((m) => ({ ...m })),
    standingItems: [],
    reminderOffsets: { days: [14, 2], hours: [1], atTime: '09:00' },
    escalationTarget: null,
    linkedChats: [],
    counters: { meeting: 2, risk: 4, action: 6, round: 2, escalation: 1 },
  };
}

export function agendaItem(number: number, title: string, over: Partial<AgendaItem> = {}): AgendaItem {
  return { ...emptyItem(number, title), ...over };
}

const decided = (outcome: AgendaItem['outcome'], decision: string | null): Partial<AgendaItem> => ({
  outcome,
  decision,
  by: idOf('Gustav Eng'),
  byName: 'Gustav Eng',
  at: '2025-06-16T10:45:00.000Z',
});

const NOTE = 'Det indstilles, at styregruppen tager orienteringen til efterretning';

function meeting2Items(): AgendaItem[] {
  return [
    agendaItem(1, 'Velkomst og godkendelse af referat', {
      presenter: 'Anna',
      annexes: ['Bilag 1. Referat af 1. møde'],
      recommendation: ['Det indstilles, at styregruppen godkender referatet fra mødet den 24. februar 2025.'],
      ...decided('approved', 'Referatet fra 1. møde blev godkendt uden bemærkninger.'),
    }),
    agendaItem(2, 'Status på tekniske leverancer', {
      presenter: 'Carsten',
      annexes: ['Bilag 2. Udviklingsplan for Forløbsplaner 2025, revideret'],
      recommendation: [NOTE],
      background:
        'Teknikgruppen har siden sidste møde færdiggjort to af årets fire udviklingsopgaver. Den reviderede udviklingsplan flytter opgaven om nye visninger i patientappen til 4. kvartal.',
      proposal: 'Styregruppen orienteres om status. Udviklingsplanen fremlægges under dette faste punkt fremover.',
      ...decided('noted', 'Styregruppen tog orienteringen til efterretning.'),
    }),
    agendaItem(3, 'Status på drift', {
      presenter: 'Carsten',
      recommendation: [NOTE],
      background:
        'Svartiderne i løsningen har i maj været over det aftalte niveau på tre hverdage. Årsagen var en komponent, der ventede på svar fra klinikker med slukket computer.',
      proposal:
        'Der er indført en midlertidig løsning, så lægens arbejde kan fortsætte uden svar fra komponenten. Svartiderne følges dagligt.',
      ...decided('noted', 'Styregruppen ønsker en status på svartiderne ved næste møde.'),
    }),
    agendaItem(4, 'Status på lægesystemerne (certificering 2025)', {
      presenter: 'Frida',
      recommendation: [NOTE, 'Det indstilles, at styregruppen godkender tidsplanen for certificering 2025'],
      background:
        'Lægesystemerne skal gennemføre en årlig certificering af basale funktioner. Én ny leverandør forventes klar til test i efteråret.',
      proposal: 'Certificeringen gennemføres i uge 40-44. Aftaler for 2025 forventes underskrevet inden 1. august 2025.',
      ...decided('approved', 'Tidsplanen for certificering 2025 blev godkendt.'),
    }),
    agendaItem(5, 'Projektets risikolog', {
      presenter: 'Frida',
      annexes: ['Bilag 3. Risikovurdering FLP juni 2025'],
      recommendation: [
        'Det indstilles, at styregruppen tager risikovurderingen til efterretning.',
        'Det indstilles, at styregruppen drøfter korrigerende handlinger, herunder om risikoen for Teknik skal eskaleres til DAP-styregruppen.',
      ],
      background:
        'Projektets aktuelle risici vedrører Udbredelse, Teknik og Prioritering. Udbredelse og Prioritering vurderes fortsat i kategorien "gul". Teknik vurderes nu i kategorien "rød".',
      proposal: 'Styregruppen orienteres om projektets risici og drøfter korrigerende handlinger.',
      ...decided('discussed', 'Risikoen for Teknik (R2) eskaleres til DAP-styregruppen.'),
    }),
    agendaItem(6, 'Forretningsregler for lægesystemerne', {
      presenter: 'Dorthe',
      recommendation: ['Det indstilles, at styregruppen godkender udkastet til forretningsregler'],
      background: 'Erfaringer fra test viser, at der er krav, som lægesystemerne skal overholde, for at deling af forløbsplaner virker.',
      proposal: 'Udkastet præsenteres for lægesystemernes product owners den 10. september.',
      nextSteps: 'Der foreslås følgende mødedatoer: 22. oktober 2025 kl. 12.30–14.00 og 4. februar 2026 kl. 9.00–10.30.',
      ...decided('postponed', 'Udkastet genbehandles på næste møde efter dialog med leverandørerne.'),
    }),
    agendaItem(7, 'Eventuelt'),
  ];
}

function meeting(number: number, over: Partial<Meeting>): Meeting {
  return {
    groupId: GROUP_ID,
    number,
    title: 'Møde i den operationelle styregruppe for forløbsplaner',
    date: '2025-02-24',
    start: '08:40',
    end: '10:00',
    location: 'Mødelokale 2, MedCom',
    joinUrl: null,
    status: 'held',
    participants: [],
    attendance: [],
    items: [],
    minutes: { status: 'approved', approvedBy: idOf('Anna Holm'), approvedAt: '2025-03-03T09:00:00.000Z', amendments: [], version: 1 },
    createdAt: '2025-01-10T09:00:00.000Z',
    ...over,
  };
}

const participants = () =>
  ROSTER.map((m) => ({
    name: m.name,
    organisation: m.organisation,
    role: m.role === 'chair' ? 'Formand' : m.role === 'referent' ? 'referent' : null,
  }));

const entry = (
  meetingNo: number,
  date: string,
  rating: Rating,
  tally: [number, number, number],
  disagreement = false,
): RatingHistoryEntry => ({
  date,
  rating,
  tally: { green: tally[0], yellow: tally[1], red: tally[2] },
  disagreement,
  round: `V${meetingNo}`,
  meeting: meetingNo,
});

function risk(
  id: string,
  category: string,
  title: string,
  owner: string,
  history: RatingHistoryEntry[],
  correctiveActions: string[],
): Risk {
  return {
    groupId: GROUP_ID,
    id,
    category,
    title,
    description: null,
    owner: { name: owner, aadObjectId: idOf(owner) },
    rating: history.at(-1)?.rating ?? null,
    correctiveActions,
    status: 'open',
    history,
    createdAt: '2025-02-01T09:00:00.000Z',
    createdBy: idOf('Frida Mose'),
  };
}

export function minutesFixture(): Db {
  const db = emptyDb();
  db.groups.push(group());
  db.meetings.push(meeting(1, {}));
  db.meetings.push(
    meeting(2, {
      date: '2025-06-16',
      start: '12:30',
      end: '14:00',
      location: 'Via Teams',
      participants: participants(),
      attendance: ROSTER.map((m) => ({ name: m.name, aadObjectId: m.aadObjectId, present: m.name !== 'Erik Sand' })),
      items: meeting2Items(),
      minutes: {
        status: 'draft',
        approvedBy: null,
        approvedAt: null,
        version: 2,
        amendments: [
          { text: 'Beslutningen under punkt 4 præciseret: uge 40-44.', by: idOf('Bent Lund'), at: '2025-06-17T07:30:00.000Z', item: 4 },
        ],
      },
      createdAt: '2025-05-20T09:00:00.000Z',
    }),
  );
  db.meetings.push(
    meeting(3, {
      date: '2025-10-22',
      start: '12:30',
      end: '14:00',
      status: 'planned',
      minutes: { status: 'draft', approvedBy: null, approvedAt: null, amendments: [], version: 1 },
    }),
  );

  db.risks.push(
    risk(
      'R1',
      'Udbredelse',
      'Få praksisser tager forløbsplanerne i brug',
      'Bent Lund',
      [entry(1, '2025-02-24', 'yellow', [1, 4, 0]), entry(2, '2025-06-16', 'yellow', [1, 5, 0])],
      ['Informationsindsats via PLO’s nyhedsbrev', 'Opfølgning med de regionale konsulenter'],
    ),
    risk(
      'R2',
      'Teknik',
      'Svartider over det aftalte niveau',
      'Carsten Vang',
      [entry(1, '2025-02-24', 'yellow', [2, 3, 0]), entry(2, '2025-06-16', 'red', [1, 2, 3], true)],
      ['Midlertidig løsning uden ventetid på klinikkernes svar', 'Daglig overvågning af svartider'],
    ),
    risk(
      'R3',
      'Prioritering',
      'Konkurrerende opgaver hos lægesystemleverandørerne',
      'Frida Mose',
      [entry(1, '2025-02-24', 'red', [0, 2, 3]), entry(2, '2025-06-16', 'yellow', [0, 5, 1])],
      [],
    ),
    {
      ...risk('R4', 'Teknik', 'Udfasning af gammel integration', 'Carsten Vang', [entry(1, '2025-02-24', 'green', [5, 0, 0])], []),
      status: 'retired',
    },
  );

  const action = (
    id: string,
    text: string,
    owner: string,
    due: string | null,
    status: 'open' | 'done',
    source: { meeting: number | null; item: number | null; kind?: 'chat' | 'item' | 'risk' },
    createdAt: string,
  ) => ({
    groupId: GROUP_ID,
    id,
    text,
    owner: { name: owner, aadObjectId: idOf(owner) },
    due,
    status,
    source: { kind: source.kind ?? 'item', meeting: source.meeting, item: source.item, risk: null },
    createdBy: idOf('Gustav Eng'),
    createdAt,
    ...(status === 'done' ? { doneBy: idOf(owner), doneAt: '2025-05-28T10:00:00.000Z' } : {}),
  });
  db.actions.push(
    action(
      'A1',
      'Indhent status på aftaler med lægesystemleverandørerne',
      'Frida Mose',
      '2025-05-01',
      'open',
      { meeting: 1, item: 4 },
      '2025-02-24T09:30:00.000Z',
    ),
    action(
      'A2',
      'Rundsend revideret udviklingsplan',
      'Carsten Vang',
      '2025-06-01',
      'done',
      { meeting: 1, item: 2 },
      '2025-02-24T09:35:00.000Z',
    ),
    action(
      'A3',
      'Send aftaleudkast til lægesystemleverandørerne',
      'Frida Mose',
      '2025-08-01',
      'open',
      { meeting: 2, item: 4 },
      '2025-06-16T11:40:00.000Z',
    ),
    action(
      'A4',
      'Forbered status på svartider til næste møde',
      'Carsten Vang',
      '2025-10-15',
      'open',
      { meeting: null, item: null, kind: 'chat' },
      '2025-06-16T12:10:00.000Z',
    ),
    action(
      'A5',
      'Planlæg brugertest i to praksisser',
      'Bent Lund',
      '2025-09-01',
      'open',
      { meeting: 1, item: 2 },
      '2025-02-24T09:40:00.000Z',
    ),
    {
      ...action('A6', 'Fremmed gruppes punkt', 'Bent Lund', '2025-01-01', 'open', { meeting: 2, item: 1 }, '2025-06-16T11:00:00.000Z'),
      groupId: 'other',
    },
  );

  const r2 = db.risks.find((r) => r.id === 'R2')!;
  db.escalations.push({
    groupId: GROUP_ID,
    id: 'E1',
    riskId: 'R2',
    reason:
      'Svartiderne har været over det aftalte niveau siden maj, og løsningen kræver prioritering af ressourcer hos platformsoperatøren.',
    status: 'answered',
    by: idOf('Anna Holm'),
    byName: 'Anna Holm',
    at: '2025-06-16T11:50:00.000Z',
    snapshot: {
      title: r2.title,
      category: r2.category,
      rating: 'red',
      history: r2.history.map((h) => ({ ...h })),
      tally: { green: 1, yellow: 2, red: 3 },
      comments: ['Carsten Vang: Den midlertidige løsning holder kun til efteråret.', 'Bent Lund: Praksis mærker det allerede.'],
      correctiveActions: [...r2.correctiveActions],
      owner: 'Carsten Vang',
    },
    outboxId: 'o-17',
    acknowledgedBy: '99999999-8888-4777-8666-555555555555',
    acknowledgedAt: '2025-06-18T07:00:00.000Z',
    answer: 'DAP-styregruppen har bedt platformsoperatøren om en handlingsplan inden 1. september.',
    answeredBy: '11111111-2222-4333-8444-555555555555',
    answeredAt: '2025-06-25T12:15:00.000Z',
  });
  return db;
}

/** A meeting of `n` items, for size checks: every item with recommendation, prose and a decision. */
export function bigMeetingFixture(n: number): Db {
  const db = minutesFixture();
  const m = db.meetings.find((x) => x.number === 2)!;
  m.items = Array.from({ length: n }, (_, i) =>
    agendaItem(i + 1, `Punkt nummer ${i + 1} om et emne`, {
      presenter: 'Frida',
      annexes: i % 3 === 0 ? [`Bilag ${i + 1}. Notat`] : [],
      recommendation: [NOTE, 'Det indstilles, at styregruppen godkender planen'],
      background: 'Baggrundstekst '.repeat(30),
      proposal: 'Løsningstekst '.repeat(20),
      ...(i % 4 === 3 ? {} : decided(i % 2 ? 'approved' : 'noted', `Beslutning for punkt ${i + 1}.`)),
    }),
  );
  return db;
}
