/**
 * The register of GP-system vendors ("lægesystemleverandører"): add, change and remove a vendor,
 * its agreement's payment milestones, its certification date and test windows. The chair and
 * the referent keep it (right `manageMeetings`); refusals go to the security log. Every change is
 * validated in full before anything changes, audited with before/after, and the vendor's
 * reminders are re-planned in the same write (src/app/vendor-reminders.ts).
 */
import type { Db, Person, Vendor, VendorMilestone } from '../domain/model.js';
import { isIsoDate } from '../domain/dates.js';
import { LIMITS } from '../domain/limits.js';
import { findMember, personKey } from '../domain/roster.js';
import { AppError } from '../errors.js';
import { requireGroup, requireRight } from './groups.js';
import type { Tx } from './ports.js';
import { syncVendorReminders } from './vendor-reminders.js';

export const MAX_VENDOR_NAME = 80;
export const MAX_VENDOR_CONTACT = 200;
export const MAX_VENDOR_TEXT = 300;
export const MAX_VENDOR_NOTES = 2000;
/** Largest amount accepted (DKK): far above any agreement, below where floats lose whole kroner. */
export const MAX_AMOUNT = 1_000_000_000;
export const VENDOR_ID = /^[A-Za-z0-9_-]{1,40}$/;

/** Words that start a vendor command: a vendor named so could not be addressed. */
const RESERVED = new Set(['ny', 'nyt', 'new', 'slet', 'fjern', 'delete', 'remove', 'add', 'tilføj', 'liste', 'list', 'vis', 'show']);

const squeeze = (s: string): string => s.replace(/\s+/g, ' ').trim();

export const vendorsOf = (db: Readonly<Db>, groupId: string): Vendor[] =>
  (db.vendors ?? []).filter((v) => v.groupId === groupId).sort((a, b) => a.name.localeCompare(b.name, 'da'));

/** The vendor of this name in the group (case-insensitive), if any. */
export function findVendor(db: Readonly<Db>, groupId: string, name: string): Vendor | undefined {
  const n = squeeze(name).toLowerCase();
  return (db.vendors ?? []).find((v) => v.groupId === groupId && v.name.toLowerCase() === n);
}

export function requireVendor(db: Readonly<Db>, groupId: string, vendorId: string): Vendor {
  const v = (db.vendors ?? []).find((x) => x.groupId === groupId && x.id === vendorId);
  if (!v) throw new AppError('vendor_unknown', { name: vendorId.slice(0, 40) });
  return v;
}

function checkName(db: Readonly<Db>, groupId: string, raw: string, self: Vendor | null): string {
  const name = squeeze(raw);
  if (!name) throw new AppError('vendor_name_missing');
  if (name.length > MAX_VENDOR_NAME) throw new AppError('vendor_name_too_long', { max: MAX_VENDOR_NAME });
  if (RESERVED.has(name.toLowerCase().split(' ')[0]!)) throw new AppError('vendor_name_reserved', { name });
  const other = findVendor(db, groupId, name);
  if (other && other !== self) throw new AppError('vendor_exists', { name: other.name });
  return name;
}

function checkDate(date: string): string {
  if (!isIsoDate(date)) throw new AppError('vendor_bad_date', { text: date.slice(0, 40) });
  return date;
}

function checkText(raw: string, max: number, missing: string): string {
  const text = squeeze(raw);
  if (!text) throw new AppError(missing);
  if (text.length > max) throw new AppError('vendor_text_too_long', { max });
  return text;
}

function checkAmount(amount: number | null): number | null {
  if (amount === null) return null;
  if (!Number.isFinite(amount) || amount < 0 || amount > MAX_AMOUNT)
    throw new AppError('vendor_bad_amount', { text: String(amount).slice(0, 20) });
  return Math.round(amount * 100) / 100;
}

export interface AddVendorInput {
  groupId: string;
  actor: Person;
  name: string;
}

export function addVendor(db: Db, tx: Tx, input: AddVendorInput): Vendor {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'manageMeetings', tx);
  const name = checkName(db, group.id, input.name, null);
  if ((db.vendors ?? []).filter((v) => v.groupId === group.id).length >= LIMITS.vendors)
    throw new AppError('limit_vendors', { max: LIMITS.vendors });
  const vendor: Vendor = {
    groupId: group.id,
    id: tx.nextId('ven'),
    name,
    contact: null,
    responsible: null,
    agreement: { signed: null, milestones: [] },
    certification: { validUntil: null },
    tests: [],
    notes: null,
    createdAt: tx.now.toISOString(),
    createdBy: personKey(input.actor),
    nextMilestone: 1,
  };
  (db.vendors ??= []).push(vendor);
  tx.audit({ actor: personKey(input.actor), action: 'vendor.add', groupId: group.id, target: vendor.id, after: { name } });
  return vendor;
}

export type VendorChange =
  | { kind: 'name'; name: string }
  | { kind: 'contact'; contact: string | null }
  | { kind: 'responsible'; person: Pick<Person, 'aadObjectId' | 'teamsId'> | null }
  | { kind: 'signed'; date: string | null }
  | { kind: 'certified'; date: string | null }
  | { kind: 'notes'; text: string | null }
  | { kind: 'milestone'; date: string; text: string; amount: number | null }
  | { kind: 'milestoneDone'; number: number; done: boolean }
  | { kind: 'milestoneRemove'; number: number }
  | { kind: 'test'; from: string; to: string; text: string }
  | { kind: 'testRemove'; index: number };

export interface EditVendorInput {
  groupId: string;
  vendorId: string;
  actor: Person;
  changes: VendorChange[];
}

