/**
 * Building the agenda in Teams (issue #15), the commands: nyt punkt / ret punkt / flyt punkt /
 * slet punkt, redigér dagsorden (the edit card), udsend dagsorden, faste punkter and fast punkt
 * tilføj|fjern (English twins). The card actions (edit card, proposals, publish button) are in
 * agenda-edit-cards.ts; the use-cases in src/app/agenda-edit.ts, agenda-publish.ts, proposals.ts.
 */
import { addItem, changeStandingItems, deleteItem, editItem, moveAgendaItem } from '../../app/agenda-edit.js';
import { AGENDA_NOTE_JOB, publishAgenda, sendAgendaNote } from '../../app/agenda-publish.js';
import { requireRight } from '../../app/groups.js';
import { defaultMeeting, findMeeting } from '../../app/meetings.js';
import { renderCard } from '../../cards/render.js';
import { fieldsText, standingItemsView } from '../../cards/views/agenda-edit.js';
import { noticeView } from '../../cards/views/core.js';
import { cleanLine, fieldOfWord, parseItemRef, parseNewItem } from '../../domain/agenda-edit.js';
import { AGENDA_REMINDER_KIND } from '../../domain/agenda-publication.js';
import type { Group, Meeting } from '../../domain/model.js';
import { refOfPurpose } from '../../domain/outbox-ref.js';
import { findMember } from '../../domain/roster.js';
import { AppError } from '../../errors.js';
import { registerMessages } from '../../i18n/index.js';
import messages from '../../i18n/messages/agenda-edit.js';
import type { CommandDef, Feature, TurnCtx } from '../types.js';
import { agendaEditCardActions } from './agenda-edit-cards.js';
import { editCard, noteActivity, publicationActivity, touchedItems, updatePostedCards } from './agenda-shared.js';

registerMessages(messages);

/** Longest command text read (a title, or a recommendation to set). */
const MAX_ARGS = 4000;

const now = (ctx: TurnCtx) => ctx.services.clock.now();
const usage = (ctx: TurnCtx, key: string) => new AppError('bad_command', { detail: ctx.t(key) });

function meetingFor(ctx: TurnCtx, group: Group, n: number | null): Meeting {
  const db = ctx.services.store.read();
  return n !== null ? findMeeting(db, group.id, n) : defaultMeeting(db, group, now(ctx), ctx.linkedMeeting());
}

/** `2.3 rest…` → the meeting, the item number and the words after it. */
function itemArgs(ctx: TurnCtx, group: Group, args: string, usageKey: string): { meeting: Meeting; item: number; rest: string } {
  const text = args.trim().slice(0, MAX_ARGS);
  const space = text.search(/\s/);
  const ref = parseItemRef(space < 0 ? text : text.slice(0, space));
  if (!ref) throw usage(ctx, usageKey);
  return { meeting: meetingFor(ctx, group, ref.meeting), item: ref.item, rest: space < 0 ? '' : text.slice(space + 1).trim() };
}

const sentNote = (ctx: TurnCtx, m: Meeting) => (m.agendaSentAt ? ctx.t('ae.sent.note') : '');

const base = (ctx: TurnCtx, group: Group, meeting: Meeting) => ({
  groupId: group.id,
  actor: ctx.actor,
  meeting: meeting.number,
});

const newItemCommand: CommandDef = {
  id: 'agenda-item-new',
  names: { da: ['nyt punkt'], en: ['new item'] },
  usage: { da: 'nyt punkt [mødenr] <titel> [v. <navn>]', en: 'new item [meeting no] <title> [by <name>]' },
  summary: {
    da: 'Sætter et nyt punkt på dagsordenen, før "Eventuelt".',
    en: 'Adds an item to the agenda, before "Any other business".',
  },
  section: 'meetings',
  who: 'chair/referent',
  async run(ctx, args) {
    const group = ctx.group();
    const parsed = parseNewItem(args.slice(0, MAX_ARGS));
    if (!parsed) throw usage(ctx, 'ae.usage.new');
    const meeting = meetingFor(ctx, group, parsed.meeting);
    const r = await ctx.services.store.update((db, tx) =>
      addItem(db, tx, { ...base(ctx, group, meeting), title: parsed.title, presenter: parsed.presenter }),
    );
    updatePostedCards(ctx.services, group.id, meeting.number, { items: touchedItems(r.meeting, r.moved) });
    let text = ctx.t('ae.added', { item: r.item.number, title: r.item.title, number: meeting.number });
    if (r.moved.size) text += ctx.t('ae.added.moved');
    await ctx.reply(text + sentNote(ctx, r.meeting));
  },
};

