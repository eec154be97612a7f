import type { Paragraph, Table } from 'docx';
import { H1, H2, heading, italic, packDocx, ratingCell, table, text, title, type CellInput } from './minutes-docx-kit.js';
import { riskLogLabels } from './risk-log-labels.js';
import type { RiskLogRow, RiskLogView } from './risk-log-view.js';

/**
 * The risk log as a Word annex in the minutes' style: a heading per category and one table row
 * per risk, the rating as a coloured cell with its word (readable in black and white too).
 */
export async function riskLogToDocx(view: RiskLogView): Promise<Buffer> {
  const l = riskLogLabels(view.locale);
  const body: (Paragraph | Table)[] = [title(view.title), italic(view.generated)];
  if (!view.categories.length) body.push(text(l.empty));
  for (const c of view.categories) {
    body.push(heading(c.name, H1));
    body.push(
      table(
        [l.id, l.risk, l.rating, l.trend, l.owner, l.correctiveActions, l.lastVote, l.escalations],
        c.risks.map((r) => row(r)),
        [0.6, 2.4, 1, 1.1, 1.2, 2.2, 1.5, 2.4],
      ),
    );
    const described = c.risks.filter((r) => r.description);
    if (described.length) {
      body.push(heading(`${c.name} – ${l.description.toLowerCase()}`, H2));
      for (const r of described) body.push(text(`${r.id} ${r.title}: ${r.description}`));
    }
  }
  return packDocx({ title: view.title, description: view.generated, subject: l.sheet, children: body });
}

function row(r: RiskLogRow): CellInput[] {
  const escalations = r.escalations.map((e) => [`${e.atText} (${e.statusLabel}): ${e.reason}`, e.answerText].filter(Boolean).join('\n'));
  return [
    r.id,
    r.title,
    ratingCell(r.rating, r.ratingText),
    r.trendText,
    r.owner,
    r.correctiveActions.join('\n'),
    r.lastVote ? `${r.lastVote.atText}\n${r.lastVote.text}` : '',
    escalations.join('\n'),
  ];
}
