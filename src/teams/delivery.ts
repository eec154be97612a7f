import type { Clock, Store } from '../app/ports.js';
import type { Delivery } from '../app/services.js';
import type { Config } from '../config.js';
import type { OutboxItem } from '../domain/model.js';
import { createCardUpdater } from '../delivery/card-updater.js';
import { createConnectorHttp, type ConnectorHttp } from '../delivery/connector-http.js';
import { createOutboxSender, type OutboxSender } from '../delivery/outbox-sender.js';
import { createRateLimiter } from '../delivery/rate-limiter.js';
import type { Logger } from '../log.js';
import type { TeamsAdapter } from '@microsoft/teams-ai';

/** The credentials botbuilder creates are AppCredentials, whose public getToken() is the bearer token. */
const hasToken = (c: unknown): c is { getToken(): Promise<string> } => typeof (c as { getToken?: unknown } | null)?.getToken === 'function';

export interface DeliveryRuntime extends Delivery {
  http: ConnectorHttp;
  sender: OutboxSender;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Proactive sends and shared-card updates go straight to the Bot Connector REST API (not
 * botbuilder's client, which retries 5xx on its own and can post twice). Tokens come from the
 * adapter's (public) credentials factory; none in local mode (no app id).
 */
export function createDelivery(opts: { config: Config; store: Store; clock: Clock; log: Logger; adapter: TeamsAdapter }): DeliveryRuntime {
  const { config, store, clock, log } = opts;
  const getToken = async (serviceUrl: string): Promise<string | null> => {
    if (!config.authEnabled) return null;
    const creds = await opts.adapter.credentialsFactory.createCredentials(
      config.appId,
      'https://api.botframework.com',
      'https://login.microsoftonline.com/botframework.com',
      true,
    );
    void serviceUrl;
    return hasToken(creds) ? await creds.getToken() : null;
  };
  const http = createConnectorHttp({ getToken, timeoutMs: 5000 });
  const limiter = createRateLimiter();
  const sentListeners: ((item: OutboxItem, id: string) => void | Promise<void>)[] = [];
  const undeliveredListeners: ((item: OutboxItem) => void | Promise<void>)[] = [];
  const sender = createOutboxSender({
    store,
    http,
    limiter,
    clock,
    log,
    onSent: async (item, id) => {
      for (const l of sentListeners) await l(item, id);
    },
    onUndelivered: async (item) => {
      for (const l of undeliveredListeners) await l(item);
    },
  });
  const updater = createCardUpdater({ http, limiter, log, slots: store.shared });
  return {
    http,
    sender,
    kick: () => sender.kick(),
    updateCard: (conversation, activityId, build) =>
      updater.schedule(conversation, activityId, () => {
        const card = build();
        if (!card) throw new Error('the card no longer exists');
        return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] };
      }),
    counts: () => sender.counts() as unknown as Record<string, number>,
    onSent: (l) => void sentListeners.push(l),
    onUndelivered: (l) => void undeliveredListeners.push(l),
    sendNow: (conversation, activity) => http.send(conversation, activity),
    getMember: (conversation, userId) => http.getMember(conversation, userId),
    getMembers: (conversation) => http.getMembers(conversation),
    retryUncertain: (id, actor) => sender.retryUncertain(id, actor),
    dismiss: (id, actor) => sender.dismiss(id, actor),
    start: () => sender.start(),
    async stop() {
      await updater.flush();
      await sender.stop();
    },
  };
}
