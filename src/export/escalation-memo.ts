import type { Paragraph, Table } from 'docx';
import type { Escalation, Group, Locale, Risk } from '../domain/model.js';
import { minutesLabels } from './minutes-labels.js';
import { dateText, instantText, localDate, nameOf, ratingText, tallyText } from './minutes-format.js';
import { bullet, H1, H2, heading, italic, keyValueBlock, packDocx, ratingCell, table, text, title } from './minutes-docx-kit.js';

/**
 * A Word memo to the programme board ("Notat til DAP-styregruppen: Eskalering af risiko R2 – …")
 * for one escalation: why, who and when, the risk as it stood when escalated (the snapshot —
 * the board must see what the group saw), and the status and answer so far.
 * `risk` is the live risk, if it still exists: it adds the description and, when the rating has
 * moved since, the current rating.
 */
export async function escalationMemoDocx(
  escalation: Escalation,
  group: Group,
  risk: Risk | null,
  locale: Locale = group.locale,
): Promise<Buffer> {
  const l = minutesLabels(locale);
  const e = escalation;
  const s = e.snapshot;
  const tz = group.timezone;
  // The board as the group named its escalation target ("eskaleringskanal navn …"), else the default.
  const memoTitle = l.memoTitle(group.escalationTarget?.name || l.board, e.riskId, s.title);
  const body: (Paragraph | Table)[] = [title(memoTitle)];

  body.push(
    keyValueBlock([
      // Group names are stored as they read mid-sentence ("den operationelle styregruppe …").
      [l.memoFrom, group.name.charAt(0).toUpperCase() + group.name.slice(1)],
      [l.memoDate, dateText(localDate(e.at, tz), locale)],
      [l.escalatedBy, `${e.byName}, ${instantText(e.at, tz, locale)}`],
      [l.status, l.escalationStatus[e.status]],
    ]),
  );

  body.push(heading(l.reason, H1), text(e.reason));

  body.push(heading(l.riskSection, H1));
  body.push(
    table(
      [l.risk, l.category, l.owner, l.rating],
      [[`${e.riskId} ${s.title}`, s.category, s.owner ?? '–', ratingCell(s.rating, ratingText(s.rating, locale))]],
      [5, 3, 3, 2],
    ),
  );
  if (risk?.description) body.push(heading(l.description, H2), text(risk.description));
  if (risk && risk.rating !== s.rating) {
    body.push(text(`${l.currentRating}: ${ratingText(risk.rating, locale)}`));
  }

  body.push(heading(l.history, H2));
  body.push(
    s.history.length
      ? table(
          [l.memoDate, l.meetingCol, l.rating, l.votes],
          s.history.map((h) => [
            dateText(h.date, locale),
            h.meeting != null ? l.meeting(h.meeting) : '–',
            ratingCell(h.rating, ratingText(h.rating, locale)),
            `${tallyText(h.tally, locale)}${h.disagreement ? ` — ${l.disagreement}` : ''}`,
          ]),
          [3, 2, 2, 5],
        )
      : text(l.noneRecorded),
  );

  body.push(heading(l.latestVote, H2), text(tallyText(s.tally, locale) ?? l.noneRecorded));
  if (s.comments.length) body.push(heading(l.comments, H2), ...s.comments.map((c) => bullet(c)));

  body.push(heading(l.correctiveActions, H2));
  body.push(...(s.correctiveActions.length ? s.correctiveActions.map((a) => bullet(a)) : [text(l.noneRecorded)]));

  // The status itself heads the memo; this section says who received and answered it.
  body.push(heading(l.statusAndAnswer, H1));
  if (e.acknowledgedAt) {
    const who = nameOf(group.roster, e.acknowledgedBy ?? null);
    body.push(text(`${l.acknowledged} ${instantText(e.acknowledgedAt, tz, locale)}${who ? ` ${l.by} ${who}` : ''}`));
  }
  if (e.answer) {
    const who = nameOf(group.roster, e.answeredBy ?? null);
    const when = e.answeredAt ? instantText(e.answeredAt, tz, locale) : null;
    body.push(heading(l.answer, H2), text(e.answer));
    if (who || when) body.push(italic([who, when].filter(Boolean).join(', ')));
  } else {
    body.push(italic(l.awaitingAnswer));
  }

  return packDocx({ title: memoTitle, subject: group.name, description: e.reason, children: body });
}
