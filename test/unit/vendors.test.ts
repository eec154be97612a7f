import { describe, expect, it } from 'vitest';
import type { Vendor } from '../../src/domain/model.js';
import {
  certificationStatus,
  isVendorItemTitle,
  nextMilestone,
  noticeAt,
  overdueMilestones,
  parseVendorRef,
  planVendorReminders,
} from '../../src/domain/vendors.js';
import { leadingDate, parseVendorCommand, readAmountToken, trailingAmount } from '../../src/teams/features/vendor-parse.js';

const vendor = (over: Partial<Vendor> = {}): Vendor => ({
  groupId: 'g1',
  id: 'ven-1',
  name: 'EG Sundhed',
  contact: null,
  responsible: null,
  agreement: { signed: null, milestones: [] },
  certification: { validUntil: null },
  tests: [],
  notes: null,
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: 'aad-anna',
  nextMilestone: 1,
  ...over,
});
const ms = (number: number, date: string, done = false, amount: number | null = null) => ({
  number,
  date,
  text: `M${number}`,
  amount,
  done,
});

describe('certification status', () => {
  it('is none without a date, valid more than 30 days out, expiring from 30 days before, expired the day after', () => {
    expect(certificationStatus(null, '2026-12-01')).toBe('none');
    expect(certificationStatus('2027-01-01', '2026-12-01')).toBe('valid'); // 31 days
    expect(certificationStatus('2026-12-31', '2026-12-01')).toBe('expiring'); // 30 days
    expect(certificationStatus('2026-12-01', '2026-12-01')).toBe('expiring'); // last valid day
    expect(certificationStatus('2026-11-30', '2026-12-01')).toBe('expired');
  });
});

describe('milestones', () => {
  const v = vendor({
    agreement: { signed: null, milestones: [ms(3, '2027-02-01'), ms(1, '2026-10-01'), ms(2, '2026-11-01', true), ms(4, '2026-12-01')] },
  });
  it('the next is the first not done on or after today; overdue are those not done before today, by date', () => {
    expect(nextMilestone(v, '2026-12-01')?.number).toBe(4);
    expect(nextMilestone(v, '2026-12-02')?.number).toBe(3);
    expect(overdueMilestones(v, '2026-12-02').map((m) => m.number)).toEqual([1, 4]);
    expect(nextMilestone(v, '2027-03-01')).toBeNull();
  });
});

describe('reminder instants', () => {
  it('a certification whose T-30d is Maundy Thursday 2027 is reminded on the Wednesday before at 09:00 Copenhagen', () => {
    // 2027-04-24 − 30 days = Thursday 25 March 2027 (skærtorsdag, public holiday)
    expect(noticeAt('2027-04-24', 30, '09:00')).toBe('2027-03-24T08:00:00.000Z');
  });
  it('a milestone whose T-14d is a Sunday is reminded on the Friday before; summer time gives 07:00Z', () => {
    expect(noticeAt('2027-01-03', 14, '09:00')).toBe('2026-12-18T08:00:00.000Z');
    expect(noticeAt('2027-07-01', 14, '09:00')).toBe('2027-06-17T07:00:00.000Z'); // Thursday, summer time
  });
  it('plans one certification reminder and one per milestone not done, with refs that parse back', () => {
    const plan = planVendorReminders(
      vendor({
        certification: { validUntil: '2027-04-24' },
        agreement: { signed: null, milestones: [ms(1, '2027-01-03'), ms(2, '2027-02-01', true)] },
      }),
      '09:00',
    );
    expect(plan).toEqual([
      { kind: 'vendor-certification', ref: 'ven-1:cert', dueAt: '2027-03-24T08:00:00.000Z' },
      { kind: 'vendor-milestone', ref: 'ven-1:m1', dueAt: '2026-12-18T08:00:00.000Z' },
    ]);
    expect(parseVendorRef('ven-1:m12')).toEqual({ vendorId: 'ven-1', milestone: 12 });
    expect(parseVendorRef('ven-1:cert')).toEqual({ vendorId: 'ven-1', milestone: null });
    expect(parseVendorRef('nonsense')).toBeNull();
  });
});

describe("the vendors' standing item", () => {
  it.each([
    'Status på lægesystemerne (aftaler og certificering)',
    'Status på lægesystemerne (certificering 2025)',
    'Lægesystemleverandører',
    'Laegesystemerne: aftaler og certificering',
    'Status on the GP-system vendors',
  ])('matches "%s"', (t) => expect(isVendorItemTitle(t)).toBe(true));
  it.each([
    'Forretningsregler for lægesystemerne',
    'Status på tekniske leverancer',
    'Status på drift og udfordringer',
    'Projektets risikolog',
    'Eventuelt',
  ])('does not match "%s"', (t) => expect(isVendorItemTitle(t)).toBe(false));
});

