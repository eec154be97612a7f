/**
 * Builds the Teams app package (build/appPackage.zip) from manifest/ and checks it offline.
 *
 * manifest/manifest.json and its localization files hold `${{NAME}}` placeholders that are filled
 * from the environment at packaging time (MicrosoftAppId, BOT_DOMAIN). The filled manifest is
 * validated against the JSON schema bundled in @microsoft/app-manifest (never fetched: the
 * package bundles 1.0–1.30 except 1.18) and against rules of our own that the schema does not
 * express or that Teams clients enforce more strictly (command titles ≤ 32 characters in every
 * schema version, icon sizes, the outline icon being white-on-transparent, translations complete,
 * RSC meeting permissions matching the bot's scopes: manifest-checks.ts). Any error means no zip
 * is written.
 *
 * Used by scripts/package.ts (`npm run package`) and test/cards/app-package.test.ts. A dev-time
 * module: it needs the devDependencies @microsoft/app-manifest and jszip.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppManifestUtils } from '@microsoft/app-manifest';
import dotenv from 'dotenv';
import JSZip from 'jszip';
import { checkCommandLists, checkIcon, checkLocalizations, checkMeetingPermissions, type Manifest } from './manifest-checks.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_MANIFEST_DIR = path.join(REPO_ROOT, 'manifest');
export const DEFAULT_OUT_DIR = path.join(REPO_ROOT, 'build');
export const ZIP_NAME = 'appPackage.zip';

/** What each placeholder must look like; anything else is a configuration mistake worth a clear message. */
const VARIABLE_RULES: Record<string, { pattern: RegExp; hint: string }> = {
  MicrosoftAppId: {
    pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    hint: "the bot's Entra app registration (client) id, a GUID like 00000000-0000-0000-0000-000000000000",
  },
  BOT_DOMAIN: {
    pattern: /^(?=.{1,253}(:|$))(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}(?::\d{1,5})?$/i,
    hint: 'the public host name of the bot endpoint without scheme or path, e.g. styrebot.example.dk',
  },
};

export interface AppPackageOptions {
  /** Values for the `${{NAME}}` placeholders (process.env merged with .env: see loadEnv). */
  env: Record<string, string | undefined>;
  manifestDir?: string;
  outDir?: string;
}

export interface AppPackageResult {
  /** The written zip, or null when there were errors (a stale zip from an earlier run is removed). */
  zipPath: string | null;
  /** Every problem found, each naming the file and what to do. Empty means the package is valid. */
  errors: string[];
  /** The filled manifest, when it could be parsed. */
  manifest: Manifest | null;
  /** Names of the files in the zip, in order. */
  files: string[];
}

/**
 * process.env with `.env` (in `dir`) underneath it: a variable set in the environment wins over
 * the file, as with dotenv's default. A missing .env is fine.
 */
export function loadEnv(env: NodeJS.ProcessEnv = process.env, dir = process.cwd()): Record<string, string | undefined> {
  const file = path.join(dir, '.env');
  const fromFile = existsSync(file) ? dotenv.parse(readFileSync(file)) : {};
  return { ...fromFile, ...env };
}

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Replaces `${{NAME}}` in JSON text with the JSON-escaped value of env[NAME]. */
export function fillPlaceholders(
  text: string,
  env: Record<string, string | undefined>,
  fileLabel: string,
): { text: string; errors: string[] } {
  const errors: string[] = [];
  const seen = new Set<string>();
  const filled = text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = env[name]?.trim();
    if (!value) {
      if (!seen.has(name)) {
        errors.push(
          `${name} is not set: ${fileLabel} uses \${{${name}}}. Set the environment variable ${name} (or add ${name}=… to .env) and run the packaging again.`,
        );
      }
      seen.add(name);
      return whole;
    }
    const rule = VARIABLE_RULES[name];
    if (rule && !rule.pattern.test(value)) {
      if (!seen.has(name)) errors.push(`${name} has the value "${value}", but it must be ${rule.hint}.`);
      seen.add(name);
      return whole;
    }
    return JSON.stringify(value).slice(1, -1);
  });
  return { text: filled, errors };
}

