import type { Command } from 'commander';
import type { Db, Reminder } from '../domain/model.js';
import { action, printJson, printText, readDb, selectGroups, withStoreOptions } from './common.js';

/**
 * `styrebot reminders [--json] [--group ID]`: every stored reminder (issue #8, point 6). The JSON
 * contract is exactly
 *   [{"group", "meeting", "kind", "to", "dueAt", "status", "late", "sentAt"}]
 * sorted by dueAt; `dueAt` is the planned instant after any weekend/holiday move.
 */
export interface ReminderRow {
  group: string;
  meeting: number | null;
  kind: string;
  to: string | null;
  dueAt: string;
  status: Reminder['status'];
  late: boolean;
  sentAt: string | null;
}

/** `to`: the addressee's Entra object id — stored for nudges, else the action point's owner; null for group messages. */
function addressee(db: Readonly<Db>, r: Reminder): string | null {
  if (r.to) return r.to;
  if (r.kind === 'nudge-action' && r.ref)
    return db.actions.find((a) => a.groupId === r.groupId && a.id === r.ref)?.owner.aadObjectId ?? null;
  return null;
}

/** At the same instant, meeting reminders (T-…) before nudges. */
const nudgeLast = (r: Reminder): number => (r.kind.startsWith('T-') ? 0 : 1);

export function reminderRows(db: Readonly<Db>, groupOpt?: string): ReminderRow[] {
  const ids = new Set(selectGroups(db, groupOpt).map((g) => g.id));
  return db.reminders
    .filter((r) => ids.has(r.groupId))
    .slice()
    .sort(
      (a, b) =>
        Date.parse(a.dueAt) - Date.parse(b.dueAt) ||
        (a.meeting ?? 0) - (b.meeting ?? 0) ||
        nudgeLast(a) - nudgeLast(b) ||
        a.kind.localeCompare(b.kind),
    )
    .map((r) => ({
      group: r.groupId,
      meeting: r.meeting,
      kind: r.kind,
      to: addressee(db, r),
      dueAt: new Date(Date.parse(r.dueAt)).toISOString(),
      status: r.status,
      late: r.late,
      sentAt: r.sentAt,
    }));
}

export function register(program: Command): void {
  withStoreOptions(
    program
      .command('reminders')
      .description('list the reminder plan: meeting reminders and nudges with due time and status (read-only)')
      .option('--json', 'machine-readable: [{group, meeting, kind, to, dueAt, status, late, sentAt}]'),
  ).action(
    action(async (opts: { json?: boolean; store?: string; group?: string }) => {
      const rows = reminderRows(await readDb(opts), opts.group);
      if (opts.json) return printJson(rows);
      if (!rows.length) return void printText('no reminders\n');
      for (const r of rows)
        printText(
          `${r.dueAt}  ${r.group.padEnd(4)} ${String(r.meeting ?? '-').padStart(3)}  ${r.kind.padEnd(12)} ${r.status}${r.late ? ' (late)' : ''}${r.to ? `  to ${r.to}` : ''}${r.sentAt ? `  sent ${r.sentAt}` : ''}\n`,
        );
    }),
  );
}
