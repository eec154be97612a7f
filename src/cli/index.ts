import type { Command } from 'commander';
import { register as storeCommands } from './store-commands.js';
import { register as meetingCommands } from './meetings.js';
import { register as riskCommands } from './risks.js';
import { register as actionCommands } from './actions.js';
import { register as escalationCommands } from './escalations.js';
import { register as reminderCommands } from './reminders.js';
import { register as calendarCommands } from './calendar.js';
import { register as minutesCommands } from './minutes.js';
import { register as vendorCommands } from './vendors.js';

/** Every CLI command module; each registers its own subcommands (add one line per module). */
export const COMMAND_MODULES: ((program: Command) => void)[] = [
  storeCommands,
  meetingCommands,
  riskCommands,
  actionCommands,
  escalationCommands,
  reminderCommands,
  calendarCommands,
  minutesCommands,
  vendorCommands,
];
