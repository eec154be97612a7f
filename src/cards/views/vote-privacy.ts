/**
 * The parts of the vote cards that depend on the round being named or anonymous: the title, the
 * line saying who will see names, and the comments per risk (with names only where the viewer may
 * see them). Pure: domain + i18n.
 */
import type { Group, Locale, VoteRound } from '../../domain/model.js';
import { commentsOn } from '../../domain/votes.js';
import { registerMessages, t } from '../../i18n/index.js';
import escalationMessages from '../../i18n/messages/escalations.js';
import messages from '../../i18n/messages/vote-privacy.js';

registerMessages(messages);
registerMessages(escalationMessages);

const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1).trimEnd() + '…' : s);

export const roundTitle = (round: Readonly<VoteRound>, locale: Locale): string =>
  t(locale, round.anonymous ? 'ballot.title.anonymous' : 'ballot.title', { id: round.id });

/** Who sees names, and when: said on every ballot before anyone votes. */
export function privacyText(group: Readonly<Group>, round: Readonly<VoteRound>, locale: Locale): string {
  if (round.anonymous) return t(locale, 'vote.privacy.anonymous');
  return t(locale, 'vote.privacy.named', { board: group.escalationTarget?.name || t(locale, 'escalation.board.default') });
}

/**
 * "R1 · Name: text" per comment, risks in the round's order. Names only when `withNames` (the
 * chair's closed view of a named round); an anonymous round never has any.
 */
export function commentLines(round: Readonly<VoteRound>, locale: Locale, withNames: boolean, max = 300): string[] {
  const lines: string[] = [];
  for (const riskId of round.riskIds)
    for (const c of commentsOn(round, riskId))
      lines.push(
        withNames && c.name
          ? t(locale, 'ballot.comment.riskline', { id: riskId, name: c.name, text: cut(c.text, max) })
          : t(locale, 'ballot.comment.riskline.anon', { id: riskId, text: cut(c.text, max) }),
      );
  return lines;
}
