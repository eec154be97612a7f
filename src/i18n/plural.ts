import type { Locale } from '../domain/model.js';

/**
 * A count with its noun in the right form: "1 risiko" / "2 risici", "1 meeting" / "2 meetings".
 * Every count shown to people goes through here, so no text says "1 risici" or "møde(r)". Danish
 * and English both have only a singular (exactly 1) and a plural form for these nouns.
 */
const NOUNS = {
  risk: { da: ['risiko', 'risici'], en: ['risk', 'risks'] },
  openRisk: { da: ['åben risiko', 'åbne risici'], en: ['open risk', 'open risks'] },
  decision: { da: ['beslutning', 'beslutninger'], en: ['decision', 'decisions'] },
  item: { da: ['punkt', 'punkter'], en: ['item', 'items'] },
  meeting: { da: ['møde', 'møder'], en: ['meeting', 'meetings'] },
  upcomingMeeting: { da: ['kommende møde', 'kommende møder'], en: ['upcoming meeting', 'upcoming meetings'] },
  plannedMeeting: { da: ['planlagt møde', 'planlagte møder'], en: ['planned meeting', 'planned meetings'] },
  person: { da: ['person', 'personer'], en: ['person', 'people'] },
  participant: { da: ['deltager', 'deltagere'], en: ['participant', 'participants'] },
  card: { da: ['kort', 'kort'], en: ['card', 'cards'] },
  day: { da: ['dag', 'dage'], en: ['day', 'days'] },
  hour: { da: ['time', 'timer'], en: ['hour', 'hours'] },
  minute: { da: ['minut', 'minutter'], en: ['minute', 'minutes'] },
} satisfies Record<string, Record<Locale, [string, string]>>;

export type Noun = keyof typeof NOUNS;

/** The noun alone, in the form that goes with `count`. */
export function nounFor(locale: Locale, count: number, noun: Noun): string {
  const [one, many] = NOUNS[noun][locale];
  return count === 1 ? one : many;
}

/** "1 risiko", "2 risici", "0 punkter" — the count followed by the noun in the right form. */
export function plural(locale: Locale, count: number, noun: Noun): string {
  return `${count} ${nounFor(locale, count, noun)}`;
}
