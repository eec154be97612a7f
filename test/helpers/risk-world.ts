/**
 * A realistic steering group for risk tests and card fixtures: 60 people on the roster (chair,
 * referent, members from several organisations, observers), three meetings, ten risks with
 * history, escalations, and vote rounds. Deterministic (seeded), plain data.
 */
import { emptyDb, type Db, type Group, type Meeting, type Member, type Rating, type Risk, type VoteRound } from '../../src/domain/model.js';
import { conversation, group as baseGroup, meeting as baseMeeting } from './builders.js';

export function seeded(seed = 42) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const FIRST = [
  'Anna',
  'Bent',
  'Carsten',
  'Dorthe',
  'Erik',
  'Gustav',
  'Hanne',
  'Ib',
  'Jette',
  'Karsten',
  'Lise',
  'Mads',
  'Nina',
  'Ole',
  'Pia',
  'Rasmus',
  'Susanne',
  'Torben',
  'Ulla',
  'Vibeke',
  'Allan',
  'Birgitte',
  'Claus',
  'Ditte',
  'Eva',
  'Finn',
  'Gitte',
  'Henrik',
  'Inge',
  'Jens',
];
const LAST = [
  'Holm',
  'Lund',
  'Vang',
  'Kjær',
  'Sand',
  'Eng',
  'Mortensen',
  'Bach',
  'Skov',
  'Dahl',
  'Krogh',
  'Bruun',
  'Lykke',
  'Winther',
  'Thygesen',
  'Nørgaard',
  'Østergaard',
  'Frandsen',
  'Juhl',
  'Kirkegaard',
];
const ORGS = ['Sekretariatet', 'PLO', 'Kvalitetsenheden', 'Platformsoperatøren', 'Konsulenthuset', 'Regionerne'];

/** Teams-like ids: `29:` + 60 characters, and a GUID-shaped Entra object id. */
export function teamsIdFor(i: number): string {
  return `29:1${String(i).padStart(3, '0')}aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789-AbCdEfGhIjKlMnOpQrStUv`;
}
export function aadFor(i: number): string {
  const h = (n: number, len: number) => n.toString(16).padStart(len, '0').slice(-len);
  return `${h(0x5a3c0000 + i, 8)}-${h(0x1b2c + i, 4)}-4${h(i, 3)}-8${h(i * 7, 3)}-${h(0x9d8e7f6a5b4c + i, 12)}`;
}

export function roster60(): Member[] {
  const out: Member[] = [];
  for (let i = 0; i < 60; i++) {
    const name =
      i === 0
        ? 'Anna Holm'
        : `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}${i >= FIRST.length ? ' ' + String.fromCharCode(65 + (i % 26)) + '.' : ''}`;
    out.push({
      name,
      aadObjectId: aadFor(i),
      teamsId: teamsIdFor(i),
      role: i === 0 ? 'chair' : i === 1 ? 'referent' : i >= 57 ? 'observer' : 'member',
      organisation: ORGS[i % ORGS.length],
    });
  }
  return out;
}

export function steeringGroup(id = 'g1', roster: Member[] = roster60()): Group {
  return baseGroup(id, {
    name: 'Operationel styregruppe for forløbsplaner',
    createdAt: '2025-01-06T08:00:00.000Z',
    conversation: conversation(`19:${id}-chat@thread.v2`, {
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      tenantId: 'tenant-secretariat',
      botId: '28:styrebot',
    }),
    roster,
    counters: { meeting: 3, risk: 0, action: 0, round: 0, escalation: 0 },
  });
}

export function meetingOf(groupId: string, number: number, date: string, start: string, end: string, status: Meeting['status']): Meeting {
  return baseMeeting(groupId, number, date, {
    title: `${number}. møde i den operationelle styregruppe`,
    start,
    end,
    location: 'Mødelokale 2, sekretariatet, og via Teams',
    status,
    createdAt: '2025-01-06T08:00:00.000Z',
  });
}

