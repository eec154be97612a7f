/**
 * Reminders before meetings, nudges, and the Teams meeting itself (issue #8), Teams side:
 *
 * - the reminder sweep on the job runner, with a send port that queues each due reminder's cards
 *   in the outbox and marks it sent in the same store write (src/app/reminders.ts explains why
 *   that makes a second send for the same reminder a no-op);
 * - `påmindelser` / `reminders`: the plan of the next meeting; the chair sets the offsets;
 * - Teams meeting start/end events in a linked meeting chat: agenda overview / summary cards.
 *
 * The meetings card's calendar button is features/calendar.ts.
 */
import type { TurnContext } from 'botbuilder';
import {
  nextMeeting,
  openActions,
  openRounds,
  parseReminderOffsets,
  recordMeetingEvent,
  reflectOutbox,
  remindersOfMeeting,
  sendReminderInTx,
  setReminderOffsets,
  voteCounts,
  type BuildReminderActivity,
} from '../../app/reminders.js';
import type { Services } from '../../app/services.js';
import { cardAttachment, renderCard, type CardJson } from '../../cards/render.js';
import { meetingEndView, meetingStartView, offsetsText, reminderPlanView, reminderView } from '../../cards/views/reminders.js';
import type { Db, Group, Meeting } from '../../domain/model.js';
import { registerMessages } from '../../i18n/index.js';
import messages from '../../i18n/messages/reminders.js';
import { createReminderSweep, type SendReminder } from '../../scheduler/reminders.js';
import { outboxHandler, type Feature, type TurnCtx } from '../types.js';
import { isVendorReminderKind } from '../../domain/vendors.js';
import { buildVendorReminderActivity } from './vendor-cards.js';
import { isStatusReminderKind } from '../../domain/standing-status.js';
import { buildStatusReminderActivity } from './status.js';

import { DIGEST_KIND } from '../../app/digest.js';
import { digestActivity } from './digest.js';
import { AGENDA_REMINDER_KIND } from '../../domain/agenda-publication.js';
import { agendaReminderActivity } from './agenda-shared.js';

registerMessages(messages);

export const MEETING_START_EVENT = 'application/vnd.microsoft.meetingStart';
export const MEETING_END_EVENT = 'application/vnd.microsoft.meetingEnd';

const messageWithCard = (card: CardJson, summary: string): Record<string, unknown> => ({
  type: 'message',
  summary: summary.slice(0, 200),
  attachments: [cardAttachment(card)],
});

/** The card for one recipient of a due reminder (runs inside the store write that queues it). */
export const buildReminderActivity: BuildReminderActivity = (db, r, target, now) => {
  if (r.kind === DIGEST_KIND) return digestActivity(db, r);
  if (isStatusReminderKind(r.kind)) return buildStatusReminderActivity(db, r, target);
  if (isVendorReminderKind(r.kind)) return buildVendorReminderActivity(db, r, target, now);
  if (r.kind === AGENDA_REMINDER_KIND) return agendaReminderActivity(db, r);
  const group = db.groups.find((g) => g.id === r.groupId)!;
  const meeting = r.meeting !== null ? (db.meetings.find((m) => m.groupId === r.groupId && m.number === r.meeting) ?? null) : null;
  const rounds = openRounds(db, group.id);
  const counts = Object.fromEntries(rounds.map((v) => [v.id, voteCounts(group, v)]));
  const view = reminderView({
    locale: group.locale,
    group,
    reminder: r,
    meeting,
    audience: target.audience,
    people: target.people,
    now,
    actions: openActions(db, group.id),
    rounds,
    counts,
  });
  const card = renderCard('reminder', view.data);
  if (view.mentions.length) (card as Record<string, unknown>).msteams = { entities: view.mentions };
  return messageWithCard(card, view.summary);
};

/** The reminder sweep's send port: one store write queues the cards and marks the reminder sent. */
export function reminderSendPort(services: Services): SendReminder {
  return async (r) => {
    const res = await services.store.update((db, tx) => sendReminderInTx(db, tx, r.id, buildReminderActivity));
    if (res.queued) services.delivery.kick();
    if (res.outcome === 'skipped') services.log.info({ reminderId: r.id, kind: r.kind }, 'reminder has nobody left to tell; cancelled');
    return { outboxId: res.outboxId };
  };
}

function planCard(ctx: TurnCtx, db: Readonly<Db>, group: Group): CardJson | string {
  const meeting = nextMeeting(db, group, ctx.services.clock.now());
  if (!meeting) return ctx.t('reminders.plan.none', { offsets: offsetsText(group.reminderOffsets, ctx.locale) });
  const reminders = remindersOfMeeting(db, group.id, meeting.number).filter((r) => r.status !== 'cancelled');
  return renderCard('reminder-plan', reminderPlanView({ locale: ctx.locale, group, meeting, reminders }));
}

