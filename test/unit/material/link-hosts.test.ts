import { describe, expect, it } from 'vitest';
import { checkMaterialLink, isAllowedLinkHost, normaliseLinkHost } from '../../../src/domain/link-hosts.js';
import { loadConfig } from '../../../src/config.js';

const ok = (url: string, extra: string[] = []) => checkMaterialLink(url, extra);

describe('material links: Microsoft 365 hosts only (src/domain/link-hosts.ts)', () => {
  it.each([
    'https://contoso.sharepoint.com/sites/FLP/Shared%20Documents/Notat.docx',
    'https://contoso-my.sharepoint.com/:w:/g/personal/anna_contoso_dk/EabcDEF?e=xyz',
    'https://onedrive.live.com/view.aspx?resid=ABC',
    'https://1drv.ms/w/s!Abc',
    'https://www.office.com/launch/word',
    'https://office.com/x',
    'https://teams.microsoft.com/l/file/ABC?tenantId=t',
    'https://loop.cloud.microsoft/p/abc',
    'https://CONTOSO.SharePoint.com/sites/x',
    'https://contoso.sharepoint.com:443/sites/x',
  ])('accepts %s', (url) => {
    const r = ok(url);
    expect(r.ok).toBe(true);
  });

  it('returns the link as the browser opens it (host lower case, default port dropped)', () => {
    expect(ok('https://CONTOSO.sharepoint.com:443/sites/x')).toEqual({
      ok: true,
      url: 'https://contoso.sharepoint.com/sites/x',
      host: 'contoso.sharepoint.com',
    });
  });

  it.each([
    ['http://contoso.sharepoint.com/x', 'not_https'],
    ['javascript:alert(1)', 'not_https'],
    ['ftp://contoso.sharepoint.com/x', 'not_https'],
    ['https://user:pw@contoso.sharepoint.com/x', 'userinfo'],
    ['https://anna@contoso.sharepoint.com/x', 'userinfo'],
    ['https://@contoso.sharepoint.com/x', 'userinfo'],
    ['https://contoso.sharepoint.com@evil.com/x', 'userinfo'],
    ['https://contoso.sharepoint.com:8443/x', 'port'],
    ['https://evil.com/sharepoint.com', 'host'],
    ['https://evil.com/https://contoso.sharepoint.com/x', 'host'],
    ['https://sharepoint.com.evil.com/x', 'host'],
    ['https://contoso.sharepoint.com.evil.com/x', 'host'],
    ['https://evilsharepoint.com/x', 'host'],
    ['https://sharepoint.com/x', 'host'],
    ['https://evil.com\\@contoso.sharepoint.com/x', 'userinfo'],
    ['https://evil.com#@contoso.sharepoint.com', 'host'],
    ['https://evil.com?.sharepoint.com', 'host'],
    ['https://1drv.ms.evil.com/x', 'host'],
    ['https://x.onedrive.live.com/x', 'host'],
    ['https://10.0.0.1/x', 'host'],
    ['https://[::1]/x', 'host'],
    ['https://localhost/x', 'host'],
    ['https://contoso.shаrepoint.com/x', 'host'], // Cyrillic "а": punycode, not sharepoint.com
    ['https://contoso.sharepoint.com/a b', 'invalid'],
    ['contoso.sharepoint.com/x', 'invalid'],
    ['', 'invalid'],
    ['https://contoso.sharepoint.com/\u0000x', 'invalid'],
  ])('refuses %s (%s)', (url, reason) => {
    const r = ok(url);
    expect(r.ok).toBe(false);
    expect(r).toMatchObject({ reason });
  });

  it('an IDN host is compared in its punycode form and named so in the refusal', () => {
    expect(ok('https://contoso.shаrepoint.com/x')).toMatchObject({
      ok: false,
      reason: 'host',
      host: expect.stringMatching(/^contoso\.xn--/),
    });
  });

  it('refuses a link longer than 2,000 characters', () => {
    expect(ok(`https://contoso.sharepoint.com/${'a'.repeat(2000)}`)).toMatchObject({ ok: false, reason: 'too_long', max: 2000 });
  });

  it('a trailing dot on the host is the same host', () => {
    expect(isAllowedLinkHost('contoso.sharepoint.com.')).toBe(true);
  });

  it('STYREBOT_LINK_HOSTS adds hosts and their subdomains, matched on whole labels', () => {
    const extra = ['intranet.example.dk', '*.sharepoint.de'];
    expect(ok('https://intranet.example.dk/doc.pdf', extra).ok).toBe(true);
    expect(ok('https://team.intranet.example.dk/doc.pdf', extra).ok).toBe(true);
    expect(ok('https://contoso.sharepoint.de/x', extra).ok).toBe(true);
    expect(ok('https://evilintranet.example.dk/x', extra)).toMatchObject({ ok: false, reason: 'host' });
    expect(ok('https://intranet.example.dk.evil.com/x', extra)).toMatchObject({ ok: false, reason: 'host' });
    expect(ok('http://intranet.example.dk/x', extra)).toMatchObject({ ok: false, reason: 'not_https' });
    expect(ok('https://intranet.example.dk/x')).toMatchObject({ ok: false, reason: 'host' });
  });

  it('normalises configured hosts and rejects what is not a host name', () => {
    expect(normaliseLinkHost(' *.Example.DK ')).toBe('example.dk');
    expect(normaliseLinkHost('https://intranet.example.dk/')).toBe('intranet.example.dk');
    expect(normaliseLinkHost('localhost')).toBeNull();
    expect(normaliseLinkHost('exa mple.dk')).toBeNull();
    expect(normaliseLinkHost('example.dk/path')).toBeNull();
  });

  it('config: STYREBOT_LINK_HOSTS is read comma-separated, and a bad entry stops the start with its reason', () => {
    expect(loadConfig({ STYREBOT_LINK_HOSTS: 'intranet.example.dk, *.sharepoint.de' }).linkHosts).toEqual([
      'intranet.example.dk',
      'sharepoint.de',
    ]);
    expect(loadConfig({}).linkHosts).toEqual([]);
    expect(() => loadConfig({ STYREBOT_LINK_HOSTS: 'intranet.example.dk,not a host' })).toThrow(/STYREBOT_LINK_HOSTS/);
  });
});
