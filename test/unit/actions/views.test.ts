import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CARDS_DIR, renderCard } from '../../../src/cards/render.js';
import { actionCardView, actionsListView, LIST_MAX, mentionOf } from '../../../src/cards/views/actions.js';
import {
  escalationCardView,
  escalationConfirmView,
  escalationNoticeView,
  outboxView,
  purposeText,
} from '../../../src/cards/views/escalations.js';
import { actionPoint } from '../../helpers/builders.js';
import type { ActionPoint, Escalation, OutboxItem } from '../../../src/domain/model.js';
import { checkCard } from '../../cards/gate.js';
import { conv, group, people } from './world.js';

const g = {
  ...group(),
  escalationTarget: {
    conversation: conv('19:board', 'channel'),
    setBy: 'aad-anna',
    at: '2025-06-01T00:00:00.000Z',
    name: 'DAP-styregruppen',
  },
};
const action = (over: Partial<ActionPoint> = {}): ActionPoint =>
  actionPoint('g1', 'A3', {
    text: 'Send notat til lægerne',
    owner: { name: 'Bent Lund', aadObjectId: 'aad-bent', teamsId: '29:bent' },
    due: '2025-06-16',
    createdAt: '2025-06-01T10:00:00.000Z',
    ...over,
  });
const escalation: Escalation = {
  groupId: 'g1',
  id: 'E1',
  riskId: 'R2',
  reason: 'Leverandøren er forsinket',
  status: 'sent',
  by: 'aad-anna',
  byName: 'Anna Holm',
  at: '2025-06-16T11:05:00.000Z',
  snapshot: {
    title: 'Certificering',
    category: 'Udbredelse',
    rating: 'red',
    history: [
      { date: '2025-06-16', rating: 'yellow', tally: { green: 1, yellow: 3, red: 1 }, disagreement: false, round: 'V2', meeting: 2 },
    ],
    tally: { green: 1, yellow: 3, red: 1 },
    comments: ['Bent Lund: Ingen svar'],
    correctiveActions: ['Statusmøder'],
    owner: 'Carsten Vang',
  },
  outboxId: 'o-1',
  answer: null,
};
const outboxItem: OutboxItem = {
  id: 'o-1',
  groupId: 'g1',
  conversation: conv('19:board', 'channel'),
  activity: {},
  purpose: 'escalation:g1:E1',
  status: 'uncertain',
  attempts: 1,
  createdAt: '2025-06-16T11:05:00.000Z',
  nextAttemptAt: '2025-06-16T11:05:00.000Z',
  sentAt: null,
  activityId: null,
  lastError: '504',
};

/** What each card's view produces, for checking that the committed fixtures have the same shape. */
const samples: Record<string, object> = {
  action: actionCardView('da', g, action(), { today: '2025-06-10' }),
  'actions-list': actionsListView('da', g, [action()], 'all', '2025-06-10'),
  'escalation-confirm': escalationConfirmView('da', {
    state: 'confirm',
    group: g,
    riskId: 'R2',
    snapshot: escalation.snapshot,
    reason: 'x',
    token: 'tok-123456',
  }),
  escalation: escalationCardView('da', g, escalation),
  outbox: outboxView('da', g, [outboxItem]),
};

const keys = (o: object) => Object.keys(o).sort();

