import type { Bundle } from '../bundle.js';

/** Strings of the meetings card's calendar button: the card with the signed .ics link. */
export default {
  da: {
    'calendar.title': 'Kalenderfil: {group}',
    'calendar.intro': 'Hent filen og åbn den, så kommer gruppens planlagte møder i din kalender (Outlook, Google, Apple m.fl.).',
    'calendar.fact.file': 'Fil',
    'calendar.fact.holds': 'Indhold',
    'calendar.fact.until': 'Linket virker til',
    'calendar.holds': '{count} planlagte møder',
    'calendar.holds1': '1 planlagt møde',
    'calendar.until': '{date} kl. {time}',
    'calendar.expiry': 'Linket virker i en time. Tryk på "{again}" for at få et nyt bagefter.',
    'calendar.download': 'Hent {filename}',
    'calendar.list': 'Møderne i filen',
    'calendar.more': '… og {n} flere',
    'calendar.again': 'Nyt link',
    'calendar.none':
      'Der er ingen planlagte møder i {group}, så der er ingen kalenderfil at hente. Når der er oprettet et møde ("nyt møde …"), kan du prøve igen her.',
    'calendar.retry': 'Prøv igen',
  },
  en: {
    'calendar.title': 'Calendar file: {group}',
    'calendar.intro':
      'Download the file and open it to add the group’s planned meetings to your calendar (Outlook, Google, Apple and others).',
    'calendar.fact.file': 'File',
    'calendar.fact.holds': 'Holds',
    'calendar.fact.until': 'Link works until',
    'calendar.holds': '{count} planned meetings',
    'calendar.holds1': '1 planned meeting',
    'calendar.until': '{date}, {time}',
    'calendar.expiry': 'The link works for one hour. Press "{again}" for a new one afterwards.',
    'calendar.download': 'Download {filename}',
    'calendar.list': 'Meetings in the file',
    'calendar.more': '… and {n} more',
    'calendar.again': 'New link',
    'calendar.none':
      'There are no planned meetings in {group}, so there is no calendar file to download. Once a meeting has been created ("new meeting …"), try again here.',
    'calendar.retry': 'Try again',
  },
} satisfies Bundle;
