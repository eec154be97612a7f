import type { Reporter } from 'vitest/reporters';
import { FIGURES_PATH, formatTable, readFigures } from './figures.js';

/** Prints the figures table after the run (vitest's own summary follows). */
export default class FiguresReporter implements Reporter {
  onTestRunEnd() {
    const rows = readFigures();
    const out = rows.length
      ? `\nReliability and security — figures of this run (${FIGURES_PATH}):\n\n${formatTable(rows)}\n\n`
      : `\nReliability and security: no figures recorded (${FIGURES_PATH}).\n`;
    process.stdout.write(out);
  }
}
