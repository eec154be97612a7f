import 'dotenv/config';
import { ConfigError, loadConfig } from './config.js';
import { startBot } from './bot.js';
import { createLogger } from './log.js';
import { seedDemo } from './demo.js';
import { isAppError } from './errors.js';

/** `npm start` without the playground: the bot alone (what the container runs). */
export async function main(env = process.env): Promise<void> {
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`styrebot: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel, undefined, config.logFormat);
  const playgroundPort = Number(env.PLAYGROUND_PORT ?? 56150);
  let bot;
  try {
    bot = await startBot({
      config,
      log,
      beforeListen: async (services) => {
        if (config.demo && !config.authEnabled && (await seedDemo(services.store, config, playgroundPort, { sample: config.demoSample })))
          log.info('demo steering group seeded');
      },
    });
  } catch (err) {
    if (isAppError(err)) {
      console.error(`styrebot: ${err.code}: ${err.detail ?? JSON.stringify(err.params)}`);
      process.exit(3);
    }
    throw err;
  }
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down: no new requests, finishing pending writes');
    try {
      await bot.close();
      process.exit(0);
    } catch (err) {
      log.error({ err: String(err) }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntry) void main();
