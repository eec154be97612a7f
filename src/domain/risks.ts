/** Reading a group's risk log: which risks it has, in the order every list shows them. */
import type { Db, Escalation, Risk } from './model.js';

/** A group's risks: open ones first in id order, then (optionally) the retired ones. */
export function risksOf(db: Readonly<Db>, groupId: string, opts: { includeRetired?: boolean } = {}): Risk[] {
  const byId = (a: Risk, b: Risk) => Number(a.id.slice(1)) - Number(b.id.slice(1));
  const mine = db.risks.filter((r) => r.groupId === groupId);
  const open = mine.filter((r) => r.status === 'open').sort(byId);
  return opts.includeRetired ? [...open, ...mine.filter((r) => r.status === 'retired').sort(byId)] : open;
}

/** Escalations of one risk, oldest first. */
export const escalationsOf = (db: Readonly<Db>, groupId: string, riskId: string): Escalation[] =>
  db.escalations.filter((e) => e.groupId === groupId && e.riskId === riskId);
