import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CARDS_DIR } from '../../src/cards/render.js';
import { expandCard, listCardFixtures, readFixture } from '../../src/packaging/card-fixtures.js';
import { contrastRatio, contrastSamples, TEAMS_OWN_SHORTFALLS, THEMES, type Theme } from './contrast.js';
import { checkCard, ratingsIn, runGate } from './gate.js';

// ---------------------------------------------------------------------------------------------
// The real cards: every cards/<name>.json with every cards/fixtures/<name>/<case>.json. New cards
// are picked up here automatically; with no cards yet only the structural test runs.
// ---------------------------------------------------------------------------------------------
describe('card gate: cards/', () => {
  const inventory = listCardFixtures(CARDS_DIR);
  const report = runGate(CARDS_DIR);

  it('has fixtures for every card template and a template for every fixture folder', () => {
    expect(inventory.problems).toEqual([]);
  });

  for (const result of report.results) {
    it(`${result.card} rendered with fixture ${result.fixture} passes the gate`, () => {
      expect(result.errors).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// The gate itself, on a temporary example card (cards/ belongs to the feature engineers).
// ---------------------------------------------------------------------------------------------

/** A vote card template that passes every check. */
function exampleTemplate(): any {
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: '${title}', style: 'heading', wrap: true },
      {
        type: 'ColumnSet',
        columns: [
          { type: 'Column', width: 'stretch', items: [{ type: 'TextBlock', text: '${risk}', wrap: true }] },
          {
            type: 'Column',
            width: 'auto',
            items: [
              {
                type: 'TextBlock',
                text: '${ratingLabel}',
                weight: 'bolder',
                color: "${if(rating == 'green', 'good', if(rating == 'yellow', 'warning', 'attention'))}",
              },
            ],
          },
        ],
      },
      { type: 'FactSet', facts: [{ $data: '${facts}', title: '${name}', value: '${value}' }] },
      {
        type: 'Input.ChoiceSet',
        id: 'choice',
        label: 'Din vurdering',
        style: 'expanded',
        choices: [
          { title: '🟢 Grøn', value: 'green' },
          { title: '🟡 Gul', value: 'yellow' },
          { title: '🔴 Rød', value: 'red' },
        ],
      },
      { type: 'Input.Text', id: 'comment', label: 'Kommentar', isMultiline: true },
    ],
    actions: [
      { type: 'Action.Execute', title: 'Stem', verb: 'vote.cast', data: { round: '${round}' } },
      { type: 'Action.Submit', title: 'Luk afstemningen', data: { verb: 'vote.close', round: '${round}' } },
    ],
  };
}

const exampleData = {
  title: 'Risikoafstemning',
  risk: 'R-3 Leverandør forsinket',
  rating: 'red',
  ratingLabel: 'Rød',
  round: 'V-7',
  facts: [
    { name: 'Ejer', value: 'Mette Hansen' },
    { name: 'Frist', value: 'fredag 12. december kl. 12:00' },
  ],
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'styrebot-cards-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeCard(name: string, template: unknown, fixtures: Record<string, unknown> = { basic: exampleData }): void {
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(template, null, 2));
  if (Object.keys(fixtures).length) mkdirSync(path.join(dir, 'fixtures', name), { recursive: true });
  for (const [fixture, data] of Object.entries(fixtures)) {
    writeFileSync(path.join(dir, 'fixtures', name, `${fixture}.json`), JSON.stringify(data, null, 2));
  }
}

/** The gate's failures for the example card after `edit` changed its template. */
function failuresAfter(edit: (t: any) => void, data: object = exampleData): string[] {
  const t = exampleTemplate();
  edit(t);
  writeCard('example', t, { basic: data });
  return runGate(dir).failures;
}

describe('card gate: the checks', () => {
  it('passes a well-formed card in every fixture', () => {
    writeCard('example', exampleTemplate(), { basic: exampleData, green: { ...exampleData, rating: 'green', ratingLabel: 'Grøn' } });
    const report = runGate(dir);
    expect(report.results.map((r) => `${r.card}/${r.fixture}`)).toEqual(['example/basic', 'example/green']);
    expect(report.failures).toEqual([]);
  });

  it('passes an empty cards folder, and a missing one', () => {
    expect(runGate(dir).failures).toEqual([]);
    expect(runGate(path.join(dir, 'nowhere')).failures).toEqual([]);
  });

  it('fails a template without fixtures, and fixtures without a template', () => {
    writeCard('example', exampleTemplate(), {});
    mkdirSync(path.join(dir, 'fixtures', 'orphan'), { recursive: true });
    const { failures } = runGate(dir);
    expect(failures).toEqual([
      expect.stringMatching(/example\.json has no data fixtures: add .*fixtures\/example\/<case>\.json/),
      expect.stringMatching(/fixtures\/orphan\/ has no template .*orphan\.json/),
    ]);
  });

  it('fails a field the fixture does not provide (unexpanded ${...})', () => {
    const { ratingLabel: _, ...data } = exampleData;
    expect(failuresAfter(() => {}, data)).toEqual([
      expect.stringContaining('example/basic: template: unexpanded expression at $.body[1].columns[1].items[0].text: "${ratingLabel}"'),
    ]);
  });

  it('fails a card that is not version 1.5', () => {
    expect(failuresAfter((t) => (t.version = '1.4'))).toEqual([expect.stringContaining('version: version is "1.4"')]);
  });

  it('fails element types and enum values the official parser rejects', () => {
    const failures = failuresAfter((t) => {
      t.body.push({ type: 'Carousel', pages: [] }); // 1.6, not in Teams' 1.5
      t.body[0].color = 'purple';
    });
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.stringContaining('parse: UnknownElementType: Unknown element type "Carousel"'),
        expect.stringContaining('parse: InvalidPropertyValue: Invalid value "purple" for property "color"'),
      ]),
    );
  });

  it('fails a card of 28 KB or more', () => {
    const failures = failuresAfter((t) => t.body.push({ type: 'TextBlock', text: 'x'.repeat(28 * 1024), wrap: true }));
    expect(failures).toEqual([expect.stringMatching(/size: \d+ bytes serialized; the budget is < 28672/)]);
  });

  it('fails more than 6 actions in the card actions or in an ActionSet', () => {
    const seven = Array.from({ length: 7 }, (_, i) => ({ type: 'Action.Execute', title: `K${i}`, verb: 'vote.refresh' }));
    const failures = failuresAfter((t) => {
      t.actions = seven;
      t.body.push({ type: 'ActionSet', actions: seven });
    });
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.stringContaining('actions: AdaptiveCard at $ has 7 actions; at most 6'),
        expect.stringContaining('actions: ActionSet at $.body[5] has 7 actions; at most 6'),
      ]),
    );
  });

  it('fails an Action.Execute without a verb or with a verb the bot does not know', () => {
    const failures = failuresAfter((t) => {
      delete t.actions[0].verb;
      t.body.push({ type: 'ActionSet', actions: [{ type: 'Action.Execute', title: 'Slet', verb: 'risk.delete' }] });
    });
    expect(failures).toEqual([
      'example/basic: verbs: Action.Execute at $.body[5].actions[0] has verb "risk.delete", which is not in ALL_VERBS (src/cards/verbs.ts).',
      'example/basic: verbs: Action.Execute at $.actions[0] has no verb.',
    ]);
  });

  it('fails an Action.Submit without data.verb or with an unknown one, also inside a ShowCard and a selectAction', () => {
    const failures = failuresAfter((t) => {
      t.actions[1].data = { round: 'V-7' };
      t.actions.push({
        type: 'Action.ShowCard',
        title: 'Mere',
        card: { type: 'AdaptiveCard', body: [], actions: [{ type: 'Action.Submit', title: 'OK', data: { verb: 'vote.undo' } }] },
      });
      t.body[0].type = 'TextBlock';
      t.body.push({ type: 'Container', items: [], selectAction: { type: 'Action.Execute', verb: 'no.such' } });
    });
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.stringContaining('verbs: Action.Submit at $.actions[1] has no data.verb.'),
        expect.stringContaining('verbs: Action.Submit at $.actions[2].card.actions[0] has data.verb "vote.undo"'),
        expect.stringContaining('verbs: Action.Execute at $.body[5].selectAction has verb "no.such"'),
      ]),
    );
  });

  it('lets an imBack Submit (a chat message in Teams) go without a verb, but not an empty one', () => {
    const imBack = (value: string) => ({ type: 'Action.Submit', title: 'Møder', data: { msteams: { type: 'imBack', value } } });
    expect(failuresAfter((t) => t.actions.push(imBack('møder')))).toEqual([]);
    expect(failuresAfter((t) => t.actions.push(imBack(' ')))).toEqual([expect.stringContaining('verbs: Action.Submit at $.actions[2] has no data.verb.')]);
  });

  it('fails duplicate and missing input ids', () => {
    const failures = failuresAfter((t) => {
      t.body[4].id = 'choice';
      t.body.push({ type: 'Input.Toggle', title: 'Enig' });
    });
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.stringContaining('inputs: input id "choice" at $.body[4] is already used at $.body[3].'),
        expect.stringContaining('inputs: Input.Toggle at $.body[5] has no id.'),
        expect.stringContaining('validate: DuplicateId: Duplicate Id "choice".'),
      ]),
    );
  });

  it('fails a rating shown in the wrong colour or without colour', () => {
    const wrong = failuresAfter(() => {}, { ...exampleData, rating: 'green', ratingLabel: 'Rød' });
    expect(wrong).toEqual([
      'example/basic: ratings: TextBlock at $.body[1].columns[1].items[0] names the rating red ("Rød") but its color is good; it must be attention.',
    ]);
    const uncoloured = failuresAfter((t) => t.body.push({ type: 'TextBlock', text: 'Samlet vurdering: **gult**' }));
    expect(uncoloured).toEqual([expect.stringContaining('names the rating yellow ("Samlet vurdering: **gult**") but its color is default; it must be warning.')]);
    const english = failuresAfter((t) => t.body.push({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Green', color: 'warning' }] }));
    expect(english).toEqual([expect.stringContaining('TextRun at $.body[5].inlines[0] names the rating green ("Green") but its color is warning; it must be good.')]);
  });

  it('accepts a rating label coloured by its container style, but not by a container of another rating', () => {
    const inContainer = (style: string, color?: string) => (t: any) =>
      t.body.push({ type: 'Container', style, items: [{ type: 'TextBlock', text: 'Rød risiko', wrap: true, ...(color ? { color } : {}) }] });
    expect(failuresAfter(inContainer('attention'))).toEqual([]);
    expect(failuresAfter(inContainer('good'))).toEqual([
      expect.stringContaining('names the rating red ("Rød risiko") but its color is default inside a good container; it must be attention.'),
    ]);
    expect(failuresAfter(inContainer('attention', 'good'))).toEqual([
      expect.stringContaining('but its color is good; it must be attention.'),
      // and Microsoft's Teams dark sample draws green on its pale attention container at 1.37:1
      expect.stringContaining('is good on attention in Teams dark: 1.37:1'),
    ]);
    expect(failuresAfter(inContainer('emphasis'))).toEqual([expect.stringContaining('but its color is default; it must be attention.')]);
  });

  it('fails several ratings in one coloured text, but allows them in plain prose', () => {
    const coloured = failuresAfter((t) => t.body.push({ type: 'TextBlock', text: 'gul → rød', color: 'attention' }));
    expect(coloured).toEqual([expect.stringContaining('names the ratings yellow, red ("gul → rød") in one colour (attention)')]);
    expect(failuresAfter((t) => t.body.push({ type: 'TextBlock', text: 'Stem grøn, gul eller rød for hver risiko.', wrap: true }))).toEqual([]);
  });

  it('fails a rating choice whose title does not name its rating', () => {
    const failures = failuresAfter((t) => {
      t.body[3].choices[2].title = 'Høj risiko';
      t.body[3].choices[1].title = 'Gul eller rød';
    });
    expect(failures).toEqual([
      expect.stringContaining('Input.ChoiceSet "choice" at $.body[3].choices[1] has value yellow but its title "Gul eller rød" must name that rating'),
      expect.stringContaining('Input.ChoiceSet "choice" at $.body[3].choices[2] has value red but its title "Høj risiko" must name that rating'),
    ]);
  });

  it('reports a fixture that is not valid JSON as a render failure', () => {
    writeCard('example', exampleTemplate());
    writeFileSync(path.join(dir, 'fixtures', 'example', 'broken.json'), '{ "title": ');
    expect(runGate(dir).failures).toEqual([expect.stringMatching(/^example\/broken: render: /)]);
  });

  it('recognises rating words as whole words only, in Danish and English', () => {
    expect(ratingsIn('Rød')).toEqual(['red']);
    expect(ratingsIn('RØDT')).toEqual(['red']);
    expect(ratingsIn('🟢 Grøn (3)')).toEqual(['green']);
    expect(ratingsIn('grønne, gule og røde')).toEqual(['green', 'yellow', 'red']);
    expect(ratingsIn('Rødovre kommune; reduceret; Fred; Yellowstone; brød')).toEqual([]);
  });

  it("allows Teams' people picker (choices.data) in a 1.5 card, and still checks the rest of that input", () => {
    const picker = { type: 'Input.ChoiceSet', id: 'owner', label: 'Ejer', choices: [], 'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' } };
    const card = { type: 'AdaptiveCard', version: '1.5', body: [picker] };
    expect(checkCard(card)).toEqual([]);
    expect(checkCard({ ...card, body: [{ ...picker, style: 'sideways' }] })).toEqual([
      expect.stringContaining('parse: InvalidPropertyValue: Invalid value "sideways" for property "style"'),
    ]);
    const { 'choices.data': _query, ...staticOnly } = picker;
    expect(checkCard({ ...card, body: [staticOnly] })).toEqual([
      expect.stringContaining('An Input.ChoiceSet must have at least one choice defined'),
    ]);
  });

  it('fails a <word> placeholder in shown text (Teams drops it as a tag), and allows ‹word› and mentions', () => {
    const card = (text: string, extra: object = {}) => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text, wrap: true, ...extra }] });
    expect(checkCard(card('Tilføj: "ny risiko <kategori>: <titel>"'))).toEqual([expect.stringMatching(/^placeholders: TextBlock at \$\.body\[0\]\.text shows "<kategori>"/)]);
    expect(checkCard(card('frist <\u200bdato>'))).toEqual([expect.stringContaining('placeholders:')]); // also after markdown.ts's zero-width space
    expect(checkCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'FactSet', facts: [{ title: 'Brug', value: 'handling <tekst> @person' }] }] })).toEqual([expect.stringContaining('placeholders: object at $.body[0].facts[0].value')]);
    expect(checkCard(card('Tilføj: "ny risiko ‹kategori›: ‹titel›"'))).toEqual([]);
    expect(checkCard(card('Ansvarlig: <at>Bent Lund</at>; 3 < 5 og 7 > 2'))).toEqual([]);
  });

  it('fails text that would render as a list ("1. møde er oprettet"), and allows the literal forms', () => {
    const card = (text: string) => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text, wrap: true }] });
    for (const text of ['1. møde er oprettet', 'Dagsorden\n2. Status på drift', '- punkt', '3) tre']) expect(checkCard(card(text)), text).toEqual([expect.stringContaining('lists: TextBlock at $.body[0].text would render as a list')]);
    for (const text of ['1.\u00a0møde er oprettet', 'Møde 1 er oprettet', 'Uge 40-44', 'kl. 16.30', '16.\u00a0juni 2025']) expect(checkCard(card(text)), text).toEqual([]);
    // facts render markdown too; a RichTextBlock's TextRun does not
    expect(checkCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'FactSet', facts: [{ title: 'Punkt', value: '2. Status' }] }] })).toEqual([expect.stringContaining('lists: Fact at $.body[0].facts[0].value')]);
    expect(checkCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: '2. Status' }] }] })).toEqual([]);
  });

  it('checks a card object directly (checkCard) without templates', () => {
    expect(checkCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Hej' }] })).toEqual([]);
  });
});

