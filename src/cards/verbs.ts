/**
 * Every Action.Execute / Action.Submit verb the bot handles. Card templates in cards/ use these
 * strings literally; the card gate (test/cards) checks each rendered verb is in this list, and
 * the invoke dispatcher (src/teams/card-actions.ts) refuses anything else.
 */
export const VERBS = {
  // agenda / meetings
  itemDecide: 'item.decide',
  itemAction: 'item.action',
  agendaImportConfirm: 'agenda.import.confirm',
  agendaImportCancel: 'agenda.import.cancel',
  agendaImportPickGroup: 'agenda.import.group',
  meetingsIcs: 'meetings.ics',
  // building the agenda (features/agenda-edit.ts)
  agendaEditOpen: 'agenda.edit.open',
  agendaEditMove: 'agenda.edit.move',
  agendaEditPick: 'agenda.edit.pick',
  agendaEditForm: 'agenda.edit.form',
  agendaEditSave: 'agenda.edit.save',
  agendaEditAsk: 'agenda.edit.ask',
  agendaEditRemove: 'agenda.edit.remove',
  agendaEditAdd: 'agenda.edit.add',
  agendaPublish: 'agenda.publish',
  proposalSubmit: 'proposal.submit',
  proposalAccept: 'proposal.accept',
  proposalDecline: 'proposal.decline',
  statusSubmit: 'status.submit',
  // risks and votes
  riskEdit: 'risk.edit',
  riskRetire: 'risk.retire',
  riskEscalate: 'risk.escalate',
  riskLogFile: 'risklog.file',
  voteCast: 'vote.cast',
  voteRefresh: 'vote.refresh',
  voteClose: 'vote.close',
  // actions
  actionDone: 'action.done',
  actionReopen: 'action.reopen',
  actionEdit: 'action.edit',
  // escalation
  escalationConfirm: 'escalation.confirm',
  escalationCancel: 'escalation.cancel',
  escalationAck: 'escalation.ack',
  escalationAnswer: 'escalation.answer',
  // outbox
  outboxRetry: 'outbox.retry',
  outboxDismiss: 'outbox.dismiss',
  // minutes
  minutesApprove: 'minutes.approve',
  minutesFile: 'minutes.file',
  // GP-system vendors
  vendorShow: 'vendor.show',
  vendorNew: 'vendor.new',
  vendorEdit: 'vendor.edit',
  vendorMilestone: 'vendor.milestone',
  vendorPaid: 'vendor.paid',
  vendorTest: 'vendor.test',
  vendorList: 'vendor.list',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];
export const ALL_VERBS: ReadonlySet<string> = new Set(Object.values(VERBS));
