/**
 * Zod schema of the stored `Db` (src/domain/model.ts), checked on every load.
 *
 * Strict at the top level (an unknown or missing collection means the file is not ours or is
 * damaged), typed on every field model.ts declares, but nested objects *pass through* unknown
 * keys: a field added by a newer bot must survive a round trip through an older one rather than
 * be silently stripped. Optional fields of model.ts are `.nullish()` here.
 */
import { z } from 'zod';
import type { Db, StoreFile } from '../domain/model.js';
import { str, nstr, opt, int, rating, tally, postedCard, conversationRef, parsedAgendaItem } from './schema-parts.js';
import { outboxItem, reminder, job, pendingImport, vendor } from './schema-records.js';

const member = z
  .object({
    name: str,
    aadObjectId: nstr,
    teamsId: nstr,
    role: z.enum(['chair', 'referent', 'member', 'observer']),
    organisation: nstr,
    personalChat: conversationRef.nullish(),
  })
  .passthrough();

const group = z
  .object({
    id: str,
    name: str,
    createdAt: str,
    locale: z.enum(['da', 'en']),
    timezone: str,
    conversation: conversationRef,
    roster: z.array(member),
    standingItems: z.array(str),
    reminderOffsets: z.object({ days: z.array(z.number()), hours: z.array(z.number()), atTime: str }).passthrough(),
    escalationTarget: z.object({ conversation: conversationRef, setBy: str, at: str, name: opt }).passthrough().nullable(),
    linkedChats: z.array(z.object({ conversation: conversationRef, meetingNumber: int, linkedBy: str, at: str }).passthrough()),
    isBoard: z.boolean().optional(),
    welcomedAt: opt,
    digest: z
      .object({ enabled: z.boolean().optional(), weekday: int.min(1).max(7).optional(), time: str.optional(), lastSentAt: nstr.optional() })
      .passthrough()
      .nullish(),
    counters: z.object({ meeting: int, risk: int, action: int, round: int, escalation: int }).passthrough(),
  })
  .passthrough();

const agendaItem = parsedAgendaItem
  .extend({
    outcome: z.enum(['approved', 'rejected', 'noted', 'discussed', 'postponed']).nullable(),
    decision: nstr,
    by: nstr,
    byName: opt,
    at: nstr,
    carriedFrom: int.nullish(),
    card: postedCard.nullish(),
    presenterId: opt,
    material: z.array(z.object({ name: str, url: nstr, by: opt, byName: opt, at: opt }).passthrough()).optional(),
    status: z
      .object({ rating, summary: str, points: z.array(str).optional(), links: z.array(str).optional(), by: str, byName: str, at: str })
      .passthrough()
      .nullish(),
  })
  .passthrough();

const meeting = z
  .object({
    groupId: str,
    number: int,
    title: str,
    date: str,
    start: str,
    end: str,
    location: nstr,
    joinUrl: nstr,
    status: z.enum(['planned', 'held', 'cancelled']),
    participants: z.array(z.object({ name: str, organisation: nstr, role: nstr }).passthrough()),
    attendance: z.array(z.object({ name: str, aadObjectId: nstr, present: z.boolean() }).passthrough()),
    items: z.array(agendaItem),
    minutes: z
      .object({
        status: z.enum(['draft', 'approved']),
        approvedBy: nstr,
        approvedAt: nstr,
        amendments: z.array(z.object({ text: str, by: str, at: str, item: int.nullable() }).passthrough()),
        version: int,
      })
      .passthrough(),
    createdAt: str,
    startedAt: opt,
    endedAt: opt,
    overviewCard: postedCard.nullish(),
    agendaSentAt: opt,
    proposals: z
      .array(
        z
          .object({
            id: str,
            title: str,
            presenter: nstr,
            recommendation: nstr,
            by: str,
            byName: str,
            at: str,
            status: z.enum(['open', 'accepted', 'declined']),
            decidedBy: opt,
            decidedAt: opt,
          })
          .passthrough(),
      )
      .optional(),
    agendaChanges: z
      .array(
        z
          .object({ kind: z.enum(['added', 'edited', 'moved', 'removed']), title: str, item: int, field: opt, from: int.nullish() })
          .passthrough(),
      )
      .optional(),
  })
  .passthrough();

const historyEntry = z
  .object({
    date: str,
    rating,
    tally,
    disagreement: z.boolean(),
    round: nstr,
    meeting: int.nullable(),
    overridden: z.boolean().optional(),
  })
  .passthrough();

const risk = z
  .object({
    groupId: str,
    id: str,
    category: str,
    title: str,
    description: nstr,
    owner: z.object({ name: str, aadObjectId: nstr }).passthrough().nullable(),
    rating: rating.nullable(),
    correctiveActions: z.array(str),
    status: z.enum(['open', 'retired']),
    history: z.array(historyEntry),
    createdAt: str,
    createdBy: str,
  })
  .passthrough();

