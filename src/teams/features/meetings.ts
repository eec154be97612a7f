/**
 * Meetings and agenda in Teams (issue #5): møder / dagsorden / nyt møde / flyt møde / aflys møde /
 * fremmøde and the item card's decision (item.decide); the agenda file upload is agenda-upload.ts.
 * Use-cases: src/app/meetings.ts. Views: src/cards/views/meetings.ts.
 * What people type is parsed in meeting-input.ts.
 */

import { z } from 'zod';
import { cardGroup } from '../card-group.js';
import { cardAction, CARD_ID as id } from '../card-action.js';
import { cardNumber } from '../card-input.js';

import {
  cancelMeeting,
  createMeeting,
  defaultMeeting,
  findMeeting,
  groupToday,
  meetingsOf,
  moveMeeting,
  OUTCOMES,
  recordDecision,
  postAgenda,
  recordAgendaCard,
  setAttendance,
} from '../../app/meetings.js';
import { approvePreviousMinutesIfItemApproves } from '../../app/minutes.js';

import { cardAttachment, renderCard, type CardJson } from '../../cards/render.js';
import { agendaItemView, agendaOverviewView, attendanceView, meetingsView, whenText } from '../../cards/views/meetings.js';
import { VERBS } from '../../cards/verbs.js';
import { formatDanishDate } from '../../domain/dates.js';
import type { ConversationRef, Db, Group, Locale, Outcome, Person } from '../../domain/model.js';
import { findMember, findMemberByName, may, personKey } from '../../domain/roster.js';
import { AppError } from '../../errors.js';

import { registerMessages } from '../../i18n/index.js';
import messages from '../../i18n/messages/meetings.js';
import { plural } from '../../i18n/plural.js';
import { outboxHandler, type CommandDef, type Feature, type TurnCtx } from '../types.js';
import { leadingNumber, parseAttendance, parseMoveMeeting, parseNewMeeting, tokens, type AttendanceCommand } from './meeting-input.js';

registerMessages(messages);

// ------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------

const now = (ctx: TurnCtx) => ctx.services.clock.now();

/** The conversation reference of a shared card we posted: the group's chat or a linked meeting chat. */
function conversationOf(group: Group, conversationId: string, fallback?: ConversationRef): ConversationRef | null {
  if (group.conversation.conversationId === conversationId) return group.conversation;
  const link = group.linkedChats.find((l) => l.conversation.conversationId === conversationId);
  if (link) return link.conversation;
  return fallback && fallback.conversationId === conversationId ? fallback : null;
}

function requireOnRoster(ctx: TurnCtx, group: Group): void {
  if (findMember(group, ctx.actor)) return;
  ctx.services.security.record({
    at: now(ctx).toISOString(),
    actor: personKey(ctx.actor),
    code: 'not_member',
    detail: `meetings in ${group.id}`,
  });
  throw new AppError('not_member');
}

function itemCard(db: Readonly<Db>, groupId: string, meetingNo: number, itemNo: number): CardJson | null {
  const group = db.groups.find((g) => g.id === groupId);
  const meeting = db.meetings.find((m) => m.groupId === groupId && m.number === meetingNo);
  const item = meeting?.items.find((i) => i.number === itemNo);
  return group && meeting && item
    ? renderCard('agenda-item', agendaItemView(group.locale, group, meeting, item, db.vendors, db.actions))
    : null;
}

function overviewCard(db: Readonly<Db>, groupId: string, meetingNo: number): CardJson | null {
  const group = db.groups.find((g) => g.id === groupId);
  const meeting = db.meetings.find((m) => m.groupId === groupId && m.number === meetingNo);
  return group && meeting ? renderCard('agenda-overview', agendaOverviewView(group.locale, group, meeting)) : null;
}

/**
 * After a decision: the item's shared card (and the card that was clicked, if it is another copy)
 * and the agenda overview are updated for everyone — scheduled, never awaited, built from the
 * store when the PUT is made.
 */
function scheduleSharedUpdates(ctx: TurnCtx, groupId: string, meetingNo: number, itemNo: number): void {
  const db = ctx.services.store.read();
  const group = db.groups.find((g) => g.id === groupId);
  const meeting = db.meetings.find((m) => m.groupId === groupId && m.number === meetingNo);
  const item = meeting?.items.find((i) => i.number === itemNo);
  if (!group || !meeting || !item) return;
  const store = ctx.services.store;
  const targets = new Map<string, { ref: ConversationRef; id: string; build: () => CardJson | null }>();
  const add = (conversationId: string, id: string | undefined | null, build: () => CardJson | null, fallback?: ConversationRef) => {
    if (!id) return;
    const ref = conversationOf(group, conversationId, fallback);
    if (ref) targets.set(`${conversationId}|${id}`, { ref, id, build });
  };
  const buildItem = () => itemCard(store.read(), groupId, meetingNo, itemNo);
  if (item.card) add(item.card.conversationId, item.card.activityId, buildItem);
  if (ctx.turn.activity.replyToId) add(ctx.conversation.conversationId, ctx.turn.activity.replyToId, buildItem, ctx.conversation);
  if (meeting.overviewCard)
    add(meeting.overviewCard.conversationId, meeting.overviewCard.activityId, () => overviewCard(store.read(), groupId, meetingNo));
  for (const t of targets.values()) ctx.services.delivery.updateCard(t.ref, t.id, t.build);
}