const editItemCommand: CommandDef = {
  id: 'agenda-item-edit',
  names: { da: ['ret punkt'], en: ['edit item'] },
  usage: {
    da: 'ret punkt <mødenr>.<nr> titel|oplægsholder|indstilling|baggrund|løsning <tekst>',
    en: 'edit item <meeting>.<no> title|presenter|recommendation|background|solution <text>',
  },
  summary: { da: 'Retter et felt i et punkt på dagsordenen.', en: 'Changes one field of an agenda item.' },
  section: 'meetings',
  who: 'chair/referent',
  async run(ctx, args) {
    const group = ctx.group();
    const a = itemArgs(ctx, group, args, 'ae.usage.edit');
    const word = a.rest.split(/\s/, 1)[0] ?? '';
    if (!word) throw usage(ctx, 'ae.usage.edit');
    const field = fieldOfWord(word);
    if (!field) throw new AppError('item_field_unknown', { field: word.slice(0, 40) });
    const text = a.rest.slice(word.length).trim();
    const r = await ctx.services.store.update((db, tx) =>
      editItem(db, tx, { ...base(ctx, group, a.meeting), item: a.item, fields: { [field]: text } }),
    );
    if (!r.changed.length) return void (await ctx.reply(ctx.t('ae.unchanged', { item: a.item, number: a.meeting.number })));
    updatePostedCards(ctx.services, group.id, a.meeting.number, { items: [r.item] });
    await ctx.reply(
      ctx.t('ae.edited', { item: r.item.number, number: a.meeting.number, fields: fieldsText(ctx.locale, r.changed) }) +
        sentNote(ctx, r.meeting),
    );
  },
};

const moveItemCommand: CommandDef = {
  id: 'agenda-item-move',
  names: { da: ['flyt punkt'], en: ['move item'] },
  usage: { da: 'flyt punkt <mødenr>.<nr> <ny plads>', en: 'move item <meeting>.<no> <new place>' },
  summary: {
    da: 'Flytter et punkt; beslutning og bilag følger med, de andre punkter rykker.',
    en: 'Moves an item; its decision and material go with it, the others close up.',
  },
  section: 'meetings',
  who: 'chair/referent',
  async run(ctx, args) {
    const group = ctx.group();
    const a = itemArgs(ctx, group, args, 'ae.usage.move');
    if (!/^\d{1,4}\.?$/.test(a.rest)) throw usage(ctx, 'ae.usage.move');
    const to = Number(a.rest.replace('.', ''));
    const r = await ctx.services.store.update((db, tx) => moveAgendaItem(db, tx, { ...base(ctx, group, a.meeting), item: a.item, to }));
    if (!r.moved.size) return void (await ctx.reply(ctx.t('ae.moved.same', { title: r.item.title, item: r.item.number })));
    updatePostedCards(ctx.services, group.id, a.meeting.number, { items: touchedItems(r.meeting, r.moved) });
    await ctx.reply(
      ctx.t('ae.moved', { title: r.item.title, from: r.from, item: r.item.number, number: a.meeting.number }) + sentNote(ctx, r.meeting),
    );
  },
};

const deleteItemCommand: CommandDef = {
  id: 'agenda-item-delete',
  names: { da: ['slet punkt'], en: ['delete item'] },
  usage: { da: 'slet punkt <mødenr>.<nr>', en: 'delete item <meeting>.<no>' },
  summary: { da: 'Sletter et punkt uden beslutning fra dagsordenen.', en: 'Deletes an item without a decision from the agenda.' },
  section: 'meetings',
  who: 'chair/referent',
  async run(ctx, args) {
    const group = ctx.group();
    const a = itemArgs(ctx, group, args, 'ae.usage.delete');
    if (a.rest) throw usage(ctx, 'ae.usage.delete');
    const r = await ctx.services.store.update((db, tx) => deleteItem(db, tx, { ...base(ctx, group, a.meeting), item: a.item }));
    updatePostedCards(ctx.services, group.id, a.meeting.number, { items: touchedItems(r.meeting, r.moved), removed: r.removed });
    await ctx.reply(
      ctx.t('ae.deleted', { item: r.removed.number, title: r.removed.title, number: a.meeting.number }) + sentNote(ctx, r.meeting),
    );
  },
};

const optionalNumber = (ctx: TurnCtx, args: string, example: string): number | null => {
  const s = args.trim();
  if (!s) return null;
  if (!/^\d{1,5}\.?$/.test(s)) throw new AppError('bad_command', { detail: example });
  return Number(s.replace('.', ''));
};

const editAgendaCommand: CommandDef = {
  id: 'agenda-edit',
  names: { da: ['redigér dagsorden', 'rediger dagsorden', 'redigér dagsordenen', 'rediger dagsordenen'], en: ['edit agenda'] },
  usage: { da: 'redigér dagsorden [mødenr]', en: 'edit agenda [meeting no]' },
  summary: {
    da: 'Viser dagsordenen med knapper til at flytte, rette, fjerne og tilføje punkter.',
    en: 'Shows the agenda with buttons to move, edit, remove and add items.',
  },
  section: 'meetings',
  who: 'chair/referent',
  async run(ctx, args) {
    const group = ctx.group();
    requireRight(group, ctx.actor, 'manageMeetings', ctx.services.security, now(ctx));
    const meeting = meetingFor(ctx, group, optionalNumber(ctx, args, ctx.locale === 'da' ? 'redigér dagsorden 2' : 'edit agenda 2'));
    await ctx.reply(editCard(ctx.locale, ctx.services.store.read(), group, meeting));
  },
};

