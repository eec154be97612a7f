import type { Paragraph, Table } from 'docx';
import { minutesLabels, type MinutesLabels } from './minutes-labels.js';
import type { MinutesAction, MinutesItem, MinutesView } from './minutes-view.js';
import {
  bullet,
  H1,
  H2,
  heading,
  italic,
  keyValueBlock,
  labelled,
  linkBullet,
  packDocx,
  ratingCell,
  spacer,
  strong,
  table,
  text,
  title,
} from './minutes-docx-kit.js';

type Block = Paragraph | Table;

/**
 * The minutes as a Word document in the group's layout: real headings (so Word's navigation
 * pane lists the items), bullet lists, and tables whose rating cells are coloured and spelled
 * out. Same content and order as minutesToMarkdown.
 */
export async function minutesToDocx(view: MinutesView): Promise<Buffer> {
  const l = minutesLabels(view.locale);
  const body: Block[] = [title(view.title), headerBlock(view, l)];
  if (view.header.cancelled) body.push(italic(l.cancelled));

  if (view.items.length) {
    body.push(strong(`${l.agenda}:`));
    body.push(...view.items.map((it) => text(`${it.number}  ${it.agendaLine}`)));
  }
  for (const it of view.items) body.push(...itemBlocks(it, l));

  body.push(heading(l.risks, H1), ...riskBlocks(view, l));

  body.push(heading(l.followUp, H1));
  body.push(heading(l.newActions, H2), actionTable(view.actions.created, l));
  body.push(heading(l.overdueActions, H2), actionTable(view.actions.overdue, l));

  body.push(heading(l.escalations, H1));
  body.push(
    view.escalations.length
      ? table(
          [l.risk, l.reason, l.escalatedBy, l.status, l.answer],
          view.escalations.map((e) => [
            `${e.riskId} ${e.riskTitle}`,
            e.reason,
            `${e.byName}\n${e.atText}`,
            e.statusLabel,
            e.answer ? `${e.answer}${e.answeredText ? `\n(${e.answeredText})` : ''}` : '–',
          ]),
          [3, 5, 3, 2, 5],
        )
      : text(l.noEscalations),
  );

  body.push(heading(l.minutesStatus, H1), text(view.status.line));
  if (view.status.amendments.length) {
    body.push(heading(l.amendments, H2), ...view.status.amendments.map((a) => bullet(a.line)));
  }
  body.push(spacer(), italic(view.generated));

  return packDocx({
    title: view.title,
    subject: view.groupName,
    description: `${view.status.label}, ${l.version} ${view.status.version}`,
    children: body,
  });
}

function headerBlock(view: MinutesView, l: MinutesLabels): Table {
  const h = view.header;
  const rows: [string, string][] = [
    [l.date, h.dateText],
    [l.time, h.timeText],
  ];
  if (h.place) rows.push([l.place, h.place]);
  if (h.joinUrl) rows.push([l.joinUrl, h.joinUrl]);
  rows.push([l.participants, h.present.join('\n') || '–']);
  if (h.absent.length) rows.push([l.absent, h.absent.join('\n')]);
  if (h.unknown.length) rows.push([l.notRecorded, h.unknown.join('\n')]);
  if (h.referent) rows.push([l.referent, h.referent]);
  rows.push([l.status, view.status.line]);
  return keyValueBlock(rows);
}

function itemBlocks(it: MinutesItem, l: MinutesLabels): Block[] {
  const out: Block[] = [heading(it.heading, H1)];
  if (it.note) out.push(italic(it.note));
  if (it.material?.length) out.push(strong(l.material), ...it.material.map((m) => linkBullet(m.label, m.url, l.noLink)));
  if (it.recommendation.length) {
    out.push(strong(l.recommendation));
    if (it.recommendationLead) out.push(text(it.recommendationLead));
    out.push(...it.recommendation.map((r) => bullet(r)));
  }
  const prose: [string, string | null][] = [
    [l.background, it.background],
    [l.proposal, it.proposal],
    [l.nextSteps, it.nextSteps],
  ];
  for (const [label, body] of prose) if (body) out.push(strong(label), text(body));
  if (it.followUp) out.push(strong(it.followUp.title), ...it.followUp.lines.map((f) => bullet(f.text)));
  if (it.status) {
    out.push(labelled(it.status.label, it.status.line, it.status.ratingLabel));
    out.push(...it.status.points.map((p) => bullet(p)), ...it.status.links.map((u) => bullet(u)), italic(it.status.byLine));
  }
  if (it.vendors) {
    out.push(strong(`${it.vendors.title} (${it.vendors.asOf})`));
    out.push(
      table(
        it.vendors.head,
        it.vendors.rows.map((r) => [r.name, r.certification, r.next, r.overdue]),
      ),
    );
  }
  const decision = labelled(l.decision, it.decisionLine, it.outcomeLabel);
  out.push(decision);
  if (it.recordedBy) out.push(italic(`${l.recordedBy} ${it.recordedBy}`));
  for (const line of it.escalations ?? []) out.push(text(line));
  return out;
}

function riskBlocks(view: MinutesView, l: MinutesLabels): Block[] {
  if (!view.risks.length) return [text(l.noRisks)];
  const out: Block[] = [
    table(
      [l.risk, l.category, l.rating, l.trend, l.votes, l.owner],
      view.risks.map((r) => [
        `${r.id} ${r.title}`,
        r.category,
        ratingCell(r.rating, r.source === 'current' ? `${r.ratingText}*` : r.ratingText),
        r.trendText,
        r.votesText ?? '–',
        r.owner ?? '–',
      ]),
      [5, 3, 2, 3, 4, 3],
    ),
  ];
  if (view.risks.some((r) => r.source === 'current')) out.push(italic(`* ${l.currentRatingNote}.`));
  const withActions = view.risks.filter((r) => r.correctiveActions.length);
  if (withActions.length) {
    out.push(heading(l.correctiveActions, H2));
    for (const r of withActions) {
      out.push(bullet(`${r.id} ${r.title}`), ...r.correctiveActions.map((a) => bullet(a, 1)));
    }
  }
  return out;
}

function actionTable(rows: MinutesAction[], l: MinutesLabels): Block {
  if (!rows.length) return text(l.noActions);
  return table(
    ['#', l.action, l.responsible, l.due, l.status],
    rows.map((a) => [a.id, a.sourceText ? `${a.text} (${a.sourceText})` : a.text, a.owner, a.dueText, a.statusLabel]),
    [1, 7, 3, 3, 2],
  );
}
