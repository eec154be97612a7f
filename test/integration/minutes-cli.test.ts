import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { seedSampleMeeting } from '../helpers/minutes-meeting.js';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/styrebot.mjs');
const GOLDEN = path.join(ROOT, 'test/fixtures/minutes-cli-2.golden.md');
const GENERATED_AT = '2025-06-17T08:00:00.000Z';

async function cli(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      maxBuffer: 10 * 1024 * 1024,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err: any) {
    return { code: err.code ?? 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

describe('styrebot minutes N (CLI, read-only while the bot runs)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await seedSampleMeeting(h);
  }, 30_000);
  afterAll(async () => h.close());

  it('prints the Markdown minutes of the sample meeting to stdout, exactly as the reviewed golden file', async () => {
    const r = await cli(['minutes', '2', '--store', h.storePath, '--generated-at', GENERATED_AT]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(GOLDEN, 'utf8'));
  }, 30_000);

  it('--format docx --out writes a Word document that opens', async () => {
    const out = path.join(h.dir, 'minutes.docx');
    const r = await cli(['minutes', '2', '--format', 'docx', '--out', out, '--store', h.storePath]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`minutes written: ${out}`);
    const zip = await JSZip.loadAsync(readFileSync(out));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('Heading1');
    expect(xml).toContain('Tidsplanen for certificering 2025 blev godkendt.');
  }, 30_000);

  it('--format docx without --out writes referat-N.docx in the working directory', async () => {
    const r = await cli(['minutes', '2', '--format', 'docx', '--store', h.storePath], h.dir);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(h.dir, 'referat-2.docx'))).toBe(true);
    expect(r.stderr).toMatch(
      new RegExp(`^minutes written: ${path.join(h.dir, 'referat-2.docx').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ bytes\\)\n$`),
    ); // says where
  }, 30_000);

  it('refuses an unknown meeting, a bad format and a bad number with a one-line message and exit code 1', async () => {
    const unknown = await cli(['minutes', '9', '--store', h.storePath]);
    expect(unknown.code).toBe(1);
    // the CLI points to the CLI, never to a chat command
    expect(unknown.stderr).toBe('styrebot: Møde 9 findes ikke. Se gruppens møder med "styrebot meetings".\n');
    const format = await cli(['minutes', '2', '--format', 'pdf', '--store', h.storePath]);
    expect(format.code).toBe(1);
    expect(format.stderr).toContain('Ugyldig værdi for --format: "pdf"');
    const number = await cli(['minutes', 'to', '--store', h.storePath]);
    expect(number.code).toBe(1);
    expect(number.stderr).toContain('Ugyldig værdi for meeting');
  }, 60_000);

  it('the help names the calendar command as the README does: "meetings ics", not "meetings-ics"', async () => {
    const help = await cli(['--help']);
    expect(help.stdout).not.toContain('meetings-ics');
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('"meetings ics --out FILE" writes them as iCalendar');
    const ics = await cli(['meetings', 'ics', '--out', path.join(h.dir, 'm.ics'), '--store', h.storePath]);
    expect([ics.code, ics.stderr]).toEqual([0, '']);
  }, 60_000);
});
