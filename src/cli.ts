import { Command } from 'commander';
import { VERSION } from './version.js';
import { COMMAND_MODULES } from './cli/index.js';

/**
 * `styrebot` — the command line. Listings (`--json`) read the last durable state and work while
 * the bot runs; commands that change data go through the running bot's admin socket.
 */
const program = new Command('styrebot')
  .description('Steering-group bot for Microsoft Teams: store, agenda, risks, actions, reminders and minutes from the command line.')
  .version(VERSION)
  .showHelpAfterError();
for (const register of COMMAND_MODULES) register(program);
await program.parseAsync(process.argv);