const appManifestRequire = createRequire(import.meta.url);

/**
 * The bundled copy of a developer.microsoft.com schema URL inside @microsoft/app-manifest, or
 * null. The package itself would fall back to fetching the URL; we never do (offline builds).
 */
export function localSchemaPath(schemaUrl: string): string | null {
  const m = /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?(json-schemas\/teams\/[^?#]+\.json)$/i.exec(schemaUrl);
  if (!m) return null;
  const pkgRoot = path.dirname(appManifestRequire.resolve('@microsoft/app-manifest/package.json'));
  const file = path.join(pkgRoot, 'build', m[1]);
  return existsSync(file) ? file : null;
}

/**
 * Escapes a `]` that closes no character class. Some bundled schemas (the 1.19+ localization
 * schema's `activities.activityTypes[…]` keys) contain one, which ajv's unicode-mode RegExp rejects
 * ("Lone quantifier brackets"); escaped, the pattern means what its authors meant.
 */
export function escapeLoneBrackets(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      out += ch + (pattern[i + 1] ?? '');
      i++;
    } else if (ch === '[' && !inClass) {
      inClass = true;
      out += ch;
    } else if (ch === ']') {
      out += inClass ? ch : '\\]';
      inClass = false;
    } else out += ch;
  }
  return out;
}

function fixPatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fixPatterns);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'pattern' && typeof v === 'string') out[k] = escapeLoneBrackets(v);
    else if (k === 'patternProperties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v).map(([re, sub]) => [escapeLoneBrackets(re), fixPatterns(sub)]));
    } else out[k] = fixPatterns(v);
  }
  return out;
}

