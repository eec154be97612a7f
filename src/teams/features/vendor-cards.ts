/**
 * The vendor cards' buttons (Action.Execute, payloads checked with zod) for people who do not
 * type commands, and the card a vendor reminder carries. A click answers with the vendor card
 * itself, with a line saying what was saved (or why nothing was); refusals come back as a
 * message. Who may change what is decided by src/app/vendors.ts against the stored roster.
 */
import { z } from 'zod';
import type { BuildReminderActivity } from '../../app/reminders.js';
import type { Services } from '../../app/services.js';
import { addVendor, editVendor, MAX_AMOUNT, requireVendor, VENDOR_ID, vendorsOf, type VendorChange } from '../../app/vendors.js';
import { cardAttachment, renderCard, type CardJson } from '../../cards/render.js';
import { agendaItemView } from '../../cards/views/meetings.js';
import { mentionOf } from '../../cards/views/reminders.js';
import { amountLabel, vendorCardView, vendorsListView, type VendorCardOptions } from '../../cards/views/vendors.js';
import { VERBS } from '../../cards/verbs.js';
import { daysBetween, formatDanishDate, isIsoDate, localDate } from '../../domain/dates.js';
import type { Group, Locale, Vendor } from '../../domain/model.js';
import { isVendorItemTitle, parseVendorRef } from '../../domain/vendors.js';
import { AppError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { cardAction } from '../card-action.js';
import { cardGroup } from '../card-group.js';
import type { CardActionDef, CardActionResult, TurnCtx } from '../types.js';

const GROUP_ID = /^[A-Za-z0-9_-]{1,40}$/;

export function vendorCard(services: Services, group: Group, v: Vendor, locale: Locale, opts: VendorCardOptions = {}): CardJson {
  return renderCard('vendor', vendorCardView(locale, group, v, localDate(services.clock.now(), group.timezone), opts));
}

const WHAT: Record<string, string> = {
  name: 'vendor.what.name',
  contact: 'vendor.what.contact',
  responsible: 'vendor.what.responsible',
  agreement: 'vendor.what.agreement',
  certification: 'vendor.what.certification',
  tests: 'vendor.what.tests',
  notes: 'vendor.what.notes',
};

/** "certificering, noter": the fields a change touched, in words. */
export const changedText = (locale: Locale, changed: readonly string[]): string =>
  changed
    .filter((k) => WHAT[k])
    .map((k) => t(locale, WHAT[k]!))
    .join(', ');

const base = z.object({ groupId: z.string().regex(GROUP_ID) }).passthrough();
const withVendor = base.extend({ vendorId: z.string().regex(VENDOR_ID) });
const date = z.string().max(40).optional().nullable();

const editPayload = withVendor.extend({
  vendorName: z.string().max(200).optional(),
  vendorContact: z.string().max(400).optional(),
  vendorResponsible: z.string().max(200).optional(),
  vendorSigned: date,
  vendorValidUntil: date,
  vendorNotes: z.string().max(4000).optional(),
});
const milestonePayload = withVendor.extend({
  milestoneDate: z.string().max(40),
  milestoneText: z.string().max(600),
  // Input.Number sends a number, older clients a string; empty = no amount.
  milestoneAmount: z
    .union([z.number(), z.string().max(30)])
    .optional()
    .nullable(),
});
const paidPayload = withVendor.extend({ milestoneNumber: z.union([z.number().int(), z.string().regex(/^\d{1,4}$/)]) });
const testPayload = withVendor.extend({ testFrom: z.string().max(40), testTo: z.string().max(40), testText: z.string().max(600) });
const newPayload = base.extend({ vendorName: z.string().max(200) });

function cardDate(s: string | null | undefined): string | null {
  const d = s?.trim() || null;
  if (d !== null && !isIsoDate(d)) throw new AppError('vendor_bad_date', { text: d.slice(0, 40) });
  return d;
}

function cardAmount(a: number | string | null | undefined): number | null {
  if (a === null || a === undefined || a === '') return null;
  const n = typeof a === 'number' ? a : Number(a.replace(',', '.'));
  if (!Number.isFinite(n) || n < 0 || n > MAX_AMOUNT) throw new AppError('vendor_bad_amount', { text: String(a).slice(0, 20) });
  return n;
}

/**
 * The vendors' standing item on the agenda cards already posted for planned meetings shows the
 * new table for everyone (coalesced by the card updater, never awaited in the turn).
 */
export function refreshVendorItemCards(services: Services, groupId: string): void {
  const db = services.store.read();
  const group = db.groups.find((g) => g.id === groupId);
  if (!group) return;
  for (const m of db.meetings) {
    if (m.groupId !== groupId || m.status !== 'planned') continue;
    for (const it of m.items) {
      if (!it.card || !isVendorItemTitle(it.title)) continue;
      const conv =
        group.conversation.conversationId === it.card.conversationId
          ? group.conversation
          : group.linkedChats.find((l) => l.conversation.conversationId === it.card!.conversationId)?.conversation;
      if (!conv) continue;
      const [meetingNo, itemNo, posted] = [m.number, it.number, it.card.activityId];
      services.delivery.updateCard(conv, posted, () => {
        const d = services.store.read();
        const g = d.groups.find((x) => x.id === groupId);
        const mm = d.meetings.find((x) => x.groupId === groupId && x.number === meetingNo);
        const ii = mm?.items.find((x) => x.number === itemNo && x.card?.activityId === posted);
        return g && mm && ii ? renderCard('agenda-item', agendaItemView(g.locale, g, mm, ii, d.vendors, d.actions)) : null;
      });
    }
  }
}

/** Applies the card's changes and answers with the vendor card and what was saved. */
async function applyChanges(ctx: TurnCtx, group: Group, vendorId: string, changes: VendorChange[]): Promise<CardActionResult> {
  const res = await ctx.services.store.update((db, tx) => {
    const r = editVendor(db, tx, { groupId: group.id, vendorId, actor: ctx.actor, changes });
    return { vendor: structuredClone(r.vendor), changed: r.changed };
  });
  if (res.changed.length) {
    ctx.services.kickJobs();
    refreshVendorItemCards(ctx.services, group.id);
  }
  const feedback = res.changed.length
    ? ctx.t('vendor.saved', { what: changedText(ctx.locale, res.changed) })
    : ctx.t('vendor.saved.nothing', { name: res.vendor.name });
  return { card: vendorCard(ctx.services, group, res.vendor, ctx.locale, { feedback }) };
}

/** A vendor's own card, and the register's list card (anyone on the roster may open them in personal chat). */
const vendorGroup = (ctx: TurnCtx, groupId: string) => cardGroup(ctx, groupId, 'vendor');
const vendorsGroup = (ctx: TurnCtx, groupId: string) => cardGroup(ctx, groupId, 'vendors');

async function showVendor(ctx: TurnCtx, p: z.infer<typeof withVendor>, group: Group): Promise<CardActionResult> {
  return { card: vendorCard(ctx.services, group, requireVendor(ctx.services.store.read(), group.id, p.vendorId), ctx.locale) };
}

async function listVendors(ctx: TurnCtx, _p: z.infer<typeof base>, group: Group): Promise<CardActionResult> {
  const vendors = vendorsOf(ctx.services.store.read(), group.id);
  return {
    card: renderCard('vendors', vendorsListView(ctx.locale, group, vendors, localDate(ctx.services.clock.now(), group.timezone))),
  };
}

async function newVendor(ctx: TurnCtx, p: z.infer<typeof newPayload>, group: Group): Promise<CardActionResult> {
  const v = await ctx.services.store.update((db, tx) =>
    structuredClone(addVendor(db, tx, { groupId: group.id, actor: ctx.actor, name: p.vendorName })),
  );
  refreshVendorItemCards(ctx.services, group.id);
  return { card: vendorCard(ctx.services, group, v, ctx.locale, { feedback: ctx.t('vendor.created', { name: v.name }) }) };
}

async function editFromCard(ctx: TurnCtx, p: z.infer<typeof editPayload>, group: Group): Promise<CardActionResult> {
  const changes: VendorChange[] = [];
  if (p.vendorName !== undefined && p.vendorName.trim()) changes.push({ kind: 'name', name: p.vendorName });
  if (p.vendorContact !== undefined) changes.push({ kind: 'contact', contact: p.vendorContact });
  if (p.vendorResponsible !== undefined && p.vendorResponsible.trim()) {
    const key = p.vendorResponsible.trim();
    changes.push({ kind: 'responsible', person: key === 'chair' ? null : { aadObjectId: key, teamsId: key } });
  }
  if (p.vendorSigned !== undefined) changes.push({ kind: 'signed', date: cardDate(p.vendorSigned) });
  if (p.vendorValidUntil !== undefined) changes.push({ kind: 'certified', date: cardDate(p.vendorValidUntil) });
  if (p.vendorNotes !== undefined) changes.push({ kind: 'notes', text: p.vendorNotes });
  return applyChanges(ctx, group, p.vendorId, changes);
}

async function addMilestone(ctx: TurnCtx, p: z.infer<typeof milestonePayload>, group: Group): Promise<CardActionResult> {
  const d = cardDate(p.milestoneDate);
  if (!d) throw new AppError('vendor_bad_date', { text: '' });
  return applyChanges(ctx, group, p.vendorId, [
    { kind: 'milestone', date: d, text: p.milestoneText, amount: cardAmount(p.milestoneAmount) },
  ]);
}

async function markPaid(ctx: TurnCtx, p: z.infer<typeof paidPayload>, group: Group): Promise<CardActionResult> {
  return applyChanges(ctx, group, p.vendorId, [{ kind: 'milestoneDone', number: Number(p.milestoneNumber), done: true }]);
}

async function addTest(ctx: TurnCtx, p: z.infer<typeof testPayload>, group: Group): Promise<CardActionResult> {
  const from = cardDate(p.testFrom);
  const to = cardDate(p.testTo);
  if (!from || !to) throw new AppError('vendor_bad_date', { text: '' });
  return applyChanges(ctx, group, p.vendorId, [{ kind: 'test', from, to, text: p.testText }]);
}

export const vendorCardActions: CardActionDef[] = [
  cardAction({ verb: VERBS.vendorShow, data: withVendor, group: vendorGroup, run: showVendor }),
  cardAction({ verb: VERBS.vendorList, data: base, group: vendorsGroup, run: listVendors }),
  cardAction({ verb: VERBS.vendorNew, data: newPayload, group: vendorsGroup, run: newVendor }),
  cardAction({ verb: VERBS.vendorEdit, data: editPayload, group: vendorGroup, run: editFromCard }),
  cardAction({ verb: VERBS.vendorMilestone, data: milestonePayload, group: vendorGroup, run: addMilestone }),
  cardAction({ verb: VERBS.vendorPaid, data: paidPayload, group: vendorGroup, run: markPaid }),
  cardAction({ verb: VERBS.vendorTest, data: testPayload, group: vendorGroup, run: addTest }),
];

/**
 * The card of a due vendor reminder: the vendor card with a line on top saying what is due and
 * when, counted from the moment it is sent (a late one says so). Runs inside the store write.
 */
export const buildVendorReminderActivity: BuildReminderActivity = (db, r, target, now) => {
  const group = db.groups.find((g) => g.id === r.groupId)!;
  const locale = group.locale;
  const ref = parseVendorRef(r.ref)!;
  const v = (db.vendors ?? []).find((x) => x.groupId === group.id && x.id === ref.vendorId)!;
  const today = localDate(now, group.timezone);
  let banner: string;
  if (r.kind === 'vendor-certification') {
    const until = v.certification.validUntil!;
    const days = daysBetween(today, until);
    banner = t(locale, days < 0 ? 'vendor.reminder.certExpired' : 'vendor.reminder.cert', {
      name: v.name,
      date: formatDanishDate(until, locale),
      days,
    });
  } else {
    const m = v.agreement.milestones.find((x) => x.number === ref.milestone)!;
    const days = daysBetween(today, m.date);
    const key = days > 0 ? 'vendor.reminder.milestone' : days === 0 ? 'vendor.reminder.milestoneToday' : 'vendor.reminder.milestonePast';
    const amount = m.amount !== null ? ` (${amountLabel(locale, m.amount)})` : '';
    banner = t(locale, key, { name: v.name, date: formatDanishDate(m.date, locale), days, text: m.text, amount });
  }
  if (r.late) banner = `${banner} ${t(locale, 'vendor.reminder.late')}`;
  // Without a personal chat the responsible person is @mentioned in the group (Teams notifies them).
  const mentions = target.audience === 'group' ? target.people.map(mentionOf) : [];
  const lead = mentions.map((m) => m.text).join(', ');
  const card = renderCard('vendor', vendorCardView(locale, group, v, today, { banner: lead ? `${lead}: ${banner}` : banner }));
  const entities = mentions.flatMap((m) => (m.entity ? [m.entity] : []));
  if (entities.length) (card as Record<string, unknown>).msteams = { entities };
  return { type: 'message', summary: banner.slice(0, 200), attachments: [cardAttachment(card)] };
};
