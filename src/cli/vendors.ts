import type { Command } from 'commander';
import { AppError } from '../errors.js';
import type { Db } from '../domain/model.js';
import { isIsoDate, localDate } from '../domain/dates.js';
import { certificationStatus, sortedMilestones, type CertificationStatus } from '../domain/vendors.js';
import { action, printJson, printText, readDb, selectGroups, withStoreOptions } from './common.js';

/**
 * `styrebot vendors [--json] [--group ID] [--date YYYY-MM-DD]`: the register of GP-system vendors
 * (read-only, works while the bot runs). The JSON contract is exactly
 *   [{group, name, contact, agreement: {signed, milestones: [{date, text, amount, done}]},
 *     certification: {validUntil, status}, tests: [{from, to, text}], notes}]
 * sorted by group, then name; milestones by date. `status` (valid | expiring | expired | none) is
 * for today in the group's zone, or for `--date`.
 */
export interface VendorRow {
  group: string;
  name: string;
  contact: string | null;
  agreement: { signed: string | null; milestones: { date: string; text: string; amount: number | null; done: boolean }[] };
  certification: { validUntil: string | null; status: CertificationStatus };
  tests: { from: string; to: string; text: string }[];
  notes: string | null;
}

export function vendorRows(db: Readonly<Db>, opts: { group?: string; date?: string; now?: Date } = {}): VendorRow[] {
  const groups = selectGroups(db, opts.group);
  const rows: VendorRow[] = [];
  for (const g of groups) {
    const today = opts.date ?? localDate(opts.now ?? new Date(), g.timezone);
    const vendors = (db.vendors ?? []).filter((v) => v.groupId === g.id).sort((a, b) => a.name.localeCompare(b.name, 'da'));
    for (const v of vendors)
      rows.push({
        group: g.id,
        name: v.name,
        contact: v.contact,
        agreement: {
          signed: v.agreement.signed,
          milestones: sortedMilestones(v).map((m) => ({ date: m.date, text: m.text, amount: m.amount, done: m.done })),
        },
        certification: { validUntil: v.certification.validUntil, status: certificationStatus(v.certification.validUntil, today) },
        tests: v.tests.map((w) => ({ from: w.from, to: w.to, text: w.text })),
        notes: v.notes,
      });
  }
  return rows;
}

export function register(program: Command): void {
  withStoreOptions(
    program
      .command('vendors')
      .description('list the GP-system vendors: agreement, milestones, certification status, test windows (read-only)')
      .option('--json', 'machine-readable: [{group, name, contact, agreement, certification, tests, notes}]')
      .option('--date <YYYY-MM-DD>', 'certification status as of this date (default: today)'),
  ).action(
    action(async (opts: { json?: boolean; store?: string; group?: string; date?: string }) => {
      if (opts.date !== undefined && !isIsoDate(opts.date))
        throw new AppError('bad_input', { detail: `--date must be YYYY-MM-DD, got "${opts.date.slice(0, 20)}"` });
      const rows = vendorRows(await readDb(opts), { group: opts.group, date: opts.date });
      if (opts.json) return printJson(rows);
      if (!rows.length) return void printText('no vendors\n');
      for (const r of rows) {
        const open = r.agreement.milestones.filter((m) => !m.done);
        printText(
          `${r.group.padEnd(4)} ${r.name.padEnd(24)} certification ${r.certification.status}${r.certification.validUntil ? ` (${r.certification.validUntil})` : ''}  milestones ${r.agreement.milestones.length - open.length}/${r.agreement.milestones.length} done${open[0] ? `, next ${open[0].date}` : ''}\n`,
        );
      }
    }),
  );
}
