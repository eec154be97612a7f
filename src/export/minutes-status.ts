/**
 * A standing item's status report as the minutes print it (the item's "Status" section in the
 * Markdown, Word and the minutes card): every text resolved for the locale here, so the renderers
 * only lay it out.
 */
import type { AgendaItem, Group, Locale, Rating } from '../domain/model.js';
import { instantText } from './minutes-format.js';
import type { MinutesItemStatus } from './minutes-view.js';

const LABELS: Record<Locale, { status: string; by: string; ratings: Record<Rating, string> }> = {
  da: { status: 'Status', by: 'indsendt af', ratings: { green: 'Grøn', yellow: 'Gul', red: 'Rød' } },
  en: { status: 'Status', by: 'submitted by', ratings: { green: 'Green', yellow: 'Yellow', red: 'Red' } },
};

export function minutesItemStatus(it: Pick<AgendaItem, 'status'>, g: Pick<Group, 'timezone'>, locale: Locale): MinutesItemStatus | null {
  const s = it.status;
  if (!s) return null;
  const l = LABELS[locale];
  const summary = s.summary.replace(/\s+/g, ' ').trim();
  return {
    label: l.status,
    rating: s.rating,
    ratingLabel: l.ratings[s.rating],
    summary,
    points: s.points ?? [],
    links: s.links ?? [],
    byLine: `${l.by} ${s.byName}, ${instantText(s.at, g.timezone, locale)}`,
    line: `${l.ratings[s.rating]} — ${summary}`,
  };
}
