/**
 * Caps on a parsed agenda: one definition for the parser's output (clipped here, with a warning)
 * and for the schema that guards every place a parsed agenda is stored (src/app/agenda-import.ts:
 * the CLI's import, the admin socket, the preview of a file uploaded in Teams).
 */
import type { ParsedAgenda } from '../domain/agenda.js';
import { warningText as W } from './warnings.js';

export const AGENDA_CAPS = {
  /** JSON.stringify(agenda).length; below the admin socket's 1 MiB request line with room for the envelope. */
  jsonChars: 1_000_000,
  titleChars: 600,
  locationChars: 2000,
  participants: 500,
  nameChars: 300,
  organisationChars: 300,
  roleChars: 100,
  items: 300,
  itemTitleChars: 2000,
  presenterChars: 300,
  annexes: 100,
  annexChars: 2000,
  recommendations: 100,
  recommendationChars: 5000,
  textChars: 20_000,
  proposedMeetings: 50,
  warnings: 500,
  warningChars: 2000,
} as const;

const C = AGENDA_CAPS;

/**
 * The agenda with every text and list cut to its cap (the document's own key order kept), plus
 * one warning when anything was cut. A real agenda is far below every cap; this only bounds
 * hostile or broken documents so that they still preview instead of failing the schema.
 */
export function fitAgendaToCaps(a: ParsedAgenda): ParsedAgenda {
  let cut = false;
  const s = (v: string, max: number) => (v.length > max ? ((cut = true), v.slice(0, max)) : v);
  const ns = (v: string | null, max: number) => (v === null ? null : s(v, max));
  const list = <T>(v: T[], max: number) => (v.length > max ? ((cut = true), v.slice(0, max)) : v);
  const out: ParsedAgenda = {
    number: a.number,
    title: ns(a.title, C.titleChars),
    date: a.date,
    start: a.start,
    end: a.end,
    location: ns(a.location, C.locationChars),
    participants: list(a.participants, C.participants).map((p) => ({
      name: s(p.name, C.nameChars),
      organisation: ns(p.organisation, C.organisationChars),
      role: ns(p.role, C.roleChars),
    })),
    items: list(a.items, C.items).map((it) => ({
      number: it.number,
      title: s(it.title, C.itemTitleChars),
      presenter: ns(it.presenter, C.presenterChars),
      annexes: list(it.annexes, C.annexes).map((x) => s(x, C.annexChars)),
      recommendation: list(it.recommendation, C.recommendations).map((x) => s(x, C.recommendationChars)),
      background: ns(it.background, C.textChars),
      proposal: ns(it.proposal, C.textChars),
      nextSteps: ns(it.nextSteps, C.textChars),
    })),
    proposedMeetings: list(a.proposedMeetings, C.proposedMeetings),
    warnings: a.warnings.map((w) => s(w, C.warningChars)),
  };
  if (cut) out.warnings.push(W('cut'));
  if (out.warnings.length > C.warnings)
    out.warnings = [...out.warnings.slice(0, C.warnings - 1), W('more', { count: out.warnings.length - C.warnings + 1 })];
  return out;
}
