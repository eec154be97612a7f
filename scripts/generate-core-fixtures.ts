/**
 * Regenerates the fixtures of the core cards (help, roster, welcome, notice) from the real views
 * and command registry: `npx tsx scripts/generate-core-fixtures.ts`. test/unit/core-fixtures.test.ts
 * fails when the help fixtures no longer match the registered commands.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
import { helpView, rosterView, welcomeView, noticeView } from '../src/cards/views/core.js';
import { buildRegistry } from '../src/teams/registry.js';
import { allFeatures } from '../src/teams/features/index.js';
import { withExamples } from '../src/i18n/examples.js';
import { t } from '../src/i18n/index.js';
const reg: any = buildRegistry(allFeatures(() => reg));
const cmds = (l: 'da' | 'en') =>
  reg.commands.map((c: any) => ({
    usage: withExamples(c.usage[l], '2025-06-10'),
    summary: withExamples(c.summary[l], '2025-06-10'),
    who: t(l, `who.${c.who}`),
    section: c.section,
  }));
const w = (name: string, c: string, d: unknown) => {
  mkdirSync(`${root}/cards/fixtures/${name}`, { recursive: true });
  writeFileSync(`${root}/cards/fixtures/${name}/${c}.json`, JSON.stringify(d, null, 2) + '\n');
};
w('help', 'full-danish', helpView('da', cmds('da')));
w('help', 'full-english', helpView('en', cmds('en')));
w(
  'help',
  'short-unknown-command',
  helpView(
    'da',
    cmds('da').filter((c: any) => ['hjælp', 'roller'].includes(c.usage)),
    { text: 'lav en kop kaffe til mødet og book lokalet til næste gang tak' },
  ),
);
w('help', 'no-commands', helpView('da', []));
const orgs = ['MedCom', 'PLO', 'KiAP', 'PLSP', 'Mediq', 'Sundhedsdatastyrelsen'];
const roster = Array.from({ length: 60 }, (_, i) => ({
  name: `Medlem nummer ${i + 1} med et langt dansk efternavn Østergaard-Kjærsgaard`,
  aadObjectId: `aad-${i}`,
  teamsId: `29:${i}`,
  organisation: orgs[i % 6],
  role: i === 0 ? 'chair' : i === 1 ? 'referent' : i % 10 === 9 ? 'observer' : 'member',
}));
const group: any = { id: 'g1', name: 'Operationel styregruppe for forløbsplaner', locale: 'da', roster };
w('roster', 'sixty-members', rosterView('da', group));
w('roster', 'only-chair-english', rosterView('en', { ...group, name: 'Steering group', roster: [roster[0]] }));
w('roster', 'empty', rosterView('da', { ...group, roster: [] }));
w('welcome', 'group', welcomeView('da', 'group', { ...group, roster: roster.slice(0, 7) }));
w('welcome', 'personal', welcomeView('da', 'personal', null));
w('welcome', 'meeting-chat-english', welcomeView('en', 'meeting', null));
w(
  'notice',
  'escalation-sent',
  noticeView(
    'Risiko R2 er eskaleret til DAP-styregruppen',
    'Formanden har eskaleret risikoen "Teknik: svartider over det aftalte niveau på tre hverdage i maj, fordi en komponent ventede på svar fra klinikker med slukket computer". Bestyrelsen får et kort i sin kanal.',
    'attention',
    [
      { title: 'Vurdering', value: 'rød' },
      { title: 'Eskaleret af', value: 'Anna Holm' },
    ],
  ),
);
w('notice', 'plain-no-facts', noticeView('Gemt', 'Beslutningen er gemt.', 'good'));
