/**
 * Building the agenda in Teams (issue #15), the card actions: the "Redigér dagsorden" card (up,
 * down, edit form, remove with confirmation, add, send), the "Udsend dagsorden" button, and
 * proposals ("Foreslå punkt" on the overview and the T-14d call for items; the chair's
 * accept/decline card). Every click on the edit card is answered with the refreshed card, saying
 * what happened — or, if the click cannot be done, why, with nothing changed.
 */
import { z } from 'zod';
import { addItem, deleteItem, editableMeeting, editItem, moveAgendaItem } from '../../app/agenda-edit.js';
import { publishAgenda } from '../../app/agenda-publish.js';
import { requireRight } from '../../app/groups.js';
import { decideProposal, findProposal, proposalTarget, proposeItem } from '../../app/proposals.js';
import type { CardJson } from '../../cards/render.js';
import { VERBS } from '../../cards/verbs.js';
import { itemKey, MAX_ITEM_TEXT } from '../../domain/agenda-edit.js';
import type { Group, Meeting } from '../../domain/model.js';
import { findMember } from '../../domain/roster.js';
import { AppError, isAppError } from '../../errors.js';
import { errorText } from '../../i18n/index.js';
import { cardGroup } from '../card-group.js';
import { cardNumber } from '../card-input.js';
import type { CardActionDef, CardActionResult, TurnCtx } from '../types.js';
import { editCard, proposalCard, publicationActivity, touchedItems, updatePostedCards } from './agenda-shared.js';

const id = z.string().regex(/^[\w.-]{1,64}$/);
const key = z.string().regex(/^[0-9a-z]{1,13}$/);
// Longer than the use-case limits on purpose: the use-case refuses with the precise message.
const text = z.string().max(MAX_ITEM_TEXT * 4);
const meetingRef = z.object({ groupId: id, meeting: cardNumber(1, 100_000), from: z.enum(['overview', 'edit']).optional() });
const itemRef = meetingRef.extend({ item: cardNumber(1, 10_000), key });
const moveRef = itemRef.extend({ to: cardNumber(1, 10_000) });
const saveData = itemRef.extend({
  title: text,
  presenter: text.optional(),
  recommendation: text.optional(),
  background: text.optional(),
  proposal: text.optional(),
});
const addData = meetingRef.extend({ newTitle: text, newPresenter: text.optional() });
const proposeData = meetingRef.extend({ propTitle: text, propPresenter: text.optional(), propRecommendation: text.optional() });
const proposalRef = meetingRef.extend({ id });

function parse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, data: Record<string, unknown>, what: string): T {
  const r = schema.safeParse(data);
  if (!r.success) throw new AppError('bad_input', { detail: what });
  return r.data;
}

const meetingOf = (ctx: TurnCtx, group: Group, n: number): Meeting => {
  const m = ctx.services.store.read().meetings.find((x) => x.groupId === group.id && x.number === n);
  if (!m) throw new AppError('meeting_unknown', { number: n });
  return m;
};

const base = (ctx: TurnCtx, group: Group, meeting: number) => ({
  groupId: group.id,
  actor: ctx.actor,
  meeting,
});

type Notice = { text: string; style: 'good' | 'attention' | 'warning' | 'accent' };
type EditState = { notice?: Notice | null; editing?: number; confirming?: number; selected?: number };

/**
 * Runs one edit-card click for a chair or referent: `act` changes the agenda and says what
 * happened; the answer is the refreshed card. A refusal the clicker can act on (a title too long,
 * a stale card, an approved agenda) comes back on the card itself, with nothing changed.
 */
