import { escalatedItemLines } from './minutes-escalated-items.js';
import type { AgendaItem, Db, Group, Locale, Meeting, Member } from '../domain/model.js';
import { AppError } from '../errors.js';
import { minutesLabels, type MinutesLabels } from './minutes-labels.js';
import { dateInWords, instantText, nameOf, shorten, timeRange } from './minutes-format.js';
import { actionRows, escalationRows, riskRows, type SectionContext } from './minutes-followup.js';
import { minutesItemStatus } from './minutes-status.js';
import { minutesVendorTable } from './minutes-vendors.js';
import { minutesFollowUp } from './minutes-follow-up-list.js';
import type { MinutesHeader, MinutesItem, MinutesMaterial, MinutesParticipant, MinutesStatusView, MinutesView } from './minutes-view.js';
import { materialLabel, materialOf } from '../domain/material.js';

export type { MinutesView } from './minutes-view.js';

/** Background and proposal are the agenda's prose; the minutes keep only their gist. */
const PROSE_MAX = 320;

/**
 * Builds the minutes ("referat") of one meeting as a plain view model: the agenda with outcomes
 * and decisions filled in, the risk assessment, follow-up and escalations. Pure: reads `db`
 * only; `now` is only printed ("Dannet af styrebot …"). Locale defaults to the group's.
 */
export function buildMinutes(
  db: Readonly<Db>,
  groupId: string,
  meetingNumber: number,
  opts: { locale?: Locale; now: Date | string },
): MinutesView {
  const group = db.groups.find((g) => g.id === groupId);
  if (!group) throw new AppError('no_group', {}, `group ${groupId} not found`);
  const meetings = db.meetings.filter((m) => m.groupId === groupId);
  const meeting = meetings.find((m) => m.number === meetingNumber);
  if (!meeting) throw new AppError('meeting_unknown', { number: meetingNumber }, `group ${groupId}`);
  const locale: Locale = opts.locale ?? group.locale ?? 'da';
  const l = minutesLabels(locale);

  const held = meetings.filter((m) => m.status !== 'cancelled');
  const previous = held.filter((m) => m.number < meetingNumber).sort((a, b) => b.number - a.number)[0];
  const next = held.filter((m) => m.number > meetingNumber).sort((a, b) => a.number - b.number)[0];
  const ctx: SectionContext = {
    db,
    group,
    meeting,
    locale,
    previousDate: previous?.date ?? null,
    nextDate: next?.date ?? null,
  };
  const meetingTitle = numberedTitle(meeting, group, l);
  const now = typeof opts.now === 'string' ? opts.now : opts.now.toISOString();

  const head = header(meeting, group, locale, l);
  return {
    locale,
    groupName: group.name,
    meetingNumber,
    title: `${l.minutes}: ${meetingTitle}`,
    meetingTitle,
    header: head,
    items: meeting.items
      .slice()
      .sort((a, b) => a.number - b.number)
      .map((it) => ({
        ...item(it, group, l, head.referentName),
        followUp: minutesFollowUp(db, group, meeting, it, locale),
        status: minutesItemStatus(it, group, locale),
        vendors: minutesVendorTable(db, group, meeting, it, locale),
        escalations: escalatedItemLines(db, group, meeting.number, it.number, locale),
      })),
    risks: riskRows(ctx),
    actions: actionRows(ctx),
    escalations: escalationRows(ctx),
    status: statusView(meeting, group, locale, l),
    generated: `${l.generated} ${instantText(now, group.timezone, locale)}`,
  };
}

/**
 * The agenda's own title is "2. Møde i den operationelle styregruppe …"; a stored title may or
 * may not carry the number already, so add it only where it is missing.
 */
