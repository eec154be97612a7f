/**
 * What the agenda-building commands and card actions (agenda-edit.ts, agenda-edit-cards.ts) share:
 * rendering the edit card, the published agenda, the proposal card and the update note, and
 * bringing cards already posted (the overview, item cards) up to date after a change.
 */
import type { Services } from '../../app/services.js';
import { cardAttachment, renderCard, type CardJson } from '../../cards/render.js';
import { agendaEditView, agendaNoteView, proposalView, type EditCardState } from '../../cards/views/agenda-edit.js';
import { noticeView } from '../../cards/views/core.js';
import { agendaItemView, agendaOverviewView } from '../../cards/views/meetings.js';
import { AGENDA_REMINDER_KIND } from '../../domain/agenda-publication.js';
import type {
  AgendaChange,
  AgendaItem,
  AgendaProposal,
  ConversationRef,
  Db,
  Group,
  Locale,
  Meeting,
  PostedCard,
  Reminder,
} from '../../domain/model.js';
import type { ProposalTarget } from '../../app/proposals.js';
import { t } from '../../i18n/index.js';

/** The group's conversation or a linked meeting chat with this id (where our shared cards live). */
export function conversationOf(group: Group, conversationId: string): ConversationRef | null {
  if (group.conversation.conversationId === conversationId) return group.conversation;
  return group.linkedChats.find((l) => l.conversation.conversationId === conversationId)?.conversation ?? null;
}

export const messageWithCard = (card: CardJson, summary?: string): Record<string, unknown> => ({
  type: 'message',
  ...(summary ? { summary: summary.slice(0, 200) } : {}),
  attachments: [cardAttachment(card)],
});

/** When the meeting's T-7d-agenda reminder will publish it, if it is still planned. */
export function plannedPublication(db: Readonly<Db>, group: Group, meeting: Meeting): string | null {
  const r = db.reminders.find(
    (x) => x.groupId === group.id && x.meeting === meeting.number && x.kind === AGENDA_REMINDER_KIND && x.status === 'planned',
  );
  return r?.dueAt ?? null;
}

export function editCard(locale: Locale, db: Readonly<Db>, group: Group, meeting: Meeting, state: EditCardState = {}): CardJson {
  return renderCard('agenda-edit', agendaEditView(locale, group, meeting, { plannedAt: plannedPublication(db, group, meeting), ...state }));
}

/** The published agenda: the overview card in the group's language (material is shown on it). */
export function publicationActivity(group: Group, meeting: Meeting): Record<string, unknown> {
  const card = renderCard('agenda-overview', agendaOverviewView(group.locale, group, meeting));
  return messageWithCard(card, t(group.locale, 'publish.title'));
}

/** The T-7d-agenda reminder's message: the agenda itself (sendReminderInTx marks it published in the same write). */
export function agendaReminderActivity(db: Readonly<Db>, r: Readonly<Reminder>): Record<string, unknown> {
  const group = db.groups.find((g) => g.id === r.groupId);
  const meeting = db.meetings.find((m) => m.groupId === r.groupId && m.number === r.meeting);
  if (!group || !meeting) throw new RangeError(`reminder ${r.id} without its meeting`);
  return publicationActivity(group, meeting);
}

export function proposalCard(
  locale: Locale,
  group: Group,
  meeting: Meeting,
  proposal: AgendaProposal,
  opts: { mention?: ProposalTarget['mention']; item?: number | null; deciderName?: string | null } = {},
): CardJson {
  const view = proposalView(locale, {
    group,
    meeting,
    proposal,
    mention: opts.mention ?? [],
    item: opts.item,
    deciderName: opts.deciderName,
  });
  const card = renderCard('proposal', view.data);
  if (view.mentions.length) (card as Record<string, unknown>).msteams = { entities: view.mentions };
  return card;
}

export function noteActivity(group: Group, meeting: Meeting, changes: AgendaChange[]): Record<string, unknown> {
  const v = agendaNoteView(group.locale, meeting, changes);
  return messageWithCard(renderCard('notice', noticeView(v.title, v.text, v.style)), v.title);
}

function itemCardOf(db: Readonly<Db>, groupId: string, meetingNo: number, posted: PostedCard): CardJson | null {
  const group = db.groups.find((g) => g.id === groupId);
  const meeting = db.meetings.find((m) => m.groupId === groupId && m.number === meetingNo);
  // Found by its card, not its number: the item may have moved again before the update is made.
  const item = meeting?.items.find((i) => i.card?.activityId === posted.activityId && i.card.conversationId === posted.conversationId);
  return group && meeting && item
    ? renderCard('agenda-item', agendaItemView(group.locale, group, meeting, item, db.vendors, db.actions))
    : null;
}

export interface AgendaChangeEffects {
  /** Items whose card shows something new (edited, or renumbered). */
  items: AgendaItem[];
  /** A removed item: its card now says so (its buttons would point at another item). */
  removed?: AgendaItem | null;
}

/**
 * Brings the cards already posted up to date: the overview, and each affected item's card —
 * scheduled through the coalescing card updater, built from the store when the PUT is made,
 * never awaited in the turn.
 */
export function updatePostedCards(services: Services, groupId: string, meetingNo: number, effects: AgendaChangeEffects): void {
  const db = services.store.read();
  const group = db.groups.find((g) => g.id === groupId);
  const meeting = db.meetings.find((m) => m.groupId === groupId && m.number === meetingNo);
  if (!group || !meeting) return;
  const store = services.store;
  const update = (posted: PostedCard | null | undefined, build: () => CardJson | null) => {
    const ref = posted && conversationOf(group, posted.conversationId);
    if (ref) services.delivery.updateCard(ref, posted.activityId, build);
  };
  update(meeting.overviewCard, () => {
    const d = store.read();
    const g = d.groups.find((x) => x.id === groupId);
    const m = d.meetings.find((x) => x.groupId === groupId && x.number === meetingNo);
    return g && m ? renderCard('agenda-overview', agendaOverviewView(g.locale, g, m)) : null;
  });
  for (const item of effects.items) {
    const posted = item.card;
    if (posted) update(posted, () => itemCardOf(store.read(), groupId, meetingNo, posted));
  }
  const gone = effects.removed;
  if (gone?.card) {
    const text = t(group.locale, 'edit.done.deleted', { title: gone.title });
    update(gone.card, () => renderCard('notice', noticeView(text, t(group.locale, 'note.footer', { number: meetingNo }), 'default')));
  }
}

/** The items a renumbering touched, plus the one changed. */
export const touchedItems = (meeting: Meeting, moved: Map<number, number>, also: AgendaItem | null = null): AgendaItem[] => {
  const numbers = new Set(moved.values());
  const list = meeting.items.filter((i) => numbers.has(i.number));
  if (also && !list.includes(also)) list.push(also);
  return list;
};
