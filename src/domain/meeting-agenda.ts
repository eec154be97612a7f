/**
 * A meeting's agenda items: the blank item every agenda line starts from, and the agenda a new
 * meeting starts with (the group's standing items plus what the previous meeting left open).
 */
import { LIMITS } from './limits.js';
import type { AgendaItem, Meeting } from './model.js';

export function emptyItem(number: number, title: string): AgendaItem {
  return {
    number,
    title,
    presenter: null,
    annexes: [],
    recommendation: [],
    background: null,
    proposal: null,
    nextSteps: null,
    outcome: null,
    decision: null,
    by: null,
    byName: null,
    at: null,
    carriedFrom: null,
    card: null,
  };
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
export const AOB = /^(eventuelt|evt\.?|aob|any other business)\b/i;
/** A title without its parenthesis and punctuation: "Status på lægesystemerne (certificering 2025)" → "status på lægesystemerne". */
export const core = (s: string) => norm(s.replace(/\([^)]*\)/g, ' ').replace(/[.,:;]+$/g, ''));
/** The same standing topic, worded a little differently in a document ("Status på drift" / "Status på drift og udfordringer"). */
export const sameTopic = (a: string, b: string) => !!a && !!b && (a === b || a.startsWith(`${b} `) || b.startsWith(`${a} `));

/**
 * A new meeting's agenda: the group's standing items, with the postponed or undecided items of
 * the previous meeting proposed again just before "Eventuelt" (items that are standing anyway
 * are not repeated).
 */
export function buildAgenda(standingItems: readonly string[], previous: Meeting | null): AgendaItem[] {
  const standing = standingItems.map((t) => t.trim()).filter(Boolean);
  const seen = standing.map(core);
  const carried: AgendaItem[] = [];
  for (const it of previous?.items ?? []) {
    if (it.outcome !== null && it.outcome !== 'postponed') continue;
    if (seen.some((s) => sameTopic(s, core(it.title)))) continue;
    seen.push(core(it.title));
    carried.push({
      ...emptyItem(0, it.title),
      presenter: it.presenter,
      annexes: [...it.annexes],
      recommendation: [...it.recommendation],
      background: it.background,
      proposal: it.proposal,
      nextSteps: it.nextSteps,
      // The material travels with the topic (links stay valid; missing annexes stay missing).
      ...(it.material ? { material: it.material.map((m) => ({ ...m })) } : {}),
      carriedFrom: previous!.number,
    });
  }
  const aobAt = standing.length && AOB.test(standing[standing.length - 1]) ? standing.length - 1 : standing.length;
  // Carry-over is a proposal: past the item cap the oldest topics stay, the rest are left out.
  const room = Math.max(0, LIMITS.itemsPerMeeting - standing.length);
  const titles: (string | AgendaItem)[] = [...standing.slice(0, aobAt), ...carried.slice(0, room), ...standing.slice(aobAt)];
  return titles.map((t, i) => (typeof t === 'string' ? emptyItem(i + 1, t) : { ...t, number: i + 1 }));
}
