import type { AddressInfo } from 'node:net';
import type restify from 'restify';
import type { Services } from '../app/services.js';
import { renderCalendarFile } from '../app/calendar-file.js';
import { renderMinutesFile } from '../app/minutes-files.js';
import { renderRiskLogFile } from '../app/risk-log-files.js';
import { isAppError } from '../errors.js';
import { sampledSecurityLog } from '../storage/security-log.js';
import { recordListeningPort, verifyFileToken } from './file-links.js';

/** Where to get a new link, by what the expired one was for. */
const EXPIRED_TEXT = {
  minutes: 'This link has expired. Get a new one from the minutes card in Teams.\n',
  calendar: 'This link has expired. Get a new one from the meetings card in Teams.\n',
  risks: 'This link has expired. Get a new one from the risk log card in Teams.\n',
} as const;

/**
 * GET /files/:token — the minutes as Word or Markdown, for the "Hent som Word/Markdown" links on
 * the minutes card in channels and group chats, and the group's planned meetings as iCalendar for
 * the meetings card's calendar button (docs/files-route.md). The token (file-links.ts) is the
 * only credential: it is signed, names one group (and for minutes its meeting) and the format,
 * and expires. The file is generated from the store at request time. Refusals are short plain
 * text and say nothing about the group or meeting.
 */
export function fileRoutes(server: restify.Server, services: Services): void {
  recordListeningPort(services, () => (server.address() as AddressInfo | null)?.port ?? null);
  // Anyone can send a bad token: a few lines a minute per kind, then one line with the count.
  const security = sampledSecurityLog(services.security, { now: () => services.clock.now().getTime() });

  const refuse = (res: restify.Response, status: number, text: string): void =>
    void res.sendRaw(status, text, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });

  // A wildcard, not `/files/:token`: restify's router drops path parameters longer than 100
  // characters (find-my-way maxParamLength), and a token is ~100–200. Anything that is not
  // exactly one well-formed token is refused by verifyFileToken as malformed.
  server.get('/files/*', async (req: restify.Request, res: restify.Response) => {
    const token = String(req.params?.['*'] ?? '');
    const now = services.clock.now();
    const v = verifyFileToken(services.config.fileSecret, token, now);
    if (!v.ok) {
      services.log.info({ reason: v.reason }, 'file link refused');
      if (v.reason !== 'expired')
        security.record({
          at: now.toISOString(),
          actor: null,
          code: `file_token_${v.reason}`,
          detail: `GET /files (${token.length} chars)`,
        });
      if (v.reason === 'malformed') refuse(res, 400, 'Invalid link.\n');
      else if (v.reason === 'expired') refuse(res, 403, EXPIRED_TEXT[v.kind]);
      else refuse(res, 403, 'Invalid link.\n');
      return;
    }
    const ref = v.ref;
    const { groupId, format } = ref;
    const meeting = 'meeting' in ref ? ref.meeting : null;
    let file;
    try {
      file =
        'kind' in ref
          ? await renderRiskLogFile(services.store.read(), groupId, ref.format, now)
          : ref.format === 'ics'
            ? renderCalendarFile(services.store.read(), groupId, now)
            : await renderMinutesFile(services.store.read(), groupId, ref.meeting, ref.format, now);
    } catch (err) {
      if (isAppError(err)) refuse(res, 404, 'Not found.\n');
      else {
        services.log.error({ err: err instanceof Error ? err.stack : String(err) }, 'file generation failed');
        refuse(res, 500, 'The file could not be generated.\n');
      }
      return;
    }
    services.log.info({ groupId, meeting, format, bytes: file.bytes.length }, 'file link served');
    res.sendRaw(200, file.bytes, {
      'Content-Type': file.contentType,
      'Content-Length': String(file.bytes.length),
      'Content-Disposition': `attachment; filename="${file.filename}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
  });
}
