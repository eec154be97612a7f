import type { ActionPoint, Group, Locale } from '../../domain/model.js';
import { formatDanishDate, formatLongDate, instantToLocal } from '../../domain/dates.js';
import { findMember } from '../../domain/roster.js';
import { registerMessages, t } from '../../i18n/index.js';
import messages from '../../i18n/messages/actions.js';
import editMessages from '../../i18n/messages/action-edit.js';

registerMessages(messages);
registerMessages(editMessages);

/** Pure view models (domain → template data) for cards/action.json and cards/actions-list.json. */

/** Characters that would break Teams' <at>…</at> markup. */
const safeName = (name: string) => name.replace(/[<>]/g, '').trim() || '—';

/** The id Teams accepts in a mention entity: the Teams user id, else the Entra object id. */
export const mentionId = (p: { aadObjectId: string | null; teamsId?: string | null }): string | null => p.teamsId || p.aadObjectId || null;

/** `<at>Name</at>` plus the msteams entity that makes it a real mention (the person is notified). */
export function mentionOf(p: { name: string; aadObjectId: string | null; teamsId?: string | null }): { markup: string; entity: { text: string; id: string; name: string } | null } {
  const name = safeName(p.name);
  const id = mentionId(p);
  if (!id) return { markup: name, entity: null };
  const markup = `<at>${name}</at>`;
  return { markup, entity: { text: markup, id, name } };
}

/** A person's display name from a stored key (aadObjectId or Teams id): the roster's, else null. */
export function nameInGroup(group: Group, key: string | null | undefined): string | null {
  if (!key) return null;
  return findMember(group, { aadObjectId: key, teamsId: key })?.name ?? null;
}

export function sourceText(locale: Locale, a: ActionPoint, itemTitle?: string | null): string {
  const s = a.source;
  if (s.kind === 'item') {
    const params = { item: s.item ?? '?', meeting: s.meeting ?? '?', title: itemTitle ?? '' };
    return t(locale, itemTitle ? 'action.source.itemTitle' : 'action.source.item', params);
  }
  if (s.kind === 'risk') return t(locale, 'action.source.risk', { risk: s.risk ?? '?' });
  return s.meeting != null ? t(locale, 'action.source.chatMeeting', { meeting: s.meeting }) : t(locale, 'action.source.chat');
}

function instantDate(iso: string, zone: string, locale: Locale): string {
  return formatDanishDate(instantToLocal(iso, zone).date, locale);
}

/** Notes shown on the card, and owner choices in its edit form (size budget). */
const NOTES_SHOWN = 3;
const MAX_OWNER_CHOICES = 60;

export interface ActionCardOptions {
  /** The group's local date, for "overdue". */
  today: string;
  itemTitle?: string | null;
}