function meetingStartActivity(db: Readonly<Db>, group: Group, meeting: Meeting): Record<string, unknown> {
  const view = meetingStartView({ locale: group.locale, group, meeting });
  return messageWithCard(renderCard('meeting-start', view), view.title);
}

function meetingEndActivity(db: Readonly<Db>, group: Group, meeting: Meeting): Record<string, unknown> {
  const from = meeting.startedAt ? Date.parse(meeting.startedAt) : NaN;
  const to = meeting.endedAt ? Date.parse(meeting.endedAt) : NaN;
  const newActions = db.actions.filter((a) => {
    if (a.groupId !== group.id) return false;
    if (a.source.meeting === meeting.number) return true;
    const at = Date.parse(a.createdAt);
    return !Number.isNaN(from) && !Number.isNaN(to) && at >= from && at <= to;
  });
  const view = meetingEndView({ locale: group.locale, group, meeting, newActions });
  return messageWithCard(renderCard('meeting-end', view), view.title);
}

const isMeetingEvent = (turn: TurnContext): boolean =>
  turn.activity.type === 'event' && (turn.activity.name === MEETING_START_EVENT || turn.activity.name === MEETING_END_EVENT);

/** Outbox feedback: a reminder follows its messages (sent with Teams' id, failed, uncertain). */
const reminderMessage = outboxHandler({
  kind: 'reminder',
  sent: (services, _item, ref) => services.store.update((db) => void reflectOutbox(db, ref.reminderId)),
  undelivered: (services, _item, ref) => services.store.update((db) => void reflectOutbox(db, ref.reminderId)),
});

export function remindersFeature(): Feature {
  return {
    name: 'reminders',
    outbox: [reminderMessage],
    sweeps: (services) => [createReminderSweep({ store: services.store, send: reminderSendPort(services), log: services.log })],
    commands: [
      {
        id: 'reminders',
        names: { da: ['påmindelser', 'paamindelser', 'påmindelse'], en: ['reminders'] },
        usage: { da: 'påmindelser [14d 2d 1h] [kl 09:00]', en: 'reminders [14d 2d 1h] [at 09:00]' },
        summary: {
          da: 'Viser påmindelserne før næste møde. Formanden ændrer tidspunkterne (dage/timer før).',
          en: 'Shows the reminders before the next meeting. The chair changes the times (days/hours before).',
        },
        section: 'meetings',
        who: 'all',
        async run(ctx, args) {
          const group = ctx.group();
          if (args.trim()) {
            const offsets = parseReminderOffsets(args, group.reminderOffsets);
            const res = await ctx.services.store.update((db, tx) =>
              setReminderOffsets(db, tx, { groupId: group.id, actor: ctx.actor, offsets }),
            );
            ctx.services.kickJobs();
            await ctx.reply(
              ctx.t('reminders.set.done', {
                offsets: offsetsText(res.after, ctx.locale),
                moved: res.sync.created + res.sync.moved,
                meetings: res.meetings,
              }),
            );
          }
          const db = ctx.services.store.read();
          await ctx.reply(planCard(ctx, db, db.groups.find((g) => g.id === group.id) ?? group));
        },
      },
    ],
    events: [
      {
        matches: isMeetingEvent,
        async run(ctx) {
          const a = ctx.turn.activity;
          const kind = a.name === MEETING_START_EVENT ? 'start' : 'end';
          const number = ctx.linkedMeeting();
          if (number === null) {
            ctx.services.log.info(
              { event: a.name, conversationId: ctx.conversation.conversationId },
              'meeting event in a chat not linked to a group meeting; ignored',
            );
            return;
          }
          const group = ctx.group();
          const v = (a.value ?? {}) as Record<string, unknown>;
          const at =
            typeof v[kind === 'start' ? 'StartTime' : 'EndTime'] === 'string'
              ? String(v[kind === 'start' ? 'StartTime' : 'EndTime'])
              : null;
          const joinUrl = typeof v.JoinUrl === 'string' ? v.JoinUrl : null;
          const eventId = String(a.id || `${kind}:${String(v.Id ?? '')}:${at ?? ''}`).slice(0, 200);
          const res = await ctx.services.store.update((db, tx) =>
            recordMeetingEvent(db, tx, {
              groupId: group.id,
              meetingNumber: number,
              kind,
              at,
              joinUrl,
              conversation: ctx.conversation,
              eventId,
              build: (d, g, m) => (kind === 'start' ? meetingStartActivity(d, g, m) : meetingEndActivity(d, g, m)),
            }),
          );
          if (res) ctx.services.delivery.kick();
          ctx.services.log.info({ event: kind, groupId: group.id, meeting: number, duplicate: !res }, 'meeting event');
        },
      },
    ],
  };
}
