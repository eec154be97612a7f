/** The building blocks of the store schema (schema.ts), shared by its record schemas. */
import { z } from 'zod';
import { RATINGS } from '../domain/model.js';

export const str = z.string();
export const nstr = z.string().nullable();
export const opt = z.string().nullish();
export const int = z.number().int();

export const rating = z.enum(RATINGS);
export const tally = z.object({ green: z.number(), yellow: z.number(), red: z.number() }).passthrough();
export const postedCard = z.object({ conversationId: str, activityId: str }).passthrough();

export const conversationRef = z
  .object({
    serviceUrl: str,
    channelId: str,
    conversationId: str,
    conversationType: z.enum(['personal', 'groupChat', 'channel']),
    tenantId: nstr,
    teamId: opt,
    botId: str,
    botName: opt,
    meetingId: opt,
  })
  .passthrough();

/** An agenda item as the import parses it; the stored item (schema.ts) adds the outcome and the rest. */
export const parsedAgendaItem = z.object({
  number: int,
  title: str,
  presenter: nstr,
  annexes: z.array(str),
  recommendation: z.array(str),
  background: nstr,
  proposal: nstr,
  nextSteps: nstr,
});
