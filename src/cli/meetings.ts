import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { importAgendaAsOperator, type ImportResult } from '../app/agenda-import.js';
import { materialOf } from '../domain/material.js';
import type { Db, Meeting } from '../domain/model.js';
import { AppError } from '../errors.js';
import { registerMessages } from '../i18n/index.js';
import messages from '../i18n/messages/meetings.js';
import { readAgendaFile } from '../import/read-agenda-file.js';
import { isPgUrl, withWriter } from '../storage/index.js';
import { action, printJson, printText, readDb, selectGroups, storePathOf, withStoreOptions } from './common.js';

registerMessages(messages);

/** The `styrebot meetings --json` contract (issue #5, point 6): one entry per meeting. */
export function meetingsJson(db: Readonly<Db>, groupOpt?: string) {
  const groups = selectGroups(db, groupOpt);
  const order = new Map(groups.map((g, i) => [g.id, i]));
  return db.meetings
    .filter((m) => order.has(m.groupId))
    .sort(
      (a, b) =>
        order.get(a.groupId)! - order.get(b.groupId)! ||
        a.date.localeCompare(b.date) ||
        a.start.localeCompare(b.start) ||
        a.number - b.number,
    )
    .map((m: Meeting) => ({
      group: m.groupId,
      number: m.number,
      title: m.title,
      date: m.date,
      start: m.start,
      end: m.end,
      location: m.location,
      status: m.status,
      attendance: m.attendance.map((a) => ({ name: a.name, aadObjectId: a.aadObjectId, present: a.present })),
      items: m.items.map((i) => ({
        number: i.number,
        title: i.title,
        presenter: i.presenter,
        outcome: i.outcome,
        decision: i.decision,
        by: i.by,
        at: i.at,
        // A standing item's status report (issue #16), null when none was received.
        status: i.status ? { rating: i.status.rating, summary: i.status.summary, by: i.status.by, at: i.status.at } : null,
        material: materialOf(i).map((x) => ({ name: x.name, url: x.url })),
      })),
      proposals: (m.proposals ?? []).map((p) => ({
        title: p.title,
        presenter: p.presenter,
        recommendation: p.recommendation,
        by: p.byName,
        status: p.status,
      })),
    }));
}

const span = (x: { date: string; start: string; end: string }) => `${x.date} ${x.start}–${x.end}`;

export function importSummary(r: ImportResult, via: 'socket' | 'local'): string {
  const lines = [
    `imported into ${r.groupId} (${r.groupName})${via === 'socket' ? ' through the running bot' : ''}:`,
    `  meeting ${r.meeting} ${r.filled ? '(already planned: filled in)' : '(created)'}: ${span(r)}, ${r.items} items`,
  ];
  if (r.renumbered)
    lines.push(`  the document calls it meeting ${r.renumbered.document}; it is the group's meeting ${r.renumbered.number}`);
  lines.push(`  planned meetings created: ${r.created.length ? r.created.map((c) => `${c.number} (${span(c)})`).join(', ') : 'none'}`);
  if (r.existing.length) lines.push(`  proposed dates already planned: meeting ${r.existing.join(', ')}`);
  lines.push(`  warnings: ${r.warnings.length ? '' : 'none'}`);
  for (const w of r.warnings) lines.push(`    - ${w}`);
  return lines.join('\n') + '\n';
}

/** `agenda import FILE [--json] [--group ID]` and `meetings [--json] [--group ID]`. */
export function register(program: Command): void {
  const agenda = program.command('agenda').description('agenda documents (.txt/.md, .docx, .pdf)');
  withStoreOptions(
    agenda
      .command('import')
      .description(
        'parse an agenda file; --json prints the parsed structure and changes nothing, otherwise it is imported as a meeting of the group',
      )
      .argument('<file>', 'the agenda (.txt, .md, .docx or .pdf)')
      .option('--json', 'print the parsed agenda as JSON; changes nothing'),
  ).action(
    action(async (file: string, opts: { json?: boolean; store?: string; group?: string }) => {
      const parsed = await readAgendaFile(file);
      if (opts.json) return printJson(parsed);
      const storePath = storePathOf(opts);
      // No store yet means no group yet: the group comes from installing the bot in Teams.
      if (!isPgUrl(storePath) && !existsSync(storePath)) throw new AppError('no_group');
      const { via, result } = await withWriter<ImportResult>(storePath, {
        command: 'agenda.import',
        args: { agenda: parsed, group: opts.group ?? null },
        local: (store, args) => importAgendaAsOperator(store, args),
      });
      printText(importSummary(result, via));
    }),
  );

  withStoreOptions(
    program
      .command('meetings')
      .description(
        'list the meetings (with attendance and decisions); read-only, works while the bot runs; "meetings ics --out FILE" writes them as iCalendar',
      )
      .option('--json', 'machine-readable: one object per meeting'),
  ).action(
    action(async (opts: { json?: boolean; store?: string; group?: string }) => {
      const list = meetingsJson(await readDb(opts), opts.group);
      if (opts.json) return printJson(list);
      if (!list.length) return void printText('no meetings\n');
      for (const m of list) {
        const decided = m.items.filter((i) => i.outcome).length;
        printText(
          `${m.group}  #${m.number}  ${span(m)}  ${m.status.padEnd(9)}  ${m.items.length} items, ${decided} decided  ${m.title}${m.location ? ` — ${m.location}` : ''}\n`,
        );
      }
    }),
  );
}
