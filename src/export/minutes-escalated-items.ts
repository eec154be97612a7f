/**
 * The agenda item escalations in the minutes, printed under their item (src/app/item-escalations.ts
 * makes them): "Eskaleret til DAP-styregruppen (E1) af Anna Holm: <begrundelse>. Svar fra Erik
 * Sand 18. juni 2025: <svar>". Pure: reads the escalations of the meeting's group.
 */
import type { Db, Escalation, Group, Locale } from '../domain/model.js';
import { formatDanishDate, instantToLocal } from '../domain/dates.js';

const TEXT = {
  da: {
    escalated: (board: string, id: string, by: string, reason: string) => `Eskaleret til ${board} (${id}) af ${by}: ${reason}`,
    answer: (by: string, date: string, answer: string) => `Svar fra ${by} ${date}: ${answer}`,
    waiting: (board: string) => `Afventer svar fra ${board}.`,
    board: 'programstyregruppen',
  },
  en: {
    escalated: (board: string, id: string, by: string, reason: string) => `Escalated to ${board} (${id}) by ${by}: ${reason}`,
    answer: (by: string, date: string, answer: string) => `Answer from ${by} on ${date}: ${answer}`,
    waiting: (board: string) => `Awaiting an answer from ${board}.`,
    board: 'the programme board',
  },
} as const;

const end = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);

/** One line per escalation of item `number` of meeting `meeting`, oldest first. */
export function escalatedItemLines(db: Readonly<Db>, group: Readonly<Group>, meeting: number, number: number, locale: Locale): string[] {
  const l = TEXT[locale];
  const board = group.escalationTarget?.name || l.board;
  return db.escalations
    .filter((e) => e.groupId === group.id && e.subject?.kind === 'item' && e.subject.meeting === meeting && e.subject.item === number)
    .map((e: Escalation) => {
      const first = end(l.escalated(board, e.id, e.byName, e.reason));
      if (e.answer === null) return `${first} ${l.waiting(board)}`;
      const date = e.answeredAt ? formatDanishDate(instantToLocal(e.answeredAt, group.timezone).date, locale) : '';
      return `${first} ${end(l.answer(e.answeredByName ?? '—', date, e.answer))}`;
    });
}
