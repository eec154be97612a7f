import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { seedDemo } from '../../src/demo.js';
import { createLogger } from '../../src/log.js';
import { startPlayground, type Playground } from '../../scripts/playground.js';
import { activityText, freePort, PlaygroundClient } from '../helpers/playground-client.js';

/** The real local client (Agents Playground) against the real bot, driven over its HTTP/WebSocket API. */
describe('real client: Agents Playground', () => {
  let bot: RunningBot;
  let pg: Playground;
  let client: PlaygroundClient;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'styrebot-pg-'));
    const pgPort = await freePort();
    const config = loadConfig({ PORT: '0', STORE_PATH: path.join(dir, 'db.json'), STYREBOT_LOG_LEVEL: 'silent' });
    bot = await startBot({
      config,
      log: createLogger(process.env.PG_DEBUG ? 'debug' : 'silent'),
      beforeListen: async (s) => void (await seedDemo(s.store, config, pgPort)),
    });
    pg = await startPlayground({ port: pgPort, botEndpoint: `${bot.url}/api/messages` });
    client = new PlaygroundClient(pg.url);
    await client.connect();
  }, 90_000);

  afterAll(async () => {
    client?.close();
    await pg?.stop();
    await bot?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('help in the personal chat shows the help card', async () => {
    const cfg = await client.config();
    const from = client.received.length;
    await client.send('personal-chat-id', cfg.config.currentUser.id, 'hjælp');
    const reply = await client.waitFor((a) => activityText(a).includes('styrebot — kommandoer'), { from });
    expect(activityText(reply)).toContain('roller');
  });

  it('roller in the demo group chat shows the roster with the chair', async () => {
    const from = client.received.length;
    await client.mentionBot('styregruppe-chat-id', 'user-id-1', 'roller');
    const reply = await client.waitFor((a) => activityText(a).includes('Roller i'), { from });
    expect(activityText(reply)).toContain('Anna Holm');
    expect(activityText(reply)).toMatch(/Formand \(1\)/);
  });

  it('the meetings card’s calendar button gives a link to an .ics with the planned meeting (issue #8)', async () => {
    let from = client.received.length;
    await client.mentionBot('styregruppe-chat-id', 'user-id-1', 'nyt møde 10. marts 2027 10:00-11:30 Mødelokale 2');
    await client.waitFor((a) => /10\. marts 2027/.test(activityText(a)), { from });
    from = client.received.length;
    await client.mentionBot('styregruppe-chat-id', 'user-id-1', 'møder');
    const card = await client.waitFor((a) => JSON.stringify(a.attachments ?? []).includes('"verb":"meetings.ics"'), { from });
    const action = (card.attachments![0]!.content.actions as any[]).find((x) => x.verb === 'meetings.ics');
    const answer = await client.invoke('styregruppe-chat-id', 'user-id-1', card.id!, 'meetings.ics', action.data);
    const link = JSON.stringify(answer).match(/"url":"(http[^"]+\/files\/[^"]+)"/)?.[1];
    expect(link, JSON.stringify(answer).slice(0, 800)).toBeTruthy();
    const res = await fetch(link!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const ics = await res.text();
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toMatch(/DTSTART;TZID=Europe\/Copenhagen:20270310T100000|DTSTART:20270310T090000Z/);
    expect(ics).toContain('Mødelokale 2');
  });
});
