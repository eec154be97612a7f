import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Services } from './app/services.js';
import { systemClock, type Clock } from './app/ports.js';
import type { Config } from './config.js';
import { offsetClock } from './app/clock-offset.js';
import { withSecurityLog } from './app/refusals.js';
import { createHttpServer } from './http/server.js';
import { fileRoutes } from './http/files.js';
import { createLogger, type Logger } from './log.js';
import {
  adminSocketPathFor,
  isPgStore,
  openConfiguredStore,
  securityLogFor,
  startAdminServer,
  type AdminServer,
  type DurableStore,
} from './storage/index.js';
import { createAdapter, type AdapterOverrides } from './teams/adapter.js';
import { createBot } from './teams/application.js';
import { createDelivery } from './teams/delivery.js';
import { createJobRunner, type JobHandler, type JobRunner } from './scheduler/job-runner.js';
import { createRetentionSweep } from './scheduler/retention.js';

import { VERSION } from './version.js';

export { VERSION };

export interface StartOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  adapterOverrides?: AdapterOverrides;
  /** Job runner poll interval (default one minute). */
  jobIntervalMs?: number;
  /** Called with the services before the server starts (tests seed data here). */
  beforeListen?: (services: Services) => Promise<void>;
}

export interface RunningBot {
  url: string;
  port: number;
  services: Services;
  store: DurableStore;
  /** The job runner (tests tick it with a fake clock: `await bot.runner.tick()`). */
  runner: JobRunner;
  close(): Promise<void>;
}

/** Composition root: config → store → services → Teams app → HTTP server → background work. */
export async function startBot(opts: StartOptions): Promise<RunningBot> {
  const { config } = opts;
  const log = opts.log ?? createLogger(config.logLevel);
  const clock = offsetClock(opts.clock ?? systemClock, config.clockOffsetMs);
  const store = await openConfiguredStore(config, { clock, log });
  const security = securityLogFor(store, config);
  const adapter = createAdapter(config, opts.adapterOverrides);
  const delivery = createDelivery({ config, store, clock, log, adapter });
  let kick = () => {};
  // Handlers and jobs write through this one: their refusals (tx.refuse) reach the security log.
  const loggedStore = withSecurityLog(store, security);
  const services: Services = { config, store: loggedStore, clock, security, log, delivery, kickJobs: () => kick() };
  const bot = createBot(adapter, services);
  const handlers: Record<string, JobHandler> = {};
  for (const f of bot.registry.features) Object.assign(handlers, f.jobs?.(services) ?? {});
  const sweeps = [
    ...bot.registry.features.flatMap((f) => f.sweeps?.(services) ?? []),
    createRetentionSweep({ store, days: config.retentionDays, log }),
  ];
  const runner = createJobRunner({ store: loggedStore, clock, handlers, log, sweeps });
  kick = () => void runner.tick().catch((err) => log.error({ err: String(err) }, 'job tick failed'));
  adapter.onTurnError = async (turn, err) => {
    log.error({ err: err instanceof Error ? err.stack : String(err), activity: turn.activity?.id }, 'unhandled turn error');
  };
  await opts.beforeListen?.(services);
  const server = createHttpServer({
    services,
    adapter,
    bot,
    version: VERSION,
    startedAt: Date.now(),
    routes: (s) => fileRoutes(s, services),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let admin: AdminServer | null = null;
  const adminHandlers: Record<string, (args: unknown) => Promise<unknown>> = { ping: async () => ({ ok: true, version: VERSION }) };
  for (const f of bot.registry.features)
    for (const [name, fn] of Object.entries(f.admin ?? {})) adminHandlers[name] = (args) => fn(services, args);
  // With PostgreSQL the CLI writes to the database itself: no socket, no single writer.
  if (!isPgStore(store)) admin = await startAdminServer(adminSocketPathFor(path.resolve(config.storePath)), adminHandlers as any);
  delivery.start();
  runner.start(opts.jobIntervalMs ?? 60_000);
  if (!config.authEnabled)
    log.warn('MicrosoftAppId is empty: Bot Framework authentication is OFF. Local use only — listening on ' + config.host);
  log.info({ url: `http://${config.host}:${port}/api/messages`, store: store.path }, 'styrebot listening');

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    services,
    store,
    runner,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive sockets would hold close() open; in-flight requests have finished their writes.
        server.server.closeIdleConnections?.();
        setTimeout(() => server.server.closeAllConnections?.(), 2000).unref();
        await closed;
        await admin?.close();
        await runner.stop();
        await delivery.stop();
        await store.close();
      })();
      return closing;
    },
  };
}