function numberedTitle(m: Meeting, g: Group, l: MinutesLabels): string {
  const t = m.title.replace(/\s+/g, ' ').trim();
  if (/^\d+\.\s*(møde|meeting)\b/i.test(t) || /^meeting\s+\d+\b/i.test(t)) return t;
  if (!t) return l.meetingOf(m.number, g.name);
  if (/^møde\b/i.test(t)) return `${m.number}. ${t[0]!.toUpperCase()}${t.slice(1)}`;
  return l.meetingTitled(m.number, t);
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** Roster roles that the agenda prints after a name; plain members print none. */
function rosterRole(member: Member | undefined, l: MinutesLabels): string | null {
  if (member?.role === 'chair') return l.chair;
  if (member?.role === 'referent') return l.referent; // capitalised like "Formand"
  return null;
}

function header(m: Meeting, g: Group, locale: Locale, l: MinutesLabels): MinutesHeader {
  const byName = (name: string) => g.roster.find((r) => norm(r.name) === norm(name));
  const base =
    m.participants.length > 0
      ? m.participants.map((p) => ({ name: p.name, organisation: p.organisation, role: p.role ?? rosterRole(byName(p.name), l) }))
      : g.roster.filter((r) => r.role !== 'observer').map((r) => ({ name: r.name, organisation: r.organisation, role: rosterRole(r, l) }));
  const attendanceOf = (name: string) => {
    const member = byName(name);
    return m.attendance.find((a) => (member?.aadObjectId && a.aadObjectId === member.aadObjectId) || norm(a.name) === norm(name));
  };
  const participants: MinutesParticipant[] = base.map((p) => ({
    ...p,
    present: attendanceOf(p.name)?.present ?? null,
    line: participantLine(p.name, p.organisation, p.role),
  }));
  // Someone who joined without being invited still attended: list them as present.
  for (const a of m.attendance) {
    if (participants.some((p) => attendanceOf(p.name) === a)) continue;
    const member = g.roster.find((r) => (a.aadObjectId && r.aadObjectId === a.aadObjectId) || norm(r.name) === norm(a.name));
    const role = rosterRole(member, l);
    participants.push({
      name: a.name,
      organisation: member?.organisation ?? null,
      role,
      present: a.present,
      line: participantLine(a.name, member?.organisation ?? null, role),
    });
  }
  const isReferent = (p: MinutesParticipant) => /referent|minute/i.test(p.role ?? '');
  const referent = participants.find((p) => isReferent(p) && p.present !== false) ?? null;
  const others = participants.filter((p) => p !== referent);
  const recorded = m.attendance.length > 0;
  return {
    date: m.date,
    dateText: dateInWords(m.date, locale),
    timeText: timeRange(m.start, m.end, locale),
    place: m.location,
    joinUrl: m.joinUrl,
    cancelled: m.status === 'cancelled',
    attendanceRecorded: recorded,
    participants,
    present: others.filter((p) => !recorded || p.present === true).map((p) => p.line),
    absent: others.filter((p) => p.present === false).map((p) => p.line),
    unknown: recorded ? others.filter((p) => p.present === null).map((p) => p.line) : [],
    // The referent line names the person; the role is the line's label already.
    referent: referent ? participantLine(referent.name, referent.organisation, null) : null,
    referentName: referent?.name ?? null,
  };
}

function participantLine(name: string, organisation: string | null, role: string | null): string {
  return `${name}${organisation ? `, ${organisation}` : ''}${role ? ` (${role})` : ''}`;
}

/** "Bilag 1. Referat af 1. møde": the agenda's annex labels, prefixed where the text lacks it. */
function annexLabel(a: string, l: MinutesLabels): string {
  const t = a.replace(/\s+/g, ' ').trim();
  return /^(bilag|annex|appendix)\b/i.test(t) ? t : `${l.annex} ${t}`;
}

/**
 * The agenda writes "Det indstilles, at styregruppen" once and the verbs as bullets; imported
 * bullets often repeat the whole phrase. When every bullet starts with it, lift it out again.
 */
const LEAD = /^(det indstilles,? at (?:den operationelle )?styregruppen)\s+(\S.*)$/i;

function splitRecommendation(bullets: string[]): { lead: string | null; bullets: string[] } {
  const parts = bullets.map((b) => LEAD.exec(b));
  if (!bullets.length || parts.some((p) => !p)) return { lead: null, bullets };
  return { lead: parts[0]![1]!, bullets: parts.map((p) => p![2]!) };
}

function item(it: AgendaItem, g: Group, l: MinutesLabels, referent: string | null): MinutesItem {
  const title = it.title.replace(/\s+/g, ' ').trim();
  const annexes = it.annexes.map((a) => annexLabel(a, l)).filter((a) => a.length > 0);
  const by = it.presenter ? `${l.headingBy} ${it.presenter}` : '';
  const outcomeLabel = it.outcome ? l.outcome[it.outcome] : null;
  const decision = it.decision?.trim() || null;
  const hasDecision = outcomeLabel != null || decision != null;
  const rec = splitRecommendation(it.recommendation.map((r) => r.replace(/\s+/g, ' ').trim()).filter(Boolean));
  const recorder = it.byName ?? nameOf(g.roster, it.by);
  return {
    number: it.number,
    title,
    presenter: it.presenter,
    annexes,
    heading: `${it.number}. ${title}${by}${annexes.length ? ` (${annexes.join('; ')})` : ''}`,
    agendaLine: `${title}${it.presenter ? `, ${l.presenterBy} ${it.presenter}` : ''}`,
    recommendationLead: rec.lead,
    recommendation: rec.bullets,
    background: shorten(it.background, PROSE_MAX),
    proposal: shorten(it.proposal, PROSE_MAX),
    nextSteps: shorten(it.nextSteps, PROSE_MAX),
    outcome: it.outcome,
    outcomeLabel,
    decision,
    hasDecision,
    decisionLine: hasDecision ? [outcomeLabel, decision].filter(Boolean).join(' — ') : l.noDecision,
    // The referent writes most decisions down; naming them on every item is noise.
    recordedBy: hasDecision && recorder && recorder !== referent ? recorder : null,
    note: it.carriedFrom != null ? l.carriedFrom(it.carriedFrom) : null,
    material: minutesMaterial(it),
  };
}

/** The material list of an item, shown once any entry has a link (the heading already names unlinked annexes). */
function minutesMaterial(it: AgendaItem): MinutesMaterial[] {
  const list = materialOf(it);
  return list.some((m) => m.url) ? list.map((m) => ({ label: materialLabel(m.name), url: m.url })) : [];
}

function statusView(m: Meeting, g: Group, locale: Locale, l: MinutesLabels): MinutesStatusView {
  const s = m.minutes;
  const label = l.minutesStatusWord[s.status];
  const approver = nameOf(g.roster, s.approvedBy);
  const approvedAt = s.approvedAt ? instantText(s.approvedAt, g.timezone, locale) : null;
  // "Godkendt af Anna Holm 20. juni 2025 kl. 9.00, version 3" — who and when make it traceable.
  const approval = s.status === 'approved' ? `${approver ? ` ${l.by} ${approver}` : ''}${approvedAt ? ` ${approvedAt}` : ''}` : '';
  return {
    status: s.status,
    label,
    version: s.version,
    line: `${label}${approval}, ${l.version} ${s.version}`,
    amendments: s.amendments.map((a) => {
      const by = nameOf(g.roster, a.by);
      const atText = instantText(a.at, g.timezone, locale);
      const where = a.item != null ? ` (${l.item} ${a.item})` : '';
      return { text: a.text, by, atText, item: a.item, line: `${atText}${by ? `, ${by}` : ''}${where}: ${a.text}` };
    }),
  };
}
