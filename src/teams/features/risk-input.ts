/**
 * What people type and click in the risk feature, parsed and checked: vote arguments and
 * overrides in commands, ballot and override inputs on cards (forged values are logged to the
 * security log and refused), card references, the click time. Split from risks.ts.
 */
import { z } from 'zod';
import { RISK_ID } from '../../app/risks.js';
import { DEFAULT_ZONE, parseDanishDate, parseTime } from '../../domain/dates.js';
import { RATINGS, type Rating } from '../../domain/model.js';
import { personKey } from '../../domain/roster.js';
import { AppError } from '../../errors.js';
import type { TurnCtx } from '../types.js';

const ratingEnum = z.enum(RATINGS);
const RATING_WORDS: Record<string, Rating> = {
  grøn: 'green',
  groen: 'green',
  green: 'green',
  gul: 'yellow',
  yellow: 'yellow',
  rød: 'red',
  roed: 'red',
  red: 'red',
};

export const roundRef = z.object({
  groupId: z.string().min(1).max(40),
  roundId: z.string().regex(/^V\d{1,6}$/),
});
export const riskRef = z.object({
  groupId: z.string().min(1).max(40),
  riskId: z.string().regex(RISK_ID),
});

/** `R1 R3 frist 16/6 kl. 12 anonym` → risk ids, a local deadline date/time, and whether the round is anonymous. */
export function parseVoteArgs(
  args: string,
  today: string,
  zone: string = DEFAULT_ZONE,
): { riskIds: string[]; date: string | null; time: string | null; anonymous: boolean } {
  let rest = ` ${args.trim()} `;
  const riskIds: string[] = [];
  let anonymous = false;
  rest = rest.replace(/(?<=[\s,])(?:anonym|anonymt|anonymous)(?=[\s,])/gi, () => {
    anonymous = true;
    return ' ';
  });
  rest = rest.replace(/(?<=[\s,])R(\d{1,6})(?=[\s,])/gi, (_m, n) => {
    riskIds.push(`R${Number(n)}`);
    return ' ';
  });
  rest = rest
    .replace(/[,\s]+/g, ' ')
    .trim()
    .replace(/^(frist|deadline|til|until|by)\s*:?\s*/i, '')
    .trim();
  if (!rest) return { riskIds, date: null, time: null, anonymous };
  let time: string | null = null;
  const tm = /\s+(?:kl\.?\s*|klokken\s+|at\s+)(\d{1,2}(?:[:.]\d{2})?)$/i.exec(rest) ?? /\s+(\d{1,2}:\d{2})$/.exec(rest);
  if (tm) {
    time = parseTime(tm[1]);
    if (!time) throw new AppError('bad_deadline', { value: rest.slice(0, 60) });
    rest = rest.slice(0, tm.index).trim();
  }
  const date = parseDanishDate(rest, { today, zone });
  if (!date) throw new AppError('bad_deadline', { value: rest.slice(0, 60) });
  return { riskIds, date, time, anonymous };
}

/** `R1=rød R3 gul` → overrides. */
export function parseOverrides(args: string): Record<string, Rating> {
  const out: Record<string, Rating> = {};
  // One `\s*` unless a separator follows: two adjacent ones (`\s*[=:]?\s*`) split a run of n spaces
  // n ways before failing (quadratic); this form matches the same text.
  const re = /R(\d{1,6})\s*(?:[=:]\s*)?([a-zæøå]+)/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(args))) {
    const rating = RATING_WORDS[m[2].toLowerCase()];
    if (!rating) throw new AppError('bad_rating', { value: m[2] });
    out[`R${Number(m[1])}`] = rating;
  }
  if (args.trim() && !Object.keys(out).length) throw new AppError('bad_command', { detail: 'R1=rød R3=gul' });
  return out;
}

export function badRating(ctx: TurnCtx, value: unknown): never {
  const v = String(value).slice(0, 40);
  ctx.services.security.record({
    at: ctx.services.clock.now().toISOString(),
    actor: personKey(ctx.actor),
    conversationId: ctx.conversation.conversationId,
    code: 'bad_rating',
    detail: `card colour ${v}`,
  });
  throw new AppError('bad_rating', { value: v });
}

/** A forged card value as short text for a message: only strings and numbers are shown (an object could throw on String()). */
export function shownValue(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v).slice(0, 40) : '?';
}

export function forged(ctx: TurnCtx, code: string, detail: string, params: Record<string, string> = {}): never {
  ctx.services.security.record({
    at: ctx.services.clock.now().toISOString(),
    actor: personKey(ctx.actor),
    conversationId: ctx.conversation.conversationId,
    code,
    detail,
  });
  throw new AppError(code, params);
}

/** `r_R1: 'green'` inputs → choices (empty selections skipped). Colours are checked here (zod) and again in the use-case. */
export function ballotChoices(ctx: TurnCtx, data: Record<string, unknown>): Record<string, Rating> {
  const keys = Object.keys(data);
  if (keys.length > 200) throw new AppError('bad_input', { detail: 'too many inputs' });
  const choices: Record<string, Rating> = {};
  for (const key of keys) {
    if (!key.startsWith('r_')) continue;
    const riskId = key.slice(2);
    if (!RISK_ID.test(riskId)) forged(ctx, 'risk_unknown', `ballot input ${key.slice(0, 40)}`, { risk: riskId.slice(0, 40) });
    const value = data[key];
    if (value === '' || value === null || value === undefined) continue;
    const parsed = ratingEnum.safeParse(value);
    if (!parsed.success) badRating(ctx, value);
    choices[riskId] = parsed.data;
  }
  return choices;
}

/** `c_R1: 'text'` inputs → the voter's comment per risk (empty ones skipped; capped again in the use-case). */
export function ballotComments(ctx: TurnCtx, data: Record<string, unknown>): Record<string, string> {
  const comments: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!key.startsWith('c_')) continue;
    const riskId = key.slice(2);
    if (!RISK_ID.test(riskId)) forged(ctx, 'risk_unknown', `comment input ${key.slice(0, 40)}`, { risk: riskId.slice(0, 40) });
    if (value === '' || value === null || value === undefined) continue;
    if (typeof value !== 'string' || value.length > 4000) throw new AppError('bad_input', { detail: key.slice(0, 40) });
    comments[riskId] = value;
  }
  return comments;
}

export function overrideChoices(ctx: TurnCtx, data: Record<string, unknown>): Record<string, Rating> {
  const out: Record<string, Rating> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!key.startsWith('o_')) continue;
    const riskId = key.slice(2);
    if (!RISK_ID.test(riskId)) forged(ctx, 'risk_unknown', `override input ${key.slice(0, 40)}`, { risk: riskId.slice(0, 40) });
    if (value === '' || value === 'median' || value == null) continue;
    const parsed = ratingEnum.safeParse(value);
    if (!parsed.success) badRating(ctx, value);
    out[riskId] = parsed.data;
  }
  return out;
}

export const optText = (max: number) => z.string().max(max).optional();

/** Teams' activity timestamp (a string on the wire, a Date in some botbuilder paths), ISO or null. */
export function clickTime(ts: unknown): string | null {
  if (!ts) return null;
  const ms = ts instanceof Date ? ts.getTime() : Date.parse(String(ts));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
