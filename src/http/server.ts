import { restoreWarnings } from './restify-warnings.js';
import restify from 'restify';
import type { TurnContext } from 'botbuilder';
import type { Services } from '../app/services.js';
import type { Bot } from '../teams/application.js';
import { tenantAllowed } from '../teams/tenant.js';
import { createCardClickRunner, isCardClick, type StyrebotAdapter } from '../teams/adapter.js';
import { ACTIVITY_BODY_LIMITS, readJsonBody } from './json-body.js';
import { healthAnswer } from './health.js';

restoreWarnings();

export interface HttpServerOptions {
  services: Services;
  adapter: StyrebotAdapter;
  bot: Bot;
  version: string;
  startedAt: number;
  /** Extra routes (e.g. /files/:token from the minutes feature). */
  routes?: (server: restify.Server) => void;
}

const isStr = (v: unknown, max = 2048) => typeof v === 'string' && v.length > 0 && v.length <= max;

/** What makes a body unusable as an activity (null when it is usable). Contents are checked later by each handler. */
export function activityProblem(body: any): string | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'not a JSON object';
  const missing = [
    !isStr(body.type, 64) && 'type',
    !isStr(body.channelId, 64) && 'channelId',
    !isStr(body.serviceUrl) && 'serviceUrl',
    !isStr(body.conversation?.id) && 'conversation.id',
    !isStr(body.from?.id, 512) && 'from.id',
    !isStr(body.recipient?.id, 512) && 'recipient.id',
  ].filter(Boolean);
  if (missing.length) return `missing or not a string: ${missing.join(', ')}`;
  if (body.from.name !== undefined && body.from.name !== null && typeof body.from.name !== 'string') return 'from.name not a string';
  if (body.type === 'invoke' && body.name !== undefined && typeof body.name !== 'string') return 'name not a string';
  // Handlers and botbuilder's mention helpers walk these lists: they must be lists of objects.
  for (const list of ['entities', 'attachments', 'membersAdded', 'membersRemoved'] as const) {
    const v = body[list];
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v) || v.some((x: unknown) => !x || typeof x !== 'object' || Array.isArray(x)))
      return `${list} not a list of objects`;
  }
  if ((body.entities ?? []).some((e: any) => !isStr(e.type, 128))) return 'entity without a type';
  if ((body.entities ?? []).some((e: any) => e.type.toLowerCase() === 'mention' && !isStr(e.mentioned?.id, 512)))
    return 'mention without mentioned.id';
  return null;
}

/** Restify with exactly: POST /api/messages, GET /healthz, and the routes features add. */
export function createHttpServer(opts: HttpServerOptions): restify.Server {
  const { services, adapter, bot } = opts;
  const server = restify.createServer({ name: 'styrebot', handleUncaughtExceptions: false });
  const runCardClick = createCardClickRunner(adapter);
  // No bodyParser on any route: /api/messages reads its own body (json-body.ts), the GET routes
  // need none. A client that trickles its headers is cut off too (Node's default is 60 s).
  server.server.headersTimeout = 10_000;
  server.server.requestTimeout = ACTIVITY_BODY_LIMITS.totalMs + 5_000;

  // The Agents Playground probes the endpoint with HEAD on every connect: answer it instead of a 405 warning.
  server.head('/api/messages', async (_req, res) => void res.send(200));
  server.post('/api/messages', async (req, res) => {
    const read = await readJsonBody(req, ACTIVITY_BODY_LIMITS);
    if (!read.ok) {
      refuseBody(req, res, read.status, read.error);
      return;
    }
    req.body = read.value;
    const problem = activityProblem(req.body);
    if (problem) {
      // botbuilder answers such bodies with 500/501 deep inside; they are the sender's fault.
      res.send(400, { error: `expected a Bot Framework activity: ${problem}` });
      return;
    }
    services.log.debug(
      {
        type: req.body.type,
        name: req.body.name,
        conversation: req.body.conversation?.id,
        text: typeof req.body.text === 'string' ? req.body.text.slice(0, 80) : undefined,
      },
      'activity in',
    );
    const logic = async (turn: TurnContext) => {
      if (!(await tenantAllowed(turn, services))) return;
      await bot.run(turn);
    };
    // Card clicks skip the connector/token clients the adapter builds per turn; auth is the same.
    if (isCardClick(req.body)) await runCardClick(req as any, res as any, logic);
    else await adapter.process(req as any, res as any, logic);
  });

  server.get('/healthz', async (req, res) => {
    const { status, body } = healthAnswer(req, services, { version: opts.version, startedAt: opts.startedAt });
    res.send(status, body);
  });

  opts.routes?.(server);

  server.on('restifyError', (req: any, res: any, err: any, cb: () => void) => {
    services.log.warn({ path: req?.url, method: req?.method, status: err?.statusCode, error: err?.message }, 'http error');
    cb();
  });
  return server;
}

/** What a refused request may still send us after the answer, read and thrown away. */
const LINGER = { ms: 2000, bytes: 16 * 1024 * 1024 };

/**
 * Answers a refused body. When the body was not read to its end (too big, stalled, wrong type)
 * the connection closes after the answer. Not at once: closing a socket with unread bytes sends
 * a TCP reset, and a client still sending then loses the answer (it saw a reset, not a 413). So
 * the close lingers (RFC 9112 §9.6): FIN after the answer, then up to LINGER.bytes of whatever
 * still arrives is discarded unbuffered, and after LINGER.ms the socket is destroyed.
 */
function refuseBody(req: restify.Request, res: restify.Response, status: number, error: string): void {
  if (!req.complete) {
    const socket = req.socket;
    res.header('Connection', 'close');
    // Node calls destroySoon() once a `Connection: close` answer is out: make that a half-close.
    socket.destroySoon = () => void socket.end();
    res.once('finish', () => {
      let discarded = 0;
      const timer = setTimeout(() => socket.destroy(), LINGER.ms);
      timer.unref();
      socket.once('close', () => clearTimeout(timer));
      req.on('data', (chunk: Buffer) => {
        discarded += chunk.length;
        // Past the budget stop reading rather than reset: the sender is held by TCP flow control
        // but can still read its answer, and the timer closes the socket.
        if (discarded > LINGER.bytes) req.pause();
      });
      req.resume();
    });
  }
  res.send(status, { error });
}
