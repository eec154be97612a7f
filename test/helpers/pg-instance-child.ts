/**
 * One bot instance as its own process, for the several-instances test
 * (`node --import tsx test/helpers/pg-instance-child.ts`). Settings come from the environment
 * (DATABASE_URL, JOB_INTERVAL_MS); prints `ready <port>` once it listens. SIGKILL is the point.
 */
import { startBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';

const config = loadConfig({
  PORT: '0',
  DATABASE_URL: process.env.DATABASE_URL,
  STORE_PATH: process.env.STORE_PATH,
  STYREBOT_DEMO: '0',
  STYREBOT_PLAYGROUND: '0',
  STYREBOT_LOG_LEVEL: process.env.STYREBOT_LOG_LEVEL ?? 'silent',
});
const bot = await startBot({ config, log: createLogger(config.logLevel), jobIntervalMs: Number(process.env.JOB_INTERVAL_MS ?? 60_000) });
process.stdout.write(`ready ${bot.port}\n`);
process.on('SIGTERM', () => {
  void bot.close().then(() => process.exit(0));
});
