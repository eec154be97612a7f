import type { IncomingMessage } from 'node:http';
import type { Services } from '../app/services.js';

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (what a dual-stack socket reports). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase().replace(/^::ffff:/, '');
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/**
 * GET /healthz: `{status}` with 200 (ok) or 503 (the last store write failed), for load balancers
 * and the container's health check. The details — version, store path, outbox counts, uptime —
 * help an operator and an attacker alike, so they are shown only to a client on the loopback
 * interface (the container's own HEALTHCHECK, `curl` on the host) or when
 * STYREBOT_HEALTH_DETAILS=1. A request relayed by a reverse proxy on the same machine also comes
 * from loopback, so one carrying any proxy header (Forwarded, X-Forwarded-For, X-Real-IP, Via)
 * counts as remote: such a header can only take details away, never grant them.
 */
export function healthAnswer(
  req: IncomingMessage,
  services: Services,
  info: { version: string; startedAt: number },
): { status: number; body: object } {
  const store = services.store.describe();
  const status = store.ok ? 'ok' : 'degraded';
  const code = store.ok ? 200 : 503;
  const proxied = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'via'].some((h) => req.headers[h] !== undefined);
  const local = isLoopback(req.socket.remoteAddress) && !proxied;
  if (!services.config.healthDetails && !local) return { status: code, body: { status } };
  return {
    status: code,
    body: {
      status,
      version: info.version,
      store,
      outbox: services.delivery.counts(),
      uptimeS: Math.round((Date.now() - info.startedAt) / 1000),
    },
  };
}
