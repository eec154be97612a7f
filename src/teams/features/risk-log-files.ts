import { DateTime } from 'luxon';
import { z } from 'zod';
import { RISK_LOG_FORMATS, riskLogFilename } from '../../app/risk-log-files.js';
import { VERBS } from '../../cards/verbs.js';
import { may } from '../../domain/roster.js';
import { fileLink } from '../../http/file-links.js';
import { registerMessages } from '../../i18n/index.js';
import riskLogMessages from '../../i18n/messages/risk-log.js';
import { cardAction } from '../card-action.js';
import { cardGroup } from '../card-group.js';
import type { Feature } from '../types.js';
import { riskLogCard } from './risk-cards.js';

registerMessages(riskLogMessages);

const fileData = z.object({
  groupId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
  format: z.enum(RISK_LOG_FORMATS),
});

/**
 * "Hent risikolog" on the risk-log card: the clicker's copy of the card gets a signed, expiring
 * /files link to the risk log as Word or Excel (the group's annex, generated when fetched). Any
 * member may download; the link names only the group and the format.
 */
const riskLogFile = cardAction({
  verb: VERBS.riskLogFile,
  data: fileData,
  what: 'card data',
  group: (ctx, groupId) => cardGroup(ctx, groupId, 'risk-log'),
  async run(ctx, { format }, group) {
    const { services } = ctx;
    const now = services.clock.now();
    const link = fileLink(services, { groupId: group.id, kind: 'risks', format });
    const until = DateTime.fromJSDate(link.expiresAt)
      .setZone(group.timezone)
      .toFormat(ctx.locale === 'en' ? 'HH:mm' : 'H.mm');
    const card = riskLogCard(services.store.read(), group, {
      locale: ctx.locale,
      now,
      chairTools: may(group, ctx.actor, 'editRisk'),
      download: { url: link.url, filename: riskLogFilename(format, group.locale, now), until },
    });
    return { card };
  },
});

export function riskLogFilesFeature(): Feature {
  return { name: 'risk-log-files', commands: [], cardActions: [riskLogFile] };
}
