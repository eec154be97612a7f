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
import { cardAction, CARD_ID } from '../card-action.js';
import { cardGroup } from '../card-group.js';
import { cardNumber } from '../card-input.js';
import type { CardActionDef, CardActionResult, TurnCtx } from '../types.js';
import { editCard, proposalCard, publicationActivity, touchedItems, updatePostedCards } from './agenda-shared.js';

const key = z.string().regex(/^[0-9a-z]{1,13}$/);
// Longer than the use-case limits on purpose: the use-case refuses with the precise message.
const text = z.string().max(MAX_ITEM_TEXT * 4);
const meetingRef = z.object({ groupId: CARD_ID, meeting: cardNumber(1, 100_000), from: z.enum(['overview', 'edit']).optional() });
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
const proposalRef = meetingRef.extend({ id: CARD_ID });

const meetingOf = (ctx: TurnCtx, group: Group, n: number): Meeting => {
  const m = ctx.services.store.read().meetings.find((x) => x.groupId === group.id && x.number === n);
  if (!m) throw new AppError('meeting_unknown', { number: n });
  return m;
};

const base = (ctx: TurnCtx, group: Group, meeting: number) => ({ groupId: group.id, actor: ctx.actor, meeting });

type Notice = { text: string; style: 'good' | 'attention' | 'warning' | 'accent' };
type EditState = { notice?: Notice | null; editing?: number; confirming?: number; selected?: number };

/** The edit card's buttons: a payload that does not parse, and the card's group, as every edit click checks them. */
const EDIT_CARD = 'agenda edit card';
const editGroup = (ctx: TurnCtx, groupId: string) => cardGroup(ctx, groupId, 'agenda edit');

/**
 * The body of every edit-card click, for a chair or referent: `act` changes the agenda and says
 * what happened; the answer is the refreshed card. A refusal the clicker can act on (a title too
 * long, a stale card, an approved agenda) comes back on the card itself, with nothing changed.
 */
async function editClick(ctx: TurnCtx, group: Group, meeting: number, act: () => Promise<EditState>): Promise<CardActionResult> {
  // Read-only check before anything runs (the use-cases check again inside their write).
  requireRight(group, ctx.actor, 'manageMeetings', ctx.services.security, ctx.services.clock.now());
  let state: EditState;
  try {
    state = await act();
  } catch (err) {
    if (!isAppError(err) || err.code === 'meeting_unknown') throw err;
    const stale = err.code === 'agenda_changed';
    state = { notice: { text: stale ? ctx.t('edit.done.stale') : errorText(ctx.locale, err), style: stale ? 'warning' : 'attention' } };
  }
  const db = ctx.services.store.read();
  const fresh = db.groups.find((g) => g.id === group.id) ?? group;
  return { card: editCard(ctx.locale, db, fresh, meetingOf(ctx, fresh, meeting), state) };
}

const good = (text: string): Notice => ({ text, style: 'good' });

/** "Redigér dagsorden" on the overview: the edit card. */
const openAction = cardAction({
  verb: VERBS.agendaEditOpen,
  data: meetingRef,
  what: EDIT_CARD,
  group: editGroup,
  run: (ctx, p, group) => editClick(ctx, group, p.meeting, async () => ({})),
});

/** ↑ / ↓ and "Flyt hertil": the item takes its new place. */
const moveAction = cardAction({
  verb: VERBS.agendaEditMove,
  data: moveRef,
  what: EDIT_CARD,
  group: editGroup,
  run: (ctx, p, group) =>
    editClick(ctx, group, p.meeting, async () => {
      const r = await ctx.services.store.update((db, tx) =>
        moveAgendaItem(db, tx, { ...base(ctx, group, p.meeting), item: p.item, key: p.key, to: p.to }),
      );
      updatePostedCards(ctx.services, group.id, p.meeting, { items: touchedItems(r.meeting, r.moved) });
      return { notice: good(ctx.t('edit.done.moved', { title: r.item.title, item: r.item.number })) };
    }),
});

/** Opens the item's form (or the removal question, or selects it), if the card still shows that item. */
function openItemAction(verb: string, mode: 'editing' | 'confirming' | 'selected'): CardActionDef {
  return cardAction({
    verb,
    data: itemRef,
    what: EDIT_CARD,
    group: editGroup,
    run: (ctx, p, group) =>
      editClick(ctx, group, p.meeting, async () => {
        const m = editableMeeting(ctx.services.store.read(), group, p.meeting);
        // An item gone from that place is as stale as one renamed: the card says so.
        const item = m.items.find((i) => i.number === p.item);
        if (!item || itemKey(item.title) !== p.key) throw new AppError('agenda_changed', { number: p.meeting, item: p.item });
        return { [mode]: item.number };
      }),
  });
}

