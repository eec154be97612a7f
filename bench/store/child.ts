/**
 * A bot instance for `npm run bench -- --store postgres` (bench/store/compare.ts): the real bot on
 * DATABASE_URL or STORE_PATH; prints `ready <port>`, and answers each `stats` line on stdin with
 * one JSON line: CPU time used so far, commits, mutations and (PostgreSQL) statements sent and
 * commits widened.
 */
import { createInterface } from 'node:readline';
import { startBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { isPgStore } from '../../src/storage/index.js';

const config = loadConfig({
  PORT: '0',
  DATABASE_URL: process.env.DATABASE_URL,
  STORE_PATH: process.env.STORE_PATH,
  STYREBOT_DEMO: '0',
  STYREBOT_PLAYGROUND: '0',
  STYREBOT_LOG_LEVEL: 'silent',
});
const bot = await startBot({ config, log: createLogger('silent'), jobIntervalMs: 3_600_000 });
process.stdout.write(`ready ${bot.port}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line !== 'stats') return;
  const cpu = process.cpuUsage();
  const s = bot.store.stats();
  process.stdout.write(
    JSON.stringify({
      cpuMs: (cpu.user + cpu.system) / 1000,
      commits: s.writes,
      mutations: s.mutations,
      roundTrips: isPgStore(bot.store) ? bot.store.roundTrips() : null,
      widened: isPgStore(bot.store) ? bot.store.widenedCommits() : 0,
    }) + '\n',
  );
});
process.on('SIGTERM', () => void bot.close().then(() => process.exit(0)));
