/**
 * What the corpus agendas say: four meetings of the steering group (three Danish, one English),
 * each written up in several ways in specs.ts.
 */
import type { ParsedParticipant } from '../../src/domain/agenda.js';
import type { CorpusDoc, CorpusItem } from './model.js';

type Header = CorpusDoc['header'];
const P = (line: string, name: string, organisation: string | null, role: string | null = null): [string, ParsedParticipant] => [
  line,
  { name, organisation, role },
];

const PEOPLE_DA = [
  P('Anna Holm, MedCom (Formand)', 'Anna Holm', 'MedCom', 'Formand'),
  P('Bent Lund, PLO', 'Bent Lund', 'PLO'),
  P('Carsten Vang, KiAP', 'Carsten Vang', 'KiAP'),
  P('Dorthe Kjær, PLSP', 'Dorthe Kjær', 'PLSP'),
  P('Frida Mose, MedCom', 'Frida Mose', 'MedCom'),
  P('Gustav Eng, MedCom (referent)', 'Gustav Eng', 'MedCom', 'referent'),
];

export const A_HEADER: Header = {
  title: '3. Møde i den operationelle styregruppe for forløbsplaner',
  number: 3,
  dateText: 'onsdag den 22. oktober 2025',
  date: '2025-10-22',
  timeText: '12.30 til 14.00',
  start: '12:30',
  end: '14:00',
  location: 'MedCom, mødelokale 3',
  participants: PEOPLE_DA,
};

export const A_ITEMS: CorpusItem[] = [
  {
    title: 'Velkomst og godkendelse af referat',
    presenter: 'Anna',
    annexes: ['Bilag 1. Referat af 2. møde'],
    recLead: 'Det indstilles, at styregruppen',
    rec: ['godkender referatet fra mødet den 16. juni 2025.'],
  },
  {
    title: 'Status på tekniske leverancer',
    presenter: 'Carsten',
    annexes: ['Bilag 2. Udviklingsplan for forløbsplaner 2025-2026'],
    rec: ['Det indstilles at styregruppen tager orienteringen til efterretning'],
    background: [
      'Teknikgruppen har holdt fire møder siden sidste styregruppemøde og har færdiggjort visningen af forløbsplaner i patientappen.',
      'Arbejdet med den nye integration til lægesystemerne er forsinket, fordi testmiljøet først blev klar i september.',
    ],
    proposal: ['Styregruppen orienteres om status og om den reviderede udviklingsplan.'],
  },
  {
    title: 'Status på drift og udfordringer',
    presenter: 'Carsten',
    rec: ['Det indstilles at styregruppen tager orienteringen til efterretning'],
    background: ['Driften har været stabil i perioden. Tre forhold fremhæves:'],
    backgroundBullets: [
      'svartiderne har været inden for det aftalte niveau i hele perioden',
      'to nye versioner er sat i drift som containerbilleder',
      'den ugentlige overvågningsrapport sendes nu automatisk til driftsgruppen',
    ],
    proposal: ['Driftsgruppen følger svartiderne dagligt og rapporterer afvigelser til styregruppen.'],
  },
  {
    title: 'Status på lægesystemerne',
    presenter: 'Frida',
    annexes: ['Bilag 3. Certificeringsplan 2026'],
    recLead: 'Det indstilles, at styregruppen',
    rec: ['tager status for certificeringen til efterretning', 'godkender tidsplanen for testen af den nye leverandør'],
    background: [
      'Alle lægesystemer har gennemført den årlige certificering af basale funktioner. Én ny leverandør er klar til test i november.',
    ],
    proposal: ['Testen af den nye leverandør gennemføres i uge 47 og 48, og resultatet forelægges på næste møde.'],
  },
  {
    title: 'Projektets risikolog',
    presenter: 'Frida',
    annexes: ['Bilag 4. Risikolog oktober 2025'],
    recLead: 'Det indstilles, at styregruppen',
    rec: ['drøfter vurderingen af risikoen for Teknik', 'beslutter, om risikoen skal eskaleres til DAP-styregruppen'],
    background: [
      'Risikoen for Teknik vurderes nu som rød, fordi integrationen er forsinket. Udbredelse og Prioritering vurderes fortsat som gule.',
    ],
  },
  {
    title: 'Mødeplan for 2026',
    presenter: 'Anna',
    recLead: 'Det indstilles, at styregruppen',
    rec: ['godkender mødeplanen for 2026'],
    nextSteps: ['Der foreslås følgende mødedatoer:'],
    nextStepsBullets: ['4. februar 2026. Kl. 9.00 – 10.30', '16. juni 2026. Kl. 12.30 – 14.00'],
  },
  { title: 'Eventuelt' },
];

export const A_MEETINGS = [
  { date: '2026-02-04', start: '09:00', end: '10:30' },
  { date: '2026-06-16', start: '12:30', end: '14:00' },
];

