/**
 * The vendor table printed on the vendors' standing item in the minutes (Markdown, Word and the
 * minutes card): per GP-system vendor the certification state, the next payment milestone and
 * the overdue ones, as of the meeting's date (what the group looked at in that meeting).
 */
import type { AgendaItem, Db, Group, Locale, Meeting, VendorMilestone } from '../domain/model.js';
import { formatDanishDate } from '../domain/dates.js';
import { isVendorItemTitle, vendorSummary } from '../domain/vendors.js';
import type { MinutesVendorTable } from './minutes-view.js';

const LABELS = {
  da: {
    title: 'Lægesystemleverandører',
    asOf: (d: string) => `Status pr. ${d}`,
    head: ['Leverandør', 'Certificering', 'Næste milepæl', 'Forfaldne milepæle'],
    cert: { valid: 'Gyldig til', expiring: 'Udløber', expired: 'Udløbet', none: 'Ikke registreret' },
    none: '–',
    kr: (a: string) => `${a} kr.`,
  },
  en: {
    title: 'GP-system vendors',
    asOf: (d: string) => `Status as of ${d}`,
    head: ['Vendor', 'Certification', 'Next milestone', 'Overdue milestones'],
    cert: { valid: 'Valid until', expiring: 'Expires', expired: 'Expired', none: 'Not recorded' },
    none: '–',
    kr: (a: string) => `DKK ${a}`,
  },
} as const;

const amount = (locale: Locale, n: number): string => {
  const [whole, frac] = n.toFixed(2).split('.') as [string, string];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'en' ? ',' : '.');
  return LABELS[locale].kr(frac === '00' ? grouped : `${grouped}${locale === 'en' ? '.' : ','}${frac}`);
};

const milestone = (locale: Locale, m: VendorMilestone): string =>
  `${formatDanishDate(m.date, locale)}: ${m.text}${m.amount !== null ? ` (${amount(locale, m.amount)})` : ''}`;

/** The table for `item`, or null when it is not the vendors' standing item or the group has no vendors. */
export function minutesVendorTable(
  db: Readonly<Db>,
  group: Group,
  meeting: Meeting,
  item: AgendaItem,
  locale: Locale,
): MinutesVendorTable | null {
  if (!isVendorItemTitle(item.title)) return null;
  const vendors = (db.vendors ?? []).filter((v) => v.groupId === group.id).sort((a, b) => a.name.localeCompare(b.name, 'da'));
  if (!vendors.length) return null;
  const L = LABELS[locale];
  return {
    title: L.title,
    asOf: L.asOf(formatDanishDate(meeting.date, locale)),
    head: [...L.head],
    rows: vendors.map((v) => {
      const s = vendorSummary(v, meeting.date);
      return {
        name: v.name,
        status: s.status,
        certification: s.validUntil ? `${L.cert[s.status]} ${formatDanishDate(s.validUntil, locale)}` : L.cert.none,
        next: s.next ? milestone(locale, s.next) : L.none,
        overdue: s.overdue.length ? s.overdue.map((m) => milestone(locale, m)).join('; ') : L.none,
      };
    }),
  };
}