const voteRound = z
  .object({
    groupId: str,
    id: str,
    status: z.enum(['open', 'closed']),
    openedBy: str,
    openedAt: str,
    deadline: str,
    meeting: int.nullable(),
    riskIds: z.array(str),
    anonymous: z.boolean().optional(),
    ballots: z.array(
      z
        .object({
          voter: str,
          voterName: str,
          choices: z.record(str, rating),
          comment: nstr,
          comments: z.record(str, str).optional(),
          at: str,
          sentAt: opt,
          activityKey: opt,
        })
        .passthrough(),
    ),
    result: z.record(str, rating).nullable(),
    overrides: z.record(str, rating),
    closedAt: nstr,
    closedBy: nstr,
    card: postedCard.nullish(),
  })
  .passthrough();

const actionPoint = z
  .object({
    groupId: str,
    id: str,
    text: str,
    owner: z.object({ name: str, aadObjectId: nstr, teamsId: opt }).passthrough(),
    due: nstr,
    status: z.enum(['open', 'done']),
    source: z.object({ kind: z.enum(['chat', 'item', 'risk']), meeting: int.nullable(), item: int.nullable(), risk: nstr }).passthrough(),
    createdBy: str,
    createdAt: str,
    doneBy: opt,
    doneAt: opt,
    card: postedCard.nullish(),
    notes: z.array(z.object({ text: str, by: str, byName: str, at: str }).passthrough()).optional(),
  })
  .passthrough();

const escalation = z
  .object({
    groupId: str,
    id: str,
    riskId: str,
    subject: z
      .union([
        z.object({ kind: z.literal('risk'), id: str }).passthrough(),
        z.object({ kind: z.literal('item'), meeting: int, item: int }).passthrough(),
      ])
      .optional(),
    reason: str,
    status: z.enum(['pending', 'sent', 'acknowledged', 'answered', 'failed', 'uncertain']),
    by: str,
    byName: str,
    at: str,
    snapshot: z
      .object({
        title: str,
        category: str,
        rating: rating.nullable(),
        history: z.array(historyEntry),
        tally: tally.nullable(),
        comments: z.array(str),
        correctiveActions: z.array(str),
        owner: nstr,
      })
      .passthrough(),
    outboxId: nstr,
    acknowledgedBy: opt,
    acknowledgedAt: opt,
    answer: nstr,
    answeredBy: opt,
    answeredAt: opt,
    acknowledgedByName: opt,
    answeredByName: opt,
    card: postedCard.nullish(),
    confirmToken: opt,
  })
  .passthrough();

export const auditEntrySchema = z
  .object({
    at: str,
    actor: str,
    action: str,
    groupId: nstr,
    target: nstr,
    before: z.unknown().optional(),
    after: z.unknown().optional(),
  })
  .passthrough();

export const dbSchema = z
  .object({
    schemaVersion: int,
    groups: z.array(group),
    meetings: z.array(meeting),
    risks: z.array(risk),
    voteRounds: z.array(voteRound),
    actions: z.array(actionPoint),
    escalations: z.array(escalation),
    outbox: z.array(outboxItem),
    reminders: z.array(reminder),
    jobs: z.array(job),
    audit: z.array(auditEntrySchema),
    processed: z.array(z.object({ key: str, at: str }).passthrough()),
    seq: int.nonnegative(),
    pendingImports: z.array(pendingImport).optional(),
    vendors: z.array(vendor).optional(),
  })
  .strict();

/**
 * The store document on disk (schema v3): the audit trail is in `<store>.audit.jsonl`
 * (audit-log.ts) and the document only says how many of its entries are durable. A document
 * migrated from v1/v2 still carries its trail inline until the writer moves it out.
 */
export const storeFileSchema = dbSchema
  .omit({ audit: true })
  .extend({ auditCount: int.nonnegative(), audit: z.array(auditEntrySchema).optional() })
  .strict()
  .superRefine((file, ctx) => {
    if (file.audit && file.audit.length !== file.auditCount) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['auditCount'],
        message: `is ${file.auditCount} but ${file.audit.length} audit entries are inline`,
      });
    }
  });

// Compile-time guard: whatever the schema accepts must type-check as a Db. If model.ts gains a
// required field (or changes a type) and this schema is not updated, tsc fails here.
export const schemaMatchesModel = (parsed: z.infer<typeof dbSchema>): Db => parsed;
export const fileSchemaMatchesModel = (parsed: z.infer<typeof storeFileSchema>): StoreFile => parsed;

/** Up to `max` readable problems (`meetings.0.items.2.outcome: Invalid enum value …`). */
export function describeIssues(error: z.ZodError, max = 5): string[] {
  const lines = error.issues.slice(0, max).map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
  if (error.issues.length > max) lines.push(`… and ${error.issues.length - max} more`);
  return lines;
}
