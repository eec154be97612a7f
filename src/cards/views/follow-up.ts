/**
 * The agenda item card's "Opfølgning" block (a guarded `hasFollowUp` container in
 * cards/agenda-item.json): on the meeting's first item only, the group's action points open at
 * the meeting, overdue ones first and in the attention colour.
 */
import type { ActionPoint, AgendaItem, Group, Locale, Meeting } from '../../domain/model.js';
import { formatDanishDate } from '../../domain/dates.js';
import { capFollowUp, FOLLOW_UP_CARD_MAX, followUpAt } from '../../domain/follow-up.js';
import { registerMessages, t } from '../../i18n/index.js';
import messages from '../../i18n/messages/follow-up.js';

registerMessages(messages);

const MAX_TEXT = 200;
const clip = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s);

/** "A3 Opdater kontaktlisten – Bent Lund, frist 12. marts 2026" (shared with the minutes). */
export function followUpLine(locale: Locale, a: ActionPoint, maxText = MAX_TEXT): string {
  const p = { id: a.id, text: clip(a.text.trim(), maxText), owner: a.owner.name };
  return a.due ? t(locale, 'followUp.line', { ...p, due: formatDanishDate(a.due, locale) }) : t(locale, 'followUp.lineNoDue', p);
}

/** Whether `item` is the meeting's first item (lowest number), where the group goes through the follow-up. */
export const isFirstItem = (meeting: Pick<Meeting, 'items'>, item: Pick<AgendaItem, 'number'>): boolean =>
  meeting.items.length > 0 && item.number === Math.min(...meeting.items.map((i) => i.number));

export function itemFollowUpSection(locale: Locale, group: Group, meeting: Meeting, item: AgendaItem, actions: readonly ActionPoint[]) {
  // Not the first item, or nothing open: no keys at all, so other items' card data stays as it was.
  if (!isFirstItem(meeting, item)) return {};
  const f = followUpAt(actions, group.id, meeting.date, group.timezone || undefined);
  const { shown, more } = capFollowUp(f, FOLLOW_UP_CARD_MAX);
  if (!shown.length) return {};
  return {
    hasFollowUp: true,
    followUp: {
      title: t(locale, 'followUp.title'),
      lead: t(locale, 'followUp.lead'),
      // Overdue is said in words too, not by colour alone.
      lines: shown.map(({ action, overdue }) => ({
        text: overdue ? `${followUpLine(locale, action)} (${t(locale, 'followUp.overdue')})` : followUpLine(locale, action),
        color: overdue ? 'attention' : 'default',
      })),
      more: more ? t(locale, 'followUp.more', { count: more }) : '',
    },
  };
}