const formAction = openItemAction(VERBS.agendaEditForm, 'editing');
const askAction = openItemAction(VERBS.agendaEditAsk, 'confirming');
const pickAction = openItemAction(VERBS.agendaEditPick, 'selected');

/** The item's form saved: only what differs changes. */
const saveAction = cardAction({
  verb: VERBS.agendaEditSave,
  data: saveData,
  what: EDIT_CARD,
  group: editGroup,
  run: (ctx, p, group) =>
    editClick(ctx, group, p.meeting, async () => {
      const fields = {
        title: p.title,
        presenter: p.presenter ?? '',
        recommendation: p.recommendation ?? '',
        background: p.background ?? '',
        proposal: p.proposal ?? '',
      };
      const r = await ctx.services.store.update((db, tx) =>
        editItem(db, tx, { ...base(ctx, group, p.meeting), item: p.item, key: p.key, fields }),
      );
      if (!r.changed.length) return { notice: { text: ctx.t('edit.done.unchanged', { item: r.item.number }), style: 'accent' } };
      updatePostedCards(ctx.services, group.id, p.meeting, { items: [r.item] });
      return { notice: good(ctx.t('edit.done.edited', { item: r.item.number })) };
    }),
});

/** "Ja, fjern": the item goes, the others close up. */
const removeAction = cardAction({
  verb: VERBS.agendaEditRemove,
  data: itemRef,
  what: EDIT_CARD,
  group: editGroup,
  run: (ctx, p, group) =>
    editClick(ctx, group, p.meeting, async () => {
      const r = await ctx.services.store.update((db, tx) =>
        deleteItem(db, tx, { ...base(ctx, group, p.meeting), item: p.item, key: p.key }),
      );
      updatePostedCards(ctx.services, group.id, p.meeting, { items: touchedItems(r.meeting, r.moved), removed: r.removed });
      return { notice: good(ctx.t('edit.done.deleted', { title: r.removed.title })) };
    }),
});

/** "Tilføj punkt": a new item before "Eventuelt". */
const addAction = cardAction({
  verb: VERBS.agendaEditAdd,
  data: addData,
  what: EDIT_CARD,
  group: editGroup,
  run: (ctx, p, group) =>
    editClick(ctx, group, p.meeting, async () => {
      const r = await ctx.services.store.update((db, tx) =>
        addItem(db, tx, { ...base(ctx, group, p.meeting), title: p.newTitle, presenter: p.newPresenter ?? null }),
      );
      updatePostedCards(ctx.services, group.id, p.meeting, { items: touchedItems(r.meeting, r.moved) });
      return { notice: good(ctx.t('edit.done.added', { item: r.item.number, title: r.item.title })) };
    }),
});

/** "Udsend dagsorden" on the overview (a message back) or on the edit card (the refreshed card). */
const publishAction = cardAction({
  verb: VERBS.agendaPublish,
  data: meetingRef,
  what: 'agenda.publish',
  group: (ctx, groupId) => cardGroup(ctx, groupId, 'agenda publish'),
  async run(ctx, p, group) {
    const publish = () =>
      ctx.services.store.update((db, tx) => publishAgenda(db, tx, { ...base(ctx, group, p.meeting), render: publicationActivity }));
    if (p.from === 'overview') {
      const r = await publish();
      ctx.services.delivery.kick();
      return { message: ctx.t(r.again ? 'ae.published.again' : 'ae.published', { number: p.meeting }) };
    }
    return editClick(ctx, group, p.meeting, async () => {
      await publish();
      ctx.services.delivery.kick();
      return { notice: good(ctx.t('edit.done.published')) };
    });
  },
});

// ------------------------------------------------------------------------------------------------
// Proposals
// ------------------------------------------------------------------------------------------------

/** "Foreslå punkt": the proposal is stored and the chair's card queued. */
const submitAction = cardAction({
  verb: VERBS.proposalSubmit,
  data: proposeData,
  refuse: (ctx) => {
    throw new AppError('bad_input', { detail: ctx.t('propose.title.error') });
  },
  group: (ctx, groupId) => cardGroup(ctx, groupId, 'proposal'),
  async run(ctx, p, group) {
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
});

/** The chair's "Optag" / "Afvis" on a proposal: the card then says who decided, and where the item went. */
function decideAction(verb: string, accept: boolean): CardActionDef {
  return cardAction({
    verb,
    data: proposalRef,
    what: verb,
    group: (ctx, groupId) => cardGroup(ctx, groupId, 'proposal'),
    async run(ctx, p, group) {
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
  });
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
