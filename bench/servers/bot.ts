/**
 * (c) The real bot: `startBot` (src/bot.ts, or dist/bot.js with BENCH_BOT=dist) exactly as `npm start` composes it — restify, the
 * teams-ai Application with every feature, the durable lowdb store (fsync, group commit) in the
 * directory the parent gives (BENCH_STORE_PATH), the delivery (card updater, outbox) and the job
 * runner. Authentication is off (no app id), as in local mode. Logs (level info) go to the file
 * the parent attached as stdout. The parent seeds the group over HTTP (install, risks, round).
 */
import { readFileSync, statSync } from 'node:fs';
import { serveChild } from './child.js';

// BENCH_BOT=dist: the production build (npm run build → dist/), as the container runs it; else
// the TypeScript sources through tsx, as `npm run start:bot`.
const from = process.env.BENCH_BOT === 'dist' ? '../../dist' : '../../src';
const { startBot } = (await import(`${from}/bot.js`)) as typeof import('../../src/bot.js');
const { loadConfig } = (await import(`${from}/config.js`)) as typeof import('../../src/config.js');
const { createLogger } = (await import(`${from}/log.js`)) as typeof import('../../src/log.js');

await serveChild(async () => {
  const storePath = process.env.BENCH_STORE_PATH;
  if (!storePath) throw new Error('BENCH_STORE_PATH is not set');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    STORE_PATH: storePath,
    STYREBOT_DEMO: '0',
    STYREBOT_PLAYGROUND: '0',
    STYREBOT_LOG_LEVEL: process.env.BENCH_BOT_LOG_LEVEL || 'info',
    NODE_ENV: 'development',
  });
  const bot = await startBot({ config, log: createLogger(config.logLevel) });
  return {
    port: bot.port,
    close: () => bot.close(),
    stats: () => {
      let fileBytes = 0;
      let audit = 0;
      let auditBytes = 0;
      try {
        fileBytes = statSync(storePath).size;
        // The whole trail is in the log; the running bot keeps only its newest entries in memory.
        // (Read after the load: the idle checkpoint has moved the journal's entries into the log.)
        audit = (JSON.parse(readFileSync(storePath, 'utf8')) as { auditCount: number }).auditCount;
        auditBytes = statSync(`${storePath}.audit.jsonl`).size;
      } catch {
        /* not written yet */
      }
      const db = bot.store.read();
      return {
        store: bot.store.stats(),
        fileBytes,
        audit,
        auditBytes,
        auditInMemory: db.audit.length,
        processed: db.processed.length,
        outbox: bot.services.delivery.counts(),
      };
    },
  };
});
