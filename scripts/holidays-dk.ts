/**
 * `npx tsx scripts/holidays-dk.ts`: writes src/domain/holidays-dk.json, the Danish part of
 * date-holidays' calendar data (the rules for Denmark and the shared holiday names).
 *
 * The bot needs only Denmark's public holidays, but `date-holidays` loads the rules of every
 * country it knows: ~8 MB of heap that every full garbage collection marks again. The bot runs
 * date-holidays-parser (the same rule engine) on this extract instead. Run this after upgrading
 * date-holidays; test/unit/time/working-days.test.ts fails until the extract matches it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface CalendarData {
  version: string;
  license: string;
  holidays: Record<string, unknown>;
  names: unknown;
}

export async function danishExtract(): Promise<CalendarData> {
  const dataModule = 'date-holidays/data'; // untyped: the package declares types for its entry point only
  const { data } = (await import(dataModule)) as { data: CalendarData };
  return { version: data.version, license: data.license, holidays: { DK: data.holidays.DK }, names: data.names };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.join(ROOT, 'src/domain/holidays-dk.json');
  // prettier only here: the unit test imports danishExtract and has no use for it.
  const { format } = await import('prettier');
  writeFileSync(out, await format(JSON.stringify(await danishExtract()), { parser: 'json' }));
  console.log(`wrote ${path.relative(ROOT, out)}`);
}
