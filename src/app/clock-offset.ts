/**
 * A shifted clock, so a demo or an acceptance test can see "two weeks later" (reminders, vote
 * deadlines) without waiting: STYREBOT_CLOCK_OFFSET=+13d. Parsing is strict because a typo here
 * silently moving every deadline would be worse than refusing to start.
 */
import type { Clock } from './ports.js';
import { AppError } from '../errors.js';

const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };

/**
 * '+13d' | '-2h' | '+90m' | '1d12h' | '' → milliseconds ('' and '0' mean no offset).
 * Units: w, d, h, m, s; parts may be combined, with one optional sign in front.
 * Throws AppError('invalid_clock_offset', {value}) for anything else.
 */
export function parseClockOffset(text: string | undefined | null): number {
  const value = (text ?? '').trim();
  if (value === '' || value === '0') return 0;
  const m = /^([+-])?((?:\d{1,6}[wdhms])+)$/.exec(value.replace(/\s+/g, ''));
  if (!m) throw new AppError('invalid_clock_offset', { value }, 'expected e.g. +13d, -2h, +90m or 1d12h');
  let ms = 0;
  for (const part of m[2].matchAll(/(\d+)([wdhms])/g)) ms += Number(part[1]) * UNIT_MS[part[2]];
  return m[1] === '-' ? -ms : ms;
}

/** `base` moved by `ms` (0 gives `base` back unchanged). */
export function offsetClock(base: Clock, ms: number): Clock {
  if (!Number.isFinite(ms)) throw new AppError('invalid_clock_offset', { value: String(ms) });
  if (ms === 0) return base;
  return { now: () => new Date(base.now().getTime() + ms) };
}
