/**
 * How big a card's JSON is, against the card budget (Teams refuses cards of 28 KB and more).
 *
 * `fitsBudget` first bounds the size from above without serialising: each ballot click answers
 * with a card of a few KB, and stringifying it only to learn that it is far below the budget
 * made two copies of it (the string and its flattened form) on every click. Only a card whose
 * bound reaches the budget is measured exactly.
 */

/** The card's exact size in bytes as JSON (UTF-8). */
export const cardBytes = (card: unknown): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

/**
 * An upper bound of `cardBytes(value)`: a UTF-16 unit takes at most 6 bytes in JSON (`\u001f`;
 * UTF-8 needs at most 3), numbers are counted as written, and every member adds its quotes,
 * colon and comma. Stops counting once `limit` is passed.
 */
export function jsonBytesAtMost(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let total = 0;
  const walk = (v: unknown): void => {
    if (total > limit) return;
    if (typeof v === 'string') total += 2 + 6 * v.length;
    else if (typeof v === 'number') total += 24;
    else if (v === null || typeof v === 'boolean' || v === undefined) total += 5;
    else if (Array.isArray(v)) {
      total += 2;
      for (const item of v) {
        total += 1;
        walk(item);
      }
    } else if (typeof v === 'object') {
      total += 2;
      for (const key in v) {
        if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
        total += 4 + 6 * key.length;
        walk((v as Record<string, unknown>)[key]);
      }
    } else total += 24;
  };
  walk(value);
  return total;
}

/** Whether the card's JSON stays within `budget` bytes. */
export const fitsBudget = (card: unknown, budget: number): boolean =>
  jsonBytesAtMost(card, budget) <= budget || cardBytes(card) <= budget;
