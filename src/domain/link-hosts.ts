/**
 * Which links may be attached to an agenda item as material (bilag). The bot never opens these
 * links: it shows them on cards, in reminders and in the minutes, where a member clicks them. So
 * the list guards against a member (or a forged message) planting a phishing or tracking link
 * that looks like the group's material, not against the bot fetching something.
 *
 * Allowed: `https:` only, no `user:password@`, the default port, and a host that is
 *   *.sharepoint.com     SharePoint and OneDrive for Business (contoso.sharepoint.com, contoso-my.sharepoint.com)
 *   onedrive.live.com    exactly this host: OneDrive personal
 *   1drv.ms              exactly this host: OneDrive short sharing links
 *   office.com, *.office.com       Office on the web (www.office.com, *.officeapps… viewers)
 *   teams.microsoft.com, *.teams.microsoft.com   Teams file links (teams.microsoft.com/l/file/…)
 *   *.cloud.microsoft    Microsoft 365's own domain (loop.cloud.microsoft, m365.cloud.microsoft)
 * or a host listed in STYREBOT_LINK_HOSTS (src/config.ts): each entry allows that host and its
 * subdomains (an intranet, a sovereign cloud such as contoso.sharepoint.de).
 *
 * The host is read the way a browser reads it (WHATWG URL: `\` is `/`, IDN becomes punycode,
 * `evil.com/sharepoint.com` has host evil.com), and matched on whole labels, so
 * `sharepoint.com.evil.com` and `evilsharepoint.com` are refused.
 */

const SUBDOMAINS_OF = ['sharepoint.com', 'cloud.microsoft'];
const HOST_AND_SUBDOMAINS_OF = ['office.com', 'teams.microsoft.com'];
const EXACT_HOSTS = ['onedrive.live.com', '1drv.ms'];

/** Longer links are refused: real sharing links are a few hundred characters. */
export const MAX_LINK_CHARS = 2000;

export type LinkRefusal =
  | { reason: 'invalid' }
  | { reason: 'too_long'; max: number }
  | { reason: 'not_https'; scheme: string }
  | { reason: 'userinfo' }
  | { reason: 'port'; port: string }
  | { reason: 'host'; host: string };

export type LinkCheck = { ok: true; url: string; host: string } | ({ ok: false } & LinkRefusal);

/** A configured entry ("intranet.example.dk", "*.example.dk", "https://x.dk/") as a bare lower-case host. */
export function normaliseLinkHost(entry: string): string | null {
  const h = entry
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^\*\./, '')
    .replace(/\/+$/, '')
    .replace(/\.$/, '');
  return /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/.test(h) ? h : null;
}

const within = (host: string, domain: string) => host.endsWith(`.${domain}`);

/** Whether `host` (lower case, as URL gives it) is a Microsoft 365 file host or one of `extra`. */
export function isAllowedLinkHost(host: string, extra: readonly string[] = []): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!h) return false;
  if (EXACT_HOSTS.includes(h)) return true;
  if (SUBDOMAINS_OF.some((d) => within(h, d))) return true;
  if (HOST_AND_SUBDOMAINS_OF.some((d) => h === d || within(h, d))) return true;
  return extra.some((e) => {
    const d = normaliseLinkHost(e);
    return !!d && (h === d || within(h, d));
  });
}

/**
 * Checks a link typed or pasted as material. Returns the link as the browser will open it
 * (normalised by WHATWG URL), or why it is refused.
 */
export function checkMaterialLink(raw: string, extraHosts: readonly string[] = []): LinkCheck {
  const text = raw.trim().replace(/^<(.*)>$/, '$1');
  if (text.length > MAX_LINK_CHARS) return { ok: false, reason: 'too_long', max: MAX_LINK_CHARS };
  // Whitespace or control characters inside would be dropped or re-encoded by the parser: refuse rather than guess.
  if (!text || /[\s\u0000-\u001f\u007f]/.test(text)) return { ok: false, reason: 'invalid' };
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (u.protocol !== 'https:') return { ok: false, reason: 'not_https', scheme: u.protocol.replace(/:$/, '') };
  if (u.username !== '' || u.password !== '' || /^https:\/\/[^/?#]*@/i.test(text)) return { ok: false, reason: 'userinfo' };
  if (u.port !== '') return { ok: false, reason: 'port', port: u.port };
  const host = u.hostname.toLowerCase();
  if (!isAllowedLinkHost(host, extraHosts)) return { ok: false, reason: 'host', host };
  if (u.href.length > MAX_LINK_CHARS) return { ok: false, reason: 'too_long', max: MAX_LINK_CHARS };
  return { ok: true, url: u.href, host: host.replace(/\.$/, '') };
}

/** The built-in hosts, for messages ("SharePoint, OneDrive, …") and docs. */
export const BUILT_IN_LINK_HOSTS: readonly string[] = [
  '*.sharepoint.com',
  'onedrive.live.com',
  '1drv.ms',
  'office.com',
  '*.office.com',
  'teams.microsoft.com',
  '*.teams.microsoft.com',
  '*.cloud.microsoft',
];
