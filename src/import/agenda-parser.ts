/**
 * Agenda text (from PDF, Word or plain text) → ParsedAgenda. Pure: no I/O, no clock.
 *
 * Layout read (see test/fixtures/dagsorden-2-moede.txt): header block, "Dagsorden:" with a
 * numbered list, then one section per item. The parser never fills a gap by guessing: whatever
 * it cannot read, or had to choose, is reported in `warnings` (Danish, shown to the importer).
 */
import {
  findHeadings,
  findListMarker,
  findSequentialHeadings,
  numbered,
  parseAgendaList,
  type Heading,
  type ListEntry,
} from './agenda-list.js';
import { findDates, timeRangeAt } from './dates.js';
import { parseHeader } from './header-parser.js';
import { normal, sameText, splitHeading } from './heading.js';
import { parseItemBody } from './item-body.js';
import { cleanLines } from './text-cleanup.js';
import { quote, warningText as W } from './warnings.js';
import type { ParsedAgenda, ParsedItem, ProposedMeeting } from '../domain/agenda.js';

export type { ParsedAgenda, ParsedItem, ParsedParticipant, ProposedMeeting } from '../domain/agenda.js';

interface Located {
  heading: Heading | null;
  entry: ListEntry | null;
  number: number;
  /** A section after the list's last entry that the list does not mention. */
  extra?: boolean;
}

/** Where the header ends when there is no "Dagsorden:" list: at the first "1. …" heading. */
function firstHeadingIndex(lines: string[]): number {
  const i = lines.findIndex((l, k) => numbered(l)?.number === 1 && (k === 0 || lines[k - 1] === ''));
  return i < 0 ? lines.length : i;
}

function locateItems(lines: string[], warnings: string[]): { header: string[]; located: Located[] } {
  const marker = findListMarker(lines);
  if (marker < 0) {
    warnings.push(W('no_list'));
    const end = firstHeadingIndex(lines);
    const headings = findSequentialHeadings(lines, end, 1);
    return { header: lines.slice(0, end), located: headings.map((h) => ({ heading: h, entry: null, number: h.number })) };
  }
  const { entries, end } = parseAgendaList(lines, marker + 1);
  const found = findHeadings(lines, end, entries);
  const located: Located[] = entries.map((e) => ({ heading: found.get(e.number) ?? null, entry: e, number: e.number }));
  const lastHeading = [...found.values()].sort((a, b) => b.start - a.start)[0];
  const lastNumber = entries[entries.length - 1].number;
  for (const h of findSequentialHeadings(lines, lastHeading?.bodyStart ?? end, lastNumber + 1)) {
    located.push({ heading: h, entry: null, number: h.number, extra: true });
  }
  const firstStart = Math.min(...[...found.values()].map((h) => h.start), lines.length);
  const between = lines.slice(end, firstStart).filter((l) => l !== '');
  if (between.length > 0) warnings.push(W('text_between', { item: entries[0].number, text: quote(between.join(' ')) }));
  return { header: lines.slice(0, marker), located };
}

/**
 * Annexes named in the heading, the list and the body, each once, in order of first mention; of
 * two spellings ("bilag 1" from "(se bilag 1)", "Bilag 1" from the list) the capitalised one.
 */
function uniqueAnnexes(annexes: string[]): string[] {
  const seen = new Map<string, number>();
  const out: string[] = [];
  for (const a of annexes) {
    const key = normal(a);
    const k = seen.get(key);
    if (k === undefined) {
      seen.set(key, out.length);
      out.push(a);
    } else if (/^\p{Lu}/u.test(a) && !/^\p{Lu}/u.test(out[k])) out[k] = a;
  }
  return out;
}

function buildItem(loc: Located, body: string[], warnings: string[]): ParsedItem {
  const fromHeading = loc.heading ? splitHeading(loc.heading.text) : null;
  const entry = loc.entry;
  const n = loc.number;
  const named = fromHeading?.title || entry?.title || '';
  if (!loc.heading) warnings.push(W('item_no_section', { item: n, title: quote(named) }));
  if (loc.extra) warnings.push(W('item_not_in_list', { item: n, title: quote(named) }));
  if (fromHeading && entry) {
    // A heading without a title ("Ad punkt 3") takes the list's: nothing differs.
    if (fromHeading.title && !sameText(fromHeading.title, entry.title)) {
      warnings.push(W('title_differs', { item: n, list: quote(entry.title), heading: quote(fromHeading.title) }));
    }
    if (fromHeading.presenter && entry.presenter && !sameText(fromHeading.presenter, entry.presenter)) {
      warnings.push(
        W('presenter_differs', {
          item: n,
          list: quote(entry.presenter),
          heading: quote(fromHeading.presenter),
        }),
      );
    }
  }
  const parsed = parseItemBody(body, n);
  warnings.push(...parsed.warnings);
  const annexes = [...(fromHeading?.annexes ?? []), ...(entry?.annexes ?? []), ...parsed.annexes];
  const title = fromHeading?.title || entry?.title || '';
  if (!title) warnings.push(W('no_title', { item: n }));
  return {
    number: n,
    title,
    presenter: fromHeading?.presenter ?? entry?.presenter ?? null,
    annexes: uniqueAnnexes(annexes),
    recommendation: parsed.recommendation,
    background: parsed.background,
    proposal: parsed.proposal,
    nextSteps: parsed.nextSteps,
  };
}

/**
 * Proposed future meetings: a date immediately followed by a time range ("22. oktober 2025.
 * Kl. 12.30 – 14.00"). Dates on or before the meeting itself are references to past meetings.
 */
function proposedMeetings(items: ParsedItem[], meetingDate: string | null, warnings: string[]): ProposedMeeting[] {
  const out: ProposedMeeting[] = [];
  const texts = items.flatMap((it) =>
    [...it.recommendation, it.background ?? '', it.proposal ?? '', it.nextSteps ?? ''].map((t) => ({ item: it.number, t })),
  );
  for (const { item, block } of texts.flatMap(({ item, t }) => t.split('\n\n').map((block) => ({ item, block })))) {
    for (const d of findDates(block)) {
      const range = timeRangeAt(block, d.end);
      if (!range) continue;
      if (!d.iso) {
        warnings.push(W('proposal_no_year', { item, text: quote(block.slice(d.index, d.end + range.end_).trim()) }));
      } else if (meetingDate && d.iso <= meetingDate) {
        warnings.push(W('proposal_not_after', { item, date: d.iso }));
      } else if (!out.some((m) => m.date === d.iso && m.start === range.start)) {
        out.push({ date: d.iso, start: range.start, end: range.end });
      }
    }
  }
  return out;
}

export function parseAgendaText(text: string): ParsedAgenda {
  const warnings: string[] = [];
  const lines = cleanLines(text);
  const { header: headerLines, located } = locateItems(lines, warnings);
  const header = parseHeader(headerLines);

  const starts = located
    .filter((l) => l.heading)
    .map((l) => l.heading!.start)
    .sort((a, b) => a - b);
  const items = located.map((loc) => {
    if (!loc.heading) return buildItem(loc, [], warnings);
    const next = starts.find((s) => s > loc.heading!.start) ?? lines.length;
    return buildItem(loc, lines.slice(loc.heading.bodyStart, next), warnings);
  });
  if (items.length === 0) warnings.push(W('no_items'));

  return {
    number: header.number,
    title: header.title,
    date: header.date,
    start: header.start,
    end: header.end,
    location: header.location,
    participants: header.participants,
    items,
    proposedMeetings: proposedMeetings(items, header.date, warnings),
    warnings: [...header.warnings, ...warnings],
  };
}
