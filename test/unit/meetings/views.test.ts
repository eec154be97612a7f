import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CARDS_DIR, renderCard } from '../../../src/cards/render.js';
import { checkCard } from '../../cards/gate.js';
import { cardCases } from './card-data.js';

/**
 * The meeting cards rendered from real view output (not only from hand-written data): each case
 * passes the card gate, and cards/fixtures/<card>/<case>.json is exactly that view output.
 */
const cases = cardCases();
const update = process.env.UPDATE_CARD_FIXTURES === '1';

describe('meeting cards from the view models', () => {
  for (const [card, byCase] of Object.entries(cases)) {
    for (const [name, data] of Object.entries(byCase)) {
      it(`${card} / ${name}: passes the card gate, and the fixture file matches the view output`, () => {
        const rendered = renderCard(card, data);
        expect(checkCard(rendered)).toEqual([]);
        const file = path.join(CARDS_DIR, 'fixtures', card, `${name}.json`);
        if (update) {
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
        }
        expect(existsSync(file), `${file} missing: run with UPDATE_CARD_FIXTURES=1`).toBe(true);
        expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(data)));
      });
    }
  }

  it('the item card offers the five outcomes (incl. Ikke godkendt), a decision text capped at 2000, one save button with a Submit fallback, and the action-point inputs', () => {
    const card: any = renderCard('agenda-item', cases['agenda-item']['long-text-60-members']);
    const decide = card.actions[0].card;
    expect(decide.body[1].choices.map((c: any) => c.title)).toEqual([
      'Godkendt',
      'Ikke godkendt',
      'Taget til efterretning',
      'Drøftet',
      'Udsat',
    ]);
    expect(decide.body[2]).toMatchObject({ id: 'decision', maxLength: 2000 });
    expect(decide.actions).toHaveLength(1);
    expect(decide.actions[0]).toMatchObject({
      type: 'Action.Execute',
      verb: 'item.decide',
      data: { groupId: 'g1', meeting: 2, item: 6 },
      fallback: { type: 'Action.Submit', data: { verb: 'item.decide', meeting: 2, item: 6 } },
    });
    const action = card.actions[1].card;
    expect(action.body.map((b: any) => b.id)).toEqual(['actionText', 'actionOwner', 'actionDue']);
    expect(action.body[1].choices).toHaveLength(60);
    expect(action.body[1].choices[0].value).toMatch(/^aad-00-/);
    expect(action.actions[0]).toMatchObject({ verb: 'item.action', data: { groupId: 'g1', meeting: 2, item: 6 } });
    // Background, proposal and next steps are hidden behind toggles.
    const toggles = card.body.find((b: any) => b.type === 'ActionSet').actions;
    expect(toggles.map((a: any) => a.targetElements[0])).toEqual(['section-background', 'section-proposal', 'section-nextSteps']);
    expect(card.body.filter((b: any) => b.id?.startsWith('section-')).every((b: any) => b.isVisible === false)).toBe(true);
  });

  it('after approval of the minutes the item card has no decision inputs and says why', () => {
    const card: any = renderCard('agenda-item', cases['agenda-item']['minutes-approved']);
    expect(JSON.stringify(card)).not.toContain('item.decide');
    expect(JSON.stringify(card)).toContain('Referatet er godkendt');
  });
});
