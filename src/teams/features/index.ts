import type { Registry } from '../registry.js';
import type { Feature } from '../types.js';
import { coreFeature } from './core.js';
import { meetingsFeature } from './meetings.js';
import { agendaUploadFeature } from './agenda-upload.js';
import { materialFeature } from './material.js';
import { actionsFeature } from './actions.js';
import { escalationsFeature } from './escalations.js';
import { risksFeature } from './risks.js';
import { remindersFeature } from './reminders.js';
import { minutesFeature } from './minutes.js';
import { calendarFeature } from './calendar.js';
import { statusFeature } from './status.js';
import { riskLogFilesFeature } from './risk-log-files.js';
import { digestFeature } from './digest.js';
import { vendorsFeature } from './vendors.js';
import { agendaEditFeature } from './agenda-edit.js';

/**
 * Every feature of the bot. Each feature file registers its own commands, card verbs and
 * events; add a new feature here (one line) and nowhere else.
 */
export function allFeatures(getRegistry: () => Registry): Feature[] {
  return [
    coreFeature(getRegistry),
    // Before meetings: its file event ("bilag 3.2" with a file) must win over the agenda upload.
    materialFeature(),
    meetingsFeature(),
    agendaUploadFeature(),
    actionsFeature(),
    escalationsFeature(),
    risksFeature(),
    remindersFeature(),
    minutesFeature(),
    calendarFeature(),
    statusFeature(),
    riskLogFilesFeature(),
    digestFeature(),
    vendorsFeature(),
    agendaEditFeature(),
  ];
}
