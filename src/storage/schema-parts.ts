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
