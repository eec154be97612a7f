import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Playground {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the Microsoft 365 Agents Playground (offline, no browser of its own) against the bot.
 * It reads .m365agentsplayground.yml from its working directory; an invalid config makes it exit
 * with the reason only in devTools/m365agentsplayground.log, so we surface that file on failure.
 */
export async function startPlayground(opts: {
  port: number;
  botEndpoint: string;
  cwd?: string;
  log?: (line: string) => void;
}): Promise<Playground> {
  const cwd = opts.cwd ?? ROOT;
  const bin = path.join(ROOT, 'node_modules/@microsoft/m365agentsplayground/cli.js');
  const child = spawn(process.execPath, [bin, '-p', String(opts.port), '-e', opts.botEndpoint, '-c', 'msteams', '--disable-telemetry'], {
    cwd,
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', BROWSER: 'none' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => {
    output += d;
    opts.log?.(String(d));
  });
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://localhost:${opts.port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const logFile = path.join(cwd, 'devTools/m365agentsplayground.log');
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`Agents Playground exited (${child.exitCode}).\n${output}\n${tail}`);
    }
    try {
      const res = await fetch(`${url}/_internal/v1/config`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (Date.now() >= deadline) {
    child.kill('SIGKILL');
    throw new Error(`Agents Playground did not start on ${url} within 60 s.\n${output}`);
  }
  return {
    url,
    port: opts.port,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
