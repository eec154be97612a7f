/**
 * The vendor reminders (kinds `vendor-certification` and `vendor-milestone`): 30 days before a
 * certification ends and 14 days before a payment milestone that is not done, to the vendor's
 * responsible person or else the chair. They ride on the meeting reminders' machinery: rows in
 * `db.reminders` (meeting null, `ref` = `<vendorId>:cert` / `<vendorId>:m<n>`), claimed and sent
 * exactly once by the reminder sweep, queued through the outbox by `sendReminderInTx`.
 *
 * Re-planning: a changed date cancels the old row and plans a new one (the history shows both);
 * a row already sent (or sending, failed, …) for the same instant is never planned again, so a
 * re-sync is a no-op and nothing goes out twice. Only future instants are planned.
 */
import type { Db, Group, Member, Reminder, ReminderStatus, Vendor } from '../domain/model.js';
import { DEFAULT_ZONE } from '../domain/dates.js';
import { DEFAULT_REMINDER_OFFSETS } from '../domain/reminder-plan.js';
import { chairsOf } from '../domain/roster.js';
import { isVendorReminderKind, parseVendorRef, planVendorReminders } from '../domain/vendors.js';
import type { Tx } from './ports.js';

const HISTORY: ReadonlySet<ReminderStatus> = new Set(['sending', 'sent', 'expired', 'failed', 'uncertain']);
const sameInstant = (a: string, b: string): boolean => Date.parse(a) === Date.parse(b);

/** The roster member a vendor's reminders go to: its responsible person, else the (first) chair. */
export function vendorAddressee(group: Group, v: Pick<Vendor, 'responsible'>): Member | null {
  const responsible = v.responsible ? group.roster.find((m) => (m.aadObjectId ?? m.teamsId) === v.responsible) : undefined;
  return responsible ?? chairsOf(group)[0] ?? null;
}

const keyOf = (m: Member | null): string | null => (m ? (m.aadObjectId ?? m.teamsId) : null);

export interface VendorSync {
  created: number;
  cancelled: number;
  kept: number;
}

/**
 * Brings a vendor's reminder rows in line with its dates (after any change, or with `vendor`
 * gone: all its planned rows are cancelled). Call inside the store write that made the change.
 */
export function syncVendorReminders(db: Db, tx: Tx, groupId: string, vendorId: string): VendorSync {
  const group = db.groups.find((g) => g.id === groupId);
  const vendor = db.vendors?.find((v) => v.groupId === groupId && v.id === vendorId);
  const result: VendorSync = { created: 0, cancelled: 0, kept: 0 };
  const plan =
    group && vendor
      ? planVendorReminders(vendor, group.reminderOffsets?.atTime ?? DEFAULT_REMINDER_OFFSETS.atTime, group.timezone || DEFAULT_ZONE)
      : [];
  const to = group && vendor ? keyOf(vendorAddressee(group, vendor)) : null;
  const mine = db.reminders.filter(
    (r) => r.groupId === groupId && isVendorReminderKind(r.kind) && parseVendorRef(r.ref)?.vendorId === vendorId,
  );
  const used = new Set<Reminder>();
  for (const p of plan) {
    const same = mine.filter((r) => r.kind === p.kind && r.ref === p.ref && sameInstant(r.dueAt, p.dueAt));
    const done = same.find((r) => HISTORY.has(r.status));
    const planned = same.find((r) => r.status === 'planned');
    if (done) {
      used.add(done); // already gone out (or going): never again, and a planned twin is cancelled below
      result.kept++;
      continue;
    }
    if (planned) {
      used.add(planned);
      if (planned.to !== to) planned.to = to; // a new responsible person gets it
      result.kept++;
      continue;
    }
    if (Date.parse(p.dueAt) <= tx.now.getTime()) continue;
    const r: Reminder = {
      id: tx.nextId('rem'),
      groupId,
      meeting: null,
      kind: p.kind,
      to,
      dueAt: p.dueAt,
      status: 'planned',
      late: false,
      sentAt: null,
      outboxId: null,
      ref: p.ref,
    };
    db.reminders.push(r);
    used.add(r);
    result.created++;
  }
  for (const r of mine) {
    if (r.status !== 'planned' || used.has(r)) continue;
    r.status = 'cancelled';
    result.cancelled++;
  }
  return result;
}

/**
 * Who a due vendor reminder goes to, or why it goes to nobody (the vendor was removed, the
 * milestone is done or gone, the date changed since it was planned).
 */
export function vendorReminderAddressees(db: Readonly<Db>, group: Group, r: Reminder): { people: Member[] } | { skip: string } {
  const ref = parseVendorRef(r.ref);
  const vendor = ref && db.vendors?.find((v) => v.groupId === group.id && v.id === ref.vendorId);
  if (!ref || !vendor) return { skip: 'vendor gone' };
  if (r.kind === 'vendor-milestone') {
    const m = vendor.agreement.milestones.find((x) => x.number === ref.milestone);
    if (!m) return { skip: 'milestone gone' };
    if (m.done) return { skip: 'milestone done' };
  } else if (!vendor.certification.validUntil) return { skip: 'no certification date' };
  const who = vendorAddressee(group, vendor);
  return who ? { people: [who] } : { skip: 'nobody responsible' };
}
