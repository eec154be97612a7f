/**
 * What people type and click in the risk feature, parsed and checked: vote arguments and
 * overrides in commands, ballot, override and edit-form inputs on cards (forged values are logged
 * to the security log and refused), card references and their group, the click time. Split from
 * risks.ts.
 */
import { z } from 'zod';
import { RISK_ID, type RiskForm } from '../../app/risks.js';
import { DEFAULT_ZONE, parseDanishDate, parseTime } from '../../domain/dates.js';
import { RATINGS, type Group, type Rating } from '../../domain/model.js';
import { riskFieldId, riskOfField, type RiskField } from '../../domain/risk-fields.js';
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

/** A ballot card's payload: the round, and the inputs read by ballotChoices, ballotComments, overrideChoices. */
export const roundCard = roundRef.passthrough();
/** A risk log card's payload: the risk, and the edit form's inputs read by riskForm. */
export const riskCard = riskRef.passthrough();

/** A card payload naming no valid round or risk is forged: refused (and logged) as an unknown one. */
export const unknownRound =
  (detail: string) =>
  (ctx: TurnCtx): never =>
    forged(ctx, 'round_unknown', detail);
export const unknownRisk =
  (detail: string) =>
  (ctx: TurnCtx, raw: Record<string, unknown>): never =>
    forged(ctx, 'risk_unknown', detail, { risk: shownValue(raw.riskId) });

/**
 * The group of a risk card's click: the conversation's. A card naming another group is refused
 * (and logged) like an unknown round or risk.
 */
export const roundGroup =
  (what: string) =>
  (ctx: TurnCtx, groupId: string): Group =>
    ownGroup(ctx, groupId, (detail) => forged(ctx, 'round_unknown', `${what}: ${detail}`));
export const riskGroup =
  (what: string) =>
  (ctx: TurnCtx, groupId: string, data: { riskId: string }): Group =>
    ownGroup(ctx, groupId, (detail) => forged(ctx, 'risk_unknown', `${what}: ${detail}`, { risk: data.riskId }));

function ownGroup(ctx: TurnCtx, groupId: string, refuse: (detail: string) => never): Group {
  const group = ctx.group();
  if (group.id !== groupId) refuse(`card for ${groupId.slice(0, 40)} in ${group.id}`);
  return group;
}

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

/**
 * Calls `fn` with each submitted input of the field, by risk (src/domain/risk-fields.ts). A key
 * naming no valid risk id is forged: logged and refused.
 */
function eachInput(
  ctx: TurnCtx,
  data: Record<string, unknown>,
  field: RiskField,
  what: string,
  fn: (riskId: string, value: unknown) => void,
) {
  for (const [key, value] of Object.entries(data)) {
    const riskId = riskOfField(field, key);
    if (riskId === null) continue;
    if (!RISK_ID.test(riskId)) forged(ctx, 'risk_unknown', `${what} input ${key.slice(0, 40)}`, { risk: riskId.slice(0, 40) });
    fn(riskId, value);
  }
}

const empty = (value: unknown) => value === '' || value === null || value === undefined;

/** The ballot's colours (`r_R1: 'green'`; empty selections skipped). Checked here (zod) and again in the use-case. */
export function ballotChoices(ctx: TurnCtx, data: Record<string, unknown>): Record<string, Rating> {
  if (Object.keys(data).length > 200) throw new AppError('bad_input', { detail: 'too many inputs' });
  const choices: Record<string, Rating> = {};
  eachInput(ctx, data, 'rating', 'ballot', (riskId, value) => {
    if (empty(value)) return;
    const parsed = ratingEnum.safeParse(value);
    if (!parsed.success) badRating(ctx, value);
    choices[riskId] = parsed.data;
  });
  return choices;
}

/** The voter's comment per risk (`c_R1: 'text'`; empty ones skipped; capped again in the use-case). */
export function ballotComments(ctx: TurnCtx, data: Record<string, unknown>): Record<string, string> {
  const comments: Record<string, string> = {};
  eachInput(ctx, data, 'comment', 'comment', (riskId, value) => {
    if (empty(value)) return;
    if (typeof value !== 'string' || value.length > 4000)
      throw new AppError('bad_input', { detail: riskFieldId('comment', riskId).slice(0, 40) });
    comments[riskId] = value;
  });
  return comments;
}

/** The chair's colours on closing (`o_R1: 'red'`; empty or "median" keeps the median). */
export function overrideChoices(ctx: TurnCtx, data: Record<string, unknown>): Record<string, Rating> {
  const out: Record<string, Rating> = {};
  eachInput(ctx, data, 'override', 'override', (riskId, value) => {
    if (value === '' || value === 'median' || value == null) return;
    const parsed = ratingEnum.safeParse(value);
    if (!parsed.success) badRating(ctx, value);
    out[riskId] = parsed.data;
  });
  return out;
}

export const optText = (max: number) => z.string().max(max).optional();

/** The risk log card's edit form for one risk (its input ids: src/domain/risk-fields.ts), length-capped. */
export function riskForm(data: Record<string, unknown>, riskId: string): RiskForm {
  const id = (field: RiskField) => riskFieldId(field, riskId);
  const inputs = z
    .object({
      [id('owner')]: optText(100),
      [id('ownerOther')]: optText(120),
      [id('description')]: optText(2000),
      [id('actions')]: optText(12000),
    })
    .safeParse(data);
  if (!inputs.success) throw new AppError('bad_input', { detail: inputs.error.issues[0]?.path.join('.') ?? 'risk' });
  const v = inputs.data as Record<string, string | undefined>;
  return { owner: v[id('owner')], ownerOther: v[id('ownerOther')], description: v[id('description')], actions: v[id('actions')] };
}

/** Teams' activity timestamp (a string on the wire, a Date in some botbuilder paths), ISO or null. */
export function clickTime(ts: unknown): string | null {
  if (!ts) return null;
  const ms = ts instanceof Date ? ts.getTime() : Date.parse(String(ts));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
