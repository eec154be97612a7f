/**
 * What is STORED, read the way an operator reads it while the bot runs: the CLI's `--json`
 * listings (`node --import tsx src/cli.ts meetings --json --store <path>`), in a child process.
 */
import { execFile } from 'node:child_process';
import { ROOT } from '../../../scripts/playground.js';
import type { ActionJson } from '../../../src/cli/actions.js';
import type { RiskJson, VoteJson } from '../../../src/cli/risks.js';
import type { meetingsJson } from '../../../src/cli/meetings.js';

export type MeetingJson = ReturnType<typeof meetingsJson>[number];
export interface Listings {
  meetings: MeetingJson[];
  risks: RiskJson[];
  votes: VoteJson[];
  actions: ActionJson[];
}
export type Listing = keyof Listings;

export function cli(storePath: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', ...args, '--store', storePath],
      { cwd: ROOT, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`styrebot ${args.join(' ')} failed: ${err.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

export async function listing<K extends Listing>(storePath: string, name: K): Promise<Listings[K]> {
  return JSON.parse(await cli(storePath, [name, '--json'])) as Listings[K];
}

/**
 * Polls a listing until `check` passes (it throws — e.g. a failed expect — while it does not);
 * the store is written by the bot's own process, so a click's write may land a moment after the
 * card is on screen. Gives up with the last failure and the last listing.
 */
export async function stored<K extends Listing>(
  storePath: string,
  name: K,
  check: (list: Listings[K]) => void,
  timeoutMs = 30_000,
): Promise<Listings[K]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const list = await listing(storePath, name);
    try {
      check(list);
      return list;
    } catch (err) {
      if (Date.now() > until) {
        (err as Error).message = `styrebot ${name} --json: ${(err as Error).message}\nlast listing: ${JSON.stringify(list).slice(0, 1500)}`;
        throw err;
      }
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}
