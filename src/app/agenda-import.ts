/**
 * A parsed agenda document (src/import) becomes a meeting of a group: the meeting on the
 * agenda's date is filled if one is already planned (never duplicated), otherwise created; the
 * proposed future meetings ("Videre proces") become planned meetings with the standing items.
 * Also the durable "pending import" of a file uploaded in Teams (preview → Importér/Annullér).
 */
import { z } from 'zod';
import type { AgendaItem, Db, Group, Meeting, PendingImport, Person } from '../domain/model.js';
import { carryMaterial } from '../domain/material.js';
import { isHhMm, isIsoDate } from '../domain/dates.js';
import { LIMITS } from '../domain/limits.js';
import { may, personKey } from '../domain/roster.js';
import { AppError } from '../errors.js';
import type { ParsedAgenda } from '../domain/agenda.js';
import type { ImportPlan } from '../domain/import-plan.js';
import { AGENDA_CAPS } from '../import/agenda-caps.js';
import { syncActionNudges } from './actions.js';
import { fillOrganisations, requireGroup, requireRight } from './groups.js';
import { buildAgenda, emptyItem } from '../domain/meeting-agenda.js';
import { defaultTitle, MAX_TITLE_CHARS, meetingsOf, newMeeting, nextMeetingNumber } from './meetings.js';
import type { Store, Tx } from './ports.js';

const C = AGENDA_CAPS;
const nstr = z.string().max(C.textChars).nullable();
/**
 * The parser's output, validated where it crosses a trust boundary (admin socket, the CLI's local
 * import, a stored pending import). The caps are the ones the parser clips its output to.
 */
