/**
 * Writes cards/fixtures/minutes/*.json (the data the card gate renders cards/minutes.json with)
 * from the minutes test fixture, through the same view code the bot uses:
 *
 *   npx tsx test/helpers/minutes-card-fixtures.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CARDS_DIR } from '../../src/cards/render.js';
import { renderMinutesCard } from '../../src/cards/minutes-card.js';
import { buildMinutes } from '../../src/export/minutes-model.js';
import type { Db } from '../../src/domain/model.js';
import { GROUP_ID, NOW, bigMeetingFixture, idOf, minutesFixture } from './minutes-fixture.js';

function noDecisions(): Db {
  const db = minutesFixture();
  for (const item of db.meetings[1]!.items) Object.assign(item, { outcome: null, decision: null, by: null, byName: null });
  db.risks = [];
  db.actions = [];
  db.escalations = [];
  db.meetings[1]!.minutes.amendments = [];
  return db;
}

function approved(): Db {
  const db = minutesFixture();
  Object.assign(db.meetings[1]!.minutes, {
    status: 'approved',
    approvedBy: idOf('Anna Holm'),
    approvedAt: '2025-06-20T07:00:00.000Z',
    version: 3,
  });
  return db;
}

const cases: Record<string, { db: Db; locale?: 'da' | 'en'; download?: boolean }> = {
  'draft-2-moede': { db: minutesFixture() },
  'approved-en': { db: approved(), locale: 'en' },
  'no-decisions': { db: noDecisions() },
  'forty-items': { db: bigMeetingFixture(40) },
  'download-link': { db: minutesFixture(), download: true },
};

export function minutesCardFixtures() {
  return Object.fromEntries(
    Object.entries(cases).map(([name, c]) => {
      const view = buildMinutes(c.db, GROUP_ID, 2, { now: NOW, locale: c.locale });
      const download = c.download
        ? {
            url: 'https://styrebot.example.dk/files/eyJnIjoiZy1mbHAiLCJtIjoyLCJmIjoiZG9jeCIsImV4cCI6MTc1MDE1MDAwMH0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmUtc2ln',
            filename: 'referat-2-moede.docx',
            until: '11.00',
          }
        : null;
      return [name, renderMinutesCard(view, { groupId: GROUP_ID, download }).data];
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, data] of Object.entries(minutesCardFixtures())) {
    writeFileSync(path.join(CARDS_DIR, 'fixtures', 'minutes', `${name}.json`), JSON.stringify(data, null, 2) + '\n');
    console.log(`cards/fixtures/minutes/${name}.json`);
  }
}
