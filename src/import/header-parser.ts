/**
 * The header block before "Dagsorden:": Mødetitel, Mødedato, Tidspunkt, Sted, Deltagere.
 * Word tables come out as "Label Value" on one line (PDF) or as the label alone followed by the
 * value on the next line(s) (a Word table read cell by cell), so a field is a label plus every line up to the next label.
 */
import { findDates, findSingleTime, findTimeRange } from './dates.js';
import { openParens } from './heading.js';
import { splitTrim, trimEndChars } from './linear-text.js';
import type { ParsedParticipant } from '../domain/agenda.js';
import { quote, warningText as W } from './warnings.js';

type Field = 'title' | 'date' | 'time' | 'location' | 'participants' | 'absent';

interface LabelDef {
  re: RegExp;
  field: Field;
  /** Short, ambiguous words ("Møde i …") count as a label only with a colon or alone on the line. */
  strict?: boolean;
  /** Participant sub-labels such as "Studentermedhjælper": the label is the default role. */
  role?: boolean;
}

const LABELS: LabelDef[] = [
  { re: /^(mødetitel|meeting title|emne)/i, field: 'title' },
  { re: /^(titel|title|møde|meeting)/i, field: 'title', strict: true },
  { re: /^(mødedato|meeting date|dato|date)/i, field: 'date' },
  { re: /^(tidspunkt|mødetidspunkt|klokkeslæt|tid|time)/i, field: 'time' },
  { re: /^(mødested|mødelokale|sted|lokale|lokation|location|venue|place)/i, field: 'location' },
  { re: /^(deltagere|deltager|inviterede|participants|attendees|present)/i, field: 'participants' },
  { re: /^(afbud|fraværende|apologies|absent)/i, field: 'absent' },
  {
    re: /^(studentermedhjælpere?|referent|sekretær|sekretariat|mødeleder|ordstyrer|tovholder|formand|næstformand|gæster|gæst|observatører|observatør|student assistant|minute[- ]taker|chair)/i,
    field: 'participants',
    role: true,
  },
];

interface FieldValue {
  field: Field;
  label: string;
  role: string | null;
  lines: string[];
}

function matchLabel(line: string): FieldValue | null {
  for (const def of LABELS) {
    const m = def.re.exec(line);
    if (!m) continue;
    const after = line.slice(m[0].length);
    const trimmed = after.trimStart();
    const rest = (trimmed.startsWith(':') ? trimmed.slice(1) : trimmed).trimStart();
    const colon = /^\s*:/.test(after);
    // The label must end at a word boundary ("Stedet…" is not "Sted").
    if (after !== '' && !/^[\s:]/.test(after)) continue;
    if (def.strict && !colon && rest !== '') continue;
    return { field: def.field, label: m[1], role: def.role ? m[1] : null, lines: rest ? [rest] : [] };
  }
  return null;
}

export interface ParsedHeader {
  number: number | null;
  title: string | null;
  date: string | null;
  start: string | null;
  end: string | null;
  location: string | null;
  participants: ParsedParticipant[];
  warnings: string[];
}

const WRAPPED_END_RE = /(?:[,&–-]|\s(?:for|og|i|af|til|med|på|and|of))$/u;

/** "Anna Holm, MedCom (Formand)" → name, organisation, role; several per line split on ";". */
function parseParticipants(v: FieldValue, warnings: string[]): ParsedParticipant[] {
  const out: ParsedParticipant[] = [];
  // A long line wraps in the PDF: "Anna Holm, Dansk Selskab for" / "Almen Medicin (Formand)" is one
  // participant when the first part leaves a parenthesis open, ends in a comma or a word like "for",
  // or the next part starts in lower case.
  // Each entry is held as its lines, with its open-parenthesis depth and last line kept as it
  // grows: re-reading the whole joined text per wrapped line was O(n²) for thousands of lines.
  const joined: { parts: string[]; depth: number }[] = [];
  for (const l of v.lines) {
    const prev = joined[joined.length - 1];
    const last = prev?.parts[prev.parts.length - 1];
    const wrapped = prev !== undefined && (prev.depth > 0 || WRAPPED_END_RE.test(last!) || /^\p{Ll}/u.test(l));
    if (wrapped) {
      prev.parts.push(last!.endsWith('-') ? l : ` ${l}`);
      prev.depth = openParens(l, prev.depth);
    } else joined.push({ parts: [l], depth: openParens(l) });
  }
  for (const entry of joined.flatMap((j) => splitTrim(j.parts.join(''), ';'))) {
    let s = trimEndChars(entry, ',.').trim();
    if (s === '') continue;
    const roles: string[] = [];
    s = s
      .replace(/\(([^()]*)\)/g, (_m, r: string) => (roles.push(r.trim()), ' '))
      .replace(/\s+/g, ' ')
      .trim();
    const [name, ...org] = s.split(',').map((p) => p.trim());
    if (!name || !/^\p{Lu}/u.test(name) || name.split(' ').length > 6) {
      warnings.push(W('participant_unreadable', { line: quote(entry) }));
      continue;
    }
    const role = roles.filter((r) => r !== '').join(', ') || v.role;
    out.push({ name, organisation: org.filter((o) => o !== '').join(', ') || null, role: role || null });
  }
  return out;
}

