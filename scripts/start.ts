import 'dotenv/config';
import { loadConfig, ConfigError } from '../src/config.js';
import { main } from '../src/index.js';
import { startPlayground } from './playground.js';

/**
 * `npm start`: the bot with the embedded store, plus — without Microsoft app credentials — the
 * Agents Playground (a local Teams-like client) against it. STYREBOT_PLAYGROUND=0 starts the bot only.
 */
// A person at a terminal reads the logs: human-readable unless asked otherwise (production: JSON).
if (process.env.NODE_ENV !== 'production') process.env.STYREBOT_LOG_FORMAT ||= 'pretty';
let config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`styrebot: ${err.message}`);
    process.exit(2);
  }
  throw err;
}
const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
await main(process.env);
if (config.playground) {
  try {
    const pg = await startPlayground({ port: playgroundPort, botEndpoint: `http://127.0.0.1:${config.port}/api/messages` });
    const stop = () => void pg.stop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    console.log(`\n  styrebot is running: http://127.0.0.1:${config.port}/api/messages`);
    console.log(`  Open the local Teams-like client (Agents Playground): ${pg.url}\n`);
  } catch (err) {
    console.error(`styrebot: the Agents Playground could not start: ${(err as Error).message}`);
    console.error('The bot is still running; set STYREBOT_PLAYGROUND=0 to start it alone.');
  }
}
