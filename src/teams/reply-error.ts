import { asAppError } from '../errors.js';
import { localDate } from '../domain/dates.js';
import { exampleParams } from '../i18n/examples.js';
import { errorText } from '../i18n/index.js';
import type { TurnCtx } from './types.js';

/**
 * Reply with a clear localised error (logged as a failure when internal, a refusal otherwise).
 * Kept apart from the message turn so features can use it without loading botbuilder.
 */
export async function replyError(ctx: TurnCtx, err: unknown): Promise<void> {
  const e = asAppError(err);
  if (e.code === 'internal') ctx.services.log.error({ err: e.detail }, 'command failed');
  else ctx.services.log.info({ code: e.code }, 'command refused');
  try {
    await ctx.reply(ctx.t('error.prefix') + errorText(ctx.locale, e, exampleParams(localDate(ctx.services.clock.now()))));
  } catch (sendErr) {
    ctx.services.log.warn({ err: String(sendErr) }, 'could not send the error reply');
  }
}
