/**
 * Pure view models for the GP-system vendors: the vendors list card (cards/vendors.json), one
 * vendor's card with its edit forms (cards/vendor.json, also the body of a vendor reminder) and
 * the vendor table that the vendors' standing item shows on its agenda card.
 *
 * States are computed for a reference date the caller passes: today for the register, the
 * meeting's date for an agenda item (what the group will look at in that meeting).
 */
import type { Group, Locale, Vendor, VendorMilestone } from '../../domain/model.js';
import { formatDanishDate } from '../../domain/dates.js';
import { agreementTotal, sortedMilestones, vendorSummary, type CertificationStatus, type VendorSummary } from '../../domain/vendors.js';
import { registerMessages, t } from '../../i18n/index.js';
import messages from '../../i18n/messages/vendors.js';

registerMessages(messages);

/** Rows on a card: far more than any group has, and a card stays inside Teams' size budget. */
export const MAX_VENDOR_ROWS = 50;
const MAX_LINES = 40;
const MAX_OWNER_CHOICES = 100;

const STATUS_COLOR: Record<CertificationStatus, string> = { valid: 'good', expiring: 'warning', expired: 'attention', none: 'default' };

const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s);

/** 250000 → "250.000" (da) / "250,000" (en); decimals only when there are øre. */
export function amountText(locale: Locale, amount: number): string {
  const [whole, frac] = amount.toFixed(2).split('.') as [string, string];
  const sep = locale === 'en' ? ',' : '.';
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return frac === '00' ? grouped : `${grouped}${locale === 'en' ? '.' : ','}${frac}`;
}

export const amountLabel = (locale: Locale, amount: number): string => t(locale, 'vendor.amount', { amount: amountText(locale, amount) });

export function certificationText(locale: Locale, status: CertificationStatus, validUntil: string | null): string {
  return validUntil ? t(locale, `vendor.cert.${status}`, { date: formatDanishDate(validUntil, locale) }) : t(locale, 'vendor.cert.none');
}

function milestoneShort(locale: Locale, m: VendorMilestone): string {
  const amount = m.amount !== null ? ` (${amountLabel(locale, m.amount)})` : '';
  return `${formatDanishDate(m.date, locale)}: ${cut(m.text, 120)}${amount}`;
}

function overdueText(locale: Locale, s: VendorSummary): string {
  if (!s.overdue.length) return t(locale, 'vendors.none');
  const head = t(locale, s.overdue.length === 1 ? 'vendors.overdue.count' : 'vendors.overdue.countMany', { count: s.overdue.length });
  return `${head}: ${s.overdue
    .slice(0, 3)
    .map((m) => milestoneShort(locale, m))
    .join('; ')}${s.overdue.length > 3 ? ' …' : ''}`;
}

export interface VendorRowView {
  id: string;
  name: string;
  status: CertificationStatus;
  cert: string;
  certColor: string;
  next: string;
  overdue: string;
  overdueColor: string;
}

export function vendorRow(locale: Locale, v: Vendor, today: string): VendorRowView {
  const s = vendorSummary(v, today);
  return {
    id: v.id,
    name: v.name,
    status: s.status,
    cert: certificationText(locale, s.status, s.validUntil),
    certColor: STATUS_COLOR[s.status],
    next: s.next ? milestoneShort(locale, s.next) : t(locale, 'vendors.none'),
    overdue: overdueText(locale, s),
    overdueColor: s.overdue.length ? 'attention' : 'default',
  };
}

/** The vendor table block: headers plus one row per vendor (by name). */
export function vendorTableView(locale: Locale, vendors: readonly Vendor[], today: string) {
  return {
    title: t(locale, 'vendors.table.title'),
    asOf: t(locale, 'vendors.table.asOf', { date: formatDanishDate(today, locale) }),
    colName: t(locale, 'vendors.col.name'),
    colCert: t(locale, 'vendors.col.cert'),
    colNext: t(locale, 'vendors.col.next'),
    colOverdue: t(locale, 'vendors.col.overdue'),
    rows: vendors.slice(0, MAX_VENDOR_ROWS).map((v) => {
      const row = vendorRow(locale, v, today);
      return { ...row, nextLine: `${t(locale, 'vendors.col.next')}: ${row.next}`, overdueLine: `${t(locale, 'vendors.col.overdue')}: ${row.overdue}` };
    }),
  };
}

/**
 * The guarded block on the vendors' standing item: `hasVendors` false (and nothing shown) when
 * the item is another one or the group has no vendors.
 */
export function vendorItemBlock(locale: Locale, isVendorItem: boolean, vendors: readonly Vendor[], today: string) {
  const show = isVendorItem && vendors.length > 0;
  return { hasVendors: show, vendorTable: vendorTableView(locale, show ? vendors : [], today) };
}

/** `leverandører` / `vendors`: the register as a table, each vendor openable, and a "new" form. */
export function vendorsListView(locale: Locale, group: Group, vendors: readonly Vendor[], today: string) {
  const L = (k: string, p?: Record<string, string | number>) => t(locale, k, p);
  const table = vendorTableView(locale, vendors, today);
  return {
    title: L('vendors.title'),
    subtitle: L('vendors.subtitle', { group: group.name, date: formatDanishDate(today, locale) }),
    noVendors: table.rows.length === 0,
    empty: L('vendors.empty'),
    rows: table.rows.map((r) => ({
      ...r,
      open: L('vendors.open', { name: r.name }),
      certLabel: table.colCert,
      nextLabel: table.colNext,
      overdueLabel: table.colOverdue,
      groupId: group.id,
    })),
    hint: L('vendors.hint'),
    create: {
      title: L('vendors.new.title'),
      nameLabel: L('vendors.new.name'),
      nameError: L('vendors.new.nameError'),
      save: L('vendors.new.save'),
    },
    data: { groupId: group.id },
  };
}

