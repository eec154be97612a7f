/**
 * A long, realistic agenda as text extracted from PDF, for the import benchmark and load tests:
 * the sample's layout (header, "Dagsorden:" list, Indstilling/Baggrund/Løsning sections) with
 * long Danish paragraphs wrapped at ~95 characters, words hyphenated across lines, "•" bullets,
 * stray spaces and a page number every ~48 lines. Deterministic (seeded), so runs compare.
 *
 * makeBigAgendaText(50) ≈ 50 pages; `bigAgendaItemCount(pages)` tells how many items it has.
 */

const WORDS = [
  'styregruppen',
  'forløbsplanerne',
  'lægesystemerne',
  'udviklingsplanen',
  'implementeringen',
  'certificeringen',
  'patientappen',
  'datadelingsplatformen',
  'almen',
  'praksis',
  'driften',
  'svartiderne',
  'leverandørerne',
  'risikovurderingen',
  'korrigerende',
  'handlinger',
  'udbredelsen',
  'prioriteringen',
  'sammenhængende',
  'kvalitetsenheden',
  'sekretariatet',
  'testen',
  'borgerne',
  'klinikkerne',
  'funktionaliteten',
  'aftalerne',
  'og',
  'i',
  'på',
  'af',
  'til',
  'for',
  'med',
  'der',
  'som',
  'at',
  'er',
  'har',
  'vil',
  'skal',
  'kan',
  'blive',
  'den',
  'det',
  'de',
  'nye',
  'fælles',
  'løbende',
  'foreløbige',
  'væsentlige',
  'tekniske',
  'organisatoriske',
  'gennemført',
  'vurderet',
  'drøftet',
  'godkendt',
  'planlagt',
  'forsinket',
  'afklaret',
  'prioriteret',
];
const TITLES = [
  'Status på tekniske leverancer',
  'Status på drift',
  'Status på lægesystemerne (certificering 2026)',
  'Projektets risikolog',
  'Forretningsregler for lægesystemerne',
  'Udbredelse i almen praksis',
  'Opfølgning på handlingsplanen',
  'Økonomi og ressourcer',
  'Kommunikation til klinikkerne',
  'Test og kvalitetssikring',
];
const PRESENTERS = ['Anna', 'Bent', 'Carsten', 'Dorthe', 'Frida', 'alle'];
const LINES_PER_PAGE = 48;
const WIDTH = 95;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** About one item per page, at most 60 items (numbers stay two-digit; long agendas get longer items). */
export const bigAgendaItemCount = (pages: number) => Math.max(2, Math.min(60, pages));

function sentence(r: () => number): string {
  const n = 8 + Math.floor(r() * 14);
  const words = Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]);
  if (r() < 0.1) words.splice(Math.floor(n / 2), 0, 'DAP-styregruppen');
  const s = words.join(' ');
  return s[0].toUpperCase() + s.slice(1) + '.';
}

/** Wraps like a PDF: long lower-case words that do not fit are hyphenated; sometimes a stray space. */
function wrap(text: string, r: () => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length + 1 + word.length <= WIDTH) {
      line = line ? `${line} ${word}` : word;
      continue;
    }
    const room = WIDTH - line.length - 2;
    const hyphenAt = word.indexOf('-');
    if (hyphenAt > 0 && hyphenAt < room) {
      lines.push(`${line} ${word.slice(0, hyphenAt + 1)}`); // "DAP-" / "styregruppen": hyphen kept
      line = word.slice(hyphenAt + 1);
    } else if (word.length > 9 && room >= 4 && /^\p{Ll}+$/u.test(word)) {
      const cut = Math.min(room, word.length - 3);
      lines.push(`${line} ${word.slice(0, cut)}-`);
      line = word.slice(cut);
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => (r() < 0.05 ? `${l} ` : l).replace(/ (\S+)$/, r() < 0.03 ? '  $1' : ' $1'));
}

export function makeBigAgendaText(pages: number): string {
  const r = rng(pages * 7919);
  const items = bigAgendaItemCount(pages);
  const bodyLines = Math.max(0, pages * LINES_PER_PAGE - 30 - items * 2);
  const perItem = Math.floor(bodyLines / items);
  const out: string[] = [
    ' Mødetitel 5. Møde i den operationelle styregruppe for forløbsplaner ',
    '',
    'Mødedato 22. oktober 2025 ',
    '',
    'Tidspunkt 12.30 til 14.00 ',
    '',
    'Sted MedCom, mødelokale 3',
    'Forskerparken 10, 5230 Odense M',
    '',
    'Deltagere Anna Holm, MedCom (Formand) ',
    'Bent Lund, PLO',
    'Carsten Vang, KiAP',
    'Dorthe Kjær, PLSP',
    'Frida Mose, MedCom',
    ' ',
    'Studentermedhjælper Gustav Eng, MedCom (referent) ',
    '',
    'Dagsorden: ',
    '',
  ];
  const titles: string[] = [];
  for (let n = 1; n <= items; n++) {
    const title =
      n === items ? 'Eventuelt' : `${TITLES[(n - 1) % TITLES.length]}${n > TITLES.length ? ` (del ${Math.ceil(n / TITLES.length)})` : ''}`;
    titles.push(title);
    out.push(` ${n} ${title}${n === items ? '' : `, v. ${PRESENTERS[n % PRESENTERS.length]}`} `, '');
  }
  for (let n = 1; n <= items; n++) {
    const presenter = n === items ? '' : `, v. ${PRESENTERS[n % PRESENTERS.length]}`;
    const annex = n % 3 === 0 ? ` (Bilag ${n}. Notat om ${titles[n - 1].toLowerCase()})` : '';
    out.push(`${n}. ${titles[n - 1]}${presenter}${annex}`, '');
    if (n === items) break;
    out.push(
      'Indstilling ',
      '',
      'Det indstilles, at styregruppen',
      '',
      '• tager orienteringen til efterretning',
      '• drøfter de korrigerende handlinger',
      '',
    );
    const start = out.length;
    let section = 0;
    while (out.length - start < perItem) {
      out.push(section % 2 === 0 ? 'Baggrund' : 'Løsning');
      out.push(...wrap(Array.from({ length: 4 + Math.floor(r() * 5) }, () => sentence(r)).join(' '), r), '');
      section++;
    }
    if (n === items - 1) {
      out.push(
        'Videre proces ',
        'Der foreslås følgende mødedatoer:',
        '',
        '• 4. februar 2026. Kl. 9.00 – 10.30',
        '• 16. juni 2026. Kl. 12.30 – 14.00',
        '',
      );
    }
  }
  // Page numbers alone on a line every LINES_PER_PAGE lines, as pdftotext leaves them.
  const paged: string[] = [];
  out.forEach((line, i) => {
    paged.push(line);
    if ((i + 1) % LINES_PER_PAGE === 0) paged.push('', ` ${(i + 1) / LINES_PER_PAGE} `, '');
  });
  return paged.join('\n');
}