async function editClick(
  ctx: TurnCtx,
  data: Record<string, unknown>,
  schema: typeof meetingRef,
  act: (group: Group, p: z.infer<typeof meetingRef> & Record<string, unknown>) => Promise<EditState>,
): Promise<CardActionResult> {
  const p = parse(schema, data, 'agenda edit card') as z.infer<typeof meetingRef> & Record<string, unknown>;
  const group = cardGroup(ctx, p.groupId, 'agenda edit');
  requireRight(group, ctx.actor, 'manageMeetings', ctx.services.security, ctx.services.clock.now());
  let state: EditState;
  try {
    state = await act(group, p);
  } catch (err) {
    if (!isAppError(err) || err.code === 'meeting_unknown') throw err;
    const stale = err.code === 'agenda_changed';
    state = { notice: { text: stale ? ctx.t('edit.done.stale') : errorText(ctx.locale, err), style: stale ? 'warning' : 'attention' } };
  }
  const db = ctx.services.store.read();
  const fresh = db.groups.find((g) => g.id === group.id) ?? group;
  return { card: editCard(ctx.locale, db, fresh, meetingOf(ctx, fresh, p.meeting), state) };
}

const good = (text: string): Notice => ({ text, style: 'good' });

const openAction: CardActionDef = {
  verb: VERBS.agendaEditOpen,
  run: (ctx, data) => editClick(ctx, data, meetingRef, async () => ({})),
};

const moveAction: CardActionDef = {
  verb: VERBS.agendaEditMove,
  run: (ctx, data) =>
    editClick(ctx, data, moveRef, async (group, p) => {
      const r = await ctx.services.store.update((db, tx) =>
        moveAgendaItem(db, tx, { ...base(ctx, group, p.meeting), item: p.item as number, key: p.key as string, to: p.to as number }),
      );
      updatePostedCards(ctx.services, group.id, p.meeting, { items: touchedItems(r.meeting, r.moved) });
      return { notice: good(ctx.t('edit.done.moved', { title: r.item.title, item: r.item.number })) };
    }),
};

/** Opens the item's form (or the removal question), if the card still shows that item. */
const checkedOpen =
  (mode: 'editing' | 'confirming' | 'selected'): CardActionDef['run'] =>
  (ctx, data) =>
    editClick(ctx, data, itemRef, async (group, p) => {
      const m = editableMeeting(ctx.services.store.read(), group, p.meeting);
      const item = m.items.find((i) => i.number === p.item);
      if (!item || itemKey(item.title) !== p.key) throw new AppError('agenda_changed', { number: p.meeting, item: p.item as number });
      return { [mode]: item.number };
    });

const formAction: CardActionDef = { verb: VERBS.agendaEditForm, run: checkedOpen('editing') };
const askAction: CardActionDef = { verb: VERBS.agendaEditAsk, run: checkedOpen('confirming') };
const pickAction: CardActionDef = { verb: VERBS.agendaEditPick, run: checkedOpen('selected') };

const saveAction: CardActionDef = {
  verb: VERBS.agendaEditSave,
  run: (ctx, data) =>
    editClick(ctx, data, saveData, async (group, p) => {
      const fields = {
        title: p.title as string,
        presenter: (p.presenter as string | undefined) ?? '',
        recommendation: (p.recommendation as string | undefined) ?? '',
        background: (p.background as string | undefined) ?? '',
        proposal: (p.proposal as string | undefined) ?? '',
      };
      const r = await ctx.services.store.update((db, tx) =>
        editItem(db, tx, { ...base(ctx, group, p.meeting), item: p.item as number, key: p.key as string, fields }),
      );
      if (!r.changed.length) return { notice: { text: ctx.t('edit.done.unchanged', { item: r.item.number }), style: 'accent' } };
      updatePostedCards(ctx.services, group.id, p.meeting, { items: [r.item] });
      return { notice: good(ctx.t('edit.done.edited', { item: r.item.number })) };
    }),
};

const removeAction: CardActionDef = {
  verb: VERBS.agendaEditRemove,
  run: (ctx, data) =>
    editClick(ctx, data, itemRef, async (group, p) => {
      const r = await ctx.services.store.update((db, tx) =>
        deleteItem(db, tx, { ...base(ctx, group, p.meeting), item: p.item as number, key: p.key as string }),
      );
      updatePostedCards(ctx.services, group.id, p.meeting, { items: touchedItems(r.meeting, r.moved), removed: r.removed });
      return { notice: good(ctx.t('edit.done.deleted', { title: r.removed.title })) };
    }),
};