type Snapshot = Omit<Vendor, 'groupId' | 'id' | 'createdAt' | 'createdBy'>;
const snapshot = (v: Vendor): Snapshot => {
  const { groupId: _g, id: _i, createdAt: _c, createdBy: _b, ...rest } = structuredClone(v);
  return rest;
};

/**
 * Applies the changes in order to a copy, checks the copy, then stores it. A change to the value
 * it already has is no change (a re-sent click changes nothing); `changed` lists the fields that did.
 */
export function editVendor(db: Db, tx: Tx, input: EditVendorInput): { vendor: Vendor; changed: (keyof Snapshot)[] } {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'manageMeetings', tx);
  const vendor = requireVendor(db, group.id, input.vendorId);
  const next = snapshot(vendor);
  for (const c of input.changes) {
    switch (c.kind) {
      case 'name':
        next.name = checkName(db, group.id, c.name, vendor);
        break;
      case 'contact':
        next.contact = c.contact === null || !squeeze(c.contact) ? null : checkText(c.contact, MAX_VENDOR_CONTACT, 'vendor_text_missing');
        break;
      case 'responsible': {
        if (c.person === null) next.responsible = null;
        else {
          const m = findMember(group, c.person);
          if (!m || !(m.aadObjectId ?? m.teamsId)) throw new AppError('vendor_responsible_unknown');
          next.responsible = (m.aadObjectId ?? m.teamsId)!;
        }
        break;
      }
      case 'signed':
        next.agreement.signed = c.date === null ? null : checkDate(c.date);
        break;
      case 'certified':
        next.certification.validUntil = c.date === null ? null : checkDate(c.date);
        break;
      case 'notes':
        next.notes = c.text === null || !squeeze(c.text) ? null : c.text.trim().slice(0, MAX_VENDOR_NOTES + 1);
        if (next.notes && next.notes.length > MAX_VENDOR_NOTES) throw new AppError('vendor_text_too_long', { max: MAX_VENDOR_NOTES });
        break;
      case 'milestone': {
        const m: VendorMilestone = {
          number: next.nextMilestone,
          date: checkDate(c.date),
          text: checkText(c.text, MAX_VENDOR_TEXT, 'vendor_milestone_text_missing'),
          amount: checkAmount(c.amount),
          done: false,
        };
        // The same milestone again (a re-sent click) is not a second one.
        if (next.agreement.milestones.some((x) => x.date === m.date && x.text === m.text && x.amount === m.amount)) break;
        if (next.agreement.milestones.length >= LIMITS.milestonesPerVendor)
          throw new AppError('limit_vendor_milestones', { max: LIMITS.milestonesPerVendor });
        next.agreement.milestones.push(m);
        next.nextMilestone++;
        break;
      }
      case 'milestoneDone': {
        const m = next.agreement.milestones.find((x) => x.number === c.number);
        if (!m) throw new AppError('vendor_milestone_unknown', { number: c.number, name: vendor.name });
        if (m.done === c.done) break;
        Object.assign(
          m,
          c.done
            ? { done: true, doneAt: tx.now.toISOString(), doneBy: personKey(input.actor) }
            : { done: false, doneAt: null, doneBy: null },
        );
        break;
      }
      case 'milestoneRemove': {
        const i = next.agreement.milestones.findIndex((x) => x.number === c.number);
        if (i < 0) throw new AppError('vendor_milestone_unknown', { number: c.number, name: vendor.name });
        next.agreement.milestones.splice(i, 1);
        break;
      }
      case 'test': {
        const w = { from: checkDate(c.from), to: checkDate(c.to), text: checkText(c.text, MAX_VENDOR_TEXT, 'vendor_test_text_missing') };
        if (w.to < w.from) throw new AppError('vendor_test_order');
        if (next.tests.some((x) => x.from === w.from && x.to === w.to && x.text === w.text)) break;
        if (next.tests.length >= LIMITS.testsPerVendor) throw new AppError('limit_vendor_tests', { max: LIMITS.testsPerVendor });
        next.tests.push(w);
        next.tests.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
        break;
      }
      case 'testRemove':
        if (!Number.isInteger(c.index) || c.index < 0 || c.index >= next.tests.length) throw new AppError('vendor_test_unknown');
        next.tests.splice(c.index, 1);
        break;
    }
  }
  const before = snapshot(vendor);
  const changed = (Object.keys(next) as (keyof Snapshot)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(before[k]));
  if (!changed.length) return { vendor, changed };
  Object.assign(vendor, next);
  tx.audit({
    actor: personKey(input.actor),
    action: 'vendor.edit',
    groupId: group.id,
    target: vendor.id,
    before: Object.fromEntries(changed.map((k) => [k, before[k]])),
    after: Object.fromEntries(changed.map((k) => [k, next[k]])),
  });
  syncVendorReminders(db, tx, group.id, vendor.id);
  return { vendor, changed };
}

/** Removes a vendor from the register; its planned reminders are cancelled in the same write. */
export function deleteVendor(db: Db, tx: Tx, input: { groupId: string; vendorId: string; actor: Person }): Vendor {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'manageMeetings', tx);
  const vendor = requireVendor(db, group.id, input.vendorId);
  db.vendors = (db.vendors ?? []).filter((v) => v !== vendor);
  tx.audit({ actor: personKey(input.actor), action: 'vendor.delete', groupId: group.id, target: vendor.id, before: snapshot(vendor) });
  syncVendorReminders(db, tx, group.id, vendor.id);
  return vendor;
}
