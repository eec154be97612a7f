import { z } from 'zod';

/**
 * A whole number from card data: Teams sends numbers or numeric strings. Anything else (objects,
 * arrays — even ones whose toString throws) is refused as invalid input instead of being
 * coerced, which could throw inside zod and surface as an internal error.
 */
export const cardNumber = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'number' || (typeof v === 'string' && v.length <= 20) ? v : Number.NaN),
    z.coerce.number().int().min(min).max(max),
  );
