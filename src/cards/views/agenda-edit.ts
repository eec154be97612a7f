/**
 * View models for building the agenda in Teams (issue #15): the "Redigér dagsorden" card
 * (cards/agenda-edit.json), the chair's proposal card (cards/proposal.json), the "Foreslå punkt"
 * form carried by the agenda overview and the T-14d call for items, and the texts of the
 * "Dagsorden opdateret" note and the standing-items list. Pure: domain data in, template data out.
 */
import { itemKey, type ItemField } from '../../domain/agenda-edit.js';
import { formatDanishDate, formatLongDate, instantToLocal, clockTime } from '../../domain/dates.js';
import type { AgendaChange, AgendaItem, AgendaProposal, Group, Locale, Meeting, Member, Outcome } from '../../domain/model.js';
import { registerMessages, t } from '../../i18n/index.js';
import messages from '../../i18n/messages/agenda-edit.js';
import meetingMessages from '../../i18n/messages/meetings.js';

registerMessages(meetingMessages);
registerMessages(messages);

type Params = Record<string, string | number>;
const label = (locale: Locale) => (k: string, p?: Params) => t(locale, k, p);

const clip = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s);

/** An instant as "6. juni 2025 kl. 09.00" / "6 June 2025 at 09:00". */
export function whenAt(locale: Locale, iso: string, zone: string): string {
  const { date, time } = instantToLocal(iso, zone);
  return `${formatDanishDate(date, locale)} ${locale === 'en' ? 'at' : 'kl.'} ${clockTime(time, locale)}`;
}

/**
 * Above this many items each row's buttons would take the card past Teams' size budget: rows are
 * then picked first (a click on the row), and only the picked row shows its buttons.
 */
export const COMPACT_FROM_ITEMS = 21;

export interface EditCardState {
  /** The picked row of a long agenda (COMPACT_FROM_ITEMS), which shows its buttons. */
  selected?: number | null;
  /** The item whose form is open, or whose removal waits for a yes. */
  editing?: number | null;
  confirming?: number | null;
  notice?: { text: string; style: 'good' | 'attention' | 'warning' | 'accent' } | null;
  /** When the T-7d-agenda reminder will send it (if planned). */
  plannedAt?: string | null;
}

const refOf = (group: Group, meeting: Meeting, item: AgendaItem) => ({
  groupId: group.id,
  meeting: meeting.number,
  item: item.number,
  key: itemKey(item.title),
});

function outcomeText(locale: Locale, o: Outcome): string {
  return t(locale, `outcome.${o}`);
}

export function agendaEditView(locale: Locale, group: Group, meeting: Meeting, state: EditCardState = {}) {
  const L = label(locale);
  const zone = group.timezone;
  const locked = meeting.minutes.status === 'approved';
  const cancelled = meeting.status === 'cancelled';
  const canEdit = !locked && !cancelled;
  const n = meeting.items.length;
  const compact = n >= COMPACT_FROM_ITEMS;
  const status = locked
    ? L('edit.locked')
    : cancelled
      ? L('edit.cancelled')
      : meeting.agendaSentAt
        ? L('edit.sent', { when: whenAt(locale, meeting.agendaSentAt, zone) })
        : state.plannedAt
          ? L('edit.planned', { when: whenAt(locale, state.plannedAt, zone) })
          : L('edit.unsent');
  const items = meeting.items.map((it) => {
    const ref = refOf(group, meeting, it);
    const editing = canEdit && state.editing === it.number;
    const confirming = canEdit && !editing && state.confirming === it.number;
    const detail = [it.presenter ? t(locale, 'item.presenter', { name: it.presenter }) : '', it.outcome ? L('edit.decided', { outcome: outcomeText(locale, it.outcome) }) : '']
      .filter(Boolean)
      .join(' · ');
    const open = canEdit && !editing && !confirming && (!compact || state.selected === it.number);
    return {
      number: `${it.number}.`,
      title: it.title,
      detail,
      hasDetail: detail !== '',
      style: editing || confirming || (compact && open) ? 'emphasis' : 'default',
      // A long agenda: the row is picked first (its click opens its buttons).
      canPick: canEdit && compact && !open && !editing && !confirming,
      plain: !(canEdit && compact && !open && !editing && !confirming),
      hasButtons: open,
      canUp: it.number > 1,
      canDown: it.number < n,
      up: { ...ref, to: it.number - 1 },
      down: { ...ref, to: it.number + 1 },
      ref,
      // Removing an item with a decision is refused; the button is not offered.
      canRemove: it.outcome === null,
      isEditing: editing,
      form: editing
        ? {
            title: it.title,
            presenter: it.presenter ?? '',
            recommendation: it.recommendation.join('\n'),
            background: it.background ?? '',
            proposal: it.proposal ?? '',
          }
        : { title: '', presenter: '', recommendation: '', background: '', proposal: '' },
      isConfirming: confirming,
      confirm: confirming ? L('edit.confirm', { item: it.number, title: clip(it.title, 120) }) : '',
    };
  });
  return {
    title: L('edit.title', { number: meeting.number }),
    subtitle: L('edit.subtitle', { group: group.name, date: formatLongDate(meeting.date, locale) }),
    hasNotice: !!state.notice,
    notice: state.notice?.text ?? '',
    noticeStyle: state.notice?.style ?? 'default',
    status,
    isEmpty: n === 0,
    empty: L('edit.empty'),
    items,
    labels: {
      up: L('edit.up'),
      down: L('edit.down'),
      edit: L('edit.edit'),
      remove: L('edit.remove'),
      pick: L('edit.pick'),
      title: L('edit.form.title'),
      titleError: L('edit.form.title.error'),
      presenter: L('edit.form.presenter'),
      recommendation: L('edit.form.recommendation'),
      background: L('edit.form.background'),
      proposal: L('edit.form.proposal'),
      save: L('edit.form.save'),
      cancel: L('edit.form.cancel'),
      yes: L('edit.confirm.yes'),
      add: L('edit.add'),
      addSave: L('edit.add.save'),
      publish: L('edit.publish'),
      refresh: L('edit.refresh'),
    },
    canEdit,
    canPublish: meeting.status === 'planned' && n > 0 && !locked,
    data: { groupId: group.id, meeting: meeting.number },
    hint: canEdit ? L('edit.hint') : '',
  };
}

