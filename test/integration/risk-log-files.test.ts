import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { signFileToken } from '../../src/http/file-links.js';
import { cardAction, groupChat, personalChat, users } from '../helpers/activities.js';
import { cardText, invokeCard, startHarness, type Harness } from '../helpers/bot-harness.js';
import { seedSampleMeeting } from '../helpers/minutes-meeting.js';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/styrebot.mjs');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function openUrls(card: unknown): string[] {
  const urls: string[] = [];
  const walk = (n: any) => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    if (n.type === 'Action.OpenUrl') urls.push(n.url);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return urls;
}

async function docxText(buf: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buf)).file('word/document.xml')!.async('string');
  return xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n');
}

async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NODE_NO_WARNINGS: '1' } });
    return { code: 0, stderr: r.stderr };
  } catch (err: any) {
    return { code: err.code ?? 1, stderr: err.stderr ?? '' };
  }
}

describe('the risk log as the group’s annex (Word and Excel)', () => {
  let h: Harness;
  let groupId: string;
  beforeAll(async () => {
    h = await startHarness();
    groupId = await seedSampleMeeting(h);
    // The board has answered the escalation of R2: the annex must carry the answer.
    await h.services.store.update((db) => {
      const e = db.escalations.find((x) => x.groupId === groupId && x.id === 'E1')!;
      e.status = 'answered';
      e.answer = 'Programmet bevilger ekstra driftstimer til juli.';
      e.answeredByName = 'Birgitte Berg';
      e.answeredAt = '2025-06-20T08:00:00.000Z';
    });
  }, 30_000);
  afterAll(async () => h.close());

  it('the risk-log card offers "Hent risikolog" as Word and Excel', async () => {
    const r = await h.post(cardAction(h.fc.url, groupChat, users.anna, VERBS.riskLogFile, { groupId, format: 'xlsx' }));
    const card = invokeCard(r.body);
    expect(cardText(card)).toContain('Hent risikolog');
    expect(cardText(card)).toMatch(/Linket virker til \d{1,2}\.\d\d\./);
  });

  it('Excel: one row per open risk with header, filters, frozen panes, coloured ratings, the last tally and the board’s answer', async () => {
    const r = await h.post(cardAction(h.fc.url, groupChat, users.bent, VERBS.riskLogFile, { groupId, format: 'xlsx' }));
    const [url] = openUrls(invokeCard(r.body));
    expect(url).toMatch(/\/files\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="risikolog-\d{4}-\d\d-\d\d\.xlsx"$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
    const ws = wb.getWorksheet('Risikolog')!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      'Kategori',
      'Nr.',
      'Risiko',
      'Beskrivelse',
      'Vurdering',
      'Udvikling',
      'Ejer',
      'Korrigerende handlinger',
      'Seneste afstemning',
      'Grøn',
      'Gul',
      'Rød',
      'Uenighed',
      'Eskaleringer',
      'Svar',
    ]);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 3, ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.rowCount).toBe(4);
    const byId = new Map([2, 3, 4].map((n) => [String(ws.getRow(n).getCell(2).value), ws.getRow(n)]));
    const r2 = byId.get('R2')!;
    expect(r2.getCell(1).value).toBe('Teknik');
    expect(r2.getCell(3).value).toBe('Svartider over det aftalte niveau');
    expect(r2.getCell(5).value).toBe('rød');
    expect((r2.getCell(5).fill as any).fgColor.argb).toBe('FFFF7C80');
    expect(r2.getCell(6).value).toBe('↑ forværret (fra gul)');
    expect([r2.getCell(10).value, r2.getCell(11).value, r2.getCell(12).value]).toEqual([1, 1, 3]);
    expect(r2.getCell(13).value).toBe('✓');
    expect(String(r2.getCell(14).value)).toContain('Svartiderne har været over det aftalte niveau siden maj.');
    expect(String(r2.getCell(15).value)).toContain('Svar fra Birgitte Berg');
    expect(String(r2.getCell(15).value)).toContain('Programmet bevilger ekstra driftstimer til juli.');
    expect(byId.get('R3')!.getCell(6).value).toBe('↓ forbedret (fra rød)');
  });

  it('Word: a heading per category and a row per risk with its rating, trend, owner and corrective actions', async () => {
    const r = await h.post(cardAction(h.fc.url, groupChat, users.bent, VERBS.riskLogFile, { groupId, format: 'docx' }));
    const [url] = openUrls(invokeCard(r.body));
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    const text = await docxText(Buffer.from(await res.arrayBuffer()));
    for (const s of [
      'Risikolog – ',
      'Udbredelse',
      'Teknik',
      'Prioritering',
      'Svartider over det aftalte niveau',
      'Carsten Vang',
      'Daglig overvågning af svartider',
      '1 grøn, 1 gul, 3 rød — uenighed',
      'Programmet bevilger ekstra driftstimer til juli.',
    ])
      expect(text).toContain(s);
  });

  it('a card naming another group is refused and gives no link', async () => {
    const r = await h.post(cardAction(h.fc.url, groupChat, users.bent, VERBS.riskLogFile, { groupId: 'other-group', format: 'xlsx' }));
    expect(openUrls(r.body)).toEqual([]);
    expect(JSON.stringify(r.body)).not.toContain('/files/');
  });

  it('a format other than docx or xlsx is refused', async () => {
    const r = await h.post(cardAction(h.fc.url, groupChat, users.bent, VERBS.riskLogFile, { groupId, format: 'pdf' }));
    expect(openUrls(r.body)).toEqual([]);
  });

  it('someone not on the roster gets no link in personal chat', async () => {
    const stranger = { id: '29:stranger', name: 'Sara Fremmed', aadObjectId: 'aad-stranger' };
    const r = await h.post(cardAction(h.fc.url, personalChat(stranger), stranger, VERBS.riskLogFile, { groupId, format: 'xlsx' }));
    expect(openUrls(r.body)).toEqual([]);
  });

  it('an expired risk-log link says where to get a new one', async () => {
    const token = signFileToken(
      h.services.config.fileSecret,
      { groupId, kind: 'risks', format: 'xlsx' },
      { now: new Date(Date.now() - 7200_000) },
    );
    const res = await fetch(`http://localhost:${h.bot.port}/files/${token}`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('risk log card');
  });

  it('CLI: styrebot risks --format xlsx --out writes the workbook; a bad format is refused with a usage hint', async () => {
    const out = path.join(h.dir, 'risks.xlsx');
    const ok = await cli(['risks', '--format', 'xlsx', '--out', out, '--store', h.storePath]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain(`risk log written: ${out}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('Risikolog')!.rowCount).toBe(4);
    const bad = await cli(['risks', '--format', 'pdf', '--store', h.storePath]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('formater: docx, xlsx');
  }, 60_000);
});
