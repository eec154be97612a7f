/**
 * The sample agenda (test/fixtures/dagsorden-2-moede.txt) rebuilt as a Word document the way the
 * secretariat writes it: a two-column header table, a tab-indented "Dagsorden:" list, Heading 2
 * item headings, bold section labels, real Word bullets (list numbering, no "•" in the text) and
 * a page-number footer. Used by the .docx test and to render the LibreOffice PDF fixture.
 */
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';

export type DocPart = { h: string } | { label: string } | { p: string } | { bullet: string } | { list: [number, string] };

export const SAMPLE_HEADER: [string, string[]][] = [
  ['Mødetitel', ['2. Møde i den operationelle styregruppe for forløbsplaner']],
  ['Mødedato', ['16. juni 2025']],
  ['Tidspunkt', ['12.30 til 14.00']],
  ['Sted', ['Via Teams']],
  [
    'Deltagere',
    ['Anna Holm, MedCom (Formand)', 'Bent Lund, PLO', 'Carsten Vang, KiAP', 'Dorthe Kjær, PLSP', 'Erik Sand, Mediq', 'Frida Mose, MedCom'],
  ],
  ['Studentermedhjælper', ['Gustav Eng, MedCom (referent)']],
];

const STATUS = 'Det indstilles at styregruppen tager orienteringen til efterretning';

export const SAMPLE_BODY: DocPart[] = [
  { p: 'Dagsorden:' },
  { list: [1, 'Velkomst og godkendelse af referat, v. Anna'] },
  { list: [2, 'Status på tekniske leverancer, v. Carsten'] },
  { list: [3, 'Status på drift, v. Carsten'] },
  { list: [4, 'Status på lægesystemerne (certificering 2025), v. Frida'] },
  { list: [5, 'Projektets risikolog, v. Frida'] },
  { list: [6, 'Forretningsregler for lægesystemerne, v. Dorthe'] },
  { list: [7, 'Eventuelt'] },
  { h: '1. Velkomst og godkendelse af referat v. Anna (Bilag 1. Referat af 1. møde)' },
  { label: 'Indstilling' },
  { p: 'Det indstilles, at den operationelle styregruppe' },
  { bullet: 'godkender referatet fra mødet den 24. februar 2025.' },
  { h: '2. Status på tekniske leverancer, v. Carsten (Bilag 2. Udviklingsplan for Forløbsplaner 2025, revideret)' },
  { label: 'Indstilling' },
  { bullet: STATUS },
  { label: 'Baggrund' },
  {
    p: 'Teknikgruppen har siden sidste møde færdiggjort to af årets fire udviklingsopgaver. Den reviderede udviklingsplan flytter opgaven om nye visninger i patientappen til 4. kvartal.',
  },
  { label: 'Løsning' },
  { p: 'Styregruppen orienteres om status. Udviklingsplanen fremlægges under dette faste punkt fremover.' },
  { h: '3. Status på drift, v. Carsten' },
  { label: 'Indstilling' },
  { bullet: STATUS },
  { label: 'Baggrund' },
  {
    p: 'Svartiderne i løsningen har i maj været over det aftalte niveau på tre hverdage. Årsagen var en komponent, der ventede på svar fra klinikker med slukket computer.',
  },
  { label: 'Løsning' },
  { p: 'Der er indført en midlertidig løsning, så lægens arbejde kan fortsætte uden svar fra komponenten. Svartiderne følges dagligt.' },
  { h: '4. Status på lægesystemerne (certificering 2025), v. Frida' },
  { label: 'Indstilling' },
  { bullet: STATUS },
  { bullet: 'Det indstilles at styregruppen godkender tidsplanen for certificering 2025' },
  { label: 'Baggrund' },
  {
    p: 'Lægesystemerne skal gennemføre en årlig certificering af basale funktioner. Én ny leverandør forventes klar til test i efteråret.',
  },
  { label: 'Løsning' },
  { p: 'Certificeringen gennemføres i uge 40-44. Aftaler for 2025 forventes underskrevet inden 1. august 2025.' },
  { h: '5. Projektets risikolog, v. Frida (Bilag 3. Risikovurdering FLP juni 2025)' },
  { label: 'Indstilling' },
  { p: 'Det indstilles, at styregruppen' },
  { bullet: 'tager risikovurderingen til efterretning.' },
  { bullet: 'drøfter korrigerende handlinger, herunder om risikoen for Teknik skal eskaleres til DAP-styregruppen.' },
  { label: 'Baggrund' },
  {
    p: 'Projektets aktuelle risici vedrører Udbredelse, Teknik og Prioritering. Udbredelse og Prioritering vurderes fortsat i kategorien "gul". Teknik vurderes nu i kategorien "rød".',
  },
  { label: 'Løsning' },
  { p: 'Styregruppen orienteres om projektets risici og drøfter korrigerende handlinger.' },
  { h: '6. Forretningsregler for lægesystemerne, v. Dorthe' },
  { label: 'Indstilling' },
  { p: 'Det indstilles, at styregruppen' },
  { bullet: 'godkender udkastet til forretningsregler' },
  { label: 'Baggrund' },
  { p: 'Erfaringer fra test viser, at der er krav, som lægesystemerne skal overholde, for at deling af forløbsplaner virker.' },
  { label: 'Løsning' },
  { p: 'Udkastet præsenteres for lægesystemernes product owners den 10. september.' },
  { label: 'Videre proces' },
  { p: 'Der foreslås følgende mødedatoer:' },
  { bullet: '22. oktober 2025. Kl. 12.30 – 14.00' },
  { bullet: '4. februar 2026. Kl. 9.00 – 10.30' },
  { h: '7. Eventuelt' },
];

const cell = (paras: string[], width: number) =>
  new TableCell({ width: { size: width, type: WidthType.DXA }, children: paras.map((t) => new Paragraph(t)) });

function part(x: DocPart): Paragraph {
  if ('h' in x) return new Paragraph({ text: x.h, heading: HeadingLevel.HEADING_2 });
  if ('label' in x) return new Paragraph({ children: [new TextRun({ text: x.label, bold: true })], spacing: { before: 120 } });
  if ('bullet' in x) return new Paragraph({ text: x.bullet, bullet: { level: 0 } });
  if ('list' in x) return new Paragraph({ children: [new TextRun({ children: [new Tab(), `${x.list[0]}`, new Tab(), x.list[1]] })] });
  return new Paragraph({ text: x.p, spacing: { after: 120 } });
}

export function buildAgendaDocx(header: [string, string[]][], body: DocPart[]): Promise<Buffer> {
  const table = new Table({
    columnWidths: [2600, 6400],
    rows: header.map(([label, values]) => new TableRow({ children: [cell([label], 2600), cell(values, 6400)] })),
  });
  const footer = new Footer({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT] })] })],
  });
  const doc = new Document({
    sections: [{ footers: { default: footer }, children: [table, new Paragraph(''), ...body.map(part)] }],
  });
  return Packer.toBuffer(doc);
}

export const buildSampleDocx = () => buildAgendaDocx(SAMPLE_HEADER, SAMPLE_BODY);
