import type { Bundle } from '../bundle.js';

/** The voter's own compact ballot (one line per risk; after voting a summary with "Ret stemme"). */
export default {
  da: {
    'voterballot.intro':
      'Vælg en farve for hver risiko og tryk "Afgiv stemme". Tryk på en risiko for detaljer. Du kan rette din stemme indtil fristen.',
    'voterballot.placeholder': 'Vælg farve',
    'voterballot.saved': 'Din stemme er registreret {time}:',
    'voterballot.none': 'ikke valgt',
    'voterballot.details': '{sub} · {current} · Stemmer indtil nu: {counts}',
    'voterballot.comment': 'Din kommentar: {text}',
    'voterballot.edit': 'Ret stemme',
  },
  en: {
    'voterballot.intro':
      'Choose a colour for each risk and press "Cast vote". Tap a risk for details. You can change your vote until the deadline.',
    'voterballot.placeholder': 'Choose colour',
    'voterballot.saved': 'Your vote was recorded {time}:',
    'voterballot.none': 'not chosen',
    'voterballot.details': '{sub} · {current} · Votes so far: {counts}',
    'voterballot.comment': 'Your comment: {text}',
    'voterballot.edit': 'Change vote',
  },
} satisfies Bundle;
