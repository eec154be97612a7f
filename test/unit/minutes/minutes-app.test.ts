import { describe, expect, it } from 'vitest';
import type { Tx } from '../../../src/app/ports.js';
import {
  AMENDMENT_MAX,
  approveMinutes,
  approvePreviousMinutesIfItemApproves,
  assertMinutesOpen,
  defaultMinutesMeeting,
  recordAmendment,
} from '../../../src/app/minutes.js';
import type { AuditEntry, Db, Person } from '../../../src/domain/model.js';
import { emptyDb } from '../../../src/domain/model.js';
import { createTx } from '../../../src/storage/tx.js';
import { GROUP_ID, idOf, minutesFixture } from '../../helpers/minutes-fixture.js';

const person = (name: string): Person => ({ name, aadObjectId: idOf(name), teamsId: null });
const chair = person('Anna Holm');
const referent = person('Gustav Eng');
const member = person('Bent Lund');

function txAt(iso: string, audit: AuditEntry[] = []): Tx {
  return createTx(emptyDb(), new Date(iso), { audit: (e) => void audit.push(e) });
}
const m = (db: Db, n: number) => db.meetings.find((x) => x.number === n)!;
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e: any) {
    return e.code;
  }
  return null;
};

describe('approveMinutes', () => {
  it('approves a draft: status, who, when, version + 1, one audit entry', () => {
    const db = minutesFixture();
    const audit: AuditEntry[] = [];
    const r = approveMinutes(db, txAt('2025-06-20T07:00:00.000Z', audit), { groupId: GROUP_ID, meetingNumber: 2, actor: chair });
    expect(r.changed).toBe(true);
    expect(m(db, 2).minutes).toMatchObject({
      status: 'approved',
      approvedBy: chair.aadObjectId,
      approvedAt: '2025-06-20T07:00:00.000Z',
      version: 3,
    });
    expect(audit).toEqual([
      expect.objectContaining({ action: 'minutes.approve', target: 'meeting 2', before: { status: 'draft', version: 2 } }),
    ]);
  });

  it('is idempotent: already approved minutes change nothing and are not audited', () => {
    const db = minutesFixture();
    const audit: AuditEntry[] = [];
    const before = JSON.stringify(m(db, 1).minutes);
    expect(approveMinutes(db, txAt('2025-06-20T07:00:00.000Z', audit), { groupId: GROUP_ID, meetingNumber: 1, actor: chair }).changed).toBe(
      false,
    );
    expect(JSON.stringify(m(db, 1).minutes)).toBe(before);
    expect(audit).toEqual([]);
  });

  it('is the chair’s: members and the referent are refused, nothing changes', () => {
    const db = minutesFixture();
    expect(code(() => approveMinutes(db, txAt('2025-06-20T07:00:00.000Z'), { groupId: GROUP_ID, meetingNumber: 2, actor: member }))).toBe(
      'minutes_not_chair',
    );
    expect(code(() => approveMinutes(db, txAt('2025-06-20T07:00:00.000Z'), { groupId: GROUP_ID, meetingNumber: 2, actor: referent }))).toBe(
      'minutes_not_chair',
    );
    expect(
      code(() =>
        approveMinutes(db, txAt('2025-06-20T07:00:00.000Z'), {
          groupId: GROUP_ID,
          meetingNumber: 2,
          actor: { name: 'Ukendt', aadObjectId: 'aad-unknown', teamsId: null },
        }),
      ),
    ).toBe('not_member');
    expect(m(db, 2).minutes.status).toBe('draft');
  });

  it('refuses a meeting that has not taken place, a cancelled one, and an unknown number', () => {
    const db = minutesFixture();
    const tx = txAt('2025-06-20T07:00:00.000Z');
    expect(code(() => approveMinutes(db, tx, { groupId: GROUP_ID, meetingNumber: 3, actor: chair }))).toBe('minutes_not_held');
    m(db, 3).status = 'cancelled';
    expect(code(() => approveMinutes(db, tx, { groupId: GROUP_ID, meetingNumber: 3, actor: chair }))).toBe('minutes_cancelled');
    expect(code(() => approveMinutes(db, tx, { groupId: GROUP_ID, meetingNumber: 9, actor: chair }))).toBe('meeting_unknown');
  });

  it('accepts a planned meeting whose date has come (the meeting-end event may never arrive)', () => {
    const db = minutesFixture();
    expect(approveMinutes(db, txAt('2025-10-22T12:00:00.000Z'), { groupId: GROUP_ID, meetingNumber: 3, actor: chair }).changed).toBe(true);
  });
});

