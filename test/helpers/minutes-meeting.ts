import { fileURLToPath } from 'node:url';
import { importAgenda } from '../../src/app/agenda-import.js';
import { recordDecision } from '../../src/app/meetings.js';
import { approvePreviousMinutesIfItemApproves } from '../../src/app/minutes.js';
import { VERBS } from '../../src/cards/verbs.js';
import { AppError } from '../../src/errors.js';
import { errorText } from '../../src/i18n/index.js';
import '../../src/teams/features/minutes.js'; // registers the minutes texts (error.minutes_approved)
import type { AgendaItem, Db, Meeting, Outcome, Rating, RatingHistoryEntry, Risk } from '../../src/domain/model.js';
import { emptyItem } from '../../src/domain/meeting-agenda.js';
import { readAgendaFile } from '../../src/import/read-agenda-file.js';
import { invokeMessage, type Harness } from './bot-harness.js';
import { cardAction, groupChat, message, users, type TestUser } from './activities.js';

/**
 * The group's 2nd meeting as the bot would hold it: the sample agenda
 * (test/fixtures/dagsorden-2-moede.txt) imported with the agenda import use-case, Gustav made
 * referent through the bot, decisions recorded by Gustav through the item.decide card action
 * (`decide`), Erik's apologies, three risks rated at meetings 1 and 2 (Teknik worse, with
 * disagreement), action points and an escalation. Risks, action points, attendance and the
 * escalation are written to the store directly (their own features are not what these tests are
 * about); meeting 1 too.
 */

export const SAMPLE_AGENDA = fileURLToPath(new URL('../fixtures/dagsorden-2-moede.txt', import.meta.url));

export const gustav = { name: users.gustav.name, aadObjectId: users.gustav.aadObjectId, teamsId: users.gustav.id };
export const anna = { name: users.anna.name, aadObjectId: users.anna.aadObjectId, teamsId: users.anna.id };

export const DECISIONS: [number, Outcome, string][] = [
  [1, 'approved', 'Referatet fra 1. møde blev godkendt uden bemærkninger.'],
  [2, 'noted', 'Styregruppen tog orienteringen til efterretning.'],
  [3, 'noted', 'Styregruppen ønsker en status på svartiderne ved næste møde.'],
  [4, 'approved', 'Tidsplanen for certificering 2025 blev godkendt.'],
  [5, 'discussed', 'Risikoen for Teknik (R2) eskaleres til DAP-styregruppen.'],
  [6, 'postponed', 'Udkastet genbehandles på næste møde efter dialog med leverandørerne.'],
];

export function meeting1(groupId: string): Meeting {
  return {
    groupId,
    number: 1,
    title: '1. Møde i den operationelle styregruppe for forløbsplaner',
    date: '2025-02-24',
    start: '08:40',
    end: '10:00',
    location: 'Mødelokale 2, MedCom',
    joinUrl: null,
    status: 'held',
    participants: [],
    attendance: [],
    items: [1, 2, 3].map((n): AgendaItem => emptyItem(n, ['Velkomst', 'Status på tekniske leverancer', 'Eventuelt'][n - 1]!)),
    minutes: { status: 'draft', approvedBy: null, approvedAt: null, amendments: [], version: 1 },
    createdAt: '2025-01-10T09:00:00.000Z',
  };
}

const entry = (meeting: number, date: string, rating: Rating, t: [number, number, number], disagreement = false): RatingHistoryEntry => ({
  date,
  rating,
  tally: { green: t[0], yellow: t[1], red: t[2] },
  disagreement,
  round: `V${meeting}`,
  meeting,
});

function risk(
  groupId: string,
  id: string,
  category: string,
  title: string,
  owner: { name: string; aadObjectId: string },
  history: RatingHistoryEntry[],
  correctiveActions: string[] = [],
): Risk {
  return {
    groupId,
    id,
    category,
    title,
    description: null,
    owner,
    rating: history.at(-1)!.rating,
    correctiveActions,
    status: 'open',
    history,
    createdAt: '2025-02-01T09:00:00.000Z',
    createdBy: users.anna.aadObjectId,
  };
}

/** Everything but the decisions: meeting 1, the imported agenda as meeting 2 (held), attendance, risks, actions, escalation. */
export async function seedSampleMeeting(h: Harness, opts: { decisions?: boolean } = {}): Promise<string> {
  const agenda = await readAgendaFile(SAMPLE_AGENDA);
  // Gustav takes the minutes: made referent by the chair, through the bot.
  await h.post(message(h.fc.url, groupChat, users.anna, 'referent', [users.gustav]));
  const groupId = h.services.store.read().groups[0]!.id;
  await h.services.store.update((db, tx) => {
    db.meetings.push(meeting1(groupId));
    const r = importAgenda(db, tx, { groupId, actor: null, agenda });
    if (r.meeting !== 2) throw new Error(`sample imported as meeting ${r.meeting}`);
    const m = db.meetings.find((x) => x.groupId === groupId && x.number === 2)!;
    m.status = 'held';
    m.attendance = m.participants.map((p) => ({ name: p.name, aadObjectId: null, present: p.name !== 'Erik Sand' }));
    seedFollowUp(db, groupId);
  });
  if (opts.decisions !== false) await recordSampleDecisions(h, groupId);
  return groupId;
}