const when = (locale: Locale, m: { date: string; start: string; end: string }) => whenText(locale, m);

const cardActivity = (card: CardJson) => ({ type: 'message', attachments: [cardAttachment(card)] });

// ------------------------------------------------------------------------------------------
// Commands
// ------------------------------------------------------------------------------------------

const optionalNumber = (args: string, example: string): number | null => {
  const s = args.trim();
  if (!s) return null;
  const n = leadingNumber(tokens(s));
  if (!n || n.rest.length) throw new AppError('bad_command', { detail: example });
  return n.number;
};

const meetingsCommand: CommandDef = {
  id: 'meetings',
  names: { da: ['møder', 'moeder'], en: ['meetings'] },
  usage: { da: 'møder', en: 'meetings' },
  summary: { da: 'Viser gruppens kommende møder.', en: 'Shows the group’s upcoming meetings.' },
  section: 'meetings',
  who: 'all',
  async run(ctx) {
    const group = ctx.group();
    requireOnRoster(ctx, group);
    const today = groupToday(group, now(ctx));
    const list = meetingsOf(ctx.services.store.read(), group.id).filter((m) => m.date >= today && m.status !== 'held');
    await ctx.reply(renderCard('meetings', meetingsView(ctx.locale, group, list, today)));
  },
};

const agendaCommand: CommandDef = {
  id: 'agenda',
  names: { da: ['dagsorden', 'dagsordenen'], en: ['agenda'] },
  usage: { da: 'dagsorden [mødenr]', en: 'agenda [meeting no]' },
  summary: {
    da: 'Lægger dagsordenen for næste (eller N.) møde ud: en oversigt og et kort pr. punkt til beslutninger.',
    en: 'Posts the agenda of the next (or Nth) meeting: an overview and one card per item for decisions.',
  },
  section: 'meetings',
  who: 'all',
  async run(ctx, args) {
    const group = ctx.group();
    requireOnRoster(ctx, group);
    const n = optionalNumber(args, ctx.locale === 'da' ? 'dagsorden 2' : 'agenda 2');
    const db = ctx.services.store.read();
    const meeting = n !== null ? findMeeting(db, group.id, n) : defaultMeeting(db, group, now(ctx), ctx.linkedMeeting());
    const personal = ctx.conversation.conversationType === 'personal';
    if (!may(group, ctx.actor, 'manageMeetings')) {
      await ctx.reply(renderCard('agenda-overview', agendaOverviewView(ctx.locale, group, meeting)));
      await ctx.reply(ctx.t(personal ? 'agenda.personal' : 'agenda.member', { number: meeting.number }));
      return;
    }
    // The cards go to the group's chat, or to this linked meeting chat; from personal chat to the group.
    const target = personal ? group.conversation : (conversationOf(group, ctx.conversation.conversationId) ?? group.conversation);
    const { queued } = await ctx.services.store.update((d, tx) =>
      postAgenda(d, tx, {
        groupId: group.id,
        actor: ctx.actor,
        meeting: meeting.number,
        conversation: target,
        // Shared cards speak the group's language, whoever asked.
        render: (g, m) => ({
          overview: cardActivity(renderCard('agenda-overview', agendaOverviewView(g.locale, g, m))),
          items: m.items.map((i) => ({
            number: i.number,
            activity: cardActivity(renderCard('agenda-item', agendaItemView(g.locale, g, m, i, d.vendors, d.actions))),
          })),
        }),
      }),
    );
    ctx.services.delivery.kick();
    if (!meeting.items.length) await ctx.reply(ctx.t('agenda.no_items', { number: meeting.number }));
    else if (personal) await ctx.reply(ctx.t('agenda.sent', { number: meeting.number, cards: plural(ctx.locale, queued, 'card') }));
  },
};