describe('assertMinutesOpen', () => {
  it('throws minutes_approved with the meeting number once approved, and passes drafts', () => {
    const db = minutesFixture();
    expect(() => assertMinutesOpen(m(db, 2))).not.toThrow();
    try {
      assertMinutesOpen(m(db, 1));
      expect.unreachable();
    } catch (e: any) {
      expect(e.code).toBe('minutes_approved');
      expect(e.params).toEqual({ number: 1 });
    }
  });
});

describe('approvePreviousMinutesIfItemApproves', () => {
  function withDraftPrevious() {
    const db = minutesFixture();
    Object.assign(m(db, 1).minutes, { status: 'draft', approvedBy: null, approvedAt: null });
    return db;
  }

  it('approves the previous meeting’s minutes when the "godkendelse af referat" item is approved', () => {
    const db = withDraftPrevious();
    const audit: AuditEntry[] = [];
    const r = approvePreviousMinutesIfItemApproves(db, txAt('2025-06-16T10:45:00.000Z', audit), GROUP_ID, 2, 1, referent);
    expect(r?.number).toBe(1);
    expect(m(db, 1).minutes).toMatchObject({ status: 'approved', approvedBy: referent.aadObjectId, version: 2 });
    expect(audit[0]).toMatchObject({ action: 'minutes.approve', target: 'meeting 1', after: { via: 'meeting 2 item 1' } });
  });

  it('does nothing for another item, another outcome, no earlier meeting, or an English title it does not know', () => {
    const db = withDraftPrevious();
    const tx = txAt('2025-06-16T10:45:00.000Z');
    expect(approvePreviousMinutesIfItemApproves(db, tx, GROUP_ID, 2, 4, referent)).toBeNull();
    m(db, 2).items[0]!.outcome = 'noted';
    expect(approvePreviousMinutesIfItemApproves(db, tx, GROUP_ID, 2, 1, referent)).toBeNull();
    expect(approvePreviousMinutesIfItemApproves(db, tx, GROUP_ID, 1, 1, referent)).toBeNull();
    expect(m(db, 1).minutes.status).toBe('draft');
  });

  it('matches the English "Approval of the minutes" and skips cancelled meetings', () => {
    const db = withDraftPrevious();
    const item = m(db, 2).items[0]!;
    item.title = 'Welcome and approval of the minutes';
    m(db, 1).status = 'cancelled';
    expect(approvePreviousMinutesIfItemApproves(db, txAt('2025-06-16T10:45:00.000Z'), GROUP_ID, 2, 1, referent)).toBeNull();
    m(db, 1).status = 'held';
    expect(approvePreviousMinutesIfItemApproves(db, txAt('2025-06-16T10:45:00.000Z'), GROUP_ID, 2, 1, referent)?.number).toBe(1);
  });

  it('needs the right to record decisions', () => {
    const db = withDraftPrevious();
    expect(code(() => approvePreviousMinutesIfItemApproves(db, txAt('2025-06-16T10:45:00.000Z'), GROUP_ID, 2, 1, member))).toBe(
      'not_chair_or_referent',
    );
  });

  it("one rule (README): only the meeting's first item approves, and only minutes of a meeting that has taken place", () => {
    // "Godkendelse af referat" as a later item does not approve anything.
    const later = withDraftPrevious();
    const first = m(later, 2).items[0]!;
    const fourth = m(later, 2).items[3]!;
    [first.title, fourth.title] = ['Velkomst', 'Godkendelse af referat'];
    fourth.outcome = 'approved';
    expect(approvePreviousMinutesIfItemApproves(later, txAt('2025-06-16T10:45:00.000Z'), GROUP_ID, 2, fourth.number, referent)).toBeNull();
    expect(m(later, 1).minutes.status).toBe('draft');
    // The previous meeting has not taken place yet (planned, date still ahead): not approved by the item either.
    const early = withDraftPrevious();
    Object.assign(m(early, 1), { status: 'planned', date: '2099-01-01' });
    expect(approvePreviousMinutesIfItemApproves(early, txAt('2025-06-16T10:45:00.000Z'), GROUP_ID, 2, 1, referent)).toBeNull();
    expect(code(() => approveMinutes(early, txAt('2025-06-16T10:45:00.000Z'), { groupId: GROUP_ID, meetingNumber: 1, actor: chair }))).toBe(
      'minutes_not_held',
    );
  });
});

