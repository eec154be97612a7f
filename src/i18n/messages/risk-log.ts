import type { Bundle } from '../bundle.js';

/** Chat and card texts of the risk log annex (Word/Excel). Document terms are in src/export/risk-log-labels.ts. */
export default {
  da: {
    'risklog.download': 'Hent risikolog',
    'risklog.word': 'Word',
    'risklog.excel': 'Excel',
    'risklog.link': 'Hent {filename}',
    'risklog.link_until': 'Linket virker til {until}.',
    'risklog.ready': 'Risikologgen er klar: {filename}',
    'risklog.consent_description': 'Risikologgen som {format}',
    'error.risklog_cli_option':
      'Ugyldig værdi for {option}: "{value}" (fx "styrebot risks --format xlsx --out risikolog.xlsx"; formater: docx, xlsx).',
  },
  en: {
    'risklog.download': 'Download risk log',
    'risklog.word': 'Word',
    'risklog.excel': 'Excel',
    'risklog.link': 'Download {filename}',
    'risklog.link_until': 'The link works until {until}.',
    'risklog.ready': 'The risk log is ready: {filename}',
    'risklog.consent_description': 'The risk log as {format}',
    'error.risklog_cli_option':
      'Invalid value for {option}: "{value}" (e.g. "styrebot risks --format xlsx --out risk-log.xlsx"; formats: docx, xlsx).',
  },
} satisfies Bundle;
