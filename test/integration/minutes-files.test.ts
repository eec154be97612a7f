import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { FILE_LINK_TTL_S, signFileToken } from '../../src/http/file-links.js';
import { cardAction, groupChat, message, personalChat, users, type TestConversation, type TestUser } from '../helpers/activities.js';
import { cardOf, cardText, invokeCard, invokeMessage, setMembers, startHarness, type Harness } from '../helpers/bot-harness.js';
import { seedSampleMeeting } from '../helpers/minutes-meeting.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The Action.OpenUrl of the download banner on a minutes card. */
function downloadUrl(card: any): string {
  let url = '';
  const walk = (n: any) => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    if (n.type === 'Action.OpenUrl') url = n.url;
    Object.values(n).forEach(walk);
  };
  walk(card);
  return url;
}

async function documentXml(buf: Buffer): Promise<{ xml: string; text: string }> {
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file('word/document.xml')!.async('string');
  const text = xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  return { xml, text };
}

describe('minutes files from a group chat: a signed link served by the bot', () => {
  let h: Harness;
  let groupId: string;
  let wordUrl: string;
  beforeAll(async () => {
    h = await startHarness();
    groupId = await seedSampleMeeting(h);
    const r = await h.post(
      cardAction(h.fc.url, groupChat, users.bent, VERBS.minutesFile, { groupId, meeting: 2, lang: 'da', format: 'docx' }),
    );
    wordUrl = downloadUrl(invokeCard(r.body));
  });
  afterAll(async () => h.close());

  it('"Hent som Word" answers with the card and a download link on the bot’s own /files route (local mode: localhost and the real port), no connector call', async () => {
    h.fc.reset();
    const r = await h.post(
      cardAction(h.fc.url, groupChat, users.bent, VERBS.minutesFile, { groupId, meeting: 2, lang: 'da', format: 'docx' }),
    );
    const card = invokeCard(r.body);
    expect(cardText(card)).toContain('Hent referat-2-moede.docx');
    expect(cardText(card)).toMatch(/Linket virker i en time, til \d{1,2}\.\d\d/);
    expect(cardText(card)).toContain('Referat: 2. Møde');
    expect(wordUrl).toMatch(new RegExp(`^http://localhost:${h.bot.port}/files/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`));
    expect(h.fc.calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('the link downloads a .docx that opens, with headings, the decision texts and the coloured risk table', async () => {
    const res = await fetch(wordUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(DOCX);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="referat-2-moede.docx"');
    expect(res.headers.get('cache-control')).toContain('no-store');
    const buf = Buffer.from(await res.arrayBuffer());
    expect(buf.subarray(0, 2).toString()).toBe('PK');
    const { xml, text } = await documentXml(buf);
    expect(xml).toContain('<w:pStyle w:val="Title"/>');
    expect(xml.match(/<w:pStyle w:val="Heading1"\/>/g)!.length).toBeGreaterThanOrEqual(11);
    for (const s of [
      'Referat: 2. Møde i den operationelle styregruppe for forløbsplaner',
      '1. Velkomst og godkendelse af referat v. Anna (Bilag 1. Referat af 1. møde)',
      'Beslutning: Godkendt — Referatet fra 1. møde blev godkendt uden bemærkninger.',
      'Beslutning: Udsat — Udkastet genbehandles på næste møde efter dialog med leverandørerne.',
      'Beslutning: Ingen beslutning registreret',
      'Risikovurdering',
      'Indstilling',
      'Baggrund',
      'Løsning',
      'Opfølgning',
      'Afbud',
    ])
      expect(text).toContain(s);
    // The risk table: rating cells shaded and the rating in words.
    // (From the section heading to the next "Opfølgning": the first agenda item has one of its own.)
    const riskAt = xml.indexOf('Risikovurdering</w:t>');
    const table = xml.slice(riskAt, xml.indexOf('Opfølgning</w:t>', riskAt));
    expect(table).toContain('<w:tbl>');
    expect(table).toMatch(/<w:shd [^>]*w:fill="[0-9A-F]{6}"[^>]*\/>(?:(?!<\/w:tc>).)*?<w:t[^>]*>rød<\/w:t>/);
    expect(table).toMatch(/<w:shd [^>]*w:fill="[0-9A-F]{6}"[^>]*\/>(?:(?!<\/w:tc>).)*?<w:t[^>]*>gul<\/w:t>/);
  });

  it('"Hent som Markdown" links to the Markdown minutes', async () => {
    const r = await h.post(cardAction(h.fc.url, groupChat, users.carsten, VERBS.minutesFile, { groupId, meeting: 2, format: 'md' }));
    const res = await fetch(downloadUrl(invokeCard(r.body)));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="referat-2-moede.md"');
    const md = await res.text();
    expect(md).toMatch(/^# Referat: 2\. Møde/);
    expect(md).toContain('**Beslutning**: Drøftet — Risikoen for Teknik (R2) eskaleres til DAP-styregruppen.');
  });

  it('the file is generated at request time: an approval made after the link was given is in the download', async () => {
    const link = downloadUrl(
      invokeCard(
        (await h.post(cardAction(h.fc.url, groupChat, users.bent, VERBS.minutesFile, { groupId, meeting: 2, format: 'md' }))).body,
      ),
    );
    await h.post(message(h.fc.url, groupChat, users.anna, 'godkend referat 2'));
    expect(await (await fetch(link)).text()).toContain('Godkendt af Anna Holm');
  });

  it('a link expires after one hour', () => {
    const token = wordUrl.split('/files/')[1]!;
    const payload = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    expect(payload).toEqual({ g: groupId, m: 2, f: 'docx', exp: expect.any(Number) });
    expect(payload.exp - Date.now() / 1000).toBeGreaterThan(FILE_LINK_TTL_S - 60);
    expect(payload.exp - Date.now() / 1000).toBeLessThanOrEqual(FILE_LINK_TTL_S);
  });

  it('an expired token is refused with 403 and a short text', async () => {
    const token = signFileToken(
      h.services.config.fileSecret,
      { groupId, meeting: 2, format: 'docx' },
      { now: new Date(Date.now() - 2 * 3600_000) },
    );
    const res = await fetch(`${h.bot.url}/files/${token}`);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toBe('This link has expired. Get a new one from the minutes card in Teams.\n');
  });

  it('forged tokens are refused with 403 and reveal nothing: another secret, a changed payload, a changed signature', async () => {
    const token = wordUrl.split('/files/')[1]!;
    const [payload, sig] = token.split('.') as [string, string];
    const otherMeeting = Buffer.from(JSON.stringify({ g: groupId, m: 1, f: 'docx', exp: Math.floor(Date.now() / 1000) + 3600 })).toString(
      'base64url',
    );
    const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
    for (const forged of [
      signFileToken('not-the-secret', { groupId, meeting: 2, format: 'docx' }, { now: new Date() }),
      `${otherMeeting}.${sig}`,
      `${payload}.${flipped}`,
      `${payload}.${sig.slice(0, -4)}`,
    ]) {
      const res = await fetch(`${h.bot.url}/files/${forged}`);
      expect(res.status).toBe(403);
      const body = await res.text();
      expect(body).toBe('Invalid link.\n');
      expect(res.headers.get('content-disposition')).toBeNull();
    }
    expect(readFileSync(`${h.storePath}.security.log`, 'utf8')).toContain('file_token_forged');
  });

  it('malformed tokens get 400 with a short text', async () => {
    for (const bad of [
      'nonsense',
      'a.b.c',
      '%2e%2e%2fdb.json',
      'x'.repeat(600) + '.y',
      `${Buffer.from('not json').toString('base64url')}.`,
    ]) {
      const res = await fetch(`${h.bot.url}/files/${bad}`);
      expect([400, 403]).toContain(res.status);
      expect(['Invalid link.\n']).toContain(await res.text());
    }
    expect((await fetch(`${h.bot.url}/files/nonsense`)).status).toBe(400);
  });

  it('a correctly signed token whose payload is not ours (wrong shape) is refused as malformed', async () => {
    const { createHmac } = await import('node:crypto');
    const payload = Buffer.from(JSON.stringify({ g: groupId, m: 2, f: 'pdf', exp: 9999999999 })).toString('base64url');
    const sig = createHmac('sha256', h.services.config.fileSecret).update(`styrebot-files.v1.${payload}`).digest('base64url');
    const res = await fetch(`${h.bot.url}/files/${payload}.${sig}`);
    expect(res.status).toBe(400);
  });

  it('a valid token for a meeting that does not exist is a plain 404', async () => {
    const token = signFileToken(h.services.config.fileSecret, { groupId, meeting: 77, format: 'md' }, { now: new Date() });
    const res = await fetch(`${h.bot.url}/files/${token}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('Not found.\n');
  });

  it('only GET /files/<one token> is served: anything else under /files is refused', async () => {
    expect((await fetch(`${h.bot.url}/files/`)).status).toBe(400);
    expect((await fetch(`${h.bot.url}/files/a/b`)).status).toBe(400);
    expect((await fetch(`${wordUrl}/x`)).status).toBe(400);
    expect((await fetch(`${h.bot.url}/files`)).status).toBe(404);
    expect((await fetch(wordUrl, { method: 'POST' })).status).toBe(405);
  });
});

describe('file links with BOT_DOMAIN', () => {
  let h: Harness;
  afterAll(async () => h?.close());
  it('point at https://BOT_DOMAIN/files/<token>', async () => {
    h = await startHarness({ env: { BOT_DOMAIN: 'styrebot.example.dk' } });
    const groupId = await seedSampleMeeting(h, { decisions: false });
    const r = await h.post(cardAction(h.fc.url, groupChat, users.bent, VERBS.minutesFile, { groupId, meeting: 2, format: 'docx' }));
    const url = downloadUrl(invokeCard(r.body));
    expect(url).toMatch(/^https:\/\/styrebot\.example\.dk\/files\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    // The same token works on the bot itself.
    const res = await fetch(`${h.bot.url}/files/${url.split('/files/')[1]}`);
    expect(res.status).toBe(200);
  });
});

/** A stand-in for the OneDrive upload session Teams hands the bot on "Allow". */
async function startUploadSink() {
  const received: { method: string; headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'drive-item-1' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { received, url: `http://127.0.0.1:${port}/upload-session/abc`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function fileConsentInvoke(
  serviceUrl: string,
  conv: TestConversation,
  from: TestUser,
  action: 'accept' | 'decline',
  context: object,
  uploadUrl?: string,
) {
  return {
    id: `consent-${Math.random().toString(36).slice(2)}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    type: 'invoke',
    name: 'fileConsent/invoke',
    from: { ...from, role: 'user' },
    recipient: { id: '28:styrebot-test', name: 'styrebot' },
    conversation: { id: conv.id, conversationType: conv.type, tenantId: conv.tenantId, isGroup: false },
    channelData: { tenant: { id: conv.tenantId } },
    replyToId: 'consent-card-1',
    value: {
      type: 'fileUpload',
      action,
      context,
      ...(uploadUrl
        ? {
            uploadInfo: {
              contentUrl: 'https://contoso-my.sharepoint.com/personal/bent/Documents/Applications/styrebot/referat-2-moede.docx',
              name: 'referat-2-moede.docx',
              uploadUrl,
              uniqueId: 'ABC-123',
              fileType: 'docx',
            },
          }
        : {}),
    },
  };
}

describe('minutes files in personal chat: the Teams file consent flow', () => {
  let h: Harness;
  let groupId: string;
  let sink: Awaited<ReturnType<typeof startUploadSink>>;
  const bentChat = personalChat(users.bent);
  beforeAll(async () => {
    h = await startHarness();
    groupId = await seedSampleMeeting(h);
    sink = await startUploadSink();
    setMembers(h.fc, bentChat, [users.bent]);
  });
  afterAll(async () => {
    await sink.close();
    await h.close();
  });

  it('"referat 2" in personal chat shows the minutes of Bent’s group', async () => {
    const r = await h.turn(message(h.fc.url, bentChat, users.bent, 'referat 2'));
    expect(cardText(cardOf(r.sent.find((c) => cardOf(c))))).toContain('Referat: 2. Møde');
  });

  it('"Hent som Word" sends a file consent card into the personal chat (through the outbox) and says so', async () => {
    const r = await h.post(cardAction(h.fc.url, bentChat, users.bent, VERBS.minutesFile, { groupId, meeting: 2, format: 'docx' }));
    expect(invokeMessage(r.body)).toContain('Jeg har sendt dig referat-2-moede.docx');
    await h.fc.waitFor((calls) =>
      calls.some(
        (c) =>
          c.conversationId === bentChat.id && c.body?.attachments?.[0]?.contentType === 'application/vnd.microsoft.teams.card.file.consent',
      ),
    );
    const post = h.fc
      .posts(bentChat.id)
      .find((c) => c.body?.attachments?.[0]?.contentType === 'application/vnd.microsoft.teams.card.file.consent')!;
    const att = post.body.attachments[0];
    expect(att.name).toBe('referat-2-moede.docx');
    expect(att.content).toMatchObject({
      description: 'Referat af 2. møde (Word)',
      sizeInBytes: expect.any(Number),
      acceptContext: { groupId, meeting: 2, format: 'docx' },
      declineContext: { groupId, meeting: 2, format: 'docx' },
    });
    expect(att.content.sizeInBytes).toBeGreaterThan(5000);
  });

  it('accepting uploads the .docx to the upload URL and posts a file info card; the invoke is answered 200', async () => {
    h.fc.reset();
    const r = await h.post(fileConsentInvoke(h.fc.url, bentChat, users.bent, 'accept', { groupId, meeting: 2, format: 'docx' }, sink.url));
    expect(r.status).toBe(200);
    expect(sink.received).toHaveLength(1);
    const put = sink.received[0]!;
    expect(put.method).toBe('PUT');
    expect(put.body.subarray(0, 2).toString()).toBe('PK');
    expect(put.headers['content-range']).toBe(`bytes 0-${put.body.length - 1}/${put.body.length}`);
    expect((await documentXml(put.body)).text).toContain('Beslutning: Godkendt — Tidsplanen for certificering 2025 blev godkendt.');
    const info = h.fc
      .posts(bentChat.id)
      .find((c) => c.body?.attachments?.[0]?.contentType === 'application/vnd.microsoft.teams.card.file.info')!;
    expect(info.body.text).toBe('Filen referat-2-moede.docx er gemt i din OneDrive.');
    expect(info.body.attachments[0]).toEqual({
      contentType: 'application/vnd.microsoft.teams.card.file.info',
      contentUrl: 'https://contoso-my.sharepoint.com/personal/bent/Documents/Applications/styrebot/referat-2-moede.docx',
      name: 'referat-2-moede.docx',
      content: { uniqueId: 'ABC-123', fileType: 'docx' },
    });
  });

  it('declining uploads nothing and says so', async () => {
    h.fc.reset();
    const before = sink.received.length;
    const r = await h.post(fileConsentInvoke(h.fc.url, bentChat, users.bent, 'decline', { groupId, meeting: 2, format: 'docx' }));
    expect(r.status).toBe(200);
    expect(sink.received).toHaveLength(before);
    expect(h.fc.posts(bentChat.id).map((c) => c.body.text)).toEqual([expect.stringContaining('Du afviste filen')]);
  });

  it('an upload URL outside OneDrive/SharePoint is refused without any request', async () => {
    h.fc.reset();
    const before = sink.received.length;
    const r = await h.post(
      fileConsentInvoke(
        h.fc.url,
        bentChat,
        users.bent,
        'accept',
        { groupId, meeting: 2, format: 'md' },
        'https://internal.example.com/upload',
      ),
    );
    expect(r.status).toBe(200);
    expect(sink.received).toHaveLength(before);
    expect(h.fc.posts(bentChat.id)[0]!.body.text).toContain('et sted, styrebot ikke sender filer til');
  });

  it('someone not on the group’s roster cannot get the file by forging the consent context', async () => {
    h.fc.reset();
    const erikChat = personalChat(users.erik);
    const before = sink.received.length;
    const r = await h.post(fileConsentInvoke(h.fc.url, erikChat, users.erik, 'accept', { groupId, meeting: 2, format: 'docx' }, sink.url));
    expect(r.status).toBe(200);
    expect(sink.received).toHaveLength(before);
    expect(h.fc.posts(erikChat.id)[0]!.body.text).toContain('Du står ikke på gruppens medlemsliste');
    const click = await h.post(cardAction(h.fc.url, erikChat, users.erik, VERBS.minutesFile, { groupId, meeting: 2, format: 'docx' }));
    expect(invokeMessage(click.body)).toContain('Du står ikke på gruppens medlemsliste');
  });

  it('a malformed consent invoke is still answered 200 and changes nothing', async () => {
    const r = await h.post({ ...fileConsentInvoke(h.fc.url, bentChat, users.bent, 'accept', {}), value: { action: 'explode' } });
    expect(r.status).toBe(200);
  });
});
