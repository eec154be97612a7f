import type { Bundle } from '../bundle.js';

/** User-facing text for the outbox's error codes (the chair's retry/dismiss commands); listed in the i18n BUNDLES. */
export default {
  da: {
    'error.outbox_not_found': 'Beskeden {id} findes ikke i udbakken.',
    'error.outbox_wrong_status': 'Beskeden {id} har status "{status}" og kan ikke ændres sådan. Kun usikre beskeder kan sendes igen.',
  },
  en: {
    'error.outbox_not_found': 'Message {id} is not in the outbox.',
    'error.outbox_wrong_status':
      'Message {id} has status "{status}" and cannot be changed like that. Only uncertain messages can be sent again.',
  },
} satisfies Bundle;
