/**
 * Realistic domain data for the meeting cards, run through the real view functions. The card
 * fixtures in cards/fixtures/<card>/ are these outputs (views.test.ts checks they are in sync;
 * `UPDATE_CARD_FIXTURES=1 npx vitest run test/unit/meetings/views.test.ts` rewrites them).
 */
import { planAgendaImport } from '../../../src/app/agenda-import.js';
import { newMeeting } from '../../../src/app/meetings.js';
import { buildAgenda, emptyItem } from '../../../src/domain/meeting-agenda.js';
import {
  agendaItemView,
  agendaOverviewView,
  agendaPreviewView,
  attendanceView,
  meetingsView,
  pickGroupView,
} from '../../../src/cards/views/meetings.js';
import { calendarView } from '../../../src/cards/views/calendar.js';
import type { AgendaItem, Group, Meeting, Member } from '../../../src/domain/model.js';
import type { Tx } from '../../../src/app/ports.js';
import { group, sampleAgenda, withGroup } from './fixtures.js';
import { followUpActions } from './follow-up-data.js';

const FIRST = [
  'Anna',
  'Bent',
  'Carsten',
  'Dorthe',
  'Erik',
  'Frida',
  'Gustav',
  'Hanne',
  'Ib',
  'Jette',
  'Kasper',
  'Lone',
  'Mads',
  'Nina',
  'Ole',
];
const LAST = ['Holm', 'Lund', 'Vang', 'Kjær', 'Sand', 'Mose', 'Eng', 'Østergaard'];
const ORGS = ['MedCom', 'PLO', 'KiAP', 'PLSP', 'Mediq', 'Danske Regioner'];

