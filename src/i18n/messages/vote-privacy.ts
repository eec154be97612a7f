import type { Bundle } from '../bundle.js';

/** What a ballot says about who sees names (named and anonymous rounds), and comments per risk. */
export default {
  da: {
    'ballot.title.anonymous': 'Anonym risikoafstemning {id}',
    'vote.privacy.named':
      'Navngiven afstemning: formanden ser, hvem der stemte hvad, når afstemningen er lukket. Eskalerer formanden en risiko, får {board} kommentarerne til den med navn. Resultatet og referatet viser antal og kommentarer uden navn.',
    'vote.privacy.anonymous':
      'Anonym afstemning: ingen – heller ikke formanden – kan se, hvem der stemte hvad. Kun hvem der mangler at stemme, kan ses, og antallet pr. farve vises først, når afstemningen er lukket.',
    'ballot.comment.risk': 'Kommentar til {id} (valgfri)',
    'ballot.comment.riskline': '{id} · {name}: {text}',
    'ballot.comment.riskline.anon': '{id}: “{text}”',
    'voterballot.comment.risk': 'Din kommentar til {id}: {text}',
    'result.comments': 'Kommentarer (uden navn)',
    'vote.anonymous.opened': 'Afstemning {id} er anonym: ingen kan se, hvem der stemte hvad.',
  },
  en: {
    'ballot.title.anonymous': 'Anonymous risk vote {id}',
    'vote.privacy.named':
      'Named vote: the chair sees who voted what once the vote is closed. If the chair escalates a risk, {board} receives the comments on it with names. The result and the minutes show counts and comments without names.',
    'vote.privacy.anonymous':
      'Anonymous vote: nobody – the chair included – can see who voted what. Only who has not voted yet can be seen, and the counts per colour are shown when the vote is closed.',
    'ballot.comment.risk': 'Comment on {id} (optional)',
    'ballot.comment.riskline': '{id} · {name}: {text}',
    'ballot.comment.riskline.anon': '{id}: “{text}”',
    'voterballot.comment.risk': 'Your comment on {id}: {text}',
    'result.comments': 'Comments (without names)',
    'vote.anonymous.opened': 'Vote {id} is anonymous: nobody can see who voted what.',
  },
} satisfies Bundle;
