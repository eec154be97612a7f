/**
 * `npm run build`: compiles src/ to dist/ with tsc (tsconfig.build.json) for production
 * (`node dist/index.js`, the Docker image). dist/ mirrors src/, so paths the code resolves from
 * import.meta.url (`../package.json`, `../../cards`, the pdf worker next to its caller) hold in
 * both. Files tsc does not emit (the .mjs worker) are copied next to their compiled siblings.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');

rmSync(DIST, { recursive: true, force: true });
execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], {
  stdio: 'inherit',
});

/** Runtime files tsc leaves alone: plain ES modules and JSON data under src/. */
const copied: string[] = [];
const walk = (dir: string) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) walk(file);
    else if (/\.(mjs|json)$/.test(e.name)) {
      const rel = path.relative(SRC, file);
      cpSync(file, path.join(DIST, rel));
      copied.push(rel);
    }
  }
};
walk(SRC);
console.log(`dist/ written (copied as is: ${copied.join(', ') || 'none'})`);
