import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Bot Connector service at an activity's `serviceUrl`. It records every
 * request it receives (also those it answers with an injected fault), serves members, and can
 * be told to misbehave per request (status, Retry-After, delay, or never answer).
 */
export interface RecordedCall {
  method: string;
  path: string;
  conversationId: string | null;
  activityId: string | null;
  body: any;
  at: number;
  /** The status the fake answered with (0 = never answered). */
  status: number;
}

export interface Fault {
  status?: number;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Never answer (the client must time out). */
  hang?: boolean;
  /** Drop the connection after reading the request, without answering (socket hang-up). */
  destroy?: boolean;
}

export interface FakeMember {
  id: string;
  name: string;
  aadObjectId?: string;
  userPrincipalName?: string;
  tenantId?: string;
  userRole?: string;
}

export interface FakeConnector {
  url: string;
  calls: RecordedCall[];
  /** Members per conversation id; `*` applies to any conversation. */
  members: Map<string, FakeMember[]>;
  /** Return a fault for a request, or null/undefined to answer normally. */
  fault: ((call: RecordedCall) => Fault | null | undefined) | null;
  /** When set, `pagedmembers` answers in pages of this size with a `continuationToken`. */
  memberPageSize: number | null;
  posts(conversationId?: string): RecordedCall[];
  puts(conversationId?: string): RecordedCall[];
  /** Wait until `predicate(calls)` holds (polls every 10 ms), or throw after `timeoutMs`. */
  waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

const ACTIVITY_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;
const MEMBER_PATH = /^\/v3\/conversations\/([^/]+)\/(members|pagedmembers)(?:\/([^/?]+))?/;

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: RecordedCall[] = [];
  const members = new Map<string, FakeMember[]>();
  let counter = 0;
  const hanging = new Set<http.ServerResponse>();

  const fc: FakeConnector = {
    url: '',
    calls,
    members,
    fault: null,
    memberPageSize: null,
    posts: (conv) => calls.filter((c) => c.method === 'POST' && c.path.includes('/activities') && (!conv || c.conversationId === conv)),
    puts: (conv) => calls.filter((c) => c.method === 'PUT' && (!conv || c.conversationId === conv)),
    async waitFor(predicate, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (!predicate(calls)) {
        if (Date.now() > until) throw new Error(`fake connector: condition not met within ${timeoutMs} ms (${calls.length} calls)`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    reset() {
      calls.length = 0;
      fc.fault = null;
      fc.memberPageSize = null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };

  const memberList = (conv: string) => members.get(conv) ?? members.get('*') ?? [];
  const asAccount = (m: FakeMember) => ({
    id: m.id,
    name: m.name,
    aadObjectId: m.aadObjectId,
    userPrincipalName: m.userPrincipalName,
    tenantId: m.tenantId,
    userRole: m.userRole ?? 'user',
  });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: any = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = raw;
      }
      const act = ACTIVITY_PATH.exec(url.pathname);
      const mem = MEMBER_PATH.exec(url.pathname);
      const call: RecordedCall = {
        method: req.method ?? 'GET',
        path: url.pathname,
        conversationId: act ? decodeURIComponent(act[1]) : mem ? decodeURIComponent(mem[1]) : null,
        activityId: act?.[2] ? decodeURIComponent(act[2]) : null,
        body,
        at: Date.now(),
        status: 0,
      };
      calls.push(call);
      const fault = fc.fault?.(call);
      const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        call.status = status;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      const respond = () => {
        if (fault?.hang) {
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
        }
        if (fault?.destroy) return void req.socket.destroy();
        if (fault?.status) return answer(fault.status, { error: { code: 'Injected', message: `injected ${fault.status}` } }, fault.headers);
        if (act && (req.method === 'POST' || req.method === 'PUT'))
          return answer(200, { id: call.activityId && req.method === 'PUT' ? call.activityId : `act-${++counter}` });
        if (act && req.method === 'DELETE') return answer(200, {});
        if (url.pathname === '/v3/conversations' && req.method === 'POST')
          return answer(200, { id: `conv-${++counter}`, activityId: `act-${++counter}` });
        if (mem) {
          const list = memberList(call.conversationId!);
          if (mem[3]) {
            const id = decodeURIComponent(mem[3]);
            const m = list.find((x) => x.id === id || x.aadObjectId === id);
            return m ? answer(200, asAccount(m)) : answer(404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } });
          }
          if (mem[2] === 'pagedmembers' && fc.memberPageSize) {
            const from = Number(url.searchParams.get('continuationToken') ?? 0);
            const page = list.slice(from, from + fc.memberPageSize);
            const next = from + fc.memberPageSize < list.length ? String(from + fc.memberPageSize) : undefined;
            return answer(200, { members: page.map(asAccount), continuationToken: next });
          }
          if (mem[2] === 'pagedmembers') return answer(200, { members: list.map(asAccount) });
          return answer(200, list.map(asAccount));
        }
        if (url.pathname.startsWith('/v3/teams/'))
          return answer(200, { id: url.pathname.split('/')[3], name: 'Team', aadGroupId: 'team-aad' });
        answer(404, { error: { code: 'NotFound', message: url.pathname } });
      };
      if (fault?.delayMs) setTimeout(respond, fault.delayMs);
      else respond();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fc.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fc;
}
