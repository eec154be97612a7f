import type { Locale } from '../../domain/model.js';
import { t } from '../../i18n/index.js';

/** A fresh signed link to the risk log file, shown on the clicker's card. */
export interface RiskLogLink {
  url: string;
  filename: string;
  /** Local clock time the link stops working ("14.30"). */
  until: string;
}

/** The "Hent risikolog" buttons (Word, Excel) and, after a click, the link to the file. */
export function riskLogDownloadView(locale: Locale, link: RiskLogLink | null = null) {
  return {
    offered: true,
    title: t(locale, 'risklog.download'),
    word: t(locale, 'risklog.word'),
    excel: t(locale, 'risklog.excel'),
    hasLink: !!link,
    url: link?.url ?? '',
    linkText: link ? t(locale, 'risklog.link', { filename: link.filename }) : '',
    untilText: link ? t(locale, 'risklog.link_until', { until: link.until }) : '',
  };
}
