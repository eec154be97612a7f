import type { Bundle } from '../i18n/index.js';

/**
 * User-facing text for the outbox's error codes (the chair's retry/dismiss commands). A bundle
 * like src/i18n/messages/*: to be listed in the i18n BUNDLES (not self-registered, so the
 * delivery code has no runtime dependency on the i18n module).
 */
export default {
  da: {
    'error.outbox_not_found': 'Beskeden {id} findes ikke i udbakken.',
    'error.outbox_wrong_status': 'Beskeden {id} har status "{status}" og kan ikke ændres sådan. Kun usikre beskeder kan sendes igen.',
  },
  en: {
    'error.outbox_not_found': 'Message {id} is not in the outbox.',
    'error.outbox_wrong_status': 'Message {id} has status "{status}" and cannot be changed like that. Only uncertain messages can be sent again.',
  },
} satisfies Bundle;