/** A group with 60 people on the roster (the Teams refresh limit; the largest realistic chat). */
export function bigGroup(): Group {
  const roster: Member[] = Array.from({ length: 60 }, (_, i) => ({
    name: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}-${LAST[(i + 3) % LAST.length]}`,
    aadObjectId: `aad-${String(i).padStart(2, '0')}-5f0c2d7e-8c1b-4a4e-9d0f-2b7c1e9a${String(i).padStart(4, '0')}`,
    teamsId: `29:1${String(i).padStart(3, '0')}AbCdEfGhIjKlMnOpQrStUvWxYz`,
    role: i === 0 ? 'chair' : i === 6 ? 'referent' : i > 55 ? 'observer' : 'member',
    organisation: ORGS[i % ORGS.length],
  }));
  return group('g1', { roster, name: 'Operationel styregruppe for forløbsplaner' });
}

const tx = { now: new Date('2025-05-01T08:00:00.000Z') } as Tx;

export const LONG_BACKGROUND = [
  'Forløbsplanerne blev sat i drift i efteråret, og siden da er der oprettet planer for knap 40.000 patienter med type 2-diabetes, KOL og hjerte-kar-sygdom. Udbredelsen er dog fortsat meget ujævn: i tre af regionerne har over halvdelen af klinikkerne oprettet mindst én plan, mens det i de to øvrige regioner kun gælder hver femte klinik.',
  'Teknikgruppen har gennemgået fejlrapporterne fra de seneste tre måneder. Hovedparten vedrører synkroniseringen mellem lægesystemet og delingsplatformen, hvor en plan, der ændres i klinikken, i nogle tilfælde først bliver synlig for patienten dagen efter. Årsagen er en kø i integrationskomponenten, som kun tømmes om natten, når belastningen er lav. Der er udarbejdet en løsning, som sender ændringer løbende, men den kræver en ny version af komponenten hos alle fire lægesystemleverandører.',
  'Leverandørerne har givet forskellige tidsplaner for den nye version. To leverandører forventer at kunne levere inden sommerferien, én i september, og den sidste har endnu ikke kunnet give en dato. Sekretariatet foreslår, at styregruppen drøfter, om den nye version skal gøres til et krav i certificeringen for 2025, og om der skal fastsættes en frist, hvorefter forløbsplaner fra systemer uden den nye version markeres som forsinkede over for patienten.',
  'Endelig har patientforeningerne givet udtryk for, at visningen af forløbsplanen i de eksterne apps er svær at overskue for patienter med flere kroniske sygdomme. Kvalitetsenheden har derfor udarbejdet et forslag til en samlet visning, som præsenteres under punktet, og som efter planen kan indgå i udviklingsplanen for 4. kvartal.',
].join('\n\n');

function sampleMeeting(g: Group): Meeting {
  const a = sampleAgenda();
  const items: AgendaItem[] = a.items.map((i) => ({ ...emptyItem(i.number, i.title), ...i }));
  return newMeeting(g, tx, {
    number: 2,
    date: '2025-06-16',
    start: '12:30',
    end: '14:00',
    title: a.title!,
    location: a.location,
    participants: a.participants,
    items,
  });
}

function decide(m: Meeting, n: number, outcome: AgendaItem['outcome'], decision: string | null, byName = 'Gustav Eng') {
  Object.assign(
    m.items.find((i) => i.number === n)!,
    { outcome, decision, by: 'aad-gustav', byName, at: '2025-06-16T10:52:00.000Z' },
  );
}

export function cardCases(): Record<string, Record<string, object>> {
  const g = group();
  const big = bigGroup();
  const m = sampleMeeting(g);
  decide(m, 1, 'approved', 'Referatet fra mødet den 24. februar 2025 blev godkendt uden bemærkninger.');
  decide(m, 2, 'noted', null);
  decide(
    m,
    4,
    'approved',
    'Styregruppen tog orienteringen til efterretning og godkendte tidsplanen for certificering 2025 med den tilføjelse, at leverandører, der ikke kan nå certificeringen i uge 40-44, skal melde det til sekretariatet senest 1. september, så der kan aftales en særskilt testperiode. Sekretariatet følger op på aftalerne for 2025 og orienterer på næste møde.',
  );

  // The long item: every section, long text, carried over, in a 60-person group.
  const longMeeting = sampleMeeting(big);
  const longItem: AgendaItem = {
    ...emptyItem(
      6,
      'Forretningsregler for lægesystemerne og krav til synkronisering af forløbsplaner mellem klinik, delingsplatform og eksterne patientapps',
    ),
    presenter: 'Dorthe Kjær og Carsten Vang',
    annexes: [
      'Bilag 4. Udkast til forretningsregler for lægesystemerne, version 0.9',
      'Bilag 5. Fejlrapporter januar–april 2025 (opsummering)',
      'Bilag 6. Forslag til samlet visning i patientapps',
    ],
    recommendation: [
      'tager orienteringen om status for synkronisering til efterretning,',
      'drøfter om den nye version af integrationskomponenten skal være et krav i certificeringen for 2025,',
      'godkender udkastet til forretningsregler som grundlag for dialogen med lægesystemernes product owners den 10. september.',
    ],
    background: LONG_BACKGROUND,
    proposal:
      'Udkastet præsenteres for lægesystemernes product owners den 10. september. Kommentarer indarbejdes, og en endelig version forelægges styregruppen på mødet den 22. oktober 2025 til godkendelse.',
    nextSteps: 'Der foreslås følgende mødedatoer:\n\n22. oktober 2025. Kl. 12.30 – 14.00\n\n4. februar 2026. Kl. 9.00 – 10.30',
    carriedFrom: 1,
  };
  longMeeting.items[5] = longItem;
  const decidedLong = {
    ...longItem,
    outcome: 'postponed' as const,
    decision:
      'Punktet blev udsat til næste møde, da leverandørernes tidsplaner endnu ikke er afklaret. Sekretariatet indhenter en skriftlig tidsplan fra alle fire leverandører inden 1. september.',
    by: 'aad-00',
    byName: 'Anna Holm-Kjær',
    at: '2025-06-16T11:31:00.000Z',
  };

  const eventuelt = m.items[6];
  const approved = {
    ...m,
    minutes: { ...m.minutes, status: 'approved' as const, approvedBy: 'aad-anna', approvedAt: '2025-06-20T07:00:00.000Z' },
  };

  const bigMeeting = sampleMeeting(big);
  bigMeeting.items = [
    ...bigMeeting.items,
    ...Array.from({ length: 13 }, (_, k) => ({
      ...emptyItem(8 + k, `Ekstra punkt ${8 + k}: orientering om arbejdsgruppens status for delprojekt ${k + 1} om datadeling og samtykke`),
      presenter: 'alle',
    })),
  ];
  bigMeeting.participants = big.roster.map((r) => ({
    name: r.name,
    organisation: r.organisation,
    role: r.role === 'chair' ? 'Formand' : r.role === 'referent' ? 'referent' : null,
  }));
  bigMeeting.attendance = big.roster.slice(0, 48).map((r, i) => ({ name: r.name, aadObjectId: r.aadObjectId, present: i % 9 !== 0 }));
  decide(bigMeeting, 1, 'approved', 'Godkendt.');
  decide(bigMeeting, 3, 'discussed', 'Drøftet; teknikgruppen vender tilbage med en plan.');
  decide(bigMeeting, 6, 'postponed', 'Udsat.');

  const emptyMeeting = newMeeting(g, tx, { number: 5, date: '2026-02-04', start: '09:00', end: '10:30', items: [] });
  const standing = newMeeting(g, tx, {
    number: 3,
    date: '2025-10-22',
    start: '12:30',
    end: '14:00',
    location: 'Mødelokale 2, Sekretariatet, Dampfærgevej 22, 2100 København Ø',
    items: buildAgenda(g.standingItems, m),
  });
  const cancelled = {
    ...newMeeting(g, tx, { number: 4, date: '2025-12-03', start: '08:40', end: '10:00', items: buildAgenda(g.standingItems, null) }),
    status: 'cancelled' as const,
  };

  // The calendar card: a link as the bot makes it (BOT_DOMAIN set), expiring 12:48 Copenhagen time.
  const calendarLink = (filename: string) => ({
    url: 'https://styrebot.example.dk/files/eyJnIjoiZzEiLCJmIjoiaWNzIiwiZXhwIjoxNzQ4Nzc0ODgwfQ.x7Vq2mC1kR9fJtB0aLw3nZ8pYhE5sD4uG6iO1eQ2rTk',
    filename,
    expiresAt: new Date('2025-06-01T10:48:00.000Z'),
  });
  const twenty = Array.from({ length: 20 }, (_, k) =>
    newMeeting(big, tx, {
      number: k + 1,
      date: `${2026 + Math.floor(k / 3)}-${['02-04', '06-16', '10-22'][k % 3]}`,
      start: '12:30',
      end: '14:00',
      location: k % 2 ? 'Mødelokale Ærø, Sekretariatet' : null,
      items: [],
    }),
  );

  const agenda = sampleAgenda();
  const db = withGroup();
  const plan = planAgendaImport(db, 'g1', agenda);
  const dbFill = withGroup();
  dbFill.meetings.push(
    newMeeting(dbFill.groups[0], tx, {
      number: 3,
      date: '2025-06-16',
      start: '13:00',
      end: '14:00',
      items: buildAgenda(g.standingItems, null),
    }),
  );
  dbFill.meetings.push(newMeeting(dbFill.groups[0], tx, { number: 4, date: '2025-10-22', start: '12:30', end: '14:00', items: [] }));
  dbFill.groups[0].counters.meeting = 4;
  const fillPlan = planAgendaImport(dbFill, 'g1', { ...agenda, start: null, end: null });
  const warnings = [
    'Tidspunkt: "Kl. 12.30 – 14" kunne ikke læses; mødets tidspunkt er ikke ændret.',
    'Punkt 3 "Status på drift" står ikke i dagsordenslisten; overskriften i dokumentet er brugt.',
    'Punkt 6: afsnittet "Indstilling" mangler; punktet er importeret uden indstilling.',
    'Linjen "Side 4 af 7" blev opfattet som sidetal og fjernet.',
    'Deltager "Frida Mose, MedCom (deltager under punkt 4 og 5)": rollen kunne ikke læses; den er sat til ingen.',
  ];
  const groups = [
    'Operationel styregruppe for forløbsplaner',
    'Styregruppe for hjemmemonitorering',
    'Arbejdsgruppe for datadeling',
    'Følgegruppe for patientapps',
    'Teknisk koordinationsgruppe',
    'Styregruppe for telemedicin',
    'Kvalitetsudvalget',
    'DAP-koordinering',
  ].map((name, i) => group(`g${i + 1}`, { name }));

  return {
    'agenda-item': {
      undecided: agendaItemView('da', g, m, m.items[4]),
      decided: agendaItemView('da', g, m, m.items[3]),
      'noted-without-text': agendaItemView('da', g, m, m.items[1]),
      'long-text-60-members': agendaItemView('da', big, longMeeting, longItem),
      'long-decided-english': agendaItemView('en', big, longMeeting, decidedLong),
      'empty-lists-eventuelt': agendaItemView('da', g, m, eventuelt),
      'minutes-approved': agendaItemView('da', g, approved, m.items[0]),
      'cancelled-meeting': agendaItemView('da', g, { ...m, status: 'cancelled' }, m.items[2]),
      'first-item-follow-up': agendaItemView('da', g, m, m.items[0], [], followUpActions(g.id)),
    },
    'agenda-overview': {
      sample: agendaOverviewView('da', g, m),
      'twenty-items-60-participants': agendaOverviewView('da', big, bigMeeting),
      'no-items': agendaOverviewView('da', g, emptyMeeting),
      english: agendaOverviewView('en', g, m),
    },
    meetings: {
      upcoming: meetingsView('da', g, [m, standing, cancelled, emptyMeeting], '2025-06-10'),
      empty: meetingsView('da', g, [], '2025-06-10'),
      english: meetingsView('en', g, [standing, emptyMeeting], '2025-06-10'),
    },
    'meetings-calendar': {
      link: calendarView({ locale: 'da', group: g, meetings: [m, standing, emptyMeeting], link: calendarLink('styregruppe-moeder.ics') }),
      'link-english-one-meeting': calendarView({
        locale: 'en',
        group: g,
        meetings: [standing],
        link: calendarLink('steering-group-meetings.ics'),
      }),
      'twenty-meetings': calendarView({ locale: 'da', group: big, meetings: twenty, link: calendarLink('styregruppe-moeder.ics') }),
      none: calendarView({ locale: 'da', group: g, meetings: [], link: null }),
      'none-english': calendarView({ locale: 'en', group: g, meetings: [], link: null }),
    },
    attendance: {
      'sixty-members': attendanceView('da', big, bigMeeting),
      'nothing-recorded': attendanceView('da', g, emptyMeeting),
      english: attendanceView('en', big, bigMeeting),
    },
    'agenda-preview': {
      'new-meeting': agendaPreviewView('da', {
        pendingId: 'imp-12',
        filename: 'Dagsorden 2. møde OSG FLP 16.06.2025.docx',
        groupName: g.name,
        agenda,
        plan,
        blocked: null,
      }),
      'fills-planned-with-warnings': agendaPreviewView('da', {
        pendingId: 'imp-13',
        filename: 'dagsorden-juni.pdf',
        groupName: g.name,
        agenda: { ...agenda, start: null, end: null, warnings },
        plan: fillPlan,
        blocked: null,
      }),
      blocked: agendaPreviewView('da', {
        pendingId: 'imp-14',
        filename: 'dagsorden.txt',
        groupName: g.name,
        agenda: { ...agenda, proposedMeetings: [] },
        plan: null,
        blocked: '2. møde (2025-06-16) har allerede beslutninger eller er afholdt; dagsordenen overskrives ikke.',
      }),
      'english-no-items-header': agendaPreviewView('en', {
        pendingId: 'imp-15',
        filename: 'agenda.md',
        groupName: g.name,
        agenda: { ...agenda, title: null, location: null, participants: [], proposedMeetings: [], items: agenda.items.slice(6) },
        plan,
        blocked: null,
      }),
    },
    'pick-group': {
      'two-groups': pickGroupView('da', { pendingId: 'imp-20', filename: 'Dagsorden 2. møde.docx', groups: groups.slice(0, 2) }),
      'eight-groups-english': pickGroupView('en', { pendingId: 'imp-21', filename: 'agenda-june.pdf', groups }),
    },
  };
}

export type { Meeting };
