/** The GP-system vendor register, as stored; re-exported by model.ts. */

/** A payment milestone of a vendor's cooperation agreement; `number` is stable (1, 2, …) per vendor. */
export interface VendorMilestone {
  number: number;
  date: string;
  text: string;
  /** DKK; null when the agreement names no amount. */
  amount: number | null;
  done: boolean;
  doneAt?: string | null;
  doneBy?: string | null;
}

/** A period in which the vendor's system is tested (local dates, both inclusive). */
export interface VendorTestWindow {
  from: string;
  to: string;
  text: string;
}

/** A GP-system vendor ("lægesystemleverandør"): its agreement, yearly certification and tests. */
export interface Vendor {
  groupId: string;
  id: string;
  name: string;
  contact: string | null;
  /** personKey of who gets its reminders; null = the group's chair. */
  responsible: string | null;
  agreement: { signed: string | null; milestones: VendorMilestone[] };
  certification: { validUntil: string | null };
  tests: VendorTestWindow[];
  notes: string | null;
  createdAt: string;
  createdBy: string;
  /** Next milestone number. */
  nextMilestone: number;
}