describe('card views', () => {
  for (const [card, sample] of Object.entries(samples)) {
    it(`${card}: every fixture has exactly the fields the view produces, and the sample renders through the gate`, () => {
      const dir = path.join(CARDS_DIR, 'fixtures', card);
      const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
      expect(files.length).toBeGreaterThan(1);
      for (const f of files) expect([f, keys(JSON.parse(readFileSync(path.join(dir, f), 'utf8')))]).toEqual([f, keys(sample)]);
      expect(checkCard(renderCard(card, sample))).toEqual([]);
    });
  }

  it('the owner is a real Teams mention (Teams id, else Entra id); without any id, just the name', () => {
    expect(mentionOf(people.bent)).toEqual({
      markup: '<at>Bent Lund</at>',
      entity: { text: '<at>Bent Lund</at>', id: '29:bent', name: 'Bent Lund' },
    });
    expect(mentionOf({ name: 'Ida <b>', aadObjectId: 'aad-ida', teamsId: null }).entity).toEqual({
      text: '<at>Ida b</at>',
      id: 'aad-ida',
      name: 'Ida b',
    });
    expect(mentionOf({ name: 'Ida Friis', aadObjectId: null, teamsId: null })).toEqual({ markup: 'Ida Friis', entity: null });
    const card = renderCard(
      'action',
      actionCardView('da', g, action({ owner: { name: 'Ida Friis', aadObjectId: null, teamsId: null } }), { today: '2025-06-10' }),
    );
    expect((card as any).msteams.entities).toEqual([]);
  });

  it('marks overdue and due-today, and offers Done or Reopen by status', () => {
    const overdue = actionCardView('da', g, action(), { today: '2025-06-17' });
    expect(overdue).toMatchObject({ dueColor: 'attention', statusColor: 'attention', canDone: true, canReopen: false });
    expect(overdue.dueLine).toBe('Frist: mandag den 16. juni 2025 — forfalden');
    expect(actionCardView('en', g, action(), { today: '2025-06-16' }).dueLine).toBe('Due: Monday 16 June 2025 — due today');
    expect(
      actionCardView('da', g, action({ status: 'done', doneBy: 'aad-gustav', doneAt: '2025-06-12T09:00:00.000Z' }), {
        today: '2025-06-17',
      }),
    ).toMatchObject({ canDone: false, canReopen: true, statusColor: 'good', dueColor: 'default' });
  });

  it('the list caps its rows and says how many more there are', () => {
    const many = Array.from({ length: LIST_MAX + 5 }, (_, i) => action({ id: `A${i + 1}` }));
    const v = actionsListView('da', g, many, 'open', '2025-06-17');
    expect(v.items).toHaveLength(LIST_MAX);
    expect(v).toMatchObject({
      more: true,
      moreText: expect.stringContaining('5 mere'),
      summary: `${LIST_MAX + 5} åbne, heraf ${LIST_MAX + 5} forfaldne · 0 udført`,
    });
  });

  it('ratings carry their colour; the board sees its own progress; notices say who answered', () => {
    const v = escalationCardView('da', g, escalation);
    expect([v.ratingLabel, v.ratingColor]).toEqual(['Rød', 'attention']);
    expect(v.history[0]).toMatchObject({ ratingLabel: 'Gul', ratingColor: 'warning', tally: 'Grøn 1 · Gul 3 · Rød 1' });
    expect(v.comments).toEqual([{ title: 'Bent Lund', value: 'Ingen svar' }]);
    expect([v.canAck, v.canAnswer, v.statusText]).toEqual([true, true, 'Sendt til DAP-styregruppen']);
    const answered = {
      ...escalation,
      status: 'answered' as const,
      answer: 'Ja',
      answeredByName: 'Frida Mose',
      answeredAt: '2025-06-20T10:00:00.000Z',
      acknowledgedAt: '2025-06-17T07:00:00.000Z',
      acknowledgedByName: 'Erik Sand',
    };
    expect(escalationCardView('da', g, answered)).toMatchObject({
      canAck: false,
      canAnswer: false,
      answeredText: 'Svar fra Frida Mose, 20. juni 2025 kl. 12.00:',
      acknowledgedText: 'Modtaget af Erik Sand, 17. juni 2025 kl. 9.00.',
    });
    expect(escalationNoticeView('da', 'answer', answered, g)).toMatchObject({
      title: 'Svar fra DAP-styregruppen på eskalering E1',
      text: 'Ja',
      style: 'good',
    });
    expect(
      escalationConfirmView('en', {
        state: 'confirm',
        group: g,
        riskId: 'R2',
        snapshot: { ...escalation.snapshot, rating: null },
        reason: '',
        token: 't',
      }),
    ).toMatchObject({ ratingLabel: 'Not rated', ratingColor: 'default' });
  });

  it('outbox purposes in words', () => {
    expect(purposeText('da', 'escalation:g1:E2')).toBe('Eskalering E2 til programstyregruppen');
    expect(purposeText('da', 'escalation:g1:E2', 'DAP-styregruppen')).toBe('Eskalering E2 til DAP-styregruppen');
    expect(purposeText('en', 'action-card:g1:A3')).toBe('Card for action point A3');
    expect(purposeText('da', 'reminder:T-2d')).toBe('Påmindelse om mødet');
    expect(outboxView('da', g, [outboxItem]).items[0]).toMatchObject({ canRetry: true, statusText: 'Usikker', statusColor: 'warning' });
  });
});