/** Joins a multi-line location ("Mødelokale 3" / "Dampfærgevej 22") with commas. */
function joinLocation(lines: string[]): string | null {
  let out = '';
  for (const l of lines) {
    if (out === '') out = l;
    else if (/^https?:\/\/\S+$/.test(out.split(' ').pop()!) && !/\s/.test(l))
      out += l; // wrapped URL
    else out += /[,;]$/.test(out) ? ` ${l}` : `, ${l}`;
  }
  return out || null;
}

// The header of a forwarded or pasted e-mail ("Fra: …", "Sendt: …", "Emne: …") and its separator
// lines: metadata of the mail, not of the meeting ("Emne" would otherwise be read as the title).
const EMAIL_FIELD_RE =
  /^(?:fra|from|sendt|sent|til|to|cc|bcc|emne|subject|dato|date|vigtighed|importance|vedhæftede filer|attachments) ?:/iu;
// "----- Oprindelig meddelelse -----", "_____": tested by its ends, not a pattern (a run of dashes
// would be retried from every split point).
const isSeparator = (l: string) => (l.startsWith('---') && l.endsWith('---')) || /^_{5,}$/u.test(l);

/** Index after an e-mail header block at the start (it opens with "Fra:"/"From:"), else `from`. */
function skipEmailHeader(lines: string[]): number {
  let i = 0;
  while (i < lines.length && (lines[i] === '' || isSeparator(lines[i]))) i++;
  if (i >= lines.length || !/^(?:fra|from) ?:/iu.test(lines[i])) return 0;
  while (i < lines.length && lines[i] !== '' && (EMAIL_FIELD_RE.test(lines[i]) || !/^\S+ ?:/u.test(lines[i]))) i++;
  return i;
}

export function parseHeader(allLines: string[]): ParsedHeader {
  const warnings: string[] = [];
  const fields: FieldValue[] = [];
  const loose: string[] = [];
  const lines = allLines.slice(skipEmailHeader(allLines));
  for (const line of lines) {
    if (line === '') continue;
    const label = matchLabel(line);
    if (label) fields.push(label);
    else if (fields.length > 0) fields[fields.length - 1].lines.push(line);
    else loose.push(line);
  }
  // "Mødetitel" wins over the weaker title labels ("Titel", "Emne") when a header has both.
  const strongTitle = fields.some((v) => v.field === 'title' && /^(?:mødetitel|meeting title)$/iu.test(v.label));
  const all = (f: Field) =>
    fields.filter((v) => v.field === f && !(f === 'title' && strongTitle && !/^(?:mødetitel|meeting title)$/iu.test(v.label)));
  const text = (f: Field) =>
    all(f)
      .flatMap((v) => v.lines)
      .join(' ');

  // Without a "Mødetitel" label, the first lines of the document are the title.
  let title = text('title') || loose.join(' ') || null;
  if (text('title') && loose.length > 0) warnings.push(W('text_before_title', { text: quote(loose.join(' ')) }));
  if (!title) warnings.push(W('no_meeting_title'));
  title = title?.replace(/\s+/g, ' ').trim() ?? null;

  // The title's whitespace is squeezed to single spaces above, so single spaces suffice (and keep it linear).
  const numberMatch = title
    ? /(?:^| )(\d{1,3})(?:\.|st|nd|rd|th) ?(?:møde|meeting)\b|(?:møde|meeting) (?:(?:nr|no)\.? ?)?(\d{1,3})\b/iu.exec(title)
    : null;
  const number = numberMatch ? +(numberMatch[1] ?? numberMatch[2]) : null;
  if (title && number === null) warnings.push(W('no_meeting_number', { title: quote(title) }));

  // The date may sit in its own field, share a line with the time, or only appear in the title.
  const dateSources = [text('date'), text('time'), title ?? ''];
  let date: string | null = null;
  let dateReported = false;
  for (const src of dateSources) {
    const found = findDates(src);
    if (found.length === 0) continue;
    if (new Set(found.map((d) => d.iso)).size > 1) warnings.push(W('several_dates', { text: quote(src) }));
    if (found[0].iso) date = found[0].iso;
    else {
      warnings.push(W('date_no_year', { text: quote(found[0].raw) }));
      dateReported = true;
    }
    break;
  }
  if (date === null && !dateReported) warnings.push(W('no_date'));

  const range = findTimeRange(text('time')) ?? findTimeRange(text('date')) ?? findTimeRange(title ?? '');
  const single = range ? null : findSingleTime(`${text('time')} ${text('date')}`);
  if (!range) {
    warnings.push(single ? W('only_start', { start: single }) : W('no_time'));
  }

  const location = joinLocation(all('location').flatMap((v) => v.lines));
  if (!location) warnings.push(W('no_location'));

  const participants = all('participants').flatMap((v) => parseParticipants(v, warnings));
  if (participants.length === 0) warnings.push(W('no_participants'));
  for (const v of all('absent')) {
    if (v.lines.length > 0) warnings.push(W('not_participants', { label: v.label, text: quote(v.lines.join('; ')) }));
  }

  return {
    number,
    title,
    date,
    start: range?.start ?? single,
    end: range?.end ?? null,
    location,
    participants,
    warnings,
  };
}
