/**
 * Changing an action point after it was made: its text, due date, owner, or a short progress
 * note. The owner, the chair or the referent may do it (the same people who may mark it done);
 * refusals are logged. Every change is audited with before and after, and the nudges follow a
 * new due date or owner.
 */
import type { ActionNote, ActionPoint, Db, Person } from '../domain/model.js';
import { isIsoDate } from '../domain/dates.js';
import { findMember, personKey } from '../domain/roster.js';
import { AppError } from '../errors.js';
import { mayChangeAction, MAX_ACTION_TEXT, requireAction, syncActionNudges } from './actions.js';
import { requireGroup } from './groups.js';
import type { Tx } from './ports.js';

export const MAX_ACTION_NOTE = 300;
/** Notes are a short progress log, not a discussion: the oldest go beyond this many. */
export const MAX_ACTION_NOTES = 20;

export type ActionChange =
  { kind: 'text'; text: string } | { kind: 'due'; due: string | null } | { kind: 'owner'; owner: Person } | { kind: 'note'; text: string };

export interface EditActionInput {
  groupId: string;
  actionId: string;
  actor: Person;
  changes: ActionChange[];
}

const squeeze = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Applies the changes in order after validating all of them (nothing changes if one is bad).
 * A change to the value it already has is no change; `changed` says whether anything did.
 */
export function editAction(db: Db, tx: Tx, input: EditActionInput): { action: ActionPoint; changed: boolean } {
  const group = requireGroup(db, input.groupId);
  const action = requireAction(db, group.id, input.actionId);
  if (!mayChangeAction(group, action, input.actor)) {
    tx.refuse('action_edit_not_owner', `edit ${action.id} in ${group.id}`, { actor: personKey(input.actor) });
    throw new AppError('action_edit_not_owner', { id: action.id, owner: action.owner.name });
  }
  const next: Partial<Pick<ActionPoint, 'text' | 'due' | 'owner'>> = {};
  const notes: ActionNote[] = [];
  const byName = findMember(group, input.actor)?.name ?? input.actor.name;
  for (const c of input.changes) {
    if (c.kind === 'text') {
      const text = squeeze(c.text);
      if (!text) throw new AppError('action_text_missing');
      if (text.length > MAX_ACTION_TEXT) throw new AppError('action_text_too_long', { max: MAX_ACTION_TEXT });
      if (text !== action.text) next.text = text;
    } else if (c.kind === 'due') {
      if (c.due !== null && !isIsoDate(c.due)) throw new AppError('action_bad_date', { text: c.due.slice(0, 40) });
      if (c.due !== action.due) next.due = c.due;
    } else if (c.kind === 'owner') {
      // Owners are people of the group: an unknown key would make an action nobody can find.
      const rostered = findMember(group, c.owner);
      if (!rostered) throw new AppError('action_owner_unknown');
      const owner = { name: rostered.name.slice(0, 200), aadObjectId: rostered.aadObjectId ?? null, teamsId: rostered.teamsId ?? null };
      if (personKey(owner) !== personKey({ aadObjectId: action.owner.aadObjectId, teamsId: action.owner.teamsId ?? null }))
        next.owner = owner;
    } else {
      const text = squeeze(c.text);
      if (!text) throw new AppError('action_note_missing');
      if (text.length > MAX_ACTION_NOTE) throw new AppError('action_note_too_long', { max: MAX_ACTION_NOTE });
      // The same note again from the same person is a repeated click (Teams re-sends invokes), not news.
      const latest = action.notes?.at(-1);
      if (latest?.text === text && latest.by === personKey(input.actor)) continue;
      notes.push({ text, by: personKey(input.actor), byName, at: tx.now.toISOString() });
    }
  }
  if (!Object.keys(next).length && !notes.length) return { action, changed: false };
  const before = { text: action.text, due: action.due, owner: action.owner.name };
  Object.assign(action, next);
  if (notes.length) action.notes = [...(action.notes ?? []), ...notes].slice(-MAX_ACTION_NOTES);
  tx.audit({
    actor: personKey(input.actor),
    action: 'action.edit',
    groupId: group.id,
    target: action.id,
    before: Object.fromEntries(Object.keys(next).map((k) => [k, before[k as keyof typeof before]])),
    after: {
      ...('text' in next ? { text: action.text } : {}),
      ...('due' in next ? { due: action.due } : {}),
      ...('owner' in next ? { owner: action.owner.name } : {}),
      ...(notes.length ? { notes: notes.map((n) => n.text) } : {}),
    },
  });
  if ('due' in next || 'owner' in next) syncActionNudges(db, tx, group.id);
  return { action, changed: true };
}
