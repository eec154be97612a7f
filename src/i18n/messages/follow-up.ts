import type { Bundle } from '../bundle.js';

/** "Opfølgning": the open and overdue action points under the first item of a meeting (card and minutes). */
export default {
  da: {
    'followUp.title': 'Opfølgning',
    'followUp.lead': 'Åbne handlingspunkter, forfaldne først',
    'followUp.line': '{id} {text} – {owner}, frist {due}',
    'followUp.lineNoDue': '{id} {text} – {owner}',
    'followUp.overdue': 'forfalden',
    'followUp.more': '… og {count} mere',
  },
  en: {
    'followUp.title': 'Follow-up',
    'followUp.lead': 'Open action points, overdue first',
    'followUp.line': '{id} {text} – {owner}, due {due}',
    'followUp.lineNoDue': '{id} {text} – {owner}',
    'followUp.overdue': 'overdue',
    'followUp.more': '… and {count} more',
  },
} satisfies Bundle;