const publishCommand: CommandDef = {
  id: 'agenda-publish',
  names: { da: ['udsend dagsorden', 'udsend dagsordenen'], en: ['send agenda', 'publish agenda'] },
  usage: { da: 'udsend dagsorden [mødenr]', en: 'send agenda [meeting no]' },
  summary: {
    da: 'Sender dagsordenen til gruppen nu (ellers sker det automatisk 7 dage før mødet).',
    en: 'Sends the agenda to the group now (otherwise it goes out 7 days before the meeting).',
  },
  section: 'meetings',
  who: 'chair/referent',
  async run(ctx, args) {
    const group = ctx.group();
    const meeting = meetingFor(ctx, group, optionalNumber(ctx, args, ctx.locale === 'da' ? 'udsend dagsorden 2' : 'send agenda 2'));
    const r = await ctx.services.store.update((db, tx) =>
      publishAgenda(db, tx, { ...base(ctx, group, meeting), render: publicationActivity }),
    );
    ctx.services.delivery.kick();
    await ctx.reply(ctx.t(r.again ? 'ae.published.again' : 'ae.published', { number: meeting.number }));
  },
};

const standingListCommand: CommandDef = {
  id: 'standing-items',
  names: { da: ['faste punkter'], en: ['standing items'] },
  usage: { da: 'faste punkter', en: 'standing items' },
  summary: { da: 'Viser gruppens faste punkter, som nye møder starter med.', en: 'Shows the standing items new meetings start with.' },
  section: 'meetings',
  who: 'all',
  async run(ctx) {
    const group = ctx.group();
    if (!findMember(group, ctx.actor)) throw new AppError('not_member');
    const v = standingItemsView(ctx.locale, group);
    await ctx.reply(renderCard('notice', noticeView(v.title, v.text, v.style)));
  },
};

const ADD_WORDS = ['tilføj', 'tilfoej', 'add'];
const REMOVE_WORDS = ['fjern', 'slet', 'remove', 'delete'];

const standingChangeCommand: CommandDef = {
  id: 'standing-item',
  names: { da: ['fast punkt'], en: ['standing item'] },
  usage: { da: 'fast punkt tilføj|fjern <titel>', en: 'standing item add|remove <title>' },
  summary: { da: 'Formanden tilføjer eller fjerner et fast punkt.', en: 'The chair adds or removes a standing item.' },
  section: 'meetings',
  who: 'chair',
  async run(ctx, args) {
    const group = ctx.group();
    const text = cleanLine(args.slice(0, MAX_ARGS));
    const word = (text.split(' ', 1)[0] ?? '').toLowerCase();
    const op = ADD_WORDS.includes(word) ? 'add' : REMOVE_WORDS.includes(word) ? 'remove' : null;
    const title = text.slice(word.length).trim();
    if (!op || !title) throw usage(ctx, 'ae.usage.standing');
    const r = await ctx.services.store.update((db, tx) => changeStandingItems(db, tx, { groupId: group.id, actor: ctx.actor, op, title }));
    await ctx.reply(ctx.t(op === 'remove' ? 'standing.removed' : r.changed ? 'standing.added' : 'standing.exists', { title: r.title }));
  },
};

export function agendaEditFeature(): Feature {
  return {
    name: 'agenda-edit',
    commands: [
      newItemCommand,
      editItemCommand,
      moveItemCommand,
      deleteItemCommand,
      editAgendaCommand,
      publishCommand,
      standingListCommand,
      standingChangeCommand,
    ],
    cardActions: agendaEditCardActions,
    jobs: (services) => ({
      /** The "Dagsorden opdateret" note: everything changed since the last one, in one message. */
      [AGENDA_NOTE_JOB]: async (job) => {
        const p = job.payload as { groupId?: unknown; meeting?: unknown };
        if (typeof p.groupId !== 'string' || typeof p.meeting !== 'number') return;
        const r = await services.store.update((db, tx) =>
          sendAgendaNote(db, tx, { groupId: p.groupId as string, meeting: p.meeting as number, render: noteActivity }),
        );
        if (r.queued) services.delivery.kick();
      },
    }),
    setup(services) {
      // The T-7d-agenda reminder publishes the overview card: remember it, so later changes update it.
      services.delivery.onSent(async (item, activityId) => {
        const ref = item.ref ?? refOfPurpose(item.purpose);
        if (ref.kind !== 'reminder' || ref.target || !activityId) return;
        await services.store.update((db) => {
          const r = db.reminders.find((x) => x.id === ref.reminderId);
          if (r?.kind !== AGENDA_REMINDER_KIND || r.meeting === null) return;
          const m = db.meetings.find((x) => x.groupId === r.groupId && x.number === r.meeting);
          if (m) m.overviewCard = { conversationId: item.conversation.conversationId, activityId };
        });
      });
    },
  };
}
