import { describe, expect, it } from 'vitest';
import { DEFAULT_DIGEST, digestContent, nextDigestAt, parseDigestCommand } from '../../../src/domain/digest.js';
import { emptyDb, type Db } from '../../../src/domain/model.js';

const ZONE = 'Europe/Copenhagen';

describe('when the digest goes out', () => {
  it('the next Monday 09:00 local, strictly after the given instant', () => {
    expect(nextDigestAt(DEFAULT_DIGEST, ZONE, new Date('2026-03-04T09:00:00Z')).toISOString()).toBe('2026-03-09T08:00:00.000Z');
    expect(nextDigestAt(DEFAULT_DIGEST, ZONE, new Date('2026-03-09T08:00:00Z')).toISOString()).toBe('2026-03-16T08:00:00.000Z');
    expect(nextDigestAt(DEFAULT_DIGEST, ZONE, new Date('2026-03-09T07:59:00Z')).toISOString()).toBe('2026-03-09T08:00:00.000Z');
  });

  it('follows summer time: 09:00 local is 07:00 UTC after the change', () => {
    expect(nextDigestAt(DEFAULT_DIGEST, ZONE, new Date('2026-03-24T12:00:00Z')).toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('a Monday that is a public holiday (2. påskedag, 2. pinsedag) moves to Tuesday', () => {
    expect(nextDigestAt(DEFAULT_DIGEST, ZONE, new Date('2026-04-01T12:00:00Z')).toISOString()).toBe('2026-04-07T07:00:00.000Z');
    expect(nextDigestAt(DEFAULT_DIGEST, ZONE, new Date('2026-05-20T12:00:00Z')).toISOString()).toBe('2026-05-26T07:00:00.000Z');
  });

  it('a chosen weekend day stays on the weekend', () => {
    expect(nextDigestAt({ enabled: true, weekday: 7, time: '18:00' }, ZONE, new Date('2026-03-04T09:00:00Z')).toISOString()).toBe(
      '2026-03-08T17:00:00.000Z',
    );
  });
});

describe('the ugebrev command', () => {
  it.each([
    ['fra', { enabled: false }],
    ['OFF', { enabled: false }],
    ['til', { enabled: true }],
    ['on', { enabled: true }],
    ['mandag 09:00', { weekday: 1, time: '09:00' }],
    ['fredag 8.30', { weekday: 5, time: '08:30' }],
    ['Friday 08:30', { weekday: 5, time: '08:30' }],
    ['tirsdag', { weekday: 2, time: null }],
  ])('"%s"', (text, want) => expect(parseDigestCommand(text)).toEqual(want));

  it.each(['', 'hver anden uge', 'mandag 25:00', 'mandag 9 extra', 'someday'])('refuses "%s"', (text) =>
    expect(parseDigestCommand(text)).toBeNull(),
  );
});

describe('what counts as a change', () => {
  const since = new Date('2026-03-09T08:00:00Z');
  const now = new Date('2026-03-16T08:00:00Z');
  function db(): Db {
    const d = emptyDb();
    d.groups.push({ id: 'g1', name: 'G', timezone: ZONE, locale: 'da', isBoard: false } as Db['groups'][number]);
    return d;
  }
  const risk = (createdAt: string, history: { date: string }[] = []) => ({
    groupId: 'g1',
    id: 'R1',
    category: 'Teknik',
    title: 'T',
    description: null,
    owner: null,
    rating: 'yellow' as const,
    correctiveActions: [],
    status: 'open' as const,
    history: history.map((h) => ({
      ...h,
      rating: 'yellow' as const,
      tally: { green: 0, yellow: 1, red: 0 },
      disagreement: false,
      round: null,
      meeting: null,
    })),
    createdAt,
    createdBy: 'x',
  });

  it('nothing in the store: no change', () => {
    expect(digestContent(db(), db().groups[0]!, since, now).changed).toBe(false);
  });

  it('a risk created or re-rated in the week is a change; one created before is not', () => {
    const d = db();
    d.risks.push(risk('2026-03-01T10:00:00Z'));
    expect(digestContent(d, d.groups[0]!, since, now).changed).toBe(false);
    d.risks[0]!.history.push(risk('x', [{ date: '2026-03-12' }]).history[0]!);
    const c = digestContent(d, d.groups[0]!, since, now);
    expect([c.changed, c.reRated.map((r) => r.id), c.newRisks]).toEqual([true, ['R1'], []]);
    const e = db();
    e.risks.push(risk('2026-03-10T10:00:00Z'));
    expect(digestContent(e, e.groups[0]!, since, now).newRisks.map((r) => r.id)).toEqual(['R1']);
  });

  it('an action point that fell overdue in the week is a change; one overdue since before is listed but is not', () => {
    const d = db();
    const action = (id: string, due: string) => ({
      groupId: 'g1',
      id,
      text: id,
      owner: { name: 'B', aadObjectId: null },
      due,
      status: 'open' as const,
      source: { kind: 'chat' as const, meeting: null, item: null, risk: null },
      createdBy: 'x',
      createdAt: '2026-01-01T00:00:00Z',
    });
    d.actions.push(action('A1', '2026-02-01'));
    let c = digestContent(d, d.groups[0]!, since, now);
    expect([c.changed, c.overdue.map((a) => a.id)]).toEqual([false, ['A1']]);
    d.actions.push(action('A2', '2026-03-12'));
    c = digestContent(d, d.groups[0]!, since, now);
    expect([c.changed, c.overdue.map((a) => a.id)]).toEqual([true, ['A1', 'A2']]);
  });
});
