import { digestContent, digestSettingsOf, nextDigestAt, type DigestCommand, type DigestSettings } from '../domain/digest.js';
import type { Db, Group, Person, Reminder } from '../domain/model.js';
import { AppError } from '../errors.js';
import type { Tx } from './ports.js';
import { requireRight } from './groups.js';

/**
 * The weekly digest between meetings (issue #16), as reminder rows of kind `digest`: one planned
 * row per group at its next slot, so it shows in `reminders --json` and goes out exactly once
 * through the reminder sweep and the outbox. After each slot (sent, or skipped because nothing
 * changed) the next week's row is planned.
 */
export const DIGEST_KIND = 'digest';

/** A week's digest covers at most this much when none was sent before. */
const FIRST_DIGEST_LOOKBACK_MS = 7 * 86_400_000;

const plannedDigests = (db: Readonly<Db>, groupId: string) =>
  db.reminders.filter((r) => r.groupId === groupId && r.kind === DIGEST_KIND && r.status === 'planned');

/**
 * Makes the group's planned digest rows match its settings: none when it is off, else exactly one
 * at the first slot after `after`. Returns the planned row, if any.
 */
export function planDigest(db: Db, tx: Tx, group: Group, after: Date): Reminder | null {
  const settings = digestSettingsOf(group);
  const planned = plannedDigests(db, group.id);
  const dueAt = settings.enabled && !group.isBoard ? nextDigestAt(settings, group.timezone, after).toISOString() : null;
  let keep: Reminder | null = null;
  for (const r of planned) {
    if (!keep && r.dueAt === dueAt) keep = r;
    else r.status = 'cancelled';
  }
  if (keep || !dueAt) return keep;
  const row: Reminder = {
    id: tx.nextId('r'),
    groupId: group.id,
    meeting: null,
    kind: DIGEST_KIND,
    to: null,
    dueAt,
    status: 'planned',
    late: false,
    sentAt: null,
    outboxId: null,
  };
  db.reminders.push(row);
  return row;
}

/** Groups that should have a planned digest and have none (new groups, stores from before the digest). */
export function groupsMissingDigest(db: Readonly<Db>): Group[] {
  const planned = new Set<string>();
  for (const r of db.reminders) if (r.kind === DIGEST_KIND && (r.status === 'planned' || r.status === 'sending')) planned.add(r.groupId);
  return db.groups.filter((g) => !g.isBoard && digestSettingsOf(g).enabled && !planned.has(g.id));
}

export interface SetDigestInput {
  groupId: string;
  actor: Person;
  command: DigestCommand;
}

/** `ugebrev fra|til|<ugedag> [HH:MM]`: the chair turns the digest off or on, or moves it. */
export function setDigest(db: Db, tx: Tx, input: SetDigestInput): { settings: DigestSettings; next: string | null } {
  const group = db.groups.find((g) => g.id === input.groupId);
  if (!group) throw new AppError('no_group');
  requireRight(group, input.actor, 'manageDigest', tx);
  const before = digestSettingsOf(group);
  const c = input.command;
  const settings: DigestSettings =
    'enabled' in c ? { ...before, enabled: c.enabled } : { enabled: true, weekday: c.weekday, time: c.time ?? before.time };
  group.digest = { ...(group.digest ?? {}), ...settings };
  const next = planDigest(db, tx, group, tx.now);
  tx.audit({
    actor: input.actor.aadObjectId ?? input.actor.teamsId ?? 'unknown',
    action: 'digest.settings',
    groupId: group.id,
    target: null,
    before,
    after: settings,
  });
  return { settings, next: next?.dueAt ?? null };
}

/** Who gets a due digest: the group's conversation, or nobody in a quiet week or when it was turned off. */
export function digestAudience(db: Readonly<Db>, r: Reminder): { group: Group } | { skip: string } {
  const group = db.groups.find((g) => g.id === r.groupId);
  if (!group) return { skip: 'group gone' };
  if (!digestSettingsOf(group).enabled) return { skip: 'digest turned off' };
  const content = digestContent(db, group, digestSince(group, new Date(r.dueAt)), new Date(r.dueAt));
  return content.changed ? { group } : { skip: 'nothing changed since the last digest' };
}

/** The start of the period a digest due at `dueAt` covers: the last one sent, at most a week back when none was. */
export function digestSince(group: Group, dueAt: Date): Date {
  const last = group.digest?.lastSentAt ? new Date(group.digest.lastSentAt) : null;
  return last && !Number.isNaN(last.getTime()) ? last : new Date(dueAt.getTime() - FIRST_DIGEST_LOOKBACK_MS);
}

/** After a digest slot (sent or skipped): remember what was sent, and plan next week's row. */
export function afterDigestSlot(db: Db, tx: Tx, r: Reminder): void {
  if (r.kind !== DIGEST_KIND) return;
  const group = db.groups.find((g) => g.id === r.groupId);
  if (!group) return;
  if (r.status === 'sent') group.digest = { ...(group.digest ?? {}), lastSentAt: r.dueAt };
  // A bot that was down for weeks sends one late digest, not one per missed week.
  planDigest(db, tx, group, new Date(Math.max(tx.now.getTime(), Date.parse(r.dueAt))));
}
