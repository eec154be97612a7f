import type { MinutesView } from '../export/minutes-view.js';
import { cardBytes } from './card-size.js';
import { renderCard, type CardJson } from './render.js';
import { MAX_LEVEL, minutesCardView, type MinutesCardData, type MinutesCardOptions } from './views/minutes.js';

/**
 * The card budget (the card gate allows < 28 KB; a little headroom for the invoke wrapper and
 * the download banner's long URL).
 */
export const MINUTES_CARD_BUDGET = 26 * 1024;


/**
 * Renders the minutes card at the most detailed level that fits the budget: long meetings get
 * shorter texts, then no recommendations, then the first items only (the files hold everything).
 */
export function renderMinutesCard(view: MinutesView, opts: Omit<MinutesCardOptions, 'level'>): { card: CardJson; data: MinutesCardData; level: number; bytes: number } {
  let last: { card: CardJson; data: MinutesCardData; level: number; bytes: number } | null = null;
  for (let level = 0; level <= MAX_LEVEL; level++) {
    const data = minutesCardView(view, { ...opts, level });
    const card = renderCard('minutes', data);
    const bytes = cardBytes(card);
    last = { card, data, level, bytes };
    if (bytes < MINUTES_CARD_BUDGET) return last;
  }
  return last!;
}
