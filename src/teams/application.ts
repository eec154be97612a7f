import { ActivityTypes, type TurnContext } from 'botbuilder';
import { Application, type TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import type { Services } from '../app/services.js';
import { handleCardAction, isCardInvoke, isCardSubmit } from './card-actions.js';
import { allFeatures } from './features/index.js';
import { handleInstall, isBotAdded } from './install.js';
import { createMessageHandler } from './messages.js';
import { replyError } from './reply-error.js';
import { wireOutboxHandlers } from './outbox-handlers.js';
import { buildRegistry, type Registry } from './registry.js';
import { createTurnCtx } from './turn.js';
import type { Feature } from './types.js';

export interface Bot {
  app: Application<TurnState>;
  registry: Registry;
  /** Runs one turn (after the tenant check). */
  run(turn: TurnContext): Promise<void>;
}

/**
 * The teams-ai Application with every feature's routes. Card invokes are routed first (they are
 * time-limited) and by our own selector, not actionExecute (see card-actions.ts).
 */
export function createBot(adapter: TeamsAdapter, services: Services, extraFeatures: Feature[] = []): Bot {
  const registry: Registry = buildRegistry([...allFeatures(() => registry), ...extraFeatures]);
  for (const f of registry.features) f.setup?.(services);
  wireOutboxHandlers(registry, services);

  const app = new Application<TurnState>({
    adapter,
    botAppId: services.config.appId || undefined,
    removeRecipientMention: false,
    startTypingTimer: false,
    longRunningMessages: false,
  });

  app.addRoute(
    async (turn) => isCardInvoke(turn),
    async (turn) => handleCardAction(turn, services, registry),
    true,
  );
  app.addRoute(
    async (turn) => isCardSubmit(turn),
    async (turn) => handleCardAction(turn, services, registry),
  );
  app.addRoute(
    async (turn) => isBotAdded(turn),
    async (turn) => handleInstall(turn, services),
  );
  for (const ev of registry.events) {
    app.addRoute(
      async (turn) => ev.matches(turn),
      async (turn) => {
        const ctx = createTurnCtx(turn, services);
        try {
          await ev.run(ctx);
        } catch (err) {
          if (turn.activity.type === ActivityTypes.Message) await replyError(ctx, err);
          else services.log.warn({ err: String(err), type: turn.activity.type }, 'event handler failed');
        }
      },
    );
  }
  const onMessage = createMessageHandler(services, registry);
  app.activity(ActivityTypes.Message, async (turn) => onMessage(turn));
  // Unhandled invokes get a plain 200 so Teams does not show an error for e.g. refresh pings.
  app.addRoute(
    async (turn) => turn.activity.type === ActivityTypes.Invoke && !registry.events.some((ev) => ev.matches(turn)),
    async (turn) => {
      await turn.sendActivity({ type: 'invokeResponse', value: { status: 200, body: {} } });
    },
    true,
  );

  return {
    app,
    registry,
    run: async (turn) => {
      await app.run(turn);
    },
  };
}
