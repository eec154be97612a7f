import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { findMeeting } from '../app/minutes.js';
import { renderMinutesFile, type MinutesFormat } from '../app/minutes-files.js';
import { AppError } from '../errors.js';
import { registerMessages } from '../i18n/index.js';
import minutesMessages from '../i18n/messages/minutes.js';
import { action, oneGroup, readDb, withStoreOptions } from './common.js';

registerMessages(minutesMessages);

/**
 * `styrebot minutes N --format md|docx [--out FILE] [--group ID]` (issue #9): the minutes of
 * meeting N from the last durable state (read-only, works while the bot runs). Markdown goes to
 * stdout unless --out is given; Word needs a file (default ./referat-N.docx).
 */
export function register(program: Command): void {
  withStoreOptions(
    program
      .command('minutes')
      .description('write the minutes ("referat") of meeting N as Markdown (stdout) or Word')
      .argument('<meeting>', 'meeting number')
      .option('--format <format>', 'md or docx', 'md')
      .option('--out <file>', 'write to this file (docx default: referat-<N>.docx)')
      .option('--generated-at <iso>', 'the time printed as "Dannet af styrebot …" (default: now), for reproducible output'),
  ).action(
    action(async (meetingArg: string, opts: { format: string; out?: string; group?: string; store?: string; generatedAt?: string }) => {
      if (!/^\d{1,5}$/.test(meetingArg) || Number(meetingArg) < 1)
        throw new AppError('minutes_cli_option', { option: 'meeting', value: meetingArg });
      const format = opts.format.toLowerCase();
      if (format !== 'md' && format !== 'docx') throw new AppError('minutes_cli_option', { option: '--format', value: opts.format });
      const now = opts.generatedAt ? new Date(opts.generatedAt) : new Date();
      if (Number.isNaN(now.getTime()))
        throw new AppError('minutes_cli_option', { option: '--generated-at', value: opts.generatedAt ?? '' });
      const n = Number(meetingArg);
      const db = await readDb(opts);
      const group = oneGroup(db, opts.group);
      findMeeting(db, group.id, n);
      const file = await renderMinutesFile(db, group.id, n, format as MinutesFormat, now);
      if (format === 'md' && !opts.out) {
        process.stdout.write(file.bytes);
        return;
      }
      const out = path.resolve(opts.out ?? `referat-${n}.${format}`);
      await writeFile(out, file.bytes);
      process.stderr.write(`minutes written: ${out} (${file.bytes.length} bytes)\n`);
    }),
  );
}
