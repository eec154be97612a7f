import type { Db, Locale } from '../domain/model.js';
import { buildMinutes } from '../export/minutes-model.js';
import { minutesToMarkdown } from '../export/minutes-md.js';

/** The formats the minutes are offered in (card buttons, file links, CLI). */
export const MINUTES_FORMATS = ['docx', 'md'] as const;
export type MinutesFormat = (typeof MINUTES_FORMATS)[number];

export const CONTENT_TYPES: Record<MinutesFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown; charset=utf-8',
};

/** "referat-2-moede.docx" / "minutes-meeting-2.docx": ASCII only, safe in any header or file system. */
export function minutesFilename(meetingNumber: number, format: MinutesFormat, locale: Locale): string {
  return locale === 'en' ? `minutes-meeting-${meetingNumber}.${format}` : `referat-${meetingNumber}-moede.${format}`;
}

export interface MinutesFile {
  bytes: Buffer;
  filename: string;
  contentType: string;
}

/**
 * The minutes of meeting N as a file, generated from the store as it is now (files are never
 * cached: an approval or amendment shows in the next download). In the group's language.
 */
export async function renderMinutesFile(
  db: Readonly<Db>,
  groupId: string,
  meetingNumber: number,
  format: MinutesFormat,
  now: Date | string,
): Promise<MinutesFile> {
  const view = buildMinutes(db, groupId, meetingNumber, { now });
  // The Word writer (the docx package, megabytes of code) is loaded on the first download, not
  // at start: most of the bot's life is card clicks, and every resident megabyte is marked by
  // every full garbage collection.
  const bytes =
    format === 'docx'
      ? await (await import('../export/minutes-docx.js')).minutesToDocx(view)
      : Buffer.from(minutesToMarkdown(view), 'utf8');
  return { bytes, filename: minutesFilename(meetingNumber, format, view.locale), contentType: CONTENT_TYPES[format] };
}