/** How the last `decide` went: through the bot (item.decide over HTTP) or, without that verb, in the store. */
export const decidedVia: { last: 'http' | 'store' | null } = { last: null };

/**
 * Records a decision the way the referent does: the item card's "Gem beslutning" (Action.Execute
 * item.decide) over HTTP. When no feature handles item.decide (the meetings feature not
 * registered), the same use-cases run directly in the store: recordDecision, then
 * approvePreviousMinutesIfItemApproves — what the item.decide handler does in one write.
 * A refusal is thrown as an Error with the bot's message.
 */
export async function decide(
  h: Harness,
  groupId: string,
  by: TestUser,
  meeting: number,
  item: number,
  outcome: Outcome,
  decision: string | null,
): Promise<void> {
  const r = await h.post(cardAction(h.fc.url, groupChat, by, VERBS.itemDecide, { groupId, meeting, item, outcome, decision }));
  const msg = invokeMessage(r.body);
  if (msg && /kender styrebot ikke/.test(msg)) {
    decidedVia.last = 'store';
    const actor = { name: by.name, aadObjectId: by.aadObjectId, teamsId: by.id };
    try {
      await h.services.store.update((db, tx) => {
        const res = recordDecision(db, tx, { groupId, actor, meeting, item, outcome, decision });
        if (res.changed) approvePreviousMinutesIfItemApproves(db, tx, groupId, meeting, item, actor);
      });
    } catch (err) {
      throw new Error(err instanceof AppError ? errorText('da', err) : String(err));
    }
    return;
  }
  if (r.status !== 200 || msg) throw new Error(msg ?? `item.decide: HTTP ${r.status}`);
  decidedVia.last = 'http';
}

/** Gustav (referent) records the decisions of items 1–6; item 7 stays undecided. */
export async function recordSampleDecisions(h: Harness, groupId: string): Promise<void> {
  for (const [item, outcome, decision] of DECISIONS) await decide(h, groupId, users.gustav, 2, item, outcome, decision);
}

function seedFollowUp(db: Db, groupId: string): void {
  const carsten = { name: 'Carsten Vang', aadObjectId: users.carsten.aadObjectId };
  const bent = { name: 'Bent Lund', aadObjectId: users.bent.aadObjectId };
  const dorthe = { name: 'Dorthe Kjær', aadObjectId: users.dorthe.aadObjectId };
  db.risks.push(
    risk(
      groupId,
      'R1',
      'Udbredelse',
      'Få praksisser tager forløbsplanerne i brug',
      bent,
      [entry(1, '2025-02-24', 'yellow', [1, 4, 0]), entry(2, '2025-06-16', 'yellow', [1, 4, 0])],
      ['Informationsindsats via PLO’s nyhedsbrev'],
    ),
    risk(
      groupId,
      'R2',
      'Teknik',
      'Svartider over det aftalte niveau',
      carsten,
      [entry(1, '2025-02-24', 'yellow', [2, 3, 0]), entry(2, '2025-06-16', 'red', [1, 1, 3], true)],
      ['Daglig overvågning af svartider'],
    ),
    risk(groupId, 'R3', 'Prioritering', 'Konkurrerende opgaver hos lægesystemleverandørerne', dorthe, [
      entry(1, '2025-02-24', 'red', [0, 2, 3]),
      entry(2, '2025-06-16', 'yellow', [0, 4, 1]),
    ]),
  );
  const action = (
    id: string,
    text: string,
    owner: { name: string; aadObjectId: string },
    due: string,
    meeting: number,
    item: number,
    createdAt: string,
  ) => ({
    groupId,
    id,
    text,
    owner,
    due,
    status: 'open' as const,
    source: { kind: 'item' as const, meeting, item, risk: null },
    createdBy: users.gustav.aadObjectId,
    createdAt,
  });
  db.actions.push(
    action('A1', 'Indhent status på aftaler med lægesystemleverandørerne', dorthe, '2025-05-01', 1, 2, '2025-02-24T09:30:00.000Z'),
    action('A2', 'Send aftaleudkast til lægesystemleverandørerne', dorthe, '2025-08-01', 2, 4, '2025-06-16T11:40:00.000Z'),
  );
  db.escalations.push({
    groupId,
    id: 'E1',
    riskId: 'R2',
    reason: 'Svartiderne har været over det aftalte niveau siden maj.',
    status: 'sent',
    by: users.anna.aadObjectId,
    byName: 'Anna Holm',
    at: '2025-06-16T11:50:00.000Z',
    snapshot: {
      title: 'Svartider over det aftalte niveau',
      category: 'Teknik',
      rating: 'red',
      history: [],
      tally: { green: 1, yellow: 1, red: 3 },
      comments: [],
      correctiveActions: [],
      owner: 'Carsten Vang',
    },
    outboxId: null,
    answer: null,
  });
}
