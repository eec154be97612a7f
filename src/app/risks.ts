/**
 * The risk register (issue #6): per group R1, R2, … with category, title, description, owner,
 * corrective actions, the settled rating and its history. Voters add risks; the chair edits, sets
 * the owner and retires them. Pure functions over Db + Tx for `store.update`.
 */
import { LIMITS } from '../domain/limits.js';
import type { Db, Group, Person, Risk } from '../domain/model.js';
import { NO_OWNER } from '../domain/risk-fields.js';
import { findMember, personKey } from '../domain/roster.js';
import { AppError } from '../errors.js';
import { requireGroup, requireRight } from './groups.js';
import type { Tx } from './ports.js';

export const CATEGORY_MAX = 60;
export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 2000;
export const OWNER_MAX = 120;
export const ACTION_MAX = 500;
export const ACTIONS_MAX = 20;
export const RISK_ID = /^R\d{1,6}$/;

/** The categories the group's risk log starts with (any other is allowed). */
export const DEFAULT_CATEGORIES = ['Udbredelse', 'Teknik', 'Prioritering'];

export const findRisk = (db: Readonly<Db>, groupId: string, riskId: string): Risk | undefined =>
  db.risks.find((r) => r.groupId === groupId && r.id === riskId);

export function requireRisk(db: Readonly<Db>, groupId: string, riskId: string): Risk {
  const r = findRisk(db, groupId, riskId);
  if (!r) throw new AppError('risk_unknown', { risk: riskId.slice(0, 40) });
  return r;
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Parses `<kategori>: <titel>` (also `<kategori> - <titel>`). Without a separator the whole text is
 * the title and the category is missing → null.
 */
export function parseNewRisk(args: string): { category: string; title: string } | null {
  const text = args.replace(/<\/?at>/g, '').trim();
  const m = /^([^:–—]{1,80}?)\s*(?::|\s[-–—]\s)\s*(.+)$/s.exec(text);
  if (!m) return null;
  const category = clean(m[1]);
  const title = clean(m[2]);
  return category && title ? { category, title } : null;
}

/** Uses the spelling of a category the group already has ("teknik" → "Teknik"), else capitalises. */
export function normaliseCategory(db: Readonly<Db>, groupId: string, category: string): string {
  const c = clean(category);
  const known = [...db.risks.filter((r) => r.groupId === groupId).map((r) => r.category), ...DEFAULT_CATEGORIES];
  const hit = known.find((k) => k.toLowerCase() === c.toLowerCase());
  return hit ?? c.charAt(0).toLocaleUpperCase('da') + c.slice(1);
}

export interface AddRiskInput {
  groupId: string;
  actor: Person;
  category: string;
  title: string;
  description?: string | null;
}

/** Adds a risk (chair, referent or member). The same title in the same category twice is refused. */
export function addRisk(db: Db, tx: Tx, input: AddRiskInput): Risk {
  const group = requireGroup(db, input.groupId);
  if (findMember(group, input.actor)?.role === 'observer') {
    // requireRight would say "only the chair"; observers are told what they are.
    tx.refuse('observer_no_risk', `addRisk in ${group.id}`, { actor: personKey(input.actor) });
    throw new AppError('observer_no_risk');
  }
  requireRight(group, input.actor, 'addRisk', tx);
  const title = clean(input.title);
  const rawCategory = clean(input.category);
  if (!rawCategory || rawCategory.length > CATEGORY_MAX) throw new AppError('risk_category_invalid', { max: CATEGORY_MAX });
  if (!title || title.length > TITLE_MAX) throw new AppError('risk_title_invalid', { max: TITLE_MAX });
  const description = input.description?.trim() ? input.description.trim().slice(0, DESCRIPTION_MAX) : null;
  const category = normaliseCategory(db, group.id, rawCategory);
  const own = db.risks.filter((r) => r.groupId === group.id);
  if (own.length >= LIMITS.risks) throw new AppError('limit_risks', { max: LIMITS.risks });
  if (own.filter((r) => r.status === 'open').length >= LIMITS.openRisks) throw new AppError('limit_open_risks', { max: LIMITS.openRisks });
  const dup = db.risks.find(
    (r) => r.groupId === group.id && r.status === 'open' && r.category === category && r.title.toLowerCase() === title.toLowerCase(),
  );
  if (dup) throw new AppError('risk_exists', { id: dup.id, title: dup.title });
  group.counters.risk += 1;
  const risk: Risk = {
    groupId: group.id,
    id: `R${group.counters.risk}`,
    category,
    title,
    description,
    owner: null,
    rating: null,
    correctiveActions: [],
    status: 'open',
    history: [],
    createdAt: tx.now.toISOString(),
    createdBy: personKey(input.actor),
  };
  db.risks.push(risk);
  tx.audit({
    actor: personKey(input.actor),
    action: 'risk.add',
    groupId: group.id,
    target: risk.id,
    after: { category, title, description },
  });
  return risk;
}

export interface RiskChanges {
  /** `null` clears the owner. A roster member keeps their Entra id. */
  owner?: { name: string; aadObjectId: string | null } | null;
  description?: string | null;
  correctiveActions?: string[];
  title?: string;
  category?: string;
}

export interface EditRiskInput {
  groupId: string;
  actor: Person;
  riskId: string;
  changes: RiskChanges;
}

/** The chair edits a risk. Returns the risk and whether anything changed (an unchanged save is not audited). */
export function editRisk(db: Db, tx: Tx, input: EditRiskInput): { risk: Risk; changed: boolean } {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'editRisk', tx);
  const risk = requireRisk(db, group.id, input.riskId);
  if (risk.status !== 'open') throw new AppError('risk_retired', { id: risk.id });
  const c = input.changes;
  const next: Pick<Risk, 'owner' | 'description' | 'correctiveActions' | 'title' | 'category'> = {
    owner: risk.owner,
    description: risk.description,
    correctiveActions: risk.correctiveActions,
    title: risk.title,
    category: risk.category,
  };
  if (c.owner !== undefined) {
    if (c.owner === null) next.owner = null;
    else {
      const name = clean(c.owner.name);
      if (!name || name.length > OWNER_MAX) throw new AppError('risk_owner_invalid', { max: OWNER_MAX });
      const member = c.owner.aadObjectId ? findMember(group, { aadObjectId: c.owner.aadObjectId, teamsId: null }) : undefined;
      next.owner = { name: member?.name ?? name, aadObjectId: member?.aadObjectId ?? null };
    }
  }
  if (c.description !== undefined) {
    const d = c.description?.trim() ?? '';
    if (d.length > DESCRIPTION_MAX) throw new AppError('risk_text_too_long', { max: DESCRIPTION_MAX });
    next.description = d || null;
  }
  if (c.correctiveActions !== undefined) {
    const list = c.correctiveActions.map((a) => a.replace(/^\s*[-•*]\s*/, '').trim()).filter(Boolean);
    if (list.length > ACTIONS_MAX || list.some((a) => a.length > ACTION_MAX))
      throw new AppError('risk_actions_invalid', { max: ACTIONS_MAX, chars: ACTION_MAX });
    next.correctiveActions = list;
  }
  if (c.title !== undefined) {
    const t = clean(c.title);
    if (!t || t.length > TITLE_MAX) throw new AppError('risk_title_invalid', { max: TITLE_MAX });
    next.title = t;
  }
  if (c.category !== undefined) {
    const k = clean(c.category);
    if (!k || k.length > CATEGORY_MAX) throw new AppError('risk_category_invalid', { max: CATEGORY_MAX });
    next.category = normaliseCategory(db, group.id, k);
  }
  const before = {
    owner: risk.owner,
    description: risk.description,
    correctiveActions: risk.correctiveActions,
    title: risk.title,
    category: risk.category,
  };
  if (JSON.stringify(before) === JSON.stringify(next)) return { risk, changed: false };
  Object.assign(risk, next);
  tx.audit({ actor: personKey(input.actor), action: 'risk.edit', groupId: group.id, target: risk.id, before, after: next });
  return { risk, changed: true };
}