export const B_HEADER: Header = {
  title: '4. Møde i den operationelle styregruppe for forløbsplaner',
  number: 4,
  dateText: '4. februar 2026',
  date: '2026-02-04',
  timeText: 'kl. 9.00 - 10.30',
  start: '09:00',
  end: '10:30',
  location: 'Via Teams',
  participants: PEOPLE_DA.slice(0, 5).concat([P('Gustav Eng, MedCom (referent)', 'Gustav Eng', 'MedCom', 'referent')]),
};

/** Headings worded differently from the list: shorter, longer, other words. */
export const B_ITEMS: CorpusItem[] = [
  {
    title: 'Velkomst',
    listTitle: 'Velkomst og godkendelse af dagsorden',
    presenter: 'Anna',
    rec: ['Det indstilles, at styregruppen godkender dagsordenen.'],
  },
  {
    title: 'Opfølgning på referat og handlinger fra 3. møde',
    listTitle: 'Opfølgning på referat',
    presenter: 'Gustav',
    annexes: ['Bilag 1. Referat af 3. møde', 'Bilag 2. Handlingsliste'],
    recLead: 'Det indstilles, at styregruppen',
    rec: ['godkender referatet', 'tager status på handlingerne til efterretning'],
  },
  {
    title: 'Status på tekniske leverancer',
    presenter: 'Carsten',
    rec: ['Det indstilles at styregruppen tager orienteringen til efterretning'],
    background: ['Integrationen til lægesystemerne blev sat i drift i januar efter en forsinkelse på seks uger.'],
    proposal: ['Teknikgruppen fremlægger en plan for de nye visninger i patientappen.'],
  },
  {
    title: 'Certificering 2026',
    listTitle: 'Status på lægesystemerne og certificering 2026',
    presenter: 'Frida',
    annexes: ['Bilag 3. Testrapport for ny leverandør'],
    recLead: 'Det indstilles, at styregruppen',
    rec: ['godkender, at den nye leverandør går i drift', 'tager tidsplanen for certificering 2026 til efterretning'],
    background: ['Den nye leverandør har bestået testen i december med to mindre bemærkninger, som er rettet.'],
  },
  {
    title: 'Risikolog',
    listTitle: 'Projektets risikolog',
    presenter: 'Frida',
    recLead: 'Det indstilles, at styregruppen',
    rec: ['vurderer projektets risici'],
    background: ['Risikoen for Teknik foreslås nedjusteret fra rød til gul, da integrationen nu er i drift.'],
  },
  { title: 'Eventuelt' },
  { title: 'Næste møde' },
];

const PEOPLE_EN = [
  P('Anna Holm, MedCom (Chair)', 'Anna Holm', 'MedCom', 'Chair'),
  P('Bent Lund, PLO', 'Bent Lund', 'PLO'),
  P('Carsten Vang, KiAP', 'Carsten Vang', 'KiAP'),
  P('Erik Sand, Mediq', 'Erik Sand', 'Mediq'),
  P('Frida Mose, MedCom', 'Frida Mose', 'MedCom'),
  P('Gustav Eng, MedCom (minute-taker)', 'Gustav Eng', 'MedCom', 'minute-taker'),
];

export const C_HEADER: Header = {
  title: 'Meeting 5 of the operational steering group for care plans',
  number: 5,
  dateText: 'Tuesday 10 March 2026',
  date: '2026-03-10',
  timeText: '13:00-14:30',
  start: '13:00',
  end: '14:30',
  location: 'Teams meeting',
  participants: PEOPLE_EN,
};

export const C_ITEMS: CorpusItem[] = [
  {
    title: 'Welcome and approval of the minutes',
    presenter: 'Anna',
    annexes: ['Annex 1. Minutes of meeting 4'],
    recLead: 'It is recommended that the steering group',
    rec: ['approves the minutes of the meeting on 4 February 2026.'],
  },
  {
    title: 'Technical deliveries',
    presenter: 'Carsten',
    recLead: 'It is recommended that the steering group',
    rec: ['takes note of the status'],
    background: [
      'The new views of the care plans in the patient app were released in February. The technical working group meets every two weeks.',
    ],
    proposal: ['The development plan for the rest of the year is presented at the meeting.'],
  },
  {
    title: 'Operations status and challenges',
    presenter: 'Erik',
    recLead: 'It is recommended that the steering group',
    rec: ['takes note of the operations report', 'discusses the workaround for clinics whose computers are switched off at night'],
    background: ['Response times stayed within the agreed level. Two incidents were handled:'],
    backgroundBullets: ['a certificate expired on a test server', 'a weekly monitoring summary was not sent'],
  },
  {
    title: 'GP-system vendors',
    presenter: 'Frida',
    annexes: ['Annex 2. Certification plan 2026'],
    recLead: 'It is recommended that the steering group',
    rec: ['approves the certification plan for 2026'],
    background: ['All vendors renewed their certification in 2025. The product owners meet in April.'],
  },
  {
    title: 'Risk log',
    presenter: 'Frida',
    recLead: 'It is recommended that the steering group',
    rec: ['discusses the rating of the adoption risk'],
    nextSteps: ['The next meetings are proposed for:'],
    nextStepsBullets: ['16 June 2026 12:30-14:00', '21 October 2026 12:30-14:00'],
  },
  { title: 'Any other business' },
];

