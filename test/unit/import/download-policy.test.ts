import { describe, expect, it } from 'vitest';
import { checkDownloadUrl, downloadAgenda, type FetchLike } from '../../../src/import/download-policy.js';

describe('checkDownloadUrl', () => {
  it.each([
    'https://contoso.sharepoint.com/sites/styregruppe/Shared%20Documents/dagsorden.docx',
    'https://contoso-my.sharepoint.com/personal/anna/Documents/dagsorden.pdf',
    'https://eu-api.asm.skype.com/v1/objects/0-neu-d1-abc/views/original',
    'https://graph.microsoft.com/v1.0/drives/b!x/items/01ABC/content',
    'https://public.dm.files.1drv.com/y4m/dagsorden.pdf',
    'https://onedrive.live.com/download?cid=1&resid=2',
    'https://files.teams.microsoft.com/x',
    'https://CONTOSO.SharePoint.com./a.pdf',
  ])('allows %s', (url) => {
    expect(checkDownloadUrl(url)).toBeInstanceOf(URL);
  });

  it.each([
    ['http://contoso.sharepoint.com/a.pdf', 'contoso.sharepoint.com'], // not https
    ['https://sharepoint.com/a.pdf', 'sharepoint.com'], // apex is not a tenant
    ['https://contoso.sharepoint.com.evil.example/a.pdf', 'contoso.sharepoint.com.evil.example'],
    ['https://evilsharepoint.com/a.pdf', 'evilsharepoint.com'],
    ['https://contoso.sharepoint.us/a.pdf', 'contoso.sharepoint.us'], // sovereign clouds not listed
    ['https://graph.microsoft.com.evil.example/x', 'graph.microsoft.com.evil.example'],
    ['https://x.graph.microsoft.com/x', 'x.graph.microsoft.com'],
    ['https://user:pw@contoso.sharepoint.com/a.pdf', 'contoso.sharepoint.com'],
    ['https://contoso.sharepoint.com:8443/a.pdf', 'contoso.sharepoint.com'],
    ['https://169.254.169.254/latest/meta-data', '169.254.169.254'],
    ['file:///etc/passwd', 'file:'],
    ['not a url', '(ugyldig adresse)'],
  ])('refuses %s', (url, host) => {
    expect(() => checkDownloadUrl(url)).toThrow(expect.objectContaining({ code: 'download_host_not_allowed', params: { host } }));
  });
});

const OK_URL = 'https://contoso.sharepoint.com/a.pdf';

/** A fetch serving fixed routes (no network) that records each call. */
function fakeFetch(routes: Record<string, () => Response>) {
  const calls: { url: string; headers?: Record<string, string> }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, headers: init.headers });
    const route = routes[url];
    if (!route) throw new TypeError('fetch failed');
    return route();
  };
  return { fetch, calls };
}

const streamOf = (chunks: Uint8Array[], hang = false) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      if (!hang) controller.close();
    },
  });

describe('downloadAgenda', () => {
  it('streams the file and returns bytes, type and the server-given file name', async () => {
    const { fetch } = fakeFetch({
      [OK_URL]: () =>
        new Response(streamOf([Buffer.from('%PDF-'), Buffer.from('1.4')]), {
          headers: {
            'content-type': 'application/pdf',
            'content-disposition': "attachment; filename*=UTF-8''Dagsorden%202.%20m%C3%B8de.pdf",
          },
        }),
    });
    const got = await downloadAgenda(OK_URL, { fetch, maxBytes: 100 });
    expect(got).toEqual({ buffer: Buffer.from('%PDF-1.4'), contentType: 'application/pdf', filename: 'Dagsorden 2. møde.pdf' });
  });

  it('refuses a disallowed host without calling fetch', async () => {
    const { fetch, calls } = fakeFetch({});
    await expect(downloadAgenda('https://evil.example/a.pdf', { fetch, maxBytes: 100 })).rejects.toMatchObject({
      code: 'download_host_not_allowed',
      params: { host: 'evil.example' },
    });
    expect(calls).toEqual([]);
  });

  it('stops reading when the stream exceeds the cap, even without Content-Length', async () => {
    const { fetch } = fakeFetch({ [OK_URL]: () => new Response(streamOf([Buffer.alloc(60), Buffer.alloc(60)])) });
    await expect(downloadAgenda(OK_URL, { fetch, maxBytes: 100 })).rejects.toMatchObject({
      code: 'import_too_large',
      params: { limit: 'bytes', max: 100 },
    });
  });

  it('refuses a declared Content-Length over the cap before reading the body', async () => {
    const { fetch } = fakeFetch({ [OK_URL]: () => new Response(streamOf([], true), { headers: { 'content-length': '5000000' } }) });
    await expect(downloadAgenda(OK_URL, { fetch, maxBytes: 100 })).rejects.toMatchObject({
      code: 'import_too_large',
      params: { actual: 5000000 },
    });
  });

  it('times out a stalled download', async () => {
    const { fetch } = fakeFetch({ [OK_URL]: () => new Response(streamOf([Buffer.from('x')], true)) });
    await expect(downloadAgenda(OK_URL, { fetch, maxBytes: 100, timeoutMs: 50 })).rejects.toMatchObject({ code: 'download_timeout' });
  });

  it('follows a redirect to an allowed host, sending the token only to the original host', async () => {
    const target = 'https://public.dm.files.1drv.com/y4m/a.pdf';
    const { fetch, calls } = fakeFetch({
      [OK_URL]: () => new Response(null, { status: 302, headers: { location: target } }),
      [target]: () => new Response('%PDF-1.4'),
    });
    const got = await downloadAgenda(OK_URL, { fetch, maxBytes: 100, headers: { authorization: 'Bearer t' } });
    expect(got.buffer.toString()).toBe('%PDF-1.4');
    expect(calls).toEqual([
      { url: OK_URL, headers: { authorization: 'Bearer t' } },
      { url: target, headers: undefined },
    ]);
  });

  it('refuses a redirect to a host outside the list', async () => {
    const { fetch } = fakeFetch({ [OK_URL]: () => new Response(null, { status: 302, headers: { location: 'http://10.0.0.1/admin' } }) });
    await expect(downloadAgenda(OK_URL, { fetch, maxBytes: 100 })).rejects.toMatchObject({
      code: 'download_host_not_allowed',
      params: { host: '10.0.0.1' },
    });
  });

  it('reports HTTP errors and network failures as download_failed', async () => {
    const { fetch } = fakeFetch({ [OK_URL]: () => new Response('nej', { status: 403 }) });
    await expect(downloadAgenda(OK_URL, { fetch, maxBytes: 100 })).rejects.toMatchObject({
      code: 'download_failed',
      params: { status: 403 },
    });
    const offline = fakeFetch({});
    await expect(downloadAgenda(OK_URL, { fetch: offline.fetch, maxBytes: 100 })).rejects.toMatchObject({
      code: 'download_failed',
      params: { status: 0 },
    });
  });
});
