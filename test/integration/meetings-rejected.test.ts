import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { cardAction, groupChat, message, users } from '../helpers/activities.js';
import { cardText, invokeCard, startHarness, type Harness } from '../helpers/bot-harness.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, STYREBOT_LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });

/** "Ikke godkendt": the group can say no to a recommendation, and the record says so everywhere. */
describe('an item the group does not approve (outcome "rejected")', () => {
  let h: Harness;
  const meeting = () => h.services.store.read().meetings[0];

  beforeAll(async () => {
    h = await startHarness({ clock: { now: () => new Date('2025-05-01T08:00:00.000Z') } });
    await h.turn(message(h.fc.url, groupChat, users.anna, 'nyt møde 16-06-2025 12:30-14:00'));
    await h.turn(message(h.fc.url, groupChat, users.anna, 'dagsorden 1'));
    await h.fc.waitFor(() => meeting().items.every((i) => i.card));
  });
  afterAll(async () => h.close());

  it('the item card offers "Ikke godkendt"; choosing it stores "rejected" and the card shows it in red', async () => {
    const item = meeting().items[1];
    const r = await h.post(
      cardAction(
        h.fc.url,
        groupChat,
        users.anna,
        VERBS.itemDecide,
        { groupId: 'g1', meeting: 1, item: item.number, outcome: 'rejected', decision: 'Styregruppen kan ikke anbefale budgettet.' },
        item.card!.activityId,
      ),
    );
    const card = invokeCard(r.body);
    const decide = card.actions[0].card;
    expect(decide.body[1].choices.map((c: any) => c.value)).toEqual(['approved', 'rejected', 'noted', 'discussed', 'postponed']);
    expect(cardText(card)).toContain('Ikke godkendt');
    expect(JSON.stringify(card)).toContain('"text":"Ikke godkendt","weight":"Bolder","color":"attention"');
    expect(meeting().items[1]).toMatchObject({ outcome: 'rejected', decision: 'Styregruppen kan ikke anbefale budgettet.' });
  });

  it('meetings --json reports "rejected"; the minutes say "Ikke godkendt", and "Not approved" in English', async () => {
    const list = JSON.parse((await cli('meetings', '--json', '--store', h.storePath)).stdout);
    expect(list[0].items[1]).toMatchObject({ number: 2, outcome: 'rejected', decision: 'Styregruppen kan ikke anbefale budgettet.' });
    const da = (await cli('minutes', '1', '--store', h.storePath)).stdout;
    expect(da).toContain('Ikke godkendt — Styregruppen kan ikke anbefale budgettet.');
    const { buildMinutes } = await import('../../src/export/minutes-model.js');
    const en = buildMinutes(h.services.store.read(), 'g1', 1, { locale: 'en', now: new Date('2025-05-01T08:00:00.000Z') });
    expect(JSON.stringify(en)).toContain('Not approved');
  });
});