const newMeetingCommand: CommandDef = {
  id: 'new-meeting',
  names: { da: ['nyt møde', 'nyt moede'], en: ['new meeting'] },
  usage: { da: 'nyt møde {exampleDate} 12.30-14.00 [sted]', en: 'new meeting {exampleDate} 12:30-14:00 [location]' },
  summary: {
    da: 'Opretter et møde med de faste punkter og de udsatte punkter fra sidste møde.',
    en: 'Creates a meeting with the standing items and the postponed items of the last meeting.',
  },
  section: 'meetings',
  who: 'chair/referent',
  async run(ctx, args) {
    const group = ctx.group();
    const input = parseNewMeeting(args, groupToday(group, now(ctx)), group.timezone);
    const m = await ctx.services.store.update((db, tx) => createMeeting(db, tx, { groupId: group.id, actor: ctx.actor, ...input }));
    const carried = m.items.filter((i) => i.carriedFrom);
    let text = ctx.t('meeting.created', {
      number: m.number,
      when: when(ctx.locale, m),
      location: m.location ? ctx.t('meeting.at', { location: m.location }) : '',
      items: plural(ctx.locale, m.items.length, 'item'),
    });
    if (carried.length)
      text += ctx.t('meeting.created.carried', {
        items: plural(ctx.locale, carried.length, 'item'),
        from: carried[0].carriedFrom!,
        titles: carried.map((i) => `"${i.title}"`).join(', '),
      });
    text += ctx.t('meeting.created.hint', { number: m.number });
    await ctx.reply(text);
  },
};

const moveMeetingCommand: CommandDef = {
  id: 'move-meeting',
  names: { da: ['flyt møde', 'flyt moede'], en: ['move meeting'] },
  usage: { da: 'flyt møde N <dato> [tid]', en: 'move meeting N <date> [time]' },
  summary: { da: 'Flytter et møde; påmindelserne flytter med.', en: 'Moves a meeting; its reminders move with it.' },
  section: 'meetings',
  who: 'chair/referent',
  async run(ctx, args) {
    const group = ctx.group();
    const input = parseMoveMeeting(args, groupToday(group, now(ctx)), group.timezone);
    const r = await ctx.services.store.update((db, tx) => moveMeeting(db, tx, { groupId: group.id, actor: ctx.actor, ...input }));
    await ctx.reply(
      ctx.t(r.changed ? 'meeting.moved' : 'meeting.unchanged', { number: r.meeting.number, when: when(ctx.locale, r.meeting) }),
    );
  },
};

const cancelMeetingCommand: CommandDef = {
  id: 'cancel-meeting',
  names: { da: ['aflys møde', 'aflys moede'], en: ['cancel meeting'] },
  usage: { da: 'aflys møde N', en: 'cancel meeting N' },
  summary: { da: 'Aflyser et møde og dets påmindelser.', en: 'Cancels a meeting and its reminders.' },
  section: 'meetings',
  who: 'chair/referent',
  async run(ctx, args) {
    const group = ctx.group();
    const n = optionalNumber(args, ctx.locale === 'da' ? 'aflys møde 3' : 'cancel meeting 3');
    if (n === null) throw new AppError('bad_command', { detail: ctx.locale === 'da' ? 'aflys møde 3' : 'cancel meeting 3' });
    const r = await ctx.services.store.update((db, tx) => cancelMeeting(db, tx, { groupId: group.id, actor: ctx.actor, number: n }));
    await ctx.reply(
      ctx.t(r.changed ? 'meeting.cancelled' : 'meeting.already_cancelled', {
        number: r.meeting.number,
        date: formatDanishDate(r.meeting.date, ctx.locale),
      }),
    );
  },
};

/** Who an attendance command is about: @mentions, "alle", or typed roster names. */
async function attendees(
  ctx: TurnCtx,
  group: Group,
  cmd: AttendanceCommand,
  participants: string[],
): Promise<Pick<Person, 'name' | 'aadObjectId'>[]> {
  const mentioned = await ctx.mentions();
  if (mentioned.length) return mentioned.map((p) => ({ name: findMember(group, p)?.name ?? p.name, aadObjectId: p.aadObjectId }));
  if (cmd.all) return group.roster.filter((m) => m.role !== 'observer').map((m) => ({ name: m.name, aadObjectId: m.aadObjectId }));
  return cmd.names.map((name) => {
    const found = findMemberByName(group, name);
    if (found.length === 1) return { name: found[0].name, aadObjectId: found[0].aadObjectId };
    if (found.length > 1) throw new AppError('bad_input', { detail: `"${name}": ${found.map((m) => m.name).join(', ')}` });
    const guest = participants.find((p) => p.toLowerCase() === name.toLowerCase());
    if (guest) return { name: guest, aadObjectId: null };
    throw new AppError('member_unknown', { name });
  });
}

