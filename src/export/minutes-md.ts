import { minutesLabels, type MinutesLabels } from './minutes-labels.js';
import type { MinutesAction, MinutesView } from './minutes-view.js';

/**
 * The minutes as Markdown in the layout of the group's Word document: header block, agenda,
 * one section per item (Indstilling, Baggrund, Løsning, Beslutning), then risk assessment,
 * follow-up, escalations and the status of the minutes. Ends with a single newline.
 */
export function minutesToMarkdown(view: MinutesView): string {
  const l = minutesLabels(view.locale);
  const out: string[] = [];
  const para = (...lines: string[]) => out.push(lines.join('\n'));

  para(`# ${inline(view.title)}`);
  para(...headerBlock(view, l));
  if (view.header.cancelled) para(`*${l.cancelled}*`);

  if (view.items.length) {
    para(`**${l.agenda}:**`);
    para(...view.items.map((it) => `${it.number}. ${inline(it.agendaLine)}`));
  }

  for (const it of view.items) {
    para(`## ${inline(it.heading)}`);
    if (it.note) para(`*${inline(it.note)}*`);
    if (it.material?.length) {
      para(`**${l.material}**`);
      para(...it.material.map((m) => (m.url ? `- [${linkText(m.label)}](<${m.url}>)` : `- ${inline(m.label)} (${l.noLink})`)));
    }
    if (it.recommendation.length) {
      para(`**${l.recommendation}**`);
      if (it.recommendationLead) para(inline(it.recommendationLead));
      para(...it.recommendation.map((r) => `- ${inline(r)}`));
    }
    if (it.background) para(`**${l.background}**  `, block(it.background));
    if (it.proposal) para(`**${l.proposal}**  `, block(it.proposal));
    if (it.nextSteps) para(`**${l.nextSteps}**  `, block(it.nextSteps));
    if (it.followUp) {
      para(`**${inline(it.followUp.title)}**`);
      para(...it.followUp.lines.map((f) => `- ${inline(f.text)}`));
    }
    if (it.status) {
      para(`**${it.status.label}**: ${inline(it.status.line)} *(${inline(it.status.byLine)})*`);
      if (it.status.points.length || it.status.links.length)
        para(...it.status.points.map((p) => `- ${inline(p)}`), ...it.status.links.map((u) => `- <${u}>`));
    }
    if (it.vendors) {
      para(`**${inline(it.vendors.title)}** *(${inline(it.vendors.asOf)})*`);
      para(
        table(
          it.vendors.head,
          it.vendors.rows.map((r) => [r.name, r.certification, r.next, r.overdue]),
        ),
      );
    }
    const by = it.recordedBy ? ` *(${l.recordedBy} ${inline(it.recordedBy)})*` : '';
    para(`**${l.decision}**: ${inline(it.decisionLine)}${by}`);
    for (const line of it.escalations ?? []) para(inline(line));
  }

  para(`## ${l.risks}`);
  if (!view.risks.length) para(l.noRisks);
  else {
    para(
      table(
        [l.risk, l.category, l.rating, l.trend, l.votes, l.owner],
        view.risks.map((r) => [
          `${r.id} ${r.title}`,
          r.category,
          r.source === 'current' ? `${r.ratingText}\\*` : r.ratingText,
          r.trendText,
          r.votesText ?? '–',
          r.owner ?? '–',
        ]),
      ),
    );
    if (view.risks.some((r) => r.source === 'current')) para(`\\* ${l.currentRatingNote}.`);
    const withActions = view.risks.filter((r) => r.correctiveActions.length);
    if (withActions.length) {
      para(`**${l.correctiveActions}**`);
      para(...withActions.flatMap((r) => [`- ${r.id} ${inline(r.title)}:`, ...r.correctiveActions.map((a) => `  - ${inline(a)}`)]));
    }
  }

  para(`## ${l.followUp}`);
  para(`### ${l.newActions}`);
  para(actionTable(view.actions.created, l));
  para(`### ${l.overdueActions}`);
  para(actionTable(view.actions.overdue, l));

  para(`## ${l.escalations}`);
  if (!view.escalations.length) para(l.noEscalations);
  else {
    para(
      table(
        [l.risk, l.reason, l.escalatedBy, l.status, l.answer],
        view.escalations.map((e) => [
          `${e.riskId} ${e.riskTitle}`,
          e.reason,
          `${e.byName}, ${e.atText}`,
          e.statusLabel,
          e.answer ? `${e.answer}${e.answeredText ? ` (${e.answeredText})` : ''}` : '–',
        ]),
      ),
    );
  }

  para(`## ${l.minutesStatus}`);
  para(block(view.status.line));
  if (view.status.amendments.length) {
    para(`**${l.amendments}**`);
    para(...view.status.amendments.map((a) => `- ${inline(a.line)}`));
  }
  para(`*${inline(view.generated)}*`);
  return `${out.join('\n\n')}\n`;
}

function headerBlock(view: MinutesView, l: MinutesLabels): string[] {
  const h = view.header;
  // Two trailing spaces: a Markdown line break, so the block stays one compact paragraph.
  const lines = [`**${l.date}:** ${h.dateText}  `, `**${l.time}:** ${h.timeText}  `];
  if (h.place) lines.push(`**${l.place}:** ${inline(h.place)}  `);
  if (h.joinUrl) lines.push(`**${l.joinUrl}:** <${h.joinUrl}>  `);
  // One person a line, as in the agenda's Deltagere block.
  const people = (label: string, names: string[]) =>
    names.forEach((n, i) => lines.push(`${i === 0 ? `**${label}:** ` : ''}${inline(n)}  `));
  if (h.present.length) people(l.participants, h.present);
  else lines.push(`**${l.participants}:** –  `);
  people(l.absent, h.absent);
  people(l.notRecorded, h.unknown);
  if (h.referent) lines.push(`**${l.referent}:** ${inline(h.referent)}  `);
  lines.push(`**${l.status}:** ${inline(view.status.line)}`);
  return lines;
}

function actionTable(rows: MinutesAction[], l: MinutesLabels): string {
  if (!rows.length) return l.noActions;
  return table(
    ['#', l.action, l.responsible, l.due, l.status],
    rows.map((a) => [a.id, a.sourceText ? `${a.text} (${a.sourceText})` : a.text, a.owner, a.dueText, a.statusLabel]),
  );
}

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** A table cell is one line and a `|` would end it early. */
const cell = (s: string) => inline(s).replace(/\|/g, '\\|');

/**
 * Free text typed in Teams goes into the document verbatim; only what would change the
 * Markdown structure is neutralised: line breaks everywhere, and at the start of a line a
 * #, > or list marker (`block`).
 */
const inline = (s: string) => s.replace(/\s*\n\s*/g, ' ');
/** A link's text: brackets would end it early. */
const linkText = (s: string) => inline(s).replace(/[[\]\\]/g, '\\$&');
const block = (s: string) => inline(s).replace(/^(#+|>|[-+*]\s|\d+[.)]\s)/, '\\$1');