describe('card gate: text contrast (WCAG AA ≥ 4.5:1, Teams light, dark and high contrast)', () => {
  it('computes WCAG 2.x ratios and blends Adaptive Cards #AARRGGBB colours over the background', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#FFFFFF')).toBeCloseTo(4.48, 2);
    // #80000000 is black at half alpha (alpha first): over white it is the grey #7F7F7F
    expect(contrastRatio('#80000000', '#FFFFFF')).toBeCloseTo(contrastRatio('#7F7F7F', '#FFFFFF'), 2);
    expect(contrastRatio('#00000000', '#FFFFFF')).toBeCloseTo(1, 5);
  });

  it('fails text below 4.5:1 in the container style it sits in, naming the theme', () => {
    const card = (item: object, style?: string) => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Container', ...(style ? { style } : {}), items: [item] }] });
    // "light" (white) text on Teams light's white default container: 1:1 in light only
    expect(checkCard(card({ type: 'TextBlock', text: 'Godkendt', color: 'light' }))).toEqual([
      expect.stringMatching(/^contrast: \$\.body\[0\]\.items\[0\] \("Godkendt"\) is light on default in Teams light: 1\.00:1/),
    ]);
    expect(checkCard(card({ type: 'TextBlock', text: 'Godkendt', color: 'good' }, 'emphasis'))).toEqual([]);
    // a fact inherits its container: "light" facts are not a thing, but a dark-text card in an accent container is checked there
    const samples = contrastSamples(card({ type: 'FactSet', facts: [{ title: 'Frist', value: 'fredag' }] }, 'accent'), 'light');
    expect(samples.map((s) => [s.at, s.style])).toEqual([
      ['$.body[0].items[0].facts[0].title', 'accent'],
      ['$.body[0].items[0].facts[0].value', 'accent'],
    ]);
  });

  it('all cards/ fixtures: every text is ≥ 4.5:1 in every theme except the listed Teams dark attention shortfall', () => {
    const inventory = listCardFixtures(CARDS_DIR);
    expect(inventory.cases.length).toBeGreaterThan(0);
    const lowest: Record<string, number> = {};
    for (const c of inventory.cases) {
      const card = expandCard(inventory.cardsDir, c.card, readFixture(c));
      for (const theme of Object.keys(THEMES) as Theme[]) {
        for (const s of contrastSamples(card, theme)) {
          const key = TEAMS_OWN_SHORTFALLS.has(`${theme}:${s.color}:${s.style}`) && !s.isSubtle ? `${theme} (Teams shortfall)` : theme;
          lowest[key] = Math.min(lowest[key] ?? Infinity, s.ratio);
        }
      }
    }
    for (const theme of Object.keys(THEMES)) expect(lowest[theme], theme).toBeGreaterThanOrEqual(4.5);
    console.info('lowest text contrast per theme:', Object.fromEntries(Object.entries(lowest).map(([k, v]) => [k, v.toFixed(2)])));
  });
});
