/**
 * What an escalation is about, for its cards: a risk ("R2") or an agenda item's recommendation
 * ("punkt 2.5"). An item has no rating, history or corrective actions; its cards show the meeting,
 * the presenter and the recommendation instead. Pure: domain + i18n.
 */
import type { Escalation, Locale } from '../../domain/model.js';
import { formatDanishDate } from '../../domain/dates.js';
import { registerMessages, t } from '../../i18n/index.js';
import messages from '../../i18n/messages/escalations.js';

registerMessages(messages);

type Snapshot = Escalation['snapshot'];

/** "R2", or "punkt 2.5" / "item 2.5". */
export function subjectLabel(locale: Locale, riskId: string, s: Snapshot): string {
  return s.item ? t(locale, 'escalation.item.label', { ref: `${s.item.meeting}.${s.item.number}` }) : riskId;
}

/**
 * Template fields that differ for an item: flags for the risk-only sections, the item's meeting
 * in the place of the rating, and its recommendation. For a risk, only the flags.
 */
export function subjectParts(locale: Locale, s: Snapshot) {
  const item = s.item;
  const hasHistory = s.history.length > 0;
  const hasActions = s.correctiveActions.length > 0;
  const base = {
    isRisk: !item,
    isItem: !!item,
    showNoHistory: !item && !hasHistory,
    showNoActions: !item && !hasActions,
    itemRef: item ? `${item.meeting}.${item.number}` : '',
    recommendationTitle: t(locale, 'escalation.item.recommendation'),
    recommendationText: '',
  };
  if (!item) return base;
  const lines = item.recommendation.length ? item.recommendation.map((r) => `• ${r}`) : [item.proposal ?? t(locale, 'escalation.item.noRecommendation')];
  return {
    ...base,
    recommendationText: lines.join('\n'),
    ratingCaption: t(locale, 'escalation.item.caption'),
    ratingLabel: t(locale, 'escalation.item.meeting', { meeting: item.meeting, date: formatDanishDate(item.date, locale) }),
    ratingColor: 'default',
  };
}

/** The facts of an item (instead of category, owner, votes). */
export function itemFacts(locale: Locale, s: Snapshot): Array<{ title: string; value: string }> {
  return [{ title: t(locale, 'escalation.item.presenter'), value: s.item?.presenter ?? '—' }];
}
