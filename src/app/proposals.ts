/**
 * Members propose agenda items (issue #15, "Foreslå punkt"): a proposal is stored on the meeting
 * and the chair gets an accept/decline card through the outbox — in their personal chat with the
 * bot where one is known, else in the group's conversation with the chair @mentioned. Accepting
 * makes it an item (before "Eventuelt", src/app/agenda-edit.ts) in the same write.
 */
import { cleanLine, MAX_ITEM_TEXT } from '../domain/agenda-edit.js';
import { LIMITS } from '../domain/limits.js';
import type { AgendaItem, AgendaProposal, ConversationRef, Db, Group, Meeting, Member, Person } from '../domain/model.js';
import { chairsOf, findMember, personKey, samePerson } from '../domain/roster.js';
import { AppError } from '../errors.js';
import { addItem, checkPresenter, checkTitle, editableMeeting } from './agenda-edit.js';
import { requireGroup, requireRight } from './groups.js';
import type { Tx } from './ports.js';

/** Where the chair's card goes: their personal chat, else the group's conversation mentioning them. */
export interface ProposalTarget {
  conversation: ConversationRef;
  personal: boolean;
  mention: Member[];
}

export function proposalTarget(group: Group): ProposalTarget {
  const chairs = chairsOf(group);
  const withChat = chairs.find((c) => c.personalChat);
  if (withChat) return { conversation: withChat.personalChat!, personal: true, mention: [] };
  return { conversation: group.conversation, personal: false, mention: chairs };
}

export const proposalPurpose = (groupId: string, meeting: number, id: string): string => `proposal:${groupId}:${meeting}:${id}`;

export interface ProposeInput {
  groupId: string;
  actor: Person;
  meeting: number;
  title: string;
  presenter?: string | null;
  recommendation?: string | null;
  /** The chair's card, built from the stored proposal in this write. */
  render: (group: Group, meeting: Meeting, proposal: AgendaProposal, target: ProposalTarget) => Record<string, unknown>;
}

/**
 * Stores a member's proposal and queues the chair's card. The same open proposal from the same
 * person again (a re-sent click) changes nothing and returns the first.
 */
export function proposeItem(db: Db, tx: Tx, input: ProposeInput): { meeting: Meeting; proposal: AgendaProposal; created: boolean } {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'proposeItem', tx);
  const meeting = editableMeeting(db, group, input.meeting);
  if (meeting.status !== 'planned') throw new AppError('meeting_not_planned', { number: meeting.number, status: meeting.status });
  const title = checkTitle(input.title);
  const presenter = checkPresenter(input.presenter);
  const recommendation = (input.recommendation ?? '').replace(/\r\n/g, '\n').trim() || null;
  if (recommendation && recommendation.length > MAX_ITEM_TEXT)
    throw new AppError('item_text_too_long', { max: MAX_ITEM_TEXT, actual: recommendation.length });
  const by = personKey(input.actor);
  const list = (meeting.proposals ??= []);
  const same = list.find((p) => p.status === 'open' && p.by === by && cleanLine(p.title).toLowerCase() === title.toLowerCase());
  if (same) return { meeting, proposal: same, created: false };
  if (list.filter((p) => p.status === 'open').length >= LIMITS.openProposalsPerMeeting)
    throw new AppError('limit_open_proposals', { max: LIMITS.openProposalsPerMeeting, number: meeting.number });
  const proposal: AgendaProposal = {
    id: tx.nextId('p'),
    title,
    presenter,
    recommendation,
    by,
    byName: findMember(group, input.actor)?.name ?? input.actor.name,
    at: tx.now.toISOString(),
    status: 'open',
    decidedBy: null,
    decidedAt: null,
  };
  const target = proposalTarget(group);
  const activity = input.render(group, meeting, proposal, target);
  list.push(proposal);
  tx.enqueue({
    groupId: group.id,
    conversation: target.conversation,
    activity,
    ref: { kind: 'other', purpose: proposalPurpose(group.id, meeting.number, proposal.id) },
  });
  tx.audit({
    actor: by,
    action: 'agenda.propose',
    groupId: group.id,
    target: `meeting ${meeting.number} proposal ${proposal.id}`,
    after: { title, presenter, recommendation, to: target.personal ? 'personal' : 'group' },
  });
  return { meeting, proposal, created: true };
}

export interface DecideProposalInput {
  groupId: string;
  actor: Person;
  meeting: number;
  id: string;
  accept: boolean;
}

export function findProposal(meeting: Meeting, id: string): AgendaProposal {
  const p = meeting.proposals?.find((x) => x.id === id);
  if (!p) throw new AppError('proposal_unknown', { number: meeting.number });
  return p;
}

/**
 * The chair (or referent) accepts or declines. Accepting adds the item. Deciding a proposal that
 * is already decided the same way is a re-sent click and changes nothing; the other way is refused.
 */
export function decideProposal(
  db: Db,
  tx: Tx,
  input: DecideProposalInput,
): { meeting: Meeting; proposal: AgendaProposal; item: AgendaItem | null; moved: Map<number, number>; changed: boolean } {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'manageMeetings', tx);
  const meeting = editableMeeting(db, group, input.meeting);
  const proposal = findProposal(meeting, input.id);
  const wanted = input.accept ? 'accepted' : 'declined';
  const itemOf = () => meeting.items.find((i) => i.title.toLowerCase() === proposal.title.toLowerCase()) ?? null;
  if (proposal.status === wanted) return { meeting, proposal, item: input.accept ? itemOf() : null, moved: new Map(), changed: false };
  if (proposal.status !== 'open') throw new AppError('proposal_decided', { title: proposal.title, status: proposal.status });
  let item: AgendaItem | null = null;
  let moved = new Map<number, number>();
  if (input.accept) {
    ({ item, moved } = addItem(db, tx, {
      groupId: group.id,
      actor: input.actor,
      meeting: meeting.number,
      title: proposal.title,
      presenter: proposal.presenter,
      recommendation: proposal.recommendation,
      source: 'agenda.item.add.proposal',
    }));
  }
  Object.assign(proposal, { status: wanted, decidedBy: personKey(input.actor), decidedAt: tx.now.toISOString() });
  tx.audit({
    actor: personKey(input.actor),
    action: input.accept ? 'agenda.proposal.accept' : 'agenda.proposal.decline',
    groupId: group.id,
    target: `meeting ${meeting.number} proposal ${proposal.id}`,
    before: { status: 'open' },
    after: { status: wanted, item: item?.number ?? null },
  });
  return { meeting, proposal, item, moved, changed: true };
}

/** The proposer, for telling them the outcome (null when they left the roster). */
export const proposer = (group: Group, p: AgendaProposal): Member | null =>
  group.roster.find((m) => samePerson(m, { aadObjectId: p.by, teamsId: p.by })) ?? null;
