import type { Bundle } from '../bundle.js';

/**
 * What the agenda import reports about a document (src/import/warnings.ts). Each text names the
 * item or header field it is about and says what the importer can do: fix the document and send
 * it again, or correct the imported meeting afterwards ("ret punkt", the meeting commands).
 * The parser stores the Danish text in ParsedAgenda.warnings; the English twin has the same key.
 */
export default {
  da: {
    'import.warn.no_list':
      'Ingen nummereret dagsordensliste («Dagsorden:») fundet; punkterne er læst fra afsnittenes overskrifter. Tjek punkterne her, eller tilføj listen i dokumentet og send det igen.',
    'import.warn.text_between':
      'Tekst mellem dagsordenslisten og punkt {item} er ikke importeret: «{text}». Flyt teksten ind under et punkt i dokumentet, hvis den skal med.',
    'import.warn.item_no_section':
      'Punkt {item} («{title}») står i dagsordenslisten, men har intet afsnit i dokumentet; kun titlen er importeret. Skriv afsnittet «{item}. …» i dokumentet, eller udfyld punktet bagefter med «ret punkt».',
    'import.warn.item_not_in_list':
      'Punkt {item} («{title}») har et afsnit, men står ikke i dagsordenslisten; det er importeret som punkt {item}. Tilføj det til listen, eller slet punktet bagefter med «slet punkt», hvis det ikke hører til.',
    'import.warn.title_differs':
      'Punkt {item}: titlen i listen («{list}») afviger fra overskriften («{heading}»); overskriftens er brugt. Ret titlen bagefter med «ret punkt», hvis listens er den rigtige.',
    'import.warn.presenter_differs':
      'Punkt {item}: oplægsholderen i listen («{list}») afviger fra overskriften («{heading}»); overskriftens er brugt. Ret det bagefter med «ret punkt», hvis listens er den rigtige.',
    'import.warn.no_title': 'Punkt {item} har ingen titel. Giv punktet en titel i dokumentet, eller bagefter med «ret punkt».',
    'import.warn.proposal_no_year':
      'Punkt {item}: mødeforslaget «{text}» har intet årstal og er ikke taget med. Skriv året i datoen, hvis det er et forslag til et senere møde.',
    'import.warn.proposal_not_after':
      'Punkt {item}: datoen {date} med tidspunkt ligger ikke efter mødet og er ikke taget med som mødeforslag. Ret datoen, hvis det er et forslag til et senere møde.',
    'import.warn.no_items':
      'Ingen dagsordenspunkter fundet. Nummerér punkterne («1. Velkomst») eller skriv en liste efter «Dagsorden:», og send dokumentet igen.',
    'import.warn.loose_text':
      'Punkt {item}: tekst uden afsnitsoverskrift (fx «Baggrund») er lagt under Baggrund. Flyt teksten bagefter med «ret punkt», hvis den hører til et andet afsnit.',
    'import.warn.minutes_section':
      'Punkt {item}: afsnittet «{name}» hører til referatet og er ikke importeret. Skriv beslutningen i referatet under mødet.',
    'import.warn.participant_unreadable':
      'Deltagerlinjen «{line}» kunne ikke læses som «navn, organisation (rolle)» og er ikke taget med. Skriv linjen sådan i dokumentet, eller tilføj deltageren bagefter.',
    'import.warn.text_before_title':
      'Tekst før mødetitlen er ikke brugt: «{text}». Der er intet at gøre, hvis det er en hilsen; ellers flyt teksten ind under et punkt.',
    'import.warn.no_meeting_title': 'Mødetitel ikke fundet. Skriv «Mødetitel:» foran titlen i dokumentet, eller ret mødets titel bagefter.',
    'import.warn.no_meeting_number':
      'Mødenummer ikke fundet i titlen «{title}»; mødet får gruppens næste nummer. Skriv fx «3. møde …» i titlen, hvis det skal have et andet.',
    'import.warn.several_dates':
      'Flere datoer ved mødedatoen («{text}»); den første er brugt. Ret mødedatoen bagefter, hvis det er den forkerte.',
    'import.warn.date_no_year':
      'Mødedatoen «{text}» har intet gyldigt årstal, så datoen er ikke sat. Skriv datoen med årstal (fx «16. juni 2025») og send dokumentet igen.',
    'import.warn.no_date': 'Mødedato ikke fundet. Skriv «Mødedato: 16. juni 2025» i dokumentet og send det igen.',
    'import.warn.only_start':
      'Kun starttidspunktet ({start}) er fundet; sluttidspunktet mangler. Skriv tidspunktet som «12.30 til 14.00», eller ret mødet bagefter.',
    'import.warn.no_time':
      'Mødetidspunkt (start–slut) ikke fundet. Skriv «Tidspunkt: 12.30 til 14.00» i dokumentet, eller ret mødet bagefter.',
    'import.warn.no_location': 'Mødested ikke fundet. Skriv «Sted: …» i dokumentet, eller ret mødet bagefter.',
    'import.warn.no_participants': 'Ingen deltagere fundet. Skriv deltagerne under «Deltagere:», én pr. linje, eller tilføj dem bagefter.',
    'import.warn.not_participants': '{label}: «{text}» er ikke taget med som deltagere. Der er intet at gøre, hvis de har meldt afbud.',
    'import.warn.cut':
      'Dele af dokumentet var længere end importens grænser og er afkortet. Tjek de sidste punkter her, eller del dokumentet op.',
    'import.warn.more': '… og {count} advarsler mere.',
  },
  en: {
    'import.warn.no_list':
      'No numbered agenda list ("Agenda:") found; the items were read from the section headings. Check the items here, or add the list to the document and send it again.',
    'import.warn.text_between':
      'Text between the agenda list and item {item} was not imported: "{text}". Move it under an item in the document if it should be included.',
    'import.warn.item_no_section':
      'Item {item} ("{title}") is in the agenda list but has no section in the document; only its title was imported. Write the section "{item}. …" in the document, or fill in the item afterwards with "edit item".',
    'import.warn.item_not_in_list':
      'Item {item} ("{title}") has a section but is not in the agenda list; it was imported as item {item}. Add it to the list, or remove it afterwards with "remove item" if it does not belong.',
    'import.warn.title_differs':
      'Item {item}: the title in the list ("{list}") differs from the heading ("{heading}"); the heading\'s was used. Correct it afterwards with "edit item" if the list\'s is right.',
    'import.warn.presenter_differs':
      'Item {item}: the presenter in the list ("{list}") differs from the heading ("{heading}"); the heading\'s was used. Correct it afterwards with "edit item" if the list\'s is right.',
    'import.warn.no_title': 'Item {item} has no title. Give it a title in the document, or afterwards with "edit item".',
    'import.warn.proposal_no_year':
      'Item {item}: the proposed meeting "{text}" has no year and was not included. Write the year in the date if it proposes a later meeting.',
    'import.warn.proposal_not_after':
      'Item {item}: the date {date} with a time is not after the meeting and was not included as a proposed meeting. Correct the date if it proposes a later meeting.',
    'import.warn.no_items':
      'No agenda items found. Number the items ("1. Welcome") or write a list after "Agenda:", and send the document again.',
    'import.warn.loose_text':
      'Item {item}: text without a section heading (such as "Background") was put under Background. Move it afterwards with "edit item" if it belongs elsewhere.',
    'import.warn.minutes_section':
      'Item {item}: the section "{name}" belongs to the minutes and was not imported. Record the decision in the minutes during the meeting.',
    'import.warn.participant_unreadable':
      'The participant line "{line}" could not be read as "name, organisation (role)" and was not included. Write it that way in the document, or add the participant afterwards.',
    'import.warn.text_before_title':
      'Text before the meeting title was not used: "{text}". Nothing to do if it is a greeting; otherwise move it under an item.',
    'import.warn.no_meeting_title':
      'Meeting title not found. Write "Meeting title:" before the title in the document, or correct the title afterwards.',
    'import.warn.no_meeting_number':
      'No meeting number in the title "{title}"; the meeting gets the group\'s next number. Write e.g. "Meeting 3 …" in the title if it should have another.',
    'import.warn.several_dates':
      'Several dates at the meeting date ("{text}"); the first was used. Correct the meeting date afterwards if it is the wrong one.',
    'import.warn.date_no_year':
      'The meeting date "{text}" has no valid year, so no date was set. Write the date with its year (e.g. "16 June 2025") and send the document again.',
    'import.warn.no_date': 'Meeting date not found. Write "Date: 16 June 2025" in the document and send it again.',
    'import.warn.only_start':
      'Only the start time ({start}) was found; the end time is missing. Write the time as "12:30-14:00", or correct the meeting afterwards.',
    'import.warn.no_time':
      'Meeting time (start–end) not found. Write "Time: 12:30-14:00" in the document, or correct the meeting afterwards.',
    'import.warn.no_location': 'Meeting location not found. Write "Location: …" in the document, or correct the meeting afterwards.',
    'import.warn.no_participants': 'No participants found. List them under "Participants:", one per line, or add them afterwards.',
    'import.warn.not_participants': '{label}: "{text}" was not included as participants. Nothing to do if they sent apologies.',
    'import.warn.cut':
      'Parts of the document were longer than the import allows and were cut. Check the last items here, or split the document.',
    'import.warn.more': '… and {count} more warnings.',
  },
} satisfies Bundle;
