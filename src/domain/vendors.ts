/**
 * The GP-system vendors' rules (issue #16, "the vendor tracker"). Pure: dates in, states out.
 *
 * - Certification is renewed yearly; it is `expiring` from 30 days before its last valid day,
 *   `expired` the day after it, `none` when no date is known.
 * - The chair (or the vendor's responsible person) is reminded 30 days before a certification
 *   ends and 14 days before a payment milestone that is not done, at the group's reminder time
 *   on a working day (a weekend or public holiday moves it to the working day before).
 * - The vendors' standing item is recognised by its title, so its agenda card and the minutes
 *   can show the vendor table without anyone linking them.
 */
import type { Vendor, VendorMilestone } from './model.js';
import { DEFAULT_ZONE, addDays, daysBetween, localToInstant } from './dates.js';
import { previousWorkingDay } from './working-days.js';

export type CertificationStatus = 'valid' | 'expiring' | 'expired' | 'none';

/** Days before the certification's last valid day that it counts as expiring and the reminder goes. */
export const CERTIFICATION_NOTICE_DAYS = 30;
/** Days before a payment milestone that its reminder goes. */
export const MILESTONE_NOTICE_DAYS = 14;

export const VENDOR_REMINDER_KINDS = ['vendor-certification', 'vendor-milestone'] as const;
export type VendorReminderKind = (typeof VENDOR_REMINDER_KINDS)[number];
export const isVendorReminderKind = (kind: string): kind is VendorReminderKind =>
  (VENDOR_REMINDER_KINDS as readonly string[]).includes(kind);

/** Certification state on `today` (local date): valid until and including `validUntil`. */
export function certificationStatus(validUntil: string | null, today: string): CertificationStatus {
  if (!validUntil) return 'none';
  if (validUntil < today) return 'expired';
  return daysBetween(today, validUntil) <= CERTIFICATION_NOTICE_DAYS ? 'expiring' : 'valid';
}

const byDate = (a: VendorMilestone, b: VendorMilestone): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.number - b.number);

/** Milestones in date order (ties by number). */
export const sortedMilestones = (v: Pick<Vendor, 'agreement'>): VendorMilestone[] => v.agreement.milestones.slice().sort(byDate);

/** The first milestone not done that is not overdue on `today` (today's own counts as next). */
export function nextMilestone(v: Pick<Vendor, 'agreement'>, today: string): VendorMilestone | null {
  return sortedMilestones(v).find((m) => !m.done && m.date >= today) ?? null;
}

/** Milestones not done whose date has passed. */
export function overdueMilestones(v: Pick<Vendor, 'agreement'>, today: string): VendorMilestone[] {
  return sortedMilestones(v).filter((m) => !m.done && m.date < today);
}

/** The sum of the milestones' amounts (DKK), or null when none names an amount. */
export function agreementTotal(v: Pick<Vendor, 'agreement'>): { total: number | null; paid: number } {
  let total: number | null = null;
  let paid = 0;
  for (const m of v.agreement.milestones) {
    if (m.amount === null) continue;
    total = (total ?? 0) + m.amount;
    if (m.done) paid += m.amount;
  }
  return { total, paid };
}

/** `days` calendar days before `date`, moved back to a working day, at `atTime` local. ISO instant. */
export function noticeAt(date: string, days: number, atTime: string, zone: string = DEFAULT_ZONE): string {
  return localToInstant(previousWorkingDay(addDays(date, -days)), atTime, zone).toISOString();
}

export interface PlannedVendorReminder {
  kind: VendorReminderKind;
  /** `<vendorId>:cert` or `<vendorId>:m<number>`. */
  ref: string;
  dueAt: string;
}

export const certificationRef = (vendorId: string): string => `${vendorId}:cert`;
export const milestoneRef = (vendorId: string, number: number): string => `${vendorId}:m${number}`;

/** The vendor and milestone a reminder's ref points at. */
export function parseVendorRef(ref: string | null | undefined): { vendorId: string; milestone: number | null } | null {
  const m = /^(.+):(cert|m(\d+))$/.exec(ref ?? '');
  if (!m) return null;
  return { vendorId: m[1]!, milestone: m[3] !== undefined ? Number(m[3]) : null };
}

/**
 * The reminders a vendor should have: one before its certification ends, one before each
 * milestone not done. Whether one lies in the past is the caller's business (it plans only
 * future ones and keeps those already sent).
 */
export function planVendorReminders(v: Vendor, atTime: string, zone: string = DEFAULT_ZONE): PlannedVendorReminder[] {
  const out: PlannedVendorReminder[] = [];
  if (v.certification.validUntil)
    out.push({
      kind: 'vendor-certification',
      ref: certificationRef(v.id),
      dueAt: noticeAt(v.certification.validUntil, CERTIFICATION_NOTICE_DAYS, atTime, zone),
    });
  for (const m of sortedMilestones(v))
    if (!m.done)
      out.push({
        kind: 'vendor-milestone',
        ref: milestoneRef(v.id, m.number),
        dueAt: noticeAt(m.date, MILESTONE_NOTICE_DAYS, atTime, zone),
      });
  return out;
}

const fold = (s: string): string =>
  s
    .toLowerCase()
    .replace(/aa/g, 'å')
    .replace(/oe/g, 'ø')
    .replace(/ae/g, 'æ')
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Whether an agenda item is the vendors' standing item. The group's own titles vary ("Status på
 * lægesystemerne (certificering 2025)", "Status på lægesystemerne (aftaler og certificering)",
 * "Lægesystemleverandører"); an item about the GP systems that is a status, or is about their
 * agreements or certification, is it. "Forretningsregler for lægesystemerne" (business rules)
 * and "Status på tekniske leverancer" are not.
 */
export function isVendorItemTitle(title: string): boolean {
  const t = fold(title);
  if (/lægesystemleverandør|gp system vendor|gp systems vendor/.test(t)) return true;
  const aboutSystems = /lægesystem|leverandør|gp system|vendor/.test(t);
  if (!aboutSystems) return false;
  return /(^| )status( |$)/.test(t) || /certificering|certification|aftaler|agreements/.test(t);
}

/** One vendor's line in the vendor table on `today`: what the standing item reports. */
export interface VendorSummary {
  name: string;
  status: CertificationStatus;
  validUntil: string | null;
  next: VendorMilestone | null;
  overdue: VendorMilestone[];
}

export function vendorSummary(v: Vendor, today: string): VendorSummary {
  return {
    name: v.name,
    status: certificationStatus(v.certification.validUntil, today),
    validUntil: v.certification.validUntil,
    next: nextMilestone(v, today),
    overdue: overdueMilestones(v, today),
  };
}
