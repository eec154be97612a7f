import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { calendarMeetings, groupCalendarIcs, ICS_PRODID } from '../app/calendar-file.js';
import { action, oneGroup, printText, readDb, withStoreOptions } from './common.js';

/**
 * `styrebot meetings ics --out FILE.ics [--group ID]`: the group's planned meetings as an
 * iCalendar file (issue #8, point 5), also reachable as `styrebot meetings-ics`.
 *
 * `meetings` itself belongs to the meetings module (`styrebot meetings --json`). To work whatever
 * order the modules register in, `ics` is attached as a subcommand of the existing `meetings`
 * command — now if it is already registered, else when commander dispatches to it — and while no
 * `meetings` command exists at all, `meetings ics …` is routed to `meetings-ics`.
 *
 * The file comes from src/app/calendar-file.ts, the same as the meetings card's calendar link.
 */
export { ICS_PRODID };

function icsCommand(name: string): Command {
  const cmd = withStoreOptions(
    new Command(name)
      .description('write the planned meetings as an iCalendar file (Europe/Copenhagen times as UTC instants, stable UIDs)')
      .requiredOption('--out <file>', 'the .ics file to write'),
  );
  return cmd.action(
    action(async (_opts: unknown, self: Command) => {
      // --store/--group may have been parsed by the parent `meetings` command: read them from both.
      const opts = self.optsWithGlobals() as { out: string; store?: string; group?: string };
      const db = await readDb(opts);
      const group = oneGroup(db, opts.group);
      const text = groupCalendarIcs(db, group);
      const out = path.resolve(opts.out);
      writeFileSync(out, text, 'utf8');
      const n = calendarMeetings(db, group).length;
      printText(`${out}: ${n} planned meeting${n === 1 ? '' : 's'} of ${group.name}\n`);
    }),
  );
}

const attach = (meetings: Command) => {
  if (!meetings.commands.some((c) => c.name() === 'ics')) meetings.addCommand(icsCommand('ics'));
};

export function register(program: Command): void {
  const standalone = icsCommand('meetings-ics');
  // `meetings ics` is the documented name (README, help of `meetings`); the old spelling keeps working, unlisted.
  program.addCommand(standalone, { hidden: true });
  const existing = program.commands.find((c) => c.name() === 'meetings');
  if (existing) return attach(existing);
  // Registered after us: attach just before commander hands over to it.
  program.hook('preSubcommand', (_program, sub) => {
    if (sub.name() === 'meetings') attach(sub);
  });
  // Not registered at all: route `meetings ics …` here, everything else stays an unknown command.
  program.on('command:*', (operands: string[], unknown: string[]) => {
    if (operands[0] === 'meetings' && operands[1] === 'ics') {
      void standalone.parseAsync([...operands.slice(2), ...unknown], { from: 'user' });
      return;
    }
    program.error(`error: unknown command '${operands[0]}'`, { code: 'commander.unknownCommand', exitCode: 1 });
  });
}
