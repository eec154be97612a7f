/**
 * Status reports on standing items, Teams side:
 *
 * - the `status-request` / `status-nudge` reminders' cards (built for features/reminders.ts's
 *   send port): the status form to each presenter, and the chair's "presenter missing" notice;
 * - `status.submit`: the presenter (or chair/referent) submits the card; the answer is the
 *   receipt ("Tak – status modtaget" with "Ret status"); the item's shared agenda card follows;
 * - `oplægsholder 2.3 @person` / `presenter 2.3 @person`: the chair names an item's presenter;
 * - `status 2.3`: the status card of a standing item in this conversation (to fill in now).
 */
import { z } from 'zod';
import { defaultMeeting, findItem, findMeeting } from '../../app/meetings.js';
import { setPresenter, statusTargetItem, submitStatus, unassignedItems, itemsToAsk } from '../../app/status-requests.js';
import { cardAttachment, renderCard, type CardJson } from '../../cards/render.js';
import { VERBS } from '../../cards/verbs.js';
import { agendaItemView } from '../../cards/views/meetings.js';
import { missingPresenterView, statusCardView } from '../../cards/views/status.js';
import type { ConversationRef, Db, Group, Person, Reminder } from '../../domain/model.js';
import { findMember, findMemberByName, personKey } from '../../domain/roster.js';
import { STATUS_NUDGE_KIND, isStandingStatusItem } from '../../domain/standing-status.js';
import { AppError } from '../../errors.js';
import { registerMessages } from '../../i18n/index.js';
import messages from '../../i18n/messages/status.js';
import { cardAction, CARD_ID } from '../card-action.js';
import { cardGroup } from '../card-group.js';
import { cardNumber } from '../card-input.js';
import type { CommandDef, Feature, TurnCtx } from '../types.js';

registerMessages(messages);

const withMentions = (card: CardJson, mentions: unknown[]): CardJson => {
  if (mentions.length) (card as Record<string, unknown>).msteams = { entities: mentions };
  return card;
};

/**
 * The card for one recipient of a due status reminder (runs inside the store write that queues
 * it): the status form for the target's item, or — key `chair` — the notice listing the items
 * with nobody to ask.
 */
export function buildStatusReminderActivity(
  db: Readonly<Db>,
  r: Readonly<Reminder>,
  target: { key: string; audience: string; people: Person[] },
): Record<string, unknown> {
  const group = db.groups.find((g) => g.id === r.groupId)!;
  const meeting = db.meetings.find((m) => m.groupId === r.groupId && m.number === r.meeting)!;
  const number = statusTargetItem(target.key);
  let view: { data: object; mentions: unknown[]; summary: string };
  let name: string;
  if (number === null) {
    const unassigned = unassignedItems(group, itemsToAsk(group, meeting, r.kind));
    view = missingPresenterView(group.locale, group, meeting, unassigned, target.people, r.kind === STATUS_NUDGE_KIND);
    name = 'reminder';
  } else {
    view = statusCardView({
      locale: group.locale,
      group,
      meeting,
      item: findItem(meeting, number),
      mode: r.kind === STATUS_NUDGE_KIND ? 'nudge' : 'request',
      audience: target.audience === 'personal' ? 'personal' : 'group',
      lateSince: r.late ? r.dueAt : null,
    });
    name = 'status-request';
  }
  const card = withMentions(renderCard(name, view.data), view.mentions);
  return { type: 'message', summary: view.summary.slice(0, 200), attachments: [cardAttachment(card)] };
}

/** The conversation of a shared card we posted: the group's chat or a linked meeting chat. */
function conversationOf(group: Group, conversationId: string): ConversationRef | null {
  if (group.conversation.conversationId === conversationId) return group.conversation;
  return group.linkedChats.find((l) => l.conversation.conversationId === conversationId)?.conversation ?? null;
}

/** The item's shared agenda card shows the new status (or presenter) for everyone; never awaited. */
function updateAgendaCard(ctx: TurnCtx, groupId: string, meetingNo: number, itemNo: number): void {
  const db = ctx.services.store.read();
  const group = db.groups.find((g) => g.id === groupId);
  const posted = db.meetings.find((m) => m.groupId === groupId && m.number === meetingNo)?.items.find((i) => i.number === itemNo)?.card;
  const ref = group && posted ? conversationOf(group, posted.conversationId) : null;
  if (!ref || !posted) return;
  const store = ctx.services.store;
  ctx.services.delivery.updateCard(ref, posted.activityId, () => {
    const d = store.read();
    const g = d.groups.find((x) => x.id === groupId);
    const m = d.meetings.find((x) => x.groupId === groupId && x.number === meetingNo);
    const i = m?.items.find((x) => x.number === itemNo);
    return g && m && i ? renderCard('agenda-item', agendaItemView(g.locale, g, m, i, d.vendors, d.actions)) : null;
  });
}

function statusCardFor(ctx: TurnCtx, groupId: string, meetingNo: number, itemNo: number): CardJson {
  const db = ctx.services.store.read();
  const group = db.groups.find((g) => g.id === groupId)!;
  const meeting = findMeeting(db, groupId, meetingNo);
  const item = findItem(meeting, itemNo);
  const audience = ctx.conversation.conversationType === 'personal' ? 'personal' : 'group';
  const view = statusCardView({ locale: group.locale, group, meeting, item, mode: 'manual', audience });
  return renderCard('status-request', view.data);
}

// ------------------------------------------------------------------------------------------------

