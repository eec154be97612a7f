import type { Bundle } from '../bundle.js';

/**
 * CLI wording of errors whose chat text points to a chat command (cliErrorText in ../index.ts):
 * the operator at the command line gets the command-line way instead.
 */
export default {
  da: {
    'error.meeting_unknown.cli': 'Møde {number} findes ikke. Se gruppens møder med "styrebot meetings".',
    'error.minutes_no_meeting.cli': 'Gruppen har ingen møder endnu, så der er intet referat. Se gruppens møder med "styrebot meetings".',
    'error.item_unknown.cli': 'Punkt {item} findes ikke på dagsordenen for møde {meeting}. Se dagsordenen med "styrebot meetings --json".',
  },
  en: {
    'error.meeting_unknown.cli': 'Meeting {number} does not exist. See the group’s meetings with "styrebot meetings".',
    'error.minutes_no_meeting.cli':
      'The group has no meetings yet, so there are no minutes. See the group’s meetings with "styrebot meetings".',
    'error.item_unknown.cli': 'Item {item} is not on the agenda of meeting {meeting}. See the agenda with "styrebot meetings --json".',
  },
} satisfies Bundle;