/** The "Foreslå punkt" form's data (the overview card and the T-14d call for items). */
export function proposeFormView(locale: Locale, group: Group, meeting: Pick<Meeting, 'number'>) {
  const L = label(locale);
  return {
    button: L('propose.button'),
    intro: L('propose.intro'),
    title: L('propose.title'),
    presenter: L('propose.presenter'),
    recommendation: L('propose.recommendation'),
    send: L('propose.send'),
    data: { groupId: group.id, meeting: meeting.number },
  };
}

/** The overview card's buttons: propose (everyone), edit and send (checked per clicker). */
export function overviewActionsView(locale: Locale, group: Group, meeting: Meeting) {
  const open = meeting.status === 'planned' && meeting.minutes.status !== 'approved';
  return {
    hasAgendaActions: open,
    agendaActions: {
      propose: proposeFormView(locale, group, meeting),
      edit: t(locale, 'edit.open'),
      publish: t(locale, 'edit.publish'),
      data: { groupId: group.id, meeting: meeting.number, from: 'overview' },
    },
  };
}

export interface ProposalViewInput {
  group: Group;
  meeting: Meeting;
  proposal: AgendaProposal;
  /** People to @mention (the chair, when the card goes to the group's conversation). */
  mention: Member[];
  /** The item it became (accepted), and who decided. */
  item?: number | null;
  deciderName?: string | null;
}

export function proposalView(locale: Locale, input: ProposalViewInput) {
  const L = label(locale);
  const { group, meeting, proposal: p } = input;
  const mentions = input.mention.filter((m) => m.aadObjectId || m.teamsId);
  const intro = mentions.length
    ? L('proposal.intro.group', { mentions: mentions.map((m) => `<at>${m.name}</at>`).join(', '), name: p.byName })
    : L('proposal.intro.personal', { name: p.byName });
  const name = input.deciderName ?? '';
  const status =
    p.status === 'accepted'
      ? input.item
        ? L('proposal.accepted', { item: input.item, name })
        : L('proposal.accepted.gone', { name })
      : p.status === 'declined'
        ? L('proposal.declined', { name })
        : '';
  return {
    data: {
      title: L('proposal.title', { number: meeting.number }),
      subtitle: L('proposal.subtitle', { group: group.name, date: formatLongDate(meeting.date, locale) }),
      intro,
      facts: [
        { title: L('proposal.fact.title'), value: p.title },
        ...(p.presenter ? [{ title: L('proposal.fact.presenter'), value: p.presenter }] : []),
        ...(p.recommendation ? [{ title: L('proposal.fact.recommendation'), value: clip(p.recommendation, 1500) }] : []),
        { title: L('proposal.fact.by'), value: p.byName },
      ],
      isOpen: p.status === 'open',
      hasStatus: status !== '',
      status,
      statusColor: p.status === 'accepted' ? 'good' : 'default',
      accept: L('proposal.accept'),
      decline: L('proposal.decline'),
      ref: { groupId: group.id, meeting: meeting.number, id: p.id },
    },
    mentions: mentions.map((m) => ({ type: 'mention', text: `<at>${m.name}</at>`, mentioned: { id: (m.teamsId ?? m.aadObjectId)!, name: m.name } })),
  };
}

const FIELD_LABEL: Record<ItemField, string> = {
  title: 'ae.field.title',
  presenter: 'ae.field.presenter',
  recommendation: 'ae.field.recommendation',
  background: 'ae.field.background',
  proposal: 'ae.field.proposal',
};

export const fieldsText = (locale: Locale, fields: readonly string[]): string =>
  fields.map((f) => t(locale, FIELD_LABEL[f as ItemField] ?? f)).join(', ');

/** The "Dagsorden opdateret" note: one line per change, in the order they were made. */
export function agendaNoteView(locale: Locale, meeting: Pick<Meeting, 'number'>, changes: readonly AgendaChange[]) {
  const L = label(locale);
  const listed = changes.filter((c) => c.title);
  const lines = listed.map((c) =>
    L(`note.${c.kind}`, { item: c.item, title: clip(c.title, 150), from: c.from ?? '', fields: fieldsText(locale, (c.field ?? '').split(',').filter(Boolean)) }),
  );
  const more = changes.length - listed.length;
  if (more > 0) lines.push(L('note.more', { n: more }));
  return {
    title: L('note.title', { number: meeting.number }),
    text: [...lines.map((l) => `• ${l}`), L('note.footer', { number: meeting.number })].join('\n\n'),
    style: 'accent' as const,
  };
}

/** `faste punkter`: the group's list, numbered as a new meeting would number them. */
export function standingItemsView(locale: Locale, group: Group) {
  const L = label(locale);
  const list = group.standingItems;
  return {
    title: L('standing.title', { group: group.name }),
    text: [list.length ? L('standing.intro') : L('standing.empty'), ...list.map((s, i) => `${i + 1}. ${s}`), L('standing.hint')].join('\n\n'),
    style: 'default' as const,
  };
}