export function actionCardView(locale: Locale, group: Group, a: ActionPoint, opts: ActionCardOptions) {
  const mention = mentionOf(a.owner);
  const overdue = a.status === 'open' && !!a.due && a.due < opts.today;
  const dueToday = a.status === 'open' && a.due === opts.today;
  const dueLine = !a.due
    ? t(locale, 'action.card.noDue')
    : `${t(locale, 'action.card.due')}: ${formatLongDate(a.due, locale)}${overdue ? ` — ${t(locale, 'action.card.overdue')}` : dueToday ? ` — ${t(locale, 'action.card.dueToday')}` : ''}`;
  const facts = [
    { title: t(locale, 'action.card.source'), value: sourceText(locale, a, opts.itemTitle) },
    { title: t(locale, 'action.card.createdBy'), value: `${nameInGroup(group, a.createdBy) ?? '—'}, ${instantDate(a.createdAt, group.timezone, locale)}` },
  ];
  // The latest few notes on the card; the full log is in actions --json and the minutes.
  const notes = (a.notes ?? []).slice(-NOTES_SHOWN).map((n) => ({ text: t(locale, 'action.note.line', { date: instantDate(n.at, group.timezone, locale), by: safeName(n.byName), text: n.text }) }));
  const owners = group.roster
    .filter((m) => (m.aadObjectId || m.teamsId) && m.role !== 'observer')
    .slice(0, MAX_OWNER_CHOICES)
    .map((m) => ({ title: m.name, value: (m.aadObjectId ?? m.teamsId)! }));
  if (a.status === 'done' && a.doneAt) {
    facts.push({ title: t(locale, 'action.card.doneBy'), value: `${nameInGroup(group, a.doneBy) ?? '—'}, ${instantDate(a.doneAt, group.timezone, locale)}` });
  }
  return {
    title: t(locale, 'action.card.title', { id: a.id }),
    text: a.text,
    ownerLine: t(locale, 'action.card.owner', { owner: mention.markup }),
    dueLine,
    dueColor: overdue ? 'attention' : dueToday ? 'warning' : 'default',
    statusLabel: t(locale, `action.status.${a.status}`),
    statusColor: a.status === 'done' ? 'good' : overdue ? 'attention' : 'accent',
    facts,
    hint: t(locale, a.status === 'open' ? 'action.edit.hint' : 'action.card.hint'),
    hasNotes: notes.length > 0,
    notesTitle: t(locale, 'action.notes.title'),
    notes,
    canEdit: a.status === 'open',
    edit: {
      title: t(locale, 'action.edit.title'),
      textLabel: t(locale, 'action.edit.text'),
      textError: t(locale, 'action.edit.textError'),
      text: a.text,
      dueLabel: t(locale, 'action.edit.due'),
      due: a.due ?? '',
      ownerLabel: t(locale, 'action.edit.owner'),
      owner: a.owner.aadObjectId ?? a.owner.teamsId ?? '',
      owners,
      noteLabel: t(locale, 'action.edit.note'),
      notePlaceholder: t(locale, 'action.edit.notePlaceholder'),
      save: t(locale, 'action.edit.save'),
    },
    canDone: a.status === 'open',
    canReopen: a.status === 'done',
    doneTitle: t(locale, 'action.card.done'),
    reopenTitle: t(locale, 'action.card.reopen'),
    groupId: a.groupId,
    actionId: a.id,
    mentions: mention.entity ? [mention.entity] : [],
  };
}

export type ActionListFilter = 'all' | 'mine' | 'open' | 'overdue';

/** At most this many rows on the list card (size budget); the rest are counted. */
export const LIST_MAX = 25;
const LIST_TEXT_MAX = 180;

const shorten = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1).replace(/\s+\S*$/, '')}…`);

export function actionsListView(locale: Locale, group: Group, actions: ActionPoint[], filter: ActionListFilter, today: string, all: ActionPoint[] = actions) {
  const open = all.filter((a) => a.status === 'open');
  const overdueCount = open.filter((a) => a.due && a.due < today).length;
  const shown = actions.slice(0, LIST_MAX);
  const titleKey = filter === 'all' ? 'actions.list.title' : `actions.list.title.${filter}`;
  const emptyKey = filter === 'all' ? 'actions.list.empty' : `actions.list.empty.${filter}`;
  return {
    title: t(locale, titleKey, { group: group.name }),
    summary: t(locale, 'actions.list.summary', { open: open.length, overdue: overdueCount, done: all.length - open.length }),
    empty: actions.length === 0,
    emptyText: t(locale, emptyKey),
    items: shown.map((a) => {
      const overdue = a.status === 'open' && !!a.due && a.due < today;
      const when =
        a.status === 'done' && a.doneAt
          ? t(locale, 'actions.list.doneAt', { date: instantDate(a.doneAt, group.timezone, locale) })
          : a.due
            ? t(locale, 'actions.list.due', { date: formatDanishDate(a.due, locale) })
            : t(locale, 'actions.list.noDue');
      return {
        id: a.id,
        text: shorten(a.text, LIST_TEXT_MAX),
        meta: `${safeName(a.owner.name)} · ${when}`,
        statusText: overdue ? t(locale, 'actions.list.overdue') : t(locale, `action.status.${a.status}`),
        statusColor: overdue ? 'attention' : a.status === 'done' ? 'good' : 'default',
      };
    }),
    more: actions.length > shown.length,
    moreText: t(locale, 'actions.list.more', { count: actions.length - shown.length }),
    hint: t(locale, 'actions.list.hint'),
  };
}