const attendanceCommand: CommandDef = {
  id: 'attendance',
  names: { da: ['fremmøde', 'fremmoede'], en: ['attendance'] },
  usage: { da: 'fremmøde [N] til stede|afbud @navn …', en: 'attendance [N] present|absent @name …' },
  summary: { da: 'Viser eller registrerer fremmøde til referatet.', en: 'Shows or records attendance for the minutes.' },
  section: 'meetings',
  who: 'chair/referent',
  async run(ctx, args) {
    const group = ctx.group();
    requireOnRoster(ctx, group);
    const cmd = parseAttendance(args);
    const db = ctx.services.store.read();
    const meeting = cmd.number !== null ? findMeeting(db, group.id, cmd.number) : defaultMeeting(db, group, now(ctx), ctx.linkedMeeting());
    if (cmd.present === null) {
      await ctx.reply(renderCard('attendance', attendanceView(ctx.locale, group, meeting)));
      return;
    }
    const people = await attendees(
      ctx,
      group,
      cmd,
      meeting.participants.map((p) => p.name),
    );
    if (!people.length) throw new AppError('attendance_nobody');
    const r = await ctx.services.store.update((d, tx) =>
      setAttendance(d, tx, {
        groupId: group.id,
        actor: ctx.actor,
        meeting: meeting.number,
        people,
        present: cmd.present!,
      }),
    );
    if (!r.changed.length) return void (await ctx.reply(ctx.t('attendance.unchanged', { number: meeting.number })));
    await ctx.reply(
      ctx.t(cmd.present ? 'attendance.set.present' : 'attendance.set.absent', {
        number: meeting.number,
        names: r.changed.map((a) => a.name).join(', '),
      }),
    );
  },
};

// ------------------------------------------------------------------------------------------
// Card actions
// ------------------------------------------------------------------------------------------

const decidePayload = z.object({
  groupId: id,
  meeting: cardNumber(1, 100_000),
  item: cardNumber(1, 10_000),
  outcome: z.enum(OUTCOMES as [Outcome, ...Outcome[]]),
  // Longer than the limit on purpose: the use-case refuses with the precise message.
  decision: z.string().max(20_000).nullish(),
  // Absent on cards posted before items could move. Not named `key`: the Agents Playground sends no click whose data has one.
  itemKey: z.string().max(16).nullish(),
});

/** A decision click without an outcome says to pick one; any other bad payload is `bad_input`. */
function refuseDecision(ctx: TurnCtx, raw: Record<string, unknown>): never {
  throw new AppError('bad_input', { detail: raw.outcome ? 'item.decide' : ctx.t('item.decide.outcome.error') });
}

/** "Gem beslutning" on an item card: the decision, then everybody's copy of the item and the overview. */
const decideAction = cardAction({
  verb: VERBS.itemDecide,
  data: decidePayload,
  refuse: refuseDecision,
  // The card's group must be this conversation's (or, in personal chat, one the clicker is on).
  group: (ctx, groupId) => cardGroup(ctx, groupId, 'agenda item'),
  async run(ctx, p, group) {
    const groupId = group.id;
    await ctx.services.store.update((db, tx) => {
      const r = recordDecision(db, tx, {
        groupId,
        actor: ctx.actor,
        meeting: p.meeting,
        item: p.item,
        outcome: p.outcome,
        decision: p.decision ?? null,
        key: p.itemKey ?? null,
      });
      // "Godkendelse af referat" approved → the previous meeting's minutes are approved, same write.
      if (r.changed) approvePreviousMinutesIfItemApproves(db, tx, groupId, p.meeting, p.item, ctx.actor);
    });
    scheduleSharedUpdates(ctx, groupId, p.meeting, p.item);
    const card = itemCard(ctx.services.store.read(), groupId, p.meeting, p.item);
    if (!card) throw new AppError('item_unknown', { item: p.item, meeting: p.meeting });
    return { card };
  },
});

// ------------------------------------------------------------------------------------------

/** Agenda cards go out through the outbox: remember each one where it landed, for updates. */
const agendaCardSent = outboxHandler({
  kind: 'agendaCard',
  async sent(services, item, ref, activityId) {
    if (!activityId) return;
    await services.store.update((db) => void recordAgendaCard(db, ref, { conversationId: item.conversation.conversationId, activityId }));
  },
});

export function meetingsFeature(): Feature {
  return {
    name: 'meetings',
    commands: [meetingsCommand, agendaCommand, newMeetingCommand, moveMeetingCommand, cancelMeetingCommand, attendanceCommand],
    cardActions: [decideAction],
    outbox: [agendaCardSent],
  };
}

// The upload's ports and limits, where tests and the material feature have always found them.
export { DOWNLOAD_TIMEOUT_MS, FILE_DOWNLOAD_INFO, MAX_UPLOAD_BYTES, uploadPorts } from './agenda-upload.js';
