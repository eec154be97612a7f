import type { Bundle } from '../bundle.js';

/** Chat and card texts of the minutes feature. Document terms (Indstilling, Beslutning, …) are in src/export/minutes-labels.ts. */
export default {
  da: {
    'minutes.card.approve': 'Godkend',
    'minutes.card.word': 'Word',
    'minutes.card.markdown': 'Markdown',
    'minutes.card.decisions': 'Dagsorden og beslutninger',
    'minutes.card.excerpt': 'Kortet viser et uddrag. Hele referatet (Baggrund, Løsning og alle tekster) er i Word- og Markdown-filen.',
    'minutes.card.more_items': '… og {items} mere — se filen.',
    'minutes.card.download': 'Hent {filename}',
    'minutes.card.download_text': 'Linket virker i en time, til {time}. Hent et nyt fra kortet bagefter.',
    'minutes.approved': 'Referatet for {number}. møde er godkendt (version {version}).',
    'minutes.already_approved': 'Referatet for {number}. møde var allerede godkendt.',
    'minutes.amended': 'Rettelsen er tilføjet referatet for {number}. møde (version {version}). Den står under "Rettelser" i næste udgave.',
    'minutes.consent_sent': 'Jeg har sendt dig {filename} her i chatten. Tryk "Tillad" for at gemme filen i din OneDrive.',
    'minutes.consent_description': 'Referat af {number}. møde ({format})',
    'minutes.upload_done': 'Filen {filename} er gemt i din OneDrive.',
    'minutes.upload_declined':
      'Du afviste filen {filename}; den er ikke gemt. Tryk på knappen på referatkortet igen, hvis du vil have den.',
    'minutes.upload_failed': 'Filen kunne ikke gemmes i din OneDrive ({reason}). Prøv igen fra referatkortet.',
    'error.minutes_approved':
      'Referatet for {number}. møde er godkendt, og beslutningerne kan ikke længere ændres. Skriv en rettelse med "rettelse {number} ‹tekst›".',
    'error.minutes_not_chair': 'Kun formanden kan godkende referatet. Referenten kan tilføje rettelser med "rettelse {number} ‹tekst›".',
    'error.minutes_no_meeting':
      'Gruppen har ingen møder endnu, så der er intet referat. Opret et møde med "nyt møde {exampleDate} 12.30-14.00".',
    'error.minutes_not_held': '{number}. møde er ikke holdt endnu ({date}); referatet kan først godkendes bagefter.',
    'error.minutes_cancelled': '{number}. møde blev aflyst; det har intet referat at godkende eller rette.',
    'error.minutes_amendment_empty': 'Skriv rettelsen efter mødenummeret, fx "rettelse {number} Punkt 4: uge 40-44, ikke 41-44".',
    'error.minutes_amendment_too_long': 'Rettelsen er for lang (højst {max} tegn).',
    'error.minutes_item_unknown': '{number}. møde har intet punkt {item}.',
    'error.minutes_upload_host': 'Teams bad om at gemme filen et sted, styrebot ikke sender filer til.',
    'error.minutes_cli_option': 'Ugyldig værdi for {option}: "{value}" (fx "styrebot minutes 2 --format docx --out referat.docx").',
  },
  en: {
    'minutes.card.approve': 'Approve',
    'minutes.card.word': 'Word',
    'minutes.card.markdown': 'Markdown',
    'minutes.card.decisions': 'Agenda and decisions',
    'minutes.card.excerpt':
      'The card shows an excerpt. The full minutes (background, proposal and all texts) are in the Word and Markdown files.',
    'minutes.card.more_items': '… and {items} more — see the file.',
    'minutes.card.download': 'Download {filename}',
    'minutes.card.download_text': 'The link works for one hour, until {time}. Get a new one from the card afterwards.',
    'minutes.approved': 'The minutes of meeting {number} are approved (version {version}).',
    'minutes.already_approved': 'The minutes of meeting {number} were already approved.',
    'minutes.amended':
      'The amendment has been added to the minutes of meeting {number} (version {version}). It is listed under "Amendments" in the next version.',
    'minutes.consent_sent': 'I have sent you {filename} in this chat. Press "Allow" to save it to your OneDrive.',
    'minutes.consent_description': 'Minutes of meeting {number} ({format})',
    'minutes.upload_done': 'The file {filename} has been saved to your OneDrive.',
    'minutes.upload_declined':
      'You declined the file {filename}; it has not been saved. Press the button on the minutes card again if you want it.',
    'minutes.upload_failed': 'The file could not be saved to your OneDrive ({reason}). Try again from the minutes card.',
    'error.minutes_approved':
      'The minutes of meeting {number} are approved and its decisions can no longer change. Record a correction with "amend {number} ‹text›".',
    'error.minutes_not_chair': 'Only the chair can approve the minutes. The minute-taker can add amendments with "amend {number} ‹text›".',
    'error.minutes_no_meeting':
      'The group has no meetings yet, so there are no minutes. Create a meeting with "new meeting {exampleDate} 12:30-14:00".',
    'error.minutes_not_held': 'Meeting {number} has not been held yet ({date}); its minutes can be approved afterwards.',
    'error.minutes_cancelled': 'Meeting {number} was cancelled; it has no minutes to approve or amend.',
    'error.minutes_amendment_empty': 'Write the amendment after the meeting number, e.g. "amend {number} Item 4: weeks 40-44, not 41-44".',
    'error.minutes_amendment_too_long': 'The amendment is too long (at most {max} characters).',
    'error.minutes_item_unknown': 'Meeting {number} has no item {item}.',
    'error.minutes_upload_host': 'Teams asked to store the file somewhere styrebot does not send files to.',
    'error.minutes_cli_option': 'Invalid value for {option}: "{value}" (e.g. "styrebot minutes 2 --format docx --out minutes.docx").',
  },
} satisfies Bundle;
