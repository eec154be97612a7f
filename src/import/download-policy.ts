/**
 * Downloading an agenda that a user shared in Teams. The bot fetches only from Microsoft 365
 * file hosts, so a crafted link cannot make it fetch internal or arbitrary URLs (SSRF), and it
 * streams with a byte cap and a deadline so a huge or stalled download cannot exhaust it.
 *
 * Allowed (https, default port, no user:password@), subdomains only unless noted:
 *   *.sharepoint.com        SharePoint and OneDrive for Business (tenant.sharepoint.com, tenant-my.sharepoint.com)
 *   *.teams.microsoft.com   Teams file/attachment endpoints
 *   *.asm.skype.com         Teams chat attachments and inline images (e.g. eu-api.asm.skype.com)
 *   graph.microsoft.com     exactly this host: Graph drive-item /content
 *   *.1drv.com              OneDrive personal download hosts
 *   onedrive.live.com       exactly this host: OneDrive personal share links
 * Sovereign clouds (sharepoint.us, sharepoint.de, …) are deliberately not listed.
 * Redirects are followed by hand (max 5) and every hop is checked against the same list.
 */
import { AppError } from '../errors.js';

const SUBDOMAINS_OF = ['sharepoint.com', 'teams.microsoft.com', 'asm.skype.com', '1drv.com'];
const EXACT_HOSTS = ['graph.microsoft.com', 'onedrive.live.com'];
const MAX_REDIRECTS = 5;

export function checkDownloadUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AppError('download_host_not_allowed', { host: '(ugyldig adresse)' });
  }
  const host = u.hostname.toLowerCase().replace(/\.$/, '');
  const allowed = EXACT_HOSTS.includes(host) || SUBDOMAINS_OF.some((d) => host.endsWith(`.${d}`) && host.length > d.length + 1);
  if (u.protocol !== 'https:' || !allowed || u.username !== '' || u.password !== '' || (u.port !== '' && u.port !== '443')) {
    throw new AppError('download_host_not_allowed', { host: host || u.protocol });
  }
  return u;
}

export type FetchLike = (
  url: string,
  init: { redirect: 'manual'; signal: AbortSignal; headers?: Record<string, string> },
) => Promise<Response>;

export interface DownloadOptions {
  fetch: FetchLike;
  maxBytes: number;
  timeoutMs?: number;
  /** E.g. a bearer token for Graph; sent only to the host of the original URL. */
  headers?: Record<string, string>;
}

export interface Downloaded {
  buffer: Buffer;
  contentType: string | null;
  /** From Content-Disposition, when the server names the file. */
  filename: string | null;
}

function filenameFrom(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      /* fall through to the plain parameter */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  return plain ? plain[1].trim() : null;
}

async function readCapped(res: Response, maxBytes: number, aborted: Promise<never>): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new AppError('import_too_large', { limit: 'bytes', max: maxBytes, actual: declared });
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      total += value.byteLength;
      // Content-Length can be absent or wrong; the streamed byte count is what counts.
      if (total > maxBytes) throw new AppError('import_too_large', { limit: 'bytes', max: maxBytes });
      chunks.push(value);
    }
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    throw err;
  }
  return Buffer.concat(chunks);
}

export async function downloadAgenda(url: string, opts: DownloadOptions): Promise<Downloaded> {
  const origin = checkDownloadUrl(url); // before the timer, so a refused URL leaves nothing running
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const aborted = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new AppError('download_timeout', { seconds: timeoutMs / 1000 }));
    }, timeoutMs);
  });
  aborted.catch(() => undefined); // rejection is observed via Promise.race; avoid an unhandled rejection
  try {
    let current = origin;
    for (let hop = 0; ; hop++) {
      const headers = current.host === origin.host ? opts.headers : undefined;
      let res: Response;
      try {
        res = await Promise.race([opts.fetch(current.href, { redirect: 'manual', signal: controller.signal, headers }), aborted]);
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw new AppError('download_failed', { host: current.hostname, status: 0 }, String(err));
      }
      if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
        await res.body?.cancel().catch(() => undefined);
        if (hop >= MAX_REDIRECTS) throw new AppError('download_failed', { host: current.hostname, status: res.status });
        current = checkDownloadUrl(new URL(res.headers.get('location')!, current).href);
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw new AppError('download_failed', { host: current.hostname, status: res.status });
      }
      return {
        buffer: await readCapped(res, opts.maxBytes, aborted),
        contentType: res.headers.get('content-type'),
        filename: filenameFrom(res.headers.get('content-disposition')),
      };
    }
  } finally {
    clearTimeout(timer);
  }
}
