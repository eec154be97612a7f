/**
 * (a) The floor: a bare restify endpoint that parses the POSTed JSON activity (same body parser
 * settings as the bot) and answers with a small card as an Action.Execute invoke response.
 */
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { SMALL_CARD_RESPONSE } from '../lib/small-card.js';
import { serveChild } from './child.js';

await serveChild(async () => {
  const server = restify.createServer({ name: 'bench-bare', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false, rejectUnknown: true }));
  server.post('/api/messages', async (req, res) => {
    if (!req.body || typeof req.body.type !== 'string') {
      res.send(400, { error: 'expected a Bot Framework activity' });
      return;
    }
    res.send(200, SMALL_CARD_RESPONSE);
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