/** The risk log card's edit form as submitted (a field left out was not on the form). */
export interface RiskForm {
  /** The owner picked from the roster: a member's Entra id, or NO_OWNER. */
  owner?: string;
  /** An owner who is not on the roster, by name: wins over the pick. */
  ownerOther?: string;
  description?: string;
  /** Corrective actions, one a line. */
  actions?: string;
}

/** What a submitted edit form changes: the picked owner must be on the group's roster. */
export function changesFromForm(group: Readonly<Group>, form: RiskForm): RiskChanges {
  const changes: RiskChanges = {};
  const other = form.ownerOther?.trim();
  const chosen = form.owner?.trim();
  if (other) changes.owner = { name: other, aadObjectId: null };
  else if (chosen && chosen !== NO_OWNER) {
    const member = group.roster.find((m) => m.aadObjectId === chosen);
    if (!member) throw new AppError('member_unknown', { name: chosen.slice(0, 40) });
    changes.owner = { name: member.name, aadObjectId: member.aadObjectId };
  } else if (form.owner !== undefined || form.ownerOther !== undefined) changes.owner = null;
  if (form.description !== undefined) changes.description = form.description;
  if (form.actions !== undefined) changes.correctiveActions = form.actions.split(/\r?\n/);
  return changes;
}

/** The chair saves the risk log card's edit form: editRisk with what the form changes. */
export function saveRiskForm(
  db: Db,
  tx: Tx,
  input: { groupId: string; actor: Person; riskId: string; form: RiskForm },
): { risk: Risk; changed: boolean } {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'editRisk', tx);
  const changes = changesFromForm(group, input.form);
  return editRisk(db, tx, { groupId: group.id, actor: input.actor, riskId: input.riskId, changes });
}

/** The chair retires a risk: it leaves the log and future votes; its history stays. */
export function retireRisk(db: Db, tx: Tx, input: { groupId: string; actor: Person; riskId: string }): { risk: Risk; changed: boolean } {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'editRisk', tx);
  const risk = requireRisk(db, group.id, input.riskId);
  if (risk.status === 'retired') return { risk, changed: false };
  risk.status = 'retired';
  tx.audit({
    actor: personKey(input.actor),
    action: 'risk.retire',
    groupId: group.id,
    target: risk.id,
    before: { status: 'open' },
    after: { status: 'retired' },
  });
  return { risk, changed: true };
}
