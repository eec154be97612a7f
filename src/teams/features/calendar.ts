/**
 * The meetings card's calendar button (issue #8, point 5): a card with a signed, expiring link to
 * the group's planned meetings as an .ics file, served by the bot's /files route
 * (src/http/files.ts, docs/files-route.md). The file is the one `styrebot meetings ics` writes
 * (src/app/calendar-file.ts).
 *
 * A link rather than a file attachment: a card in a channel or group chat cannot hand anyone a
 * file, and a link works the same in personal chat, so there is one way for all conversations.
 * The card answers the click (invoke response): no connector call in the turn; only the clicker
 * sees the link.
 */
import { z } from 'zod';
import { calendarFilename, calendarMeetings } from '../../app/calendar-file.js';
import { renderCard } from '../../cards/render.js';
import { VERBS } from '../../cards/verbs.js';
import { calendarView } from '../../cards/views/calendar.js';
import { fileLink } from '../../http/file-links.js';
import { cardAction } from '../card-action.js';
import { cardGroup } from '../card-group.js';
import type { Group } from '../../domain/model.js';
import type { CardActionResult, Feature, TurnCtx } from '../types.js';

const cardData = z.object({
  groupId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
  lang: z.enum(['da', 'en']).optional(),
});

/**
 * "Kalender" on the meetings card. Who may: anyone in the group's own conversation, or on its
 * roster in personal chat — as for the meetings card itself (`møder` is for everyone).
 */
async function calendarLink(ctx: TurnCtx, data: z.infer<typeof cardData>, group: Group): Promise<CardActionResult> {
  const locale = data.lang ?? group.locale;
  ctx.locale = locale;
  const meetings = calendarMeetings(ctx.services.store.read(), group);
  // No planned meetings: say so, and give no link to an empty calendar.
  const link = meetings.length ? fileLink(ctx.services, { groupId: group.id, format: 'ics' }) : null;
  const view = calendarView({
    locale,
    group,
    meetings,
    link: link && { url: link.url, filename: calendarFilename(group.locale), expiresAt: link.expiresAt },
  });
  ctx.services.log.info({ groupId: group.id, meetings: meetings.length, link: !!link }, 'calendar link given');
  return { card: renderCard('meetings-calendar', view) };
}

const calendarButton = cardAction({
  verb: VERBS.meetingsIcs,
  data: cardData,
  what: 'card data',
  group: (ctx, groupId) => cardGroup(ctx, groupId, 'meetings'),
  run: calendarLink,
});

export function calendarFeature(): Feature {
  return { name: 'calendar', cardActions: [calendarButton] };
}
