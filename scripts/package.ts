/**
 * `npm run package`: builds build/appPackage.zip (the Teams app package) from manifest/, filling
 * ${{MicrosoftAppId}} and ${{BOT_DOMAIN}} from the environment (and .env, if present), and
 * validates it offline. Prints every problem and exits 1 if there is any.
 *
 *   npx tsx scripts/package.ts [--manifest-dir manifest] [--out-dir build]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildAppPackage, DEFAULT_MANIFEST_DIR, DEFAULT_OUT_DIR, loadEnv } from '../src/packaging/app-package.js';

const { values } = parseArgs({
  options: {
    'manifest-dir': { type: 'string' },
    'out-dir': { type: 'string' },
  },
});

const manifestDir = path.resolve(values['manifest-dir'] ?? DEFAULT_MANIFEST_DIR);
const outDir = path.resolve(values['out-dir'] ?? DEFAULT_OUT_DIR);
const show = (p: string) => {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
};
const result = await buildAppPackage({ env: loadEnv(process.env, process.cwd()), manifestDir, outDir });

if (result.errors.length) {
  console.error(`Teams app package NOT built: ${result.errors.length} problem(s) in ${show(manifestDir)}:`);
  for (const e of result.errors) console.error(`  ✗ ${e}`);
  process.exit(1);
}
const m = result.manifest!;
console.log(`✓ ${show(result.zipPath!)} (manifest ${m.manifestVersion}, app ${m.id}, version ${m.version})`);
console.log(`  files: ${result.files.join(', ')}`);
console.log('  schema-valid offline (@microsoft/app-manifest) and passes the command, icon and localization checks.');