/** Ten risks as a steering group for care plans in general practice would log them. */
export const RISK_TEXTS: Array<{ category: string; title: string; description: string; actions: string[] }> = [
  {
    category: 'Udbredelse',
    title: 'For få praksisser tager forløbsplanerne i brug',
    description:
      'Kun 38 % af de tilmeldte praksisser har oprettet mindst én forløbsplan seks måneder efter idriftsættelsen. Uden bred udbredelse når løsningen ikke de patienter med kroniske sygdomme, den er tænkt til, og gevinsterne i business casen udebliver. Praksisserne nævner tid, manglende kendskab og usikkerhed om honorering som de vigtigste barrierer.',
    actions: [
      'Målrettet kommunikation via PLO’s nyhedsbrev og de regionale praksiskonsulenter',
      'Kort introduktionsvideo direkte i lægesystemerne',
      'Månedlig opfølgning på udbredelsen pr. region',
    ],
  },
  {
    category: 'Udbredelse',
    title: 'Patienterne finder ikke forløbsplanen i de eksterne apps',
    description:
      'Brugertest viser, at under halvdelen af patienterne finder deres forløbsplan i app’en uden hjælp. Navngivningen er forskellig fra app til app, og notifikationer er slået fra som standard.',
    actions: ['Fælles navngivning aftales med app-leverandørerne', 'Vejledning til patienter udleveres i konsultationen'],
  },
  {
    category: 'Udbredelse',
    title: 'Ujævn udbredelse mellem regionerne',
    description:
      'To regioner har under 20 % udbredelse, mens de øvrige ligger over 45 %. Forskellen skyldes især forskellig prioritering af praksiskonsulenternes tid.',
    actions: [],
  },
  {
    category: 'Teknik',
    title: 'Forsinket certificering af lægesystemerne',
    description:
      'To af de fire lægesystemleverandører har endnu ikke gennemført certificeringen af den nye version af forløbsplansmodulet. Uden certificering kan praksisser på disse systemer ikke bruge funktionerne til opfølgning, og udrulningen må udskydes til efter sommerferien.',
    actions: [
      'Ugentlige statusmøder med de to leverandører',
      'Eskalationsplan aftalt med DAP-sekretariatet',
      'Midlertidig vejledning til praksisser på de berørte systemer',
    ],
  },
  {
    category: 'Teknik',
    title: 'Ustabil integration til datadelingsplatformen ved opdateringer',
    description:
      'Ved de seneste tre opdateringer af platformen har integrationen været nede i op til fire timer i dagtiden. Praksisserne oplever fejl uden forklaring.',
    actions: ['Opdateringer flyttes til aften og weekend', 'Driftsstatus vises i lægesystemet ved nedetid'],
  },
  {
    category: 'Teknik',
    title: 'Afhængighed af én nøgleperson hos driftsleverandøren',
    description: 'Viden om integrationens fejlhåndtering ligger hos én udvikler. Ved fravær går fejlretning i stå.',
    actions: ['Dokumentation af fejlhåndtering', 'Makkerordning indføres inden 1. september'],
  },
  {
    category: 'Prioritering',
    title: 'Konkurrerende projekter i Digital Almen Praksis trækker på de samme udviklere',
    description:
      'Udviklingsenheden skal levere til tre projekter i samme kvartal. Forløbsplanerne risikerer at blive nedprioriteret, når der opstår akutte opgaver i de andre projekter.',
    actions: ['Fælles prioriteringsmøde med programledelsen hver måned'],
  },
  {
    category: 'Prioritering',
    title: 'Uafklaret finansiering af drift efter 2026',
    description:
      'Driftsbudgettet er kun besluttet til udgangen af 2026. Uden en beslutning i efteråret kan leverandørkontrakterne ikke forlænges i tide.',
    actions: ['Beslutningsoplæg til programstyregruppen inden oktober'],
  },
  {
    category: 'Informationssikkerhed',
    title: 'Manglende databehandleraftale med en app-leverandør',
    description:
      'Én af app-leverandørerne har endnu ikke underskrevet den opdaterede databehandleraftale. Indtil da må der ikke vises nye typer oplysninger i den app.',
    actions: ['Juridisk gennemgang afsluttes', 'Leverandøren rykkes skriftligt'],
  },
  {
    category: 'Teknik',
    title: 'Svartider ved samtidige opslag i spidsbelastning',
    description:
      'Ved mere end 200 samtidige opslag stiger svartiden til over fem sekunder. Praksisserne oplever det som at systemet hænger.',
    actions: ['Belastningstest før hver release', 'Cache af opslag i lægesystemets integration'],
  },
];

const tally = (green: number, yellow: number, red: number) => ({ green, yellow, red });