export const parsedAgendaSchema = z.object({
  number: z.number().int().min(1).max(100_000).nullable(),
  title: z.string().max(C.titleChars).nullable(),
  date: z.string().nullable(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  location: z.string().max(C.locationChars).nullable(),
  participants: z
    .array(
      z.object({
        name: z.string().max(C.nameChars),
        organisation: z.string().max(C.organisationChars).nullable(),
        role: z.string().max(C.roleChars).nullable(),
      }),
    )
    .max(C.participants),
  items: z
    .array(
      z.object({
        number: z.number().int().min(0).max(10_000),
        title: z.string().max(C.itemTitleChars),
        presenter: z.string().max(C.presenterChars).nullable(),
        annexes: z.array(z.string().max(C.annexChars)).max(C.annexes),
        recommendation: z.array(z.string().max(C.recommendationChars)).max(C.recommendations),
        background: nstr,
        proposal: nstr,
        nextSteps: nstr,
      }),
    )
    .max(C.items),
  proposedMeetings: z
    .array(z.object({ date: z.string().max(10), start: z.string().max(5), end: z.string().max(5) }))
    .max(C.proposedMeetings),
  warnings: z.array(z.string().max(C.warningChars)).max(C.warnings),
});

/**
 * A parsed agenda as it may be stored: the same schema and size cap for the CLI's import, the
 * admin socket and the preview of a Teams upload. Returns a fresh copy (zod rebuilds every object).
 */
export function validAgenda(value: unknown): ParsedAgenda {
  // Measured first: the schema's per-field caps still allow far more than a stored preview should hold.
  let chars: number;
  try {
    chars = JSON.stringify(value)?.length ?? 0;
  } catch {
    throw new AppError('bad_input', { detail: 'agenda' });
  }
  if (chars > C.jsonChars) throw new AppError('import_too_large', { filename: '', limit: 'text', max: C.jsonChars, actual: chars });
  const parsed = parsedAgendaSchema.safeParse(value);
  if (!parsed.success) throw new AppError('bad_input', { detail: 'agenda' });
  return parsed.data;
}

const validTimes = (start: string | null, end: string | null): start is string =>
  !!start && !!end && isHhMm(start) && isHhMm(end) && end > start;

/**
 * What importing `agenda` into `group` would do. Pure; throws the refusal (no date, no time, the
 * planned meeting already has decisions) so the preview can show it before anyone clicks.
 */
export function planAgendaImport(db: Readonly<Db>, groupId: string, agenda: ParsedAgenda): ImportPlan {
  const group = requireGroup(db, groupId);
  if (!agenda.date || !isIsoDate(agenda.date)) throw new AppError('agenda_no_date');
  if (!agenda.items.length) throw new AppError('import_no_agenda', { filename: '', items: 0, date: agenda.date });
  if (agenda.items.length > LIMITS.itemsPerMeeting)
    throw new AppError('limit_meeting_items', { max: LIMITS.itemsPerMeeting, count: agenda.items.length });
  const all = meetingsOf(db, group.id);
  const live = all.filter((m) => m.status !== 'cancelled');
  let renumbered: ImportPlan['renumbered'] = null;
  const existing = live.find((m) => m.date === agenda.date);
  let target: ImportPlan['target'];
  let next = nextMeetingNumber(db, group);
  if (existing) {
    if (existing.status === 'held' || existing.items.some((i) => i.outcome !== null)) {
      throw new AppError('agenda_meeting_has_decisions', { number: existing.number, date: existing.date });
    }
    const times = validTimes(agenda.start, agenda.end)
      ? { start: agenda.start!, end: agenda.end! }
      : { start: existing.start, end: existing.end };
    target = { number: existing.number, existing: true, date: existing.date, ...times };
    if (agenda.number !== null && agenda.number !== existing.number) renumbered = { document: agenda.number, number: existing.number };
  } else {
    if (!validTimes(agenda.start, agenda.end)) throw new AppError('agenda_no_time', { date: agenda.date });
    const wanted = agenda.number;
    const free = wanted !== null && !all.some((m) => m.number === wanted);
    const number = free ? wanted! : next;
    if (wanted !== null && !free) renumbered = { document: wanted, number };
    target = { number, existing: false, date: agenda.date, start: agenda.start!, end: agenda.end! };
    next = Math.max(next, number + 1);
  }
  const proposals: ImportPlan['proposals'] = [];
  const seen = new Set([agenda.date]);
  for (const p of agenda.proposedMeetings) {
    if (!isIsoDate(p.date) || !validTimes(p.start, p.end) || seen.has(p.date)) continue;
    seen.add(p.date);
    const there = live.find((m) => m.date === p.date);
    if (there) proposals.push({ date: p.date, start: there.start, end: there.end, number: there.number, existing: true });
    else proposals.push({ date: p.date, start: p.start, end: p.end, number: next++, existing: false });
  }
  return { group, target, proposals, renumbered };
}

export interface ImportResult {
  groupId: string;
  groupName: string;
  meeting: number;
  date: string;
  start: string;
  end: string;
  filled: boolean;
  items: number;
  created: { number: number; date: string; start: string; end: string }[];
  existing: number[];
  renumbered: ImportPlan['renumbered'];
  warnings: string[];
}

function itemsOf(agenda: ParsedAgenda): AgendaItem[] {
  // Numbers as the document has them; a document that repeats or skips a number is renumbered.
  const nums = agenda.items.map((i) => i.number);
  const usable = nums.every((n, k) => n >= 1 && nums.indexOf(n) === k);
  return agenda.items.map((it, k) => ({
    ...emptyItem(usable ? it.number : k + 1, it.title.trim() || `Punkt ${k + 1}`),
    presenter: it.presenter,
    annexes: [...it.annexes],
    recommendation: [...it.recommendation],
    background: it.background,
    proposal: it.proposal,
    nextSteps: it.nextSteps,
  }));
}

/**
 * Imports `agenda` into the group. `actor` null = the operator on the server (CLI): no roster
 * check; otherwise chair or referent. Validates everything (planAgendaImport) before changing db.
 */
export function importAgenda(db: Db, tx: Tx, input: { groupId: string; actor: Person | null; agenda: ParsedAgenda }): ImportResult {
  const group = requireGroup(db, input.groupId);
  if (input.actor) requireRight(group, input.actor, 'manageMeetings', tx);
  const plan = planAgendaImport(db, group.id, input.agenda);
  const a = input.agenda;
  const actorKey = input.actor ? personKey(input.actor) : 'cli';
  const items = itemsOf(a);
  const title = a.title?.trim().slice(0, MAX_TITLE_CHARS) || null;
  let meeting: Meeting;
  if (plan.target.existing) {
    meeting = db.meetings.find((m) => m.groupId === group.id && m.number === plan.target.number)!;
    const before = {
      title: meeting.title,
      start: meeting.start,
      end: meeting.end,
      location: meeting.location,
      items: meeting.items.map((i) => i.title),
    };
    meeting.title = title ?? meeting.title;
    meeting.start = plan.target.start;
    meeting.end = plan.target.end;
    meeting.location = a.location ?? meeting.location;
    if (a.participants.length) meeting.participants = a.participants.map((p) => ({ ...p }));
    // Links attached before the agenda arrived stay with their item (src/domain/material.ts).
    meeting.items = items.map((it) => carryMaterial(meeting.items, it));
    tx.audit({
      actor: actorKey,
      action: 'agenda.import',
      groupId: group.id,
      target: `meeting ${meeting.number}`,
      before,
      after: { title: meeting.title, start: meeting.start, end: meeting.end, location: meeting.location, items: items.map((i) => i.title) },
    });
  } else {
    meeting = newMeeting(group, tx, {
      number: plan.target.number,
      date: plan.target.date,
      start: plan.target.start,
      end: plan.target.end,
      title: title ?? defaultTitle(group, plan.target.number),
      location: a.location,
      participants: a.participants.map((p) => ({ ...p })),
      items,
    });
    db.meetings.push(meeting);
    tx.audit({
      actor: actorKey,
      action: 'agenda.import',
      groupId: group.id,
      target: `meeting ${meeting.number}`,
      before: null,
      after: { title: meeting.title, date: meeting.date, start: meeting.start, end: meeting.end, items: items.map((i) => i.title) },
    });
  }
  // Members without an organisation take it from the participants list ("Bent Lund, PLO").
  if (fillOrganisations(group, a.participants))
    tx.audit({
      actor: actorKey,
      action: 'roster.organisations',
      groupId: group.id,
      target: group.id,
      after: { from: `meeting ${meeting.number}` },
    });
  tx.schedule.syncReminderPlan(group.id, meeting.number);
  const created: ImportResult['created'] = [];
  for (const p of plan.proposals.filter((x) => !x.existing)) {
    const m = newMeeting(group, tx, {
      number: p.number,
      date: p.date,
      start: p.start,
      end: p.end,
      items: buildAgenda(group.standingItems, null),
    });
    db.meetings.push(m);
    tx.schedule.syncReminderPlan(group.id, m.number);
    created.push({ number: m.number, date: m.date, start: m.start, end: m.end });
    tx.audit({
      actor: actorKey,
      action: 'meeting.create',
      groupId: group.id,
      target: `meeting ${m.number}`,
      after: { date: m.date, start: m.start, end: m.end, proposedBy: `meeting ${meeting.number}` },
    });
  }
  group.counters.meeting = Math.max(group.counters.meeting, ...db.meetings.filter((m) => m.groupId === group.id).map((m) => m.number));
  // New or filled meetings may be the ones open action points' nudges belong to.
  syncActionNudges(db, tx, group.id);
  return {
    groupId: group.id,
    groupName: group.name,
    meeting: meeting.number,
    date: meeting.date,
    start: meeting.start,
    end: meeting.end,
    filled: plan.target.existing,
    items: items.length,
    created,
    existing: plan.proposals.filter((x) => x.existing).map((x) => x.number),
    renumbered: plan.renumbered,
    warnings: [...a.warnings],
  };
}

/** The group an operator's import goes to: --group (id or name), else the only group. */
export function importGroupFor(db: Readonly<Db>, groupOpt?: string | null): Group {
  const groups = db.groups.filter((g) => (groupOpt ? g.id === groupOpt || g.name === groupOpt : !g.isBoard));
  if (groupOpt && !groups.length)
    throw new AppError('cli_group_unknown', { group: groupOpt, known: db.groups.map((g) => `${g.id} (${g.name})`).join(', ') || '—' });
  if (!groups.length) throw new AppError('no_group');
  if (groups.length > 1) throw new AppError('cli_several_groups', { groups: groups.map((g) => `${g.id} (${g.name})`).join(', ') });
  return groups[0];
}

/** The admin command and the CLI's local path share this: validate, pick the group, import. */
export async function importAgendaAsOperator(store: Store, args: unknown): Promise<ImportResult> {
  const parsed = z.object({ agenda: z.unknown(), group: z.string().max(200).nullish() }).safeParse(args);
  if (!parsed.success) throw new AppError('bad_input', { detail: 'agenda import payload' });
  const { group } = parsed.data;
  const agenda = validAgenda(parsed.data.agenda);
  return store.update((db, tx) => importAgenda(db, tx, { groupId: importGroupFor(db, group).id, actor: null, agenda }));
}

// ------------------------------------------------------------------------------------------
// Pending imports (file uploaded in Teams → preview card → Importér / Annullér)
// ------------------------------------------------------------------------------------------

/** Pending imports older than this are dropped when a new one is added. */
export const PENDING_TTL_MS = 48 * 3_600_000;
const MAX_PENDING = 100;

/** Groups the person may import an agenda into (chair or referent). */
export const importableGroups = (db: Readonly<Db>, person: Person): Group[] =>
  db.groups.filter((g) => !g.isBoard && may(g, person, 'manageMeetings'));

export function addPendingImport(
  db: Db,
  tx: Tx,
  input: { actor: Person; candidates: string[]; filename: string; agenda: ParsedAgenda },
): PendingImport {
  if (!input.candidates.length) throw new AppError('not_chair_or_referent');
  // The preview is stored and later imported as is: it passes the same gate as a CLI import, first.
  const agenda = validAgenda(input.agenda);
  const list = (db.pendingImports ??= []);
  const cutoff = tx.now.getTime() - PENDING_TTL_MS;
  const by = personKey(input.actor);
  const waiting = list.filter((p) => p.by === by && p.status === 'pending' && Date.parse(p.createdAt) >= cutoff).length;
  if (waiting >= LIMITS.pendingImportsPerPerson) throw new AppError('limit_pending_imports', { max: LIMITS.pendingImportsPerPerson });
  const keep = list.filter((p) => Date.parse(p.createdAt) >= cutoff).slice(-(MAX_PENDING - 1));
  list.splice(0, list.length, ...keep);
  const pending: PendingImport = {
    id: tx.nextId('imp'),
    groupId: input.candidates.length === 1 ? input.candidates[0] : null,
    candidates: [...input.candidates],
    by,
    byName: input.actor.name,
    filename: input.filename.slice(0, 200),
    createdAt: tx.now.toISOString(),
    status: 'pending',
    agenda,
    result: null,
  };
  list.push(pending);
  return pending;
}

/**
 * The uploader's own pending import. Anyone else gets the answer for an id that does not exist
 * (ids are sequential: naming the uploader would tell a stranger who uploads agendas), and the
 * attempt is recorded in the security log.
 */
export function ownPendingImport(db: Readonly<Db>, tx: Tx, id: string, actor: Person): PendingImport {
  const p = (db.pendingImports ?? []).find((x) => x.id === id);
  if (!p) throw new AppError('import_pending_unknown');
  if (p.by !== personKey(actor)) {
    tx.refuse('import_not_yours', id, { actor: personKey(actor) });
    throw new AppError('import_pending_unknown');
  }
  return p;
}

/** The uploader picked the group (they are chair/referent of several). */
export function pickImportGroup(db: Db, tx: Tx, input: { id: string; actor: Person; groupId: string }): PendingImport {
  const p = ownPendingImport(db, tx, input.id, input.actor);
  if (p.status !== 'pending') throw new AppError('import_pending_done');
  if (!p.candidates.includes(input.groupId)) throw new AppError('bad_input', { detail: 'group' });
  requireRight(requireGroup(db, input.groupId), input.actor, 'manageMeetings', tx);
  p.groupId = input.groupId;
  return p;
}

/**
 * "Importér": imports the pending agenda into its group. A re-sent click (same person, already
 * imported) returns the first result and changes nothing.
 */
export function confirmPendingImport(
  db: Db,
  tx: Tx,
  input: { id: string; actor: Person },
): { pending: PendingImport; result: ImportResult | null } {
  const p = ownPendingImport(db, tx, input.id, input.actor);
  if (p.status === 'imported') return { pending: p, result: null };
  if (p.status === 'cancelled') throw new AppError('import_pending_done');
  if (!p.groupId) throw new AppError('import_pick_group');
  const result = importAgenda(db, tx, { groupId: p.groupId, actor: input.actor, agenda: p.agenda });
  p.status = 'imported';
  p.result = { meeting: result.meeting, filled: result.filled, created: result.created.map((c) => c.number) };
  return { pending: p, result };
}

export function cancelPendingImport(db: Db, tx: Tx, input: { id: string; actor: Person }): PendingImport {
  const p = ownPendingImport(db, tx, input.id, input.actor);
  if (p.status === 'imported') throw new AppError('import_pending_done');
  p.status = 'cancelled';
  return p;
}
