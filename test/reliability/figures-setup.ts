import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { FIGURES_PATH } from './figures.js';

/** Starts every run with an empty figures file (the reporter prints what this run recorded). */
export default function setup() {
  mkdirSync(dirname(FIGURES_PATH), { recursive: true });
  rmSync(FIGURES_PATH, { force: true });
}
