import type { ConversationRef } from '../domain/model.js';

/**
 * The Bot Connector REST calls for proactive messages and shared-card updates, made with plain
 * `fetch`. We avoid botbuilder's client here because it retries 5xx on its own and can post a
 * message twice; every retry decision is made by the caller from `ConnectorError.kind`.
 */

export type ConnectorErrorKind = 'retryable' | 'uncertain' | 'fatal';

/**
 * - `retryable`: Teams did not take the request (429, 412, 503, or the connection was never
 *   made); sending again cannot duplicate anything.
 * - `uncertain`: the request may have been processed (502, 504, timeout, connection lost after
 *   sending). A POST must not be repeated automatically; a PUT may (it is idempotent).
 * - `fatal`: any other 4xx/5xx; repeating will not help.
 */
export class ConnectorError extends Error {
  readonly kind: ConnectorErrorKind;
  /** HTTP status; 0 when no answer arrived (timeout, network). */
  readonly status: number;
  readonly retryAfterMs: number | null;
  /** Teams' error code (`error.code`) or the network error code (`ECONNREFUSED`, `timeout`). */
  readonly code: string | null;

  constructor(init: {
    kind: ConnectorErrorKind;
    status: number;
    message: string;
    retryAfterMs?: number | null;
    code?: string | null;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ConnectorError';
    this.kind = init.kind;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.code = init.code ?? null;
  }
}

export interface ConnectorMember {
  id: string;
  name: string;
  aadObjectId: string | null;
  userPrincipalName: string | null;
  email: string | null;
  tenantId: string | null;
  userRole: string | null;
}

/** What `createConversation` needs from an existing reference (the group's, typically). */
export type ConnectorEndpoint = Pick<ConversationRef, 'serviceUrl' | 'channelId' | 'tenantId' | 'botId' | 'botName'>;

export interface ConnectorHttp {
  /** Posts a new activity into the conversation; `id` is Teams' activity id ('' if Teams gave none). */
  send(ref: ConversationRef, activity: Record<string, unknown>): Promise<{ id: string }>;
  /** Replaces an existing activity (a shared card). Idempotent: safe to repeat. */
  update(ref: ConversationRef, activityId: string, activity: Record<string, unknown>): Promise<void>;
  /** Opens (or finds: Teams returns the existing one) the bot's personal chat with a user. */
  createConversation(via: ConnectorEndpoint, user: { teamsId: string; name?: string | null }): Promise<ConversationRef>;
  /** One member by Teams user id or Entra object id; null when not in the conversation (404). */
  getMember(ref: ConversationRef, userId: string): Promise<ConnectorMember | null>;
  /** All members, following `continuationToken` across pages. */
  getMembers(ref: ConversationRef): Promise<ConnectorMember[]>;
}

export interface ConnectorHttpOptions {
  /** Bearer token for a service URL, or null in local mode (no Authorization header). */
  getToken: (serviceUrl: string) => Promise<string | null>;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
  /** For Retry-After given as an HTTP date. */
  now?: () => number;
}

const RETRYABLE_STATUS = new Set([412, 429, 503]);
const UNCERTAIN_STATUS = new Set([502, 504]);
/** Network failures that happen before any byte of the request left this machine. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const MAX_MEMBER_PAGES = 200;

export function classifyStatus(status: number): ConnectorErrorKind {
  if (RETRYABLE_STATUS.has(status)) return 'retryable';
  if (UNCERTAIN_STATUS.has(status)) return 'uncertain';
  return 'fatal';
}

/** Retry-After is either delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

export function createConnectorHttp(opts: ConnectorHttpOptions): ConnectorHttp {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const now = opts.now ?? Date.now;

  async function call(method: string, serviceUrl: string, path: string, body?: unknown): Promise<any> {
    const what = `${method} ${path}`;
    let token: string | null;
    try {
      token = await opts.getToken(serviceUrl);
    } catch (err) {
      // Nothing was sent yet, so trying again later is safe.
      throw new ConnectorError({ kind: 'retryable', status: 0, code: 'token', message: `${what}: no token: ${String(err)}`, cause: err });
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    if (token) headers.authorization = `Bearer ${token}`;

    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), timeoutMs);
    try {
      let res: Response;
      try {
        res = await fetchFn(serviceUrl.replace(/\/+$/, '') + path, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: ac.signal,
        });
      } catch (err) {
        throw networkError(what, err, ac.signal.aborted);
      }
      let text: string;
      try {
        text = await res.text();
      } catch (err) {
        // The status line arrived, so Teams has the request: whatever it did is done.
        throw networkError(what, err, ac.signal.aborted, true);
      }
      const json = parseJson(text);
      if (!res.ok) {
        const code = typeof json?.error?.code === 'string' ? json.error.code : null;
        const detail = typeof json?.error?.message === 'string' ? json.error.message : text.slice(0, 200);
        throw new ConnectorError({
          kind: classifyStatus(res.status),
          status: res.status,
          code,
          retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), now()),
          message: `${what} → ${res.status}${code ? ` ${code}` : ''}: ${detail}`,
        });
      }
      return json;
    } finally {
      clearTimeout(timer);
    }
  }

  const convPath = (ref: ConversationRef) => `/v3/conversations/${encodeURIComponent(ref.conversationId)}`;
  // Members of a channel are the team's: Teams answers member look-ups on the team's id (as
  // botbuilder's TeamsInfo does); chats answer on their own id.
  const membersPath = (ref: ConversationRef) =>
    `/v3/conversations/${encodeURIComponent(ref.conversationType === 'channel' && ref.teamId ? ref.teamId : ref.conversationId)}`;

  return {
    async send(ref, activity) {
      const json = await call('POST', ref.serviceUrl, `${convPath(ref)}/activities`, outgoing(ref, activity));
      return { id: typeof json?.id === 'string' ? json.id : '' };
    },
    async update(ref, activityId, activity) {
      await call('PUT', ref.serviceUrl, `${convPath(ref)}/activities/${encodeURIComponent(activityId)}`, {
        ...outgoing(ref, activity),
        id: activityId,
      });
    },
    async createConversation(via, user) {
      const json = await call('POST', via.serviceUrl, '/v3/conversations', {
        isGroup: false,
        bot: { id: via.botId, name: via.botName ?? undefined },
        members: [{ id: user.teamsId, name: user.name ?? undefined }],
        tenantId: via.tenantId ?? undefined,
        channelData: via.tenantId ? { tenant: { id: via.tenantId } } : undefined,
      });
      if (typeof json?.id !== 'string' || !json.id)
        throw new ConnectorError({ kind: 'fatal', status: 200, message: 'POST /v3/conversations: no conversation id in reply' });
      return {
        serviceUrl: via.serviceUrl,
        channelId: via.channelId,
        conversationId: json.id,
        conversationType: 'personal',
        tenantId: via.tenantId,
        botId: via.botId,
        botName: via.botName ?? null,
      };
    },
    async getMember(ref, userId) {
      try {
        return asMember(await call('GET', ref.serviceUrl, `${membersPath(ref)}/members/${encodeURIComponent(userId)}`));
      } catch (err) {
        if (err instanceof ConnectorError && err.status === 404) return null;
        throw err;
      }
    },
    async getMembers(ref) {
      const out: ConnectorMember[] = [];
      let token: string | null = null;
      const seen = new Set<string>();
      for (let page = 0; page < MAX_MEMBER_PAGES; page++) {
        const q = `pageSize=500${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`;
        const json = await call('GET', ref.serviceUrl, `${membersPath(ref)}/pagedmembers?${q}`);
        for (const m of Array.isArray(json?.members) ? json.members : []) out.push(asMember(m));
        token = typeof json?.continuationToken === 'string' && json.continuationToken ? json.continuationToken : null;
        // A token seen before would loop forever; stop with what we have.
        if (!token || seen.has(token)) break;
        seen.add(token);
      }
      return out;
    },
  };
}

/** The envelope Teams expects around our content: who sends it, into which conversation. */
function outgoing(ref: ConversationRef, activity: Record<string, unknown>): Record<string, unknown> {
  const channelData = (activity.channelData ?? {}) as Record<string, unknown>;
  return {
    type: 'message',
    ...activity,
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
    from: { id: ref.botId, name: ref.botName ?? undefined },
    conversation: {
      id: ref.conversationId,
      conversationType: ref.conversationType,
      isGroup: ref.conversationType !== 'personal',
      tenantId: ref.tenantId ?? undefined,
    },
    // The reference has no user; a caller that knows the person (personal chat) passes it.
    recipient: activity.recipient ?? undefined,
    channelData: ref.tenantId && !channelData.tenant ? { ...channelData, tenant: { id: ref.tenantId } } : activity.channelData,
  };
}

function networkError(what: string, err: unknown, timedOut: boolean, afterStatus = false): ConnectorError {
  if (timedOut)
    return new ConnectorError({
      kind: 'uncertain',
      status: 0,
      code: 'timeout',
      message: `${what}: no answer in time (it may have been processed)`,
      cause: err,
    });
  const code = errorCode(err);
  const notSent = !afterStatus && code !== null && NOT_SENT_CODES.has(code);
  return new ConnectorError({
    kind: notSent ? 'retryable' : 'uncertain',
    status: 0,
    code: code ?? 'network',
    message: `${what}: ${code ?? String(err)}${notSent ? ' (not sent)' : ' (it may have been processed)'}`,
    cause: err,
  });
}

/** fetch wraps the socket error in `cause` (sometimes an AggregateError for several addresses). */
function errorCode(err: unknown): string | null {
  for (let e: any = err, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (typeof e.code === 'string') return e.code;
    if (Array.isArray(e.errors) && typeof e.errors[0]?.code === 'string') return e.errors[0].code;
  }
  return null;
}

function parseJson(text: string): any {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function asMember(m: any): ConnectorMember {
  const s = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return {
    id: String(m?.id ?? ''),
    name: String(m?.name ?? ''),
    aadObjectId: s(m?.aadObjectId),
    userPrincipalName: s(m?.userPrincipalName),
    email: s(m?.email),
    tenantId: s(m?.tenantId),
    userRole: s(m?.userRole),
  };
}
