import { describe, expect, it } from 'vitest';
import { createCommandMatcher, createCommandSuggester } from '../../../src/teams/command-parser.js';
import { allFeatures } from '../../../src/teams/features/index.js';
import { buildRegistry, type Registry } from '../../../src/teams/registry.js';

const registry: Registry = buildRegistry(allFeatures(() => registry));
const suggest = createCommandSuggester(registry.commands);
const match = createCommandMatcher(registry.commands);

describe('suggesting the nearest command for a typo', () => {
  it.each([
    ['dagsordne', 'dagsorden', 'da'],
    ['dagsordne 2', 'dagsorden', 'da'],
    ['risikoafstemming', 'risikoafstemning', 'da'],
    ['risikoafstemming R1 R2', 'risikoafstemning', 'da'],
    ['refarat 2', 'referat', 'da'],
    ['hanldinger', 'handlinger', 'da'],
    ['agneda', 'agenda', 'en'],
    ['minuts 2', 'minutes', 'en'],
    ['risk voet', 'risk vote', 'en'],
    ['new meting', 'new meeting', 'en'],
  ])('%s → %s (%s)', (typed, name, lang) => {
    expect(match(typed)).toBeNull(); // really a typo: no command matches it as typed
    expect(suggest(typed)).toEqual({ name, lang });
  });

  it('suggests nothing for text that is not near any command', () => {
    for (const text of ['lav kaffe', 'hvad er klokken', 'what is the weather', 'xyz', 'a'.repeat(5000)])
      expect(suggest(text), text).toBeNull();
  });

  it('every suggestion is itself a command the matcher accepts', () => {
    for (const typed of ['dagsordne', 'risikoafstemming', 'agneda', 'minuts']) expect(match(suggest(typed)!.name)).not.toBeNull();
  });
});