/** A group with risks R1–R10 (history from meetings 1 and 2), meetings 1 (held), 2 and 3 (planned). */
export function riskWorld(opts: { groupId?: string; roster?: Member[] } = {}): Db {
  const db = emptyDb();
  const groupId = opts.groupId ?? 'g1';
  const group = steeringGroup(groupId, opts.roster ?? roster60());
  db.groups.push(group);
  db.meetings.push(
    meetingOf(groupId, 1, '2025-02-24', '08:40', '10:00', 'held'),
    meetingOf(groupId, 2, '2025-06-16', '12:30', '14:00', 'planned'),
    meetingOf(groupId, 3, '2025-10-22', '12:30', '14:00', 'planned'),
  );
  const histories: Array<Array<[Rating, ReturnType<typeof tally>, boolean]>> = [
    [['yellow', tally(3, 9, 2), true]],
    [['yellow', tally(4, 10, 0), false]],
    [],
    [
      ['yellow', tally(2, 8, 4), true],
      ['red', tally(0, 4, 11), false],
    ],
    [
      ['red', tally(0, 5, 9), false],
      ['yellow', tally(2, 10, 2), true],
    ],
    [['green', tally(10, 4, 0), false]],
    [],
    [['yellow', tally(1, 12, 1), true]],
    [],
    [
      ['green', tally(12, 2, 0), false],
      ['green', tally(11, 3, 0), false],
    ],
  ];
  RISK_TEXTS.forEach((r, i) => {
    group.counters.risk++;
    const history = histories[i].map(([rating, t, disagreement], k) => ({
      date: k === histories[i].length - 1 && histories[i].length === 2 ? '2025-02-24' : '2024-10-22',
      rating,
      tally: t,
      disagreement,
      round: null,
      meeting: k === histories[i].length - 1 && histories[i].length === 2 ? 1 : null,
    }));
    const risk: Risk = {
      groupId,
      id: `R${i + 1}`,
      category: r.category,
      title: r.title,
      description: r.description,
      owner: i % 4 === 2 ? null : { name: group.roster[(i * 5 + 2) % 50].name, aadObjectId: group.roster[(i * 5 + 2) % 50].aadObjectId },
      rating: history.at(-1)?.rating ?? null,
      correctiveActions: r.actions,
      status: 'open',
      history,
      createdAt: '2024-09-02T09:00:00.000Z',
      createdBy: group.roster[0].aadObjectId!,
    };
    db.risks.push(risk);
  });
  db.risks[3].owner = { name: 'Driftsleverandøren (Netic)', aadObjectId: null };
  db.escalations.push({
    groupId,
    id: 'E1',
    riskId: 'R4',
    reason: 'Certificeringen er forsinket for anden gang, og udrulningen kan ikke holdes uden en beslutning i programstyregruppen.',
    status: 'answered',
    by: group.roster[0].aadObjectId!,
    byName: group.roster[0].name,
    at: '2025-03-03T09:15:00.000Z',
    snapshot: {
      title: db.risks[3].title,
      category: 'Teknik',
      rating: 'red',
      history: db.risks[3].history,
      tally: tally(0, 4, 11),
      comments: [],
      correctiveActions: db.risks[3].correctiveActions,
      owner: 'Driftsleverandøren (Netic)',
    },
    outboxId: null,
    answer: 'Programstyregruppen beder sekretariatet indkalde leverandørerne til et fælles møde og vende tilbage i april.',
    answeredAt: '2025-03-20T13:00:00.000Z',
  });
  group.counters.escalation = 1;
  return db;
}

/** An open round over R1–R10 with ballots from `voted` voters (deterministic choices). */
export function withOpenRound(db: Db, opts: { voted?: number; groupId?: string; seed?: number } = {}): VoteRound {
  const groupId = opts.groupId ?? 'g1';
  const group = db.groups.find((g) => g.id === groupId)!;
  group.counters.round++;
  const rnd = seeded(opts.seed ?? 7);
  const voters = group.roster.filter((m) => m.role === 'chair' || m.role === 'member');
  const riskIds = db.risks.filter((r) => r.groupId === groupId && r.status === 'open').map((r) => r.id);
  const round: VoteRound = {
    groupId,
    id: `V${group.counters.round}`,
    status: 'open',
    openedBy: group.roster[0].aadObjectId!,
    openedAt: '2025-06-02T07:00:00.000Z',
    deadline: '2025-06-16T12:00:00.000Z',
    meeting: 2,
    riskIds,
    ballots: voters.slice(0, opts.voted ?? 23).map((v, k) => ({
      voter: v.aadObjectId!,
      voterName: v.name,
      choices: Object.fromEntries(riskIds.map((id) => [id, (['green', 'yellow', 'yellow', 'red'] as Rating[])[Math.floor(rnd() * 4)]])),
      comment:
        k % 6 === 0
          ? 'Certificeringen hos de to leverandører bør følges tæt; vi har set samme forsinkelse ved sidste release, og praksisserne mister tålmodigheden.'
          : null,
      at: new Date(Date.parse('2025-06-02T08:00:00.000Z') + k * 600_000).toISOString(),
      sentAt: new Date(Date.parse('2025-06-02T08:00:00.000Z') + k * 600_000).toISOString(),
    })),
    result: null,
    overrides: {},
    closedAt: null,
    closedBy: null,
    card: null,
  };
  db.voteRounds.push(round);
  return round;
}
