import type { Registry } from '../registry.js';
import type { Feature } from '../types.js';
import { coreFeature } from './core.js';
import { meetingsFeature } from './meetings.js';
import { actionsFeature } from './actions.js';
import { escalationsFeature } from './escalations.js';
import { risksFeature } from './risks.js';
import { remindersFeature } from './reminders.js';
import { minutesFeature } from './minutes.js';
import { calendarFeature } from './calendar.js';

/**
 * Every feature of the bot. Each feature file registers its own commands, card verbs and
 * events; add a new feature here (one line) and nowhere else.
 */
export function allFeatures(getRegistry: () => Registry): Feature[] {
  return [
    coreFeature(getRegistry),
    meetingsFeature(),
    actionsFeature(),
    escalationsFeature(),
    risksFeature(),
    remindersFeature(),
    minutesFeature(),
    calendarFeature(),
  ];
}
