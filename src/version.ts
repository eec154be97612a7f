import { readFileSync } from 'node:fs';

/** The package version (shown by /healthz and `styrebot --version`). */
export const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
