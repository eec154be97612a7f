/**
 * (b) The framework floor: a minimal teams-ai `Application` on a `TeamsAdapter` without
 * credentials (authentication off, as the bot in local mode), behind restify with the bot's body
 * parser. Card invokes are routed like the bot routes them (src/teams/application.ts): an
 * `app.addRoute` invoke selector, and the handler answers with an `invokeResponse` activity —
 * here with a small card and nothing else.
 */
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { ConfigurationServiceClientCredentialFactory, type TurnContext } from 'botbuilder';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { SMALL_CARD_RESPONSE } from '../lib/small-card.js';
import { serveChild } from './child.js';

await serveChild(async () => {
  const auth = { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' };
  const adapter = new TeamsAdapter(auth as any, new ConfigurationServiceClientCredentialFactory(auth as any));
  const app = new Application<TurnState>({
    adapter,
    removeRecipientMention: false,
    startTypingTimer: false,
    longRunningMessages: false,
  } as any);
  const isCardInvoke = (turn: TurnContext) => turn.activity.type === 'invoke' && turn.activity.name === 'adaptiveCard/action';
  app.addRoute(
    async (turn) => isCardInvoke(turn),
    async (turn) => {
      await turn.sendActivity({ type: 'invokeResponse', value: { status: 200, body: SMALL_CARD_RESPONSE } });
    },
    true,
  );
  adapter.onTurnError = async (_turn, err) => {
    console.error('turn error', err);
  };

  const server = restify.createServer({ name: 'bench-teams-ai', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false, rejectUnknown: true }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req as any, res as any, async (turn) => {
      await app.run(turn);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
});