const addAction: CardActionDef = {
  verb: VERBS.agendaEditAdd,
  run: (ctx, data) =>
    editClick(ctx, data, addData, async (group, p) => {
      const r = await ctx.services.store.update((db, tx) =>
        addItem(db, tx, { ...base(ctx, group, p.meeting), title: p.newTitle as string, presenter: (p.newPresenter as string) ?? null }),
      );
      updatePostedCards(ctx.services, group.id, p.meeting, { items: touchedItems(r.meeting, r.moved) });
      return { notice: good(ctx.t('edit.done.added', { item: r.item.number, title: r.item.title })) };
    }),
};

const publishAction: CardActionDef = {
  verb: VERBS.agendaPublish,
  async run(ctx, data) {
    const p = parse(meetingRef, data, 'agenda.publish');
    const group = cardGroup(ctx, p.groupId, 'agenda publish');
    const publish = () =>
      ctx.services.store.update((db, tx) => publishAgenda(db, tx, { ...base(ctx, group, p.meeting), render: publicationActivity }));
    if (p.from === 'overview') {
      const r = await publish();
      ctx.services.delivery.kick();
      return { message: ctx.t(r.again ? 'ae.published.again' : 'ae.published', { number: p.meeting }) };
    }
    return editClick(ctx, data, meetingRef, async () => {
      await publish();
      ctx.services.delivery.kick();
      return { notice: good(ctx.t('edit.done.published')) };
    });
  },
};

// ------------------------------------------------------------------------------------------------
// Proposals
// ------------------------------------------------------------------------------------------------

const submitAction: CardActionDef = {
  verb: VERBS.proposalSubmit,
  async run(ctx, data) {
    const p = parse(proposeData, data, ctx.t('propose.title.error'));
    const group = cardGroup(ctx, p.groupId, 'proposal');
    const r = await ctx.services.store.update((db, tx) =>
      proposeItem(db, tx, {
        ...base(ctx, group, p.meeting),
        title: p.propTitle,
        presenter: p.propPresenter ?? null,
        recommendation: p.propRecommendation ?? null,
        // The chair's card speaks the group's language.
        render: (g, m, proposal, target) => ({
          type: 'message',
          summary: proposal.title.slice(0, 200),
          attachments: [
            {
              contentType: 'application/vnd.microsoft.card.adaptive',
              content: proposalCard(g.locale, g, m, proposal, { mention: target.mention }),
            },
          ],
        }),
      }),
    );
    if (r.created) ctx.services.delivery.kick();
    return { message: ctx.t(r.created ? 'propose.sent' : 'propose.again', { title: r.proposal.title, number: p.meeting }) };
  },
};

function decideAction(verb: string, accept: boolean): CardActionDef {
  return {
    verb,
    async run(ctx, data) {
      const p = parse(proposalRef, data, verb);
      const group = cardGroup(ctx, p.groupId, 'proposal');
      const r = await ctx.services.store.update((db, tx) => decideProposal(db, tx, { ...base(ctx, group, p.meeting), id: p.id, accept }));
      if (r.changed && r.item) updatePostedCards(ctx.services, group.id, p.meeting, { items: touchedItems(r.meeting, r.moved) });
      const db = ctx.services.store.read();
      const meeting = meetingOf(ctx, group, p.meeting);
      const proposal = findProposal(meeting, p.id);
      const decider = group.roster.find((m) => m.aadObjectId === proposal.decidedBy || m.teamsId === proposal.decidedBy);
      const target = proposalTarget(db.groups.find((g) => g.id === group.id) ?? group);
      const card: CardJson = proposalCard(ctx.locale, group, meeting, proposal, {
        mention: target.personal ? [] : target.mention,
        item: r.item?.number ?? null,
        deciderName: decider?.name ?? findMember(group, ctx.actor)?.name ?? ctx.actor.name,
      });
      return { card };
    },
  };
}

export const agendaEditCardActions: CardActionDef[] = [
  openAction,
  moveAction,
  formAction,
  askAction,
  pickAction,
  saveAction,
  removeAction,
  addAction,
  publishAction,
  submitAction,
  decideAction(VERBS.proposalAccept, true),
  decideAction(VERBS.proposalDecline, false),
];
