/**
 * Material (bilag) on agenda items: attach a link (typed, pasted, or the SharePoint/OneDrive link
 * of a file sent to the bot in personal chat), give a named annex its link, and remove an entry.
 * The chair, the referent and the item's presenter may do it, until the minutes are approved.
 * The bot stores a name and a link, never a file. Every change is audited with before/after.
 */
import { checkMaterialLink, type LinkRefusal } from '../domain/link-hosts.js';
import { findMaterialIndex, materialLabel, materialOf, MAX_MATERIAL_NAME, nameFromLink } from '../domain/material.js';
import { LIMITS } from '../domain/limits.js';
import type { AgendaItem, Db, Group, Material, Meeting, Person } from '../domain/model.js';
import { findMember, isPresenter, may, personKey } from '../domain/roster.js';
import { AppError } from '../errors.js';
import { requireAgendaEditable } from './agenda-edit.js';
import { requireGroup, requireRight } from './groups.js';
import { findItem, findMeeting } from './meetings.js';
import type { Tx } from './ports.js';

export const MAX_MATERIAL_PER_ITEM = LIMITS.materialPerItem;

/** The refusal of a link as an AppError whose text says why (`error.material_link_<reason>`). */
export function linkRefusalError(r: LinkRefusal): AppError {
  switch (r.reason) {
    case 'host':
      return new AppError('material_link_host', { host: r.host.slice(0, 100) });
    case 'not_https':
      return new AppError('material_link_not_https', { scheme: r.scheme.slice(0, 20) });
    case 'port':
      return new AppError('material_link_port', { port: r.port });
    case 'userinfo':
      return new AppError('material_link_userinfo');
    case 'too_long':
      return new AppError('material_link_too_long', { max: r.max });
    default:
      return new AppError('material_link_invalid');
  }
}

/** Throws unless `url` is an allowed material link; returns it normalised. */
export function requireMaterialLink(url: string, extraHosts: readonly string[]): string {
  const c = checkMaterialLink(url, extraHosts);
  if (!c.ok) throw linkRefusalError(c);
  return c.url;
}

/** Chair and referent always; else the item's presenter; else refused (and logged). */
function requireMaterialRight(group: Group, item: AgendaItem, actor: Person, tx: Tx): void {
  if (may(group, actor, 'manageMeetings') || isPresenter(group, item, actor)) return;
  if (findMember(group, actor)) {
    tx.refuse('material_not_allowed', `material in ${group.id}`, { actor: personKey(actor) });
    throw new AppError('material_not_allowed', { item: item.number });
  }
  requireRight(group, actor, 'manageMeetings', tx);
}

const cleanName = (s: string | null | undefined): string =>
  (s ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_MATERIAL_NAME);

const snapshot = (list: Material[]) => list.map((m) => ({ name: m.name, url: m.url }));

export interface AttachInput {
  groupId: string;
  actor: Person;
  meeting: number;
  item: number;
  url: string;
  /** What the user typed after the link (a new name, or the name/number of a missing annex); may be empty. */
  name?: string | null;
  /** The file's own name (an upload), used when nothing was typed. */
  fileName?: string | null;
  extraHosts: readonly string[];
}

export interface MaterialResult {
  meeting: Meeting;
  item: AgendaItem;
  entry: Material;
  /** What happened: a new entry, the link of a named (missing or linked) entry set, or nothing (same link again). */
  kind: 'added' | 'linked' | 'replaced' | 'unchanged';
}

/**
 * Attaches a link. A typed name that refers to an entry already on the item ("Bilag 2", "2", the
 * whole name) gives that entry this link; with no name, the item's one missing annex gets it;
 * otherwise a new entry is added, named as typed, else after the file, else "Bilag n".
 */
export function attachMaterial(db: Db, tx: Tx, input: AttachInput): MaterialResult {
  const group = requireGroup(db, input.groupId);
  const meeting = findMeeting(db, group.id, input.meeting);
  const item = findItem(meeting, input.item);
  requireMaterialRight(group, item, input.actor, tx);
  requireAgendaEditable(meeting, 'material_minutes_approved');
  const url = requireMaterialLink(input.url, input.extraHosts);
  const list = materialOf(item).map((m) => ({ ...m }));
  const typed = cleanName(input.name);
  let at = typed ? findMaterialIndex(list, typed) : -1;
  if (!typed && !input.fileName) {
    const missing = list.map((m, i) => (m.url ? -1 : i)).filter((i) => i >= 0);
    if (missing.length === 1) at = missing[0];
  }
  const who = { by: personKey(input.actor), byName: findMember(group, input.actor)?.name ?? input.actor.name, at: tx.now.toISOString() };
  let kind: MaterialResult['kind'];
  if (at >= 0) {
    if (list[at].url === url) return { meeting, item, entry: list[at], kind: 'unchanged' };
    kind = list[at].url ? 'replaced' : 'linked';
    list[at] = { ...list[at], url, ...who };
  } else {
    const sameLink = list.findIndex((m) => m.url === url);
    if (sameLink >= 0) return { meeting, item, entry: list[sameLink], kind: 'unchanged' };
    if (list.length >= MAX_MATERIAL_PER_ITEM) throw new AppError('limit_material', { max: MAX_MATERIAL_PER_ITEM, item: item.number });
    const name = typed || cleanName(input.fileName) || nameFromLink(url) || defaultName(list, group);
    list.push({ name, url, ...who });
    at = list.length - 1;
    kind = 'added';
  }
  const before = snapshot(materialOf(item));
  item.material = list;
  tx.audit({
    actor: personKey(input.actor),
    action: `material.${kind === 'added' ? 'add' : 'link'}`,
    groupId: group.id,
    target: `meeting ${meeting.number} item ${item.number}`,
    before,
    after: snapshot(list),
  });
  return { meeting, item, entry: list[at], kind };
}

function defaultName(list: Material[], group: Group): string {
  const word = group.locale === 'en' ? 'Annex' : 'Bilag';
  return `${word} ${list.length + 1}`;
}

export interface RemoveInput {
  groupId: string;
  actor: Person;
  meeting: number;
  item: number;
  /** The entry's name, annex number or place in the list. */
  ref: string;
}

/** Removes one entry (a link or a named annex) from the item's material. */
export function removeMaterial(db: Db, tx: Tx, input: RemoveInput): { meeting: Meeting; item: AgendaItem; removed: Material } {
  const group = requireGroup(db, input.groupId);
  const meeting = findMeeting(db, group.id, input.meeting);
  const item = findItem(meeting, input.item);
  requireMaterialRight(group, item, input.actor, tx);
  requireAgendaEditable(meeting, 'material_minutes_approved');
  const list = materialOf(item).map((m) => ({ ...m }));
  const at = findMaterialIndex(list, cleanName(input.ref));
  if (at < 0)
    throw new AppError('material_unknown', {
      ref: cleanName(input.ref).slice(0, 80) || '?',
      item: item.number,
      names: list.map((m) => materialLabel(m.name)).join('; ') || '–',
    });
  const [removed] = list.splice(at, 1);
  const before = snapshot(materialOf(item));
  item.material = list;
  tx.audit({
    actor: personKey(input.actor),
    action: 'material.remove',
    groupId: group.id,
    target: `meeting ${meeting.number} item ${item.number}`,
    before,
    after: snapshot(list),
  });
  return { meeting, item, removed };
}