describe('reading vendor commands', () => {
  const today = '2026-12-01';
  const names = ['EG Sundhed', 'EG'];
  it('reads new, list, show and delete', () => {
    expect(parseVendorCommand('', names, today)).toEqual({ kind: 'list' });
    expect(parseVendorCommand('ny Novax A/S', names, today)).toEqual({ kind: 'new', name: 'Novax A/S' });
    expect(parseVendorCommand('new XMO', names, today)).toEqual({ kind: 'new', name: 'XMO' });
    expect(parseVendorCommand('slet EG Sundhed', names, today)).toEqual({ kind: 'delete', name: 'EG Sundhed' });
    expect(parseVendorCommand('eg sundhed', names, today)).toEqual({ kind: 'show', name: 'EG Sundhed' });
  });
  it('takes the longest known name with spaces, and Danish, ISO and relative dates', () => {
    expect(parseVendorCommand('EG Sundhed certificeret til 31. december 2026', names, today)).toEqual({
      kind: 'edit',
      name: 'EG Sundhed',
      change: { kind: 'certified', date: '2026-12-31' },
    });
    expect(parseVendorCommand('EG certified until 2027-03-01', names, today)).toMatchObject({ name: 'EG', change: { date: '2027-03-01' } });
    expect(parseVendorCommand('EG aftale underskrevet i morgen', names, today)).toMatchObject({
      change: { kind: 'signed', date: '2026-12-02' },
    });
  });
  it('reads a milestone with a multi-word date, text and an amount only when it looks like one', () => {
    expect(parseVendorCommand('EG Sundhed milepæl 1. juni 2027 Levering af modul 250.000', names, today)).toMatchObject({
      change: { kind: 'milestone', date: '2027-06-01', text: 'Levering af modul', amount: 250000 },
    });
    expect(parseVendorCommand('EG milepæl 2027-06-01 Release 2', names, today)).toMatchObject({
      change: { text: 'Release 2', amount: null },
    });
    expect(parseVendorCommand('EG milestone 2027-06-01 Go-live DKK 80,000', names, today)).toMatchObject({
      change: { text: 'Go-live', amount: 80000 },
    });
    expect(parseVendorCommand('EG milepæl 2 betalt', names, today)).toMatchObject({
      change: { kind: 'milestoneDone', number: 2, done: true },
    });
    expect(parseVendorCommand('EG milestone 2 paid', names, today)).toMatchObject({
      change: { kind: 'milestoneDone', number: 2, done: true },
    });
  });
  it('reads test windows, contact, notes and responsible; an unknown name is what precedes the command word', () => {
    expect(parseVendorCommand('EG test 5/10-2026 16/10-2026 Årlig test', names, today)).toMatchObject({
      change: { kind: 'test', from: '2026-10-05', to: '2026-10-16', text: 'Årlig test' },
    });
    expect(parseVendorCommand('EG kontakt Mette Skov', names, today)).toMatchObject({ change: { kind: 'contact', contact: 'Mette Skov' } });
    expect(parseVendorCommand('EG note -', names, today)).toMatchObject({ change: { kind: 'notes', text: null } });
    expect(parseVendorCommand('EG ansvarlig <at>Bent Lund</at>', names, today)).toMatchObject({ kind: 'responsible', name: 'EG' });
    expect(parseVendorCommand('Ukendt Firma kontakt X', names, today)).toMatchObject({ name: 'Ukendt Firma' });
  });
  it('refuses a date it cannot read and an unknown sub-command', () => {
    expect(() => parseVendorCommand('EG certificeret til snart', names, today)).toThrow(
      expect.objectContaining({ code: 'vendor_bad_date' }),
    );
    expect(() => parseVendorCommand('EG Sundhed hopsa', names, today)).toThrow(expect.objectContaining({ code: 'vendor_usage' }));
  });
  it('amount and date helpers', () => {
    expect(readAmountToken('1.250.000,50')).toBe(1250000.5);
    expect(readAmountToken('250,000')).toBe(250000);
    expect(readAmountToken('250000kr')).toBe(250000);
    expect(readAmountToken('abc')).toBeNull();
    expect(trailingAmount(['Version', '2027'])).toEqual({ amount: null, text: ['Version', '2027'] });
    expect(trailingAmount(['Betaling', '2027', 'kr.'])).toEqual({ amount: 2027, text: ['Betaling'] });
    expect(leadingDate(['mandag', 'den', '1.', 'marts', '2027', 'x'], today)).toEqual({ date: '2027-03-01', rest: ['x'] });
  });
});