async function validateWithSchema(json: Record<string, unknown>, fileLabel: string): Promise<string[]> {
  const url = typeof json.$schema === 'string' ? json.$schema : '';
  if (!url) return [`${fileLabel}: "$schema" is missing; it must name a Teams schema bundled with @microsoft/app-manifest.`];
  const file = localSchemaPath(url);
  if (!file) {
    return [
      `${fileLabel}: the schema ${url} is not bundled with @microsoft/app-manifest, so it cannot be validated offline (1.18 is missing from the package; use 1.17 or 1.19–1.23).`,
    ];
  }
  // Same cleanup of invalid escapes as AppManifestUtils.fetchSchema does for its bundled copies.
  const schema = fixPatterns(JSON.parse(readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')));
  const problems = await AppManifestUtils.validateAgainstSchema(json as never, schema as never);
  return problems.map((p) => `${fileLabel}: schema: ${p.trim()}`);
}

function packageFileName(value: unknown, what: string): { name: string | null; error?: string } {
  if (typeof value !== 'string' || !value) return { name: null, error: `manifest.json: ${what} is missing.` };
  if (value.includes('/') || value.includes('\\') || value.startsWith('.')) {
    return { name: null, error: `manifest.json: ${what} "${value}" must be a file name at the package root.` };
  }
  return { name: value };
}

/** Fixed timestamp so the same inputs give the same zip bytes. */
const ZIP_DATE = new Date('2024-01-01T00:00:00Z');

/**
 * Fills, validates and zips the app package. Never throws for a content problem: every problem
 * is in `errors`, and `zipPath` is null unless there are none.
 */
export async function buildAppPackage(options: AppPackageOptions): Promise<AppPackageResult> {
  const manifestDir = options.manifestDir ?? DEFAULT_MANIFEST_DIR;
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const zipPath = path.join(outDir, ZIP_NAME);
  const errors: string[] = [];
  const fail = async (manifest: Manifest | null = null): Promise<AppPackageResult> => {
    await rm(zipPath, { force: true }); // never leave a stale package that looks current
    return { zipPath: null, errors, manifest, files: [] };
  };

  const readText = async (name: string): Promise<string | null> => {
    try {
      return await readFile(path.join(manifestDir, name), 'utf8');
    } catch {
      errors.push(`${name}: file not found in ${manifestDir}.`);
      return null;
    }
  };
  const parseFilled = (name: string, text: string): Record<string, unknown> | null => {
    const filled = fillPlaceholders(text, options.env, `manifest/${name}`);
    errors.push(...filled.errors);
    try {
      return JSON.parse(filled.text);
    } catch (err) {
      errors.push(`${name}: invalid JSON (${(err as Error).message}).`);
      return null;
    }
  };

  const manifestText = await readText('manifest.json');
  if (manifestText === null) return fail();
  const manifest = parseFilled('manifest.json', manifestText) as Manifest | null;
  // A missing variable makes every later check noisy (GUID patterns, domains): stop here.
  if (!manifest || errors.length) return fail(manifest);

  errors.push(...(await validateWithSchema(manifest, 'manifest.json')));
  const schemaVersion = /\/v(\d+\.\d+)\//.exec(manifest.$schema ?? '')?.[1];
  if (schemaVersion && manifest.manifestVersion !== schemaVersion) {
    errors.push(`manifest.json: manifestVersion "${manifest.manifestVersion}" does not match the $schema version ${schemaVersion}.`);
  }
  errors.push(...checkCommandLists(manifest));
  errors.push(...checkMeetingPermissions(manifest, options.env));

  // Text files of the package: manifest.json + localization files (filled and validated too).
  const texts = new Map<string, string>([['manifest.json', JSON.stringify(manifest, null, 2) + '\n']]);
  const localizations = new Map<string, Record<string, unknown>>();
  const locNames = [
    ...(manifest.localizationInfo?.defaultLanguageFile ? [manifest.localizationInfo.defaultLanguageFile] : []),
    ...(manifest.localizationInfo?.additionalLanguages ?? []).map((l) => l.file),
  ];
  for (const raw of locNames) {
    const { name, error } = packageFileName(raw, 'a localization file');
    if (error) errors.push(error);
    if (!name || texts.has(name)) continue;
    const text = await readText(name);
    if (text === null) continue;
    const json = parseFilled(name, text);
    if (!json) continue;
    localizations.set(name, json);
    texts.set(name, JSON.stringify(json, null, 2) + '\n');
    errors.push(...(await validateWithSchema(json, name)));
  }
  errors.push(...checkLocalizations(manifest, localizations));

  const binaries = new Map<string, Buffer>();
  for (const kind of ['color', 'outline'] as const) {
    const { name, error } = packageFileName(manifest.icons?.[kind], `icons.${kind}`);
    if (error) errors.push(error);
    if (!name) continue;
    try {
      const data = await readFile(path.join(manifestDir, name));
      errors.push(...checkIcon(name, data, kind));
      binaries.set(name, data);
    } catch {
      errors.push(`${name}: the ${kind} icon is missing from ${manifestDir} (generate it with npx tsx scripts/make-icons.ts).`);
    }
  }

  for (const [name, text] of texts) {
    if (/\$\{\{/.test(text)) errors.push(`${name}: an unfilled \${{…}} placeholder is left.`);
  }
  if (errors.length) return fail(manifest);

  const zip = new JSZip();
  const files: string[] = [];
  for (const [name, text] of texts) {
    zip.file(name, text, { date: ZIP_DATE });
    files.push(name);
  }
  for (const [name, data] of binaries) {
    zip.file(name, data, { date: ZIP_DATE, binary: true });
    files.push(name);
  }
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  await mkdir(outDir, { recursive: true });
  const tmp = `${zipPath}.${process.pid}.tmp`;
  await writeFile(tmp, buffer);
  await rename(tmp, zipPath);
  return { zipPath, errors, manifest, files };
}