export const C_MEETINGS = [
  { date: '2026-06-16', start: '12:30', end: '14:00' },
  { date: '2026-10-21', start: '12:30', end: '14:00' },
];

export const D_HEADER: Header = {
  title: '5. møde i den operationelle styregruppe for forløbsplaner',
  number: 5,
  dateText: 'tirsdag den 16. juni 2026',
  date: '2026-06-16',
  timeText: 'Kl. 12.30 – 14.00',
  start: '12:30',
  end: '14:00',
  location: 'MedCom, mødelokale 2',
  participants: PEOPLE_DA,
};

export const D_ITEMS: CorpusItem[] = [
  { title: 'Velkomst', presenter: 'Anna', rec: ['Det indstilles, at styregruppen godkender dagsordenen.'] },
  {
    title: 'Udbredelse i almen praksis',
    presenter: 'Bent Lund',
    annexes: ['Bilag 1. Udbredelsestal maj 2026'],
    recLead: 'Det indstilles, at styregruppen:',
    rec: [
      'tager status for udbredelsen til efterretning',
      'drøfter initiativer til at øge anvendelsen i almen praksis',
      'godkender kommunikationsplanen',
    ],
    background: [
      'Forløbsplaner anvendes nu i 640 lægepraksisser. Anvendelsen er størst i Region Midtjylland og mindst i Region Hovedstaden.',
    ],
    proposal: ['Der gennemføres en målrettet informationsindsats over for praksiskonsulenterne i efteråret.'],
  },
  {
    title: 'Forretningsregler for lægesystemerne',
    presenter: 'Dorthe',
    recLead: 'Det indstilles, at styregruppen:',
    rec: ['godkender forretningsreglerne', 'tager orienteringen om leverandørernes tilbagemeldinger til efterretning'],
    background: ['Forretningsreglerne er drøftet med lægesystemernes product owners, som har tilsluttet sig udkastet.'],
  },
  {
    title: 'Projektets risikolog',
    presenter: 'Frida',
    annexes: ['Bilag 2. Risikolog juni 2026'],
    recLead: 'Det indstilles, at styregruppen:',
    rec: ['drøfter de korrigerende handlinger', 'tager risikovurderingen til efterretning'],
  },
  { title: 'Eventuelt' },
];

export const E_HEADER: Header = {
  title: '6. møde i den operationelle styregruppe for forløbsplaner',
  number: 6,
  dateText: 'Tirsdag d. 20. oktober 2026',
  date: '2026-10-20',
  timeText: 'Kl. 12:30 - 14:00',
  start: '12:30',
  end: '14:00',
  location: 'Via Teams',
  participants: PEOPLE_DA,
};

/** A typed numbered list inside an item whose numbers are also item numbers; two presenters. */
export const E_ITEMS: CorpusItem[] = [
  { title: 'Velkomst og godkendelse af dagsorden', presenter: 'Anna', rec: ['Det indstilles, at styregruppen godkender dagsordenen.'] },
  {
    title: 'Opfølgning på handlingsplanen',
    presenter: 'Gustav',
    recLead: 'Det indstilles, at styregruppen',
    rec: ['tager status på handlingsplanen til efterretning'],
    background: ['Der er tre åbne handlinger fra sidste møde:'],
    backgroundNumbered: ['Svartider i driften', 'Aftale med den nye leverandør', 'Kommunikationsplan for udbredelsen'],
  },
  {
    title: 'Status på driften',
    presenter: 'Carsten',
    annexes: ['Bilag 1. Driftsrapport september 2026'],
    rec: ['Det indstilles at styregruppen tager orienteringen til efterretning'],
    background: ['Driften har været stabil. Den årlige test mod lægesystemerne er gennemført uden fejl.'],
    proposal: ['Næste test planlægges sammen med leverandørerne i foråret.'],
  },
  {
    title: 'Lægesystemer og forretningsregler',
    presenter: 'Frida og Dorthe',
    recLead: 'Det indstilles, at styregruppen',
    rec: ['godkender de reviderede forretningsregler', 'drøfter tidsplanen for implementeringen hos leverandørerne'],
    background: ['Leverandørerne har kommenteret udkastet. Kommentarerne er indarbejdet i den reviderede version.'],
  },
  { title: 'Eventuelt' },
];