/** Text fields longer than the limits on purpose: the use-case refuses with the precise message. */
const text = z.string().max(20_000).nullish();
const submitPayload = z.object({
  groupId: CARD_ID,
  meeting: cardNumber(1, 100_000),
  item: cardNumber(1, 10_000),
  rating: z.unknown(),
  summary: text,
  points: text,
  links: text,
});

/** "Send status" on the status card: the report, then the item's shared agenda card; the answer is the receipt. */
const submitAction = cardAction({
  verb: VERBS.statusSubmit,
  data: submitPayload,
  what: 'status.submit',
  group: (ctx, groupId) => cardGroup(ctx, groupId, 'status'),
  async run(ctx, p, group) {
    const res = await ctx.services.store.update((db, tx) =>
      submitStatus(db, tx, {
        groupId: group.id,
        actor: ctx.actor,
        meeting: p.meeting,
        item: p.item,
        input: { rating: p.rating, summary: p.summary, points: p.points, links: p.links },
      }),
    );
    if (res.changed) updateAgendaCard(ctx, group.id, p.meeting, p.item);
    return { card: statusCardFor(ctx, group.id, p.meeting, p.item) };
  },
});

// ------------------------------------------------------------------------------------------------

/** "2.3" (meeting 2, item 3) or "3" (item 3 of the next meeting, or of the linked meeting). */
function itemRef(ctx: TurnCtx, group: Group, word: string | undefined, usageKey: string): { meeting: number; item: number } {
  const m = /^(?:(\d{1,6})\.)?(\d{1,5})\.?$/.exec(word ?? '');
  if (!m) throw new AppError('bad_input', { detail: ctx.t(usageKey) });
  const meeting = m[1]
    ? Number(m[1])
    : defaultMeeting(ctx.services.store.read(), group, ctx.services.clock.now(), ctx.linkedMeeting()).number;
  return { meeting, item: Number(m[2]) };
}

async function presenterTarget(ctx: TurnCtx, group: Group, rest: string): Promise<Person | null> {
  const [mentioned] = await ctx.mentions();
  if (mentioned) return mentioned;
  const name = rest
    .replace(/<\/?at>/g, '')
    .replace(/^@/, '')
    .trim();
  if (/^(ingen|none|-)$/i.test(name)) return null;
  if (!name) throw new AppError('bad_input', { detail: ctx.t('status.presenter.usage') });
  const found = findMemberByName(group, name);
  if (found.length === 1) return found[0];
  if (found.length > 1) throw new AppError('bad_input', { detail: found.map((x) => x.name).join(', ') });
  throw new AppError('member_unknown', { name: name.slice(0, 80) });
}

const presenterCommand: CommandDef = {
  id: 'presenter',
  names: { da: ['oplægsholder', 'oplaegsholder'], en: ['presenter'] },
  usage: { da: 'oplægsholder ‹mødenr›.‹punkt› @navn', en: 'presenter ‹meeting›.‹item› @name' },
  summary: {
    da: 'Sætter oplægsholderen for et punkt (hun/han får statusanmodningen til de faste punkter).',
    en: 'Sets the presenter of an item (who gets the status request for standing items).',
  },
  section: 'meetings',
  who: 'chair',
  async run(ctx, args) {
    const group = ctx.group();
    const [word, ...rest] = args.trim().split(/\s+/);
    const ref = itemRef(ctx, group, word, 'status.presenter.usage');
    const person = await presenterTarget(ctx, group, rest.join(' '));
    const res = await ctx.services.store.update((db, tx) =>
      structuredClone(setPresenter(db, tx, { groupId: group.id, actor: ctx.actor, ...ref, person })),
    );
    if (res.changed) updateAgendaCard(ctx, group.id, ref.meeting, ref.item);
    const params = {
      meeting: ref.meeting,
      number: ref.item,
      title: res.item.title,
      name: res.member?.name ?? '',
      presenter: res.item.presenter ?? '–',
    };
    await ctx.reply(
      ctx.t(!res.member ? 'status.presenter.cleared' : res.changed ? 'status.presenter.set' : 'status.presenter.same', params),
    );
  },
};

const statusCommand: CommandDef = {
  id: 'status',
  names: { da: ['status'], en: ['status'] },
  usage: { da: 'status ‹mødenr›.‹punkt›', en: 'status ‹meeting›.‹item›' },
  summary: {
    da: 'Viser statuskortet for et fast punkt, så oplægsholderen (eller formand/referent) kan give status nu.',
    en: 'Shows the status card of a standing item, so the presenter (or chair/referent) can give the status now.',
  },
  section: 'meetings',
  who: 'all',
  async run(ctx, args) {
    const group = ctx.group();
    if (!findMember(group, ctx.actor)) {
      ctx.services.security.record({
        at: ctx.services.clock.now().toISOString(),
        actor: personKey(ctx.actor),
        code: 'not_member',
        detail: `status in ${group.id}`,
      });
      throw new AppError('not_member');
    }
    const ref = itemRef(ctx, group, args.trim().split(/\s+/)[0], 'status.command.usage');
    const meeting = findMeeting(ctx.services.store.read(), group.id, ref.meeting);
    const item = findItem(meeting, ref.item);
    if (!isStandingStatusItem(item.title, group.standingItems)) throw new AppError('status_not_standing', { number: item.number });
    await ctx.reply(statusCardFor(ctx, group.id, ref.meeting, ref.item));
  },
};

export function statusFeature(): Feature {
  return { name: 'status', commands: [presenterCommand, statusCommand], cardActions: [submitAction] };
}
