import type { Bundle } from '../bundle.js';

/** The weekly digest between meetings ("ugebrev") and its settings command. */
export default {
  da: {
    'digest.title': 'Ugebrev – {group}',
    'digest.subtitle': 'Uge {week} · ændringer siden {since}',
    'digest.intro': 'Det er sket i styregruppen siden sidste ugebrev.',
    'digest.next_meeting': 'Næste møde',
    'digest.join': 'Deltag i mødet',
    'digest.next_meeting.value': '{number}. møde {date} kl. {time}',
    'digest.section.new_risks': 'Nye risici',
    'digest.section.re_rated': 'Risici med ny vurdering',
    'digest.section.answers': 'Svar fra {board}',
    'digest.section.statuses': 'Status modtaget',
    'digest.section.due_soon': 'Handlingspunkter med frist de næste 14 dage',
    'digest.section.overdue': 'Overskredne handlingspunkter',
    'digest.line.risk': '{id} {title} ({category}) – {rating}',
    'digest.line.re_rated': '{id} {title}: {before} → {after}',
    'digest.line.answer': '{title}: {answer}',
    'digest.line.status': 'Møde {meeting}, punkt {item} {title}: {rating}{by}',
    'digest.line.action': '{id} {text} – {owner}, frist {due}',
    'digest.footer':
      'Ugebrevet kommer {weekday} kl. {time}, kun når der er nyt. Formanden kan ændre det: "ugebrev fra" eller "ugebrev fredag 08:30".',
    'digest.summary': 'Ugebrev: {count} nye ting i styregruppen',
    'digest.settings.off': 'Ugebrevet er slået fra. Slå det til igen med "ugebrev til".',
    'digest.settings.on': 'Ugebrevet kommer {weekday} kl. {time}, når der er sket noget siden sidst. Næste gang: {next}.',
    'digest.settings.usage': 'Skriv "ugebrev fra", "ugebrev til" eller en ugedag og et tidspunkt, fx "ugebrev mandag 09:00".',
    'error.digest_command':
      'Det forstod jeg ikke. Skriv "ugebrev fra", "ugebrev til" eller en ugedag og et tidspunkt, fx "ugebrev mandag 09:00".',
  },
  en: {
    'digest.title': 'Weekly digest – {group}',
    'digest.subtitle': 'Week {week} · changes since {since}',
    'digest.intro': 'What happened in the steering group since the last digest.',
    'digest.next_meeting': 'Next meeting',
    'digest.join': 'Join the meeting',
    'digest.next_meeting.value': 'Meeting {number}, {date} at {time}',
    'digest.section.new_risks': 'New risks',
    'digest.section.re_rated': 'Risks with a new rating',
    'digest.section.answers': 'Answers from {board}',
    'digest.section.statuses': 'Statuses received',
    'digest.section.due_soon': 'Action points due in the next 14 days',
    'digest.section.overdue': 'Overdue action points',
    'digest.line.risk': '{id} {title} ({category}) – {rating}',
    'digest.line.re_rated': '{id} {title}: {before} → {after}',
    'digest.line.answer': '{title}: {answer}',
    'digest.line.status': 'Meeting {meeting}, item {item} {title}: {rating}{by}',
    'digest.line.action': '{id} {text} – {owner}, due {due}',
    'digest.footer':
      'The digest comes on {weekday} at {time}, only when something changed. The chair can change it: "digest off" or "digest friday 08:30".',
    'digest.summary': 'Weekly digest: {count} new things in the steering group',
    'digest.settings.off': 'The weekly digest is off. Turn it on again with "digest on".',
    'digest.settings.on': 'The weekly digest comes on {weekday} at {time} when something changed. Next: {next}.',
    'digest.settings.usage': 'Write "digest off", "digest on" or a weekday and a time, e.g. "digest monday 09:00".',
    'error.digest_command':
      'I did not understand that. Write "digest off", "digest on" or a weekday and a time, e.g. "digest monday 09:00".',
  },
} satisfies Bundle;