describe('recordAmendment', () => {
  it('adds the amendment with who, when and the item, bumps the version, and keeps an approval', () => {
    const db = minutesFixture();
    const audit: AuditEntry[] = [];
    recordAmendment(db, txAt('2025-07-01T08:00:00.000Z', audit), {
      groupId: GROUP_ID,
      meetingNumber: 1,
      item: null,
      text: '  Mødet sluttede   kl. 10.15. ',
      actor: referent,
    });
    expect(m(db, 1).minutes).toMatchObject({
      status: 'approved',
      version: 2,
      amendments: [{ text: 'Mødet sluttede kl. 10.15.', by: referent.aadObjectId, at: '2025-07-01T08:00:00.000Z', item: null }],
    });
    expect(audit[0]).toMatchObject({ action: 'minutes.amend', target: 'meeting 1' });
  });

  it('refuses members, empty and over-long texts, and unknown items', () => {
    const db = minutesFixture();
    const tx = txAt('2025-07-01T08:00:00.000Z');
    const input = { groupId: GROUP_ID, meetingNumber: 2, item: null as number | null, text: 'Rettelse.', actor: referent };
    expect(code(() => recordAmendment(db, tx, { ...input, actor: member }))).toBe('not_chair_or_referent');
    expect(code(() => recordAmendment(db, tx, { ...input, text: '   ' }))).toBe('minutes_amendment_empty');
    expect(code(() => recordAmendment(db, tx, { ...input, text: 'x'.repeat(AMENDMENT_MAX + 1) }))).toBe('minutes_amendment_too_long');
    expect(code(() => recordAmendment(db, tx, { ...input, item: 42 }))).toBe('minutes_item_unknown');
    expect(m(db, 2).minutes.amendments).toHaveLength(1);
  });
});

describe('defaultMinutesMeeting', () => {
  it('is the last held meeting, else the last one whose date has come, else the next planned one', () => {
    const db = minutesFixture();
    const group = db.groups[0]!;
    expect(defaultMinutesMeeting(db, group, new Date('2025-12-01T00:00:00Z')).number).toBe(2);
    for (const x of db.meetings) x.status = 'planned';
    expect(defaultMinutesMeeting(db, group, new Date('2025-12-01T00:00:00Z')).number).toBe(3);
    expect(defaultMinutesMeeting(db, group, new Date('2025-03-01T00:00:00Z')).number).toBe(1);
    expect(defaultMinutesMeeting(db, group, new Date('2025-01-01T00:00:00Z')).number).toBe(1); // none has come yet: the next one
    db.meetings = [];
    expect(code(() => defaultMinutesMeeting(db, group, new Date('2025-01-01T00:00:00Z')))).toBe('minutes_no_meeting');
  });
});