export interface VendorCardOptions {
  /** A line above everything (a reminder's message, colour warning). */
  banner?: string | null;
  /** What the click just did ("Gemt: certificering."), colour good. */
  feedback?: string | null;
}

/** One vendor: facts, milestones, test windows, notes, and the edit forms. */
export function vendorCardView(locale: Locale, group: Group, v: Vendor, today: string, opts: VendorCardOptions = {}) {
  const L = (k: string, p?: Record<string, string | number>) => t(locale, k, p);
  const s = vendorSummary(v, today);
  const chair = group.roster.find((m) => m.role === 'chair');
  const responsible = v.responsible ? group.roster.find((m) => (m.aadObjectId ?? m.teamsId) === v.responsible) : null;
  const total = agreementTotal(v);
  const none = L('vendor.noneSet');
  const facts = [
    { title: L('vendor.fact.contact'), value: v.contact ?? none },
    {
      title: L('vendor.fact.responsible'),
      value: responsible ? responsible.name : chair ? L('vendor.fact.responsibleChair', { name: chair.name }) : none,
    },
    {
      title: L('vendor.fact.signed'),
      value: v.agreement.signed ? L('vendor.fact.signedOn', { date: formatDanishDate(v.agreement.signed, locale) }) : L('vendor.fact.notSigned'),
    },
    ...(total.total !== null
      ? [{ title: L('vendor.fact.total'), value: L('vendor.fact.totalText', { paid: amountLabel(locale, total.paid), total: amountLabel(locale, total.total) }) }]
      : []),
  ];
  const milestones = sortedMilestones(v)
    .slice(0, MAX_LINES)
    .map((m) => {
      const overdue = !m.done && m.date < today;
      const state = m.done ? L('vendor.milestone.done') : overdue ? L('vendor.milestone.overdue') : L('vendor.milestone.open');
      return {
        text: L('vendor.milestone.line', { number: m.number, date: formatDanishDate(m.date, locale), text: cut(m.text, 300) }),
        detail: [m.amount !== null ? amountLabel(locale, m.amount) : null, state].filter(Boolean).join(' · '),
        color: m.done ? 'good' : overdue ? 'attention' : 'default',
      };
    });
  const open = sortedMilestones(v).filter((m) => !m.done);
  const owners = group.roster
    .filter((m) => m.aadObjectId || m.teamsId)
    .slice(0, MAX_OWNER_CHOICES)
    .map((m) => ({ title: m.organisation ? `${m.name} (${m.organisation})` : m.name, value: (m.aadObjectId ?? m.teamsId)! }));
  return {
    title: v.name,
    subtitle: L('vendor.subtitle', { group: group.name }),
    banner: opts.banner ?? '',
    feedback: opts.feedback ?? '',
    cert: certificationText(locale, s.status, s.validUntil),
    certLabel: L('vendor.fact.cert'),
    certColor: STATUS_COLOR[s.status],
    facts,
    milestonesTitle: L('vendor.milestones'),
    noMilestonesShown: milestones.length === 0,
    noMilestones: L('vendor.milestones.none'),
    milestones,
    hasTests: v.tests.length > 0,
    testsTitle: L('vendor.tests'),
    tests: v.tests.slice(0, MAX_LINES).map((w, i) =>
      L('vendor.test.line', { number: i + 1, from: formatDanishDate(w.from, locale), to: formatDanishDate(w.to, locale), text: cut(w.text, 300) }),
    ),
    hasNotes: !!v.notes,
    notesTitle: L('vendor.notes'),
    notes: cut(v.notes ?? '', 2000),
    hint: L('vendor.hint'),
    edit: {
      title: L('vendor.edit.title'),
      nameLabel: L('vendor.edit.name'),
      name: v.name,
      contactLabel: L('vendor.edit.contact'),
      contact: v.contact ?? '',
      responsibleLabel: L('vendor.edit.responsible'),
      responsible: v.responsible ?? 'chair',
      responsibleChoices: [{ title: L('vendor.edit.responsibleChair'), value: 'chair' }, ...owners],
      signedLabel: L('vendor.edit.signed'),
      signed: v.agreement.signed ?? '',
      certLabel: L('vendor.edit.cert'),
      validUntil: v.certification.validUntil ?? '',
      notesLabel: L('vendor.edit.notes'),
      notes: v.notes ?? '',
      save: L('vendor.edit.save'),
    },
    milestone: {
      title: L('vendor.milestone.title'),
      dateLabel: L('vendor.milestone.date'),
      dateError: L('vendor.milestone.dateError'),
      textLabel: L('vendor.milestone.text'),
      textError: L('vendor.milestone.textError'),
      amountLabel: L('vendor.milestone.amount'),
      save: L('vendor.milestone.save'),
    },
    canMarkPaid: open.length > 0,
    paid: {
      title: L('vendor.paid.title'),
      whichLabel: L('vendor.paid.which'),
      error: L('vendor.paid.error'),
      choices: open.slice(0, MAX_LINES).map((m) => ({ title: cut(L('vendor.milestone.line', { number: m.number, date: formatDanishDate(m.date, locale), text: m.text }), 150), value: String(m.number) })),
      first: open[0] ? String(open[0].number) : '',
      save: L('vendor.paid.save'),
    },
    test: {
      title: L('vendor.test.title'),
      fromLabel: L('vendor.test.from'),
      toLabel: L('vendor.test.to'),
      textLabel: L('vendor.test.text'),
      dateError: L('vendor.milestone.dateError'),
      textError: L('vendor.test.textError'),
      save: L('vendor.test.save'),
    },
    back: L('vendor.back'),
    data: { groupId: group.id, vendorId: v.id },
  };
}
