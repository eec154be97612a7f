import type { Rating } from '../domain/model.js';
import { RATING_FILL } from './minutes-docx-kit.js';
import { riskLogLabels } from './risk-log-labels.js';
import type { RiskLogView } from './risk-log-view.js';

/**
 * The risk log as an Excel sheet (exceljs): one row per open risk, a bold header row with
 * filters, panes frozen below the header and right of the title, the rating as a coloured cell
 * with its word, and the last vote's tally as numbers so the group can sort and filter on them.
 * Cell values are always written as strings or numbers, never formulas, so text a member typed
 * ("=HYPERLINK(…)") stays text.
 */
export async function riskLogToXlsx(view: RiskLogView): Promise<Buffer> {
  // Loaded on first use: exceljs is large and only this export needs it.
  const { default: ExcelJS } = await import('exceljs');
  const l = riskLogLabels(view.locale);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'styrebot';
  wb.title = view.title;
  wb.description = view.generated;
  const ws = wb.addWorksheet(l.sheet, { views: [{ state: 'frozen', xSplit: 3, ySplit: 1 }] });
  ws.columns = [
    { header: l.category, key: 'category', width: 18 },
    { header: l.id, key: 'id', width: 7 },
    { header: l.risk, key: 'title', width: 40 },
    { header: l.description, key: 'description', width: 40 },
    { header: l.rating, key: 'rating', width: 12 },
    { header: l.trend, key: 'trend', width: 22 },
    { header: l.owner, key: 'owner', width: 20 },
    { header: l.correctiveActions, key: 'actions', width: 40 },
    { header: l.lastVote, key: 'voteAt', width: 18 },
    { header: ratingHeader('green', view.locale), key: 'green', width: 7 },
    { header: ratingHeader('yellow', view.locale), key: 'yellow', width: 7 },
    { header: ratingHeader('red', view.locale), key: 'red', width: 7 },
    { header: l.disagreementColumn, key: 'disagreement', width: 12 },
    { header: l.escalations, key: 'escalations', width: 45 },
    { header: l.answer, key: 'answers', width: 45 },
  ];
  for (const c of view.categories)
    for (const r of c.risks) {
      const row = ws.addRow({
        category: c.name,
        id: r.id,
        title: r.title,
        description: r.description ?? '',
        rating: r.ratingText,
        trend: r.trendText,
        owner: r.owner,
        actions: r.correctiveActions.join('\n'),
        voteAt: r.lastVote?.atText ?? l.noVote,
        green: r.lastVote?.tally.green ?? null,
        yellow: r.lastVote?.tally.yellow ?? null,
        red: r.lastVote?.tally.red ?? null,
        disagreement: r.lastVote?.disagreement ? '✓' : '',
        escalations: r.escalations.map((e) => l.escalationLine(e.atText, e.statusLabel, e.reason)).join('\n'),
        answers: r.escalations.flatMap((e) => (e.answerText ? [e.answerText] : [])).join('\n'),
      });
      row.alignment = { vertical: 'top', wrapText: true };
      if (r.rating) {
        const cell = row.getCell('rating');
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${RATING_FILL[r.rating]}` } };
        cell.font = { bold: true };
      }
    }
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
  header.alignment = { vertical: 'middle', wrapText: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, ws.rowCount), column: ws.columnCount } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function ratingHeader(rating: Rating, locale: 'da' | 'en'): string {
  const da: Record<Rating, string> = { green: 'Grøn', yellow: 'Gul', red: 'Rød' };
  const en: Record<Rating, string> = { green: 'Green', yellow: 'Yellow', red: 'Red' };
  return (locale === 'en' ? en : da)[rating];
}
