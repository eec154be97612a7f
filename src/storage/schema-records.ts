/** Store schema of the outbox, reminders, jobs, pending imports and vendors (see schema.ts). */
import { z } from 'zod';
import type { OutboxRef } from '../domain/outbox-ref.js';
import { str, nstr, opt, int, conversationRef, parsedAgendaItem } from './schema-parts.js';

export const outboxItem = z
  .object({
    id: str,
    groupId: nstr,
    conversation: conversationRef,
    activity: z.record(str, z.unknown()),
    purpose: str,
    ref: z.custom<OutboxRef>((v) => typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string').optional(),
    status: z.enum(['queued', 'sending', 'sent', 'failed', 'uncertain']),
    attempts: int,
    createdAt: str,
    nextAttemptAt: str,
    sentAt: nstr,
    activityId: nstr,
    lastError: nstr,
  })
  .passthrough();

export const reminder = z
  .object({
    id: str,
    groupId: str,
    meeting: int.nullable(),
    kind: str,
    to: nstr,
    dueAt: str,
    status: z.enum(['planned', 'sending', 'sent', 'expired', 'failed', 'uncertain', 'cancelled']),
    late: z.boolean(),
    sentAt: nstr,
    outboxId: nstr,
    ref: opt,
    activityId: opt,
  })
  .passthrough();

export const job = z
  .object({
    id: str,
    kind: str,
    dueAt: str,
    payload: z.record(str, z.unknown()),
    status: z.enum(['pending', 'done', 'failed']),
    doneAt: opt,
    error: opt,
  })
  .passthrough();

export const pendingImport = z
  .object({
    id: str,
    groupId: nstr,
    candidates: z.array(str),
    by: str,
    byName: str,
    filename: str,
    createdAt: str,
    status: z.enum(['pending', 'imported', 'cancelled']),
    agenda: z
      .object({
        number: int.nullable(),
        title: nstr,
        date: nstr,
        start: nstr,
        end: nstr,
        location: nstr,
        participants: z.array(z.object({ name: str, organisation: nstr, role: nstr }).passthrough()),
        items: z.array(parsedAgendaItem.passthrough()),
        proposedMeetings: z.array(z.object({ date: str, start: str, end: str }).passthrough()),
        warnings: z.array(str),
      })
      .passthrough(),
    result: z
      .object({ meeting: int, filled: z.boolean(), created: z.array(int) })
      .passthrough()
      .nullish(),
  })
  .passthrough();

export const vendor = z
  .object({
    groupId: str,
    id: str,
    name: str,
    contact: nstr,
    responsible: nstr,
    agreement: z
      .object({
        signed: nstr,
        milestones: z.array(
          z
            .object({ number: int, date: str, text: str, amount: z.number().nullable(), done: z.boolean(), doneAt: opt, doneBy: opt })
            .passthrough(),
        ),
      })
      .passthrough(),
    certification: z.object({ validUntil: nstr }).passthrough(),
    tests: z.array(z.object({ from: str, to: str, text: str }).passthrough()),
    notes: nstr,
    createdAt: str,
    createdBy: str,
    nextMilestone: int,
  })
  .passthrough();
