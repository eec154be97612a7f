import type { Db } from '../domain/model.js';
import { buildRiskLog } from '../export/risk-log-view.js';

/** The formats the risk log is offered in (card button, file links, CLI). */
export const RISK_LOG_FORMATS = ['docx', 'xlsx'] as const;
export type RiskLogFormat = (typeof RISK_LOG_FORMATS)[number];

const CONTENT_TYPES: Record<RiskLogFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface RiskLogFile {
  bytes: Buffer;
  filename: string;
  contentType: string;
}

/** "risikolog-2026-12-06.xlsx" / "risk-log-2026-12-06.xlsx": ASCII only, dated so versions sort. */
export function riskLogFilename(format: RiskLogFormat, locale: 'da' | 'en', now: Date): string {
  return `${locale === 'en' ? 'risk-log' : 'risikolog'}-${now.toISOString().slice(0, 10)}.${format}`;
}

/** The group's risk log as it is now (never cached), in the group's language. */
export async function renderRiskLogFile(db: Readonly<Db>, groupId: string, format: RiskLogFormat, now: Date): Promise<RiskLogFile> {
  const view = buildRiskLog(db, groupId, { now });
  // The Word and Excel writers are loaded on the first download (see renderMinutesFile).
  const bytes =
    format === 'docx'
      ? await (await import('../export/risk-log-docx.js')).riskLogToDocx(view)
      : await (await import('../export/risk-log-xlsx.js')).riskLogToXlsx(view);
  return { bytes, filename: riskLogFilename(format, view.locale, now), contentType: CONTENT_TYPES[format] };
}
