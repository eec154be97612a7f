/**
 * Builds the Teams app package (build/appPackage.zip) from manifest/ and checks it offline.
 *
 * manifest/manifest.json and its localization files hold `${{NAME}}` placeholders that are filled
 * from the environment at packaging time (MicrosoftAppId, BOT_DOMAIN). The filled manifest is
 * validated against the JSON schema bundled in @microsoft/app-manifest (never fetched: the
 * package bundles 1.0–1.30 except 1.18) and against rules of our own that the schema does not
 * express or that Teams clients enforce more strictly (command titles ≤ 32 characters in every
 * schema version, icon sizes, the outline icon being white-on-transparent, translations complete,
 * RSC meeting permissions matching the bot's scopes). Any error means no zip is written.
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
import { PNG } from 'pngjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_MANIFEST_DIR = path.join(REPO_ROOT, 'manifest');
export const DEFAULT_OUT_DIR = path.join(REPO_ROOT, 'build');
export const ZIP_NAME = 'appPackage.zip';

/** Teams clients show at most 10 commands per list (schemas 1.17–1.23) with titles of ≤ 32 characters. */
export const MAX_COMMANDS_PER_LIST = 10;
export const MAX_COMMAND_TITLE = 32;
export const MAX_COMMAND_DESCRIPTION = 128;
export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

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

/** The parts of the Teams manifest this module looks at (the schema validates the rest). */
export interface Manifest {
  $schema?: string;
  manifestVersion?: string;
  id?: string;
  name?: { short?: string; full?: string };
  description?: { short?: string; full?: string };
  icons?: { color?: string; outline?: string };
  localizationInfo?: {
    defaultLanguageTag?: string;
    defaultLanguageFile?: string;
    additionalLanguages?: { languageTag: string; file: string }[];
  };
  bots?: {
    botId?: string;
    scopes?: string[];
    commandLists?: { scopes?: string[]; commands?: { title?: string; description?: string }[] }[];
  }[];
  validDomains?: string[];
  webApplicationInfo?: { id?: string; resource?: string };
  authorization?: { permissions?: { resourceSpecific?: { name: string; type: string }[] } };
  [key: string]: unknown;
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

/** Keys a localization file may translate, with the manifest's (default-language) value. */
export function localizableStrings(manifest: Manifest): Map<string, string> {
  const out = new Map<string, string>();
  const put = (key: string, v: unknown) => {
    if (typeof v === 'string') out.set(key, v);
  };
  put('name.short', manifest.name?.short);
  put('name.full', manifest.name?.full);
  put('description.short', manifest.description?.short);
  put('description.full', manifest.description?.full);
  (manifest.bots ?? []).forEach((bot, b) =>
    (bot.commandLists ?? []).forEach((list, l) =>
      (list.commands ?? []).forEach((cmd, c) => {
        put(`bots[${b}].commandLists[${l}].commands[${c}].title`, cmd.title);
        put(`bots[${b}].commandLists[${l}].commands[${c}].description`, cmd.description);
      }),
    ),
  );
  return out;
}

/** Command lists: count, title/description length, unique titles, one list per scope. */
export function checkCommandLists(manifest: Manifest): string[] {
  const errors: string[] = [];
  (manifest.bots ?? []).forEach((bot, b) => {
    const scopesSeen = new Map<string, number>();
    (bot.commandLists ?? []).forEach((list, l) => {
      const where = `manifest.json bots[${b}].commandLists[${l}] (${(list.scopes ?? []).join(', ')})`;
      const commands = list.commands ?? [];
      if (commands.length > MAX_COMMANDS_PER_LIST) {
        errors.push(`${where} has ${commands.length} commands; Teams shows at most ${MAX_COMMANDS_PER_LIST} per list. Drop or merge commands.`);
      }
      const titles = new Set<string>();
      commands.forEach((cmd, c) => {
        const title = cmd.title ?? '';
        if (!title.trim()) errors.push(`${where} command ${c} has no title.`);
        if (title.length > MAX_COMMAND_TITLE) {
          errors.push(`${where} command "${title}" has a ${title.length}-character title; the limit is ${MAX_COMMAND_TITLE}.`);
        }
        if ((cmd.description ?? '').length > MAX_COMMAND_DESCRIPTION) {
          errors.push(`${where} command "${title}" has a description longer than ${MAX_COMMAND_DESCRIPTION} characters.`);
        }
        const key = title.trim().toLocaleLowerCase('da');
        if (titles.has(key)) errors.push(`${where} lists the command "${title}" twice.`);
        titles.add(key);
      });
      for (const scope of list.scopes ?? []) {
        if (!(bot.scopes ?? []).includes(scope)) errors.push(`${where} is for scope "${scope}", which the bot does not declare in its scopes.`);
        const other = scopesSeen.get(scope);
        if (other !== undefined) errors.push(`${where}: scope "${scope}" already has command list ${other}; use one list per scope.`);
        scopesSeen.set(scope, l);
      }
    });
  });
  return errors;
}

/** RSC meeting permissions only work with webApplicationInfo and the matching bot scopes. */
export function checkMeetingPermissions(manifest: Manifest, env: Record<string, string | undefined>): string[] {
  const errors: string[] = [];
  const rsc = manifest.authorization?.permissions?.resourceSpecific ?? [];
  const bot = manifest.bots?.[0];
  const scopes = bot?.scopes ?? [];
  const has = (name: string) => rsc.some((p) => p.name === name && p.type === 'Application');
  if (rsc.length > 0) {
    if (!manifest.webApplicationInfo?.id) errors.push('manifest.json: RSC permissions need webApplicationInfo.id (the bot app id).');
    else if (bot?.botId && manifest.webApplicationInfo.id !== bot.botId) {
      errors.push('manifest.json: webApplicationInfo.id must be the bot app id (bots[0].botId) for the RSC meeting events to reach the bot.');
    }
  }
  if (has('OnlineMeeting.ReadBasic.Chat') && !scopes.includes('groupChat')) {
    errors.push('manifest.json: OnlineMeeting.ReadBasic.Chat (meeting start/end in meeting chats) needs the bot scope "groupChat".');
  }
  if (has('ChannelMeeting.ReadBasic.Group') && !scopes.includes('team')) {
    errors.push('manifest.json: ChannelMeeting.ReadBasic.Group (channel meeting start/end) needs the bot scope "team".');
  }
  const appId = env.MicrosoftAppId?.trim();
  if (bot && appId && bot.botId !== appId) errors.push(`manifest.json: bots[0].botId is "${bot.botId}", not MicrosoftAppId (${appId}).`);
  const domain = env.BOT_DOMAIN?.trim();
  if (domain && !(manifest.validDomains ?? []).includes(domain)) {
    errors.push(`manifest.json: validDomains does not list BOT_DOMAIN (${domain}).`);
  }
  return errors;
}

/**
 * Localization files: the default-language file must say what manifest.json says (manifest.json
 * is the source of the Danish strings), every other language must translate every localizable
 * string, and keys must point at strings that exist.
 */
export function checkLocalizations(manifest: Manifest, files: Map<string, Record<string, unknown>>): string[] {
  const errors: string[] = [];
  const info = manifest.localizationInfo;
  if (!info) return errors;
  const strings = localizableStrings(manifest);
  const check = (file: string, isDefault: boolean) => {
    const json = files.get(file);
    if (!json) return; // missing/unparseable: reported where it was read
    for (const [key, value] of Object.entries(json)) {
      if (key === '$schema') continue;
      if (!strings.has(key)) {
        errors.push(`${file}: "${key}" does not match any string in manifest.json (removed command, or a list with more than ${MAX_COMMANDS_PER_LIST} commands?).`);
        continue;
      }
      if (typeof value !== 'string' || !value.trim()) errors.push(`${file}: "${key}" is empty.`);
      else if (/\.title$/.test(key) && value.length > MAX_COMMAND_TITLE) {
        errors.push(`${file}: command title "${value}" has ${value.length} characters; the limit is ${MAX_COMMAND_TITLE}.`);
      } else if (isDefault && value !== strings.get(key)) {
        errors.push(`${file}: "${key}" is "${value}" but manifest.json says "${strings.get(key)}"; the default-language file must match manifest.json.`);
      }
    }
    for (const key of strings.keys()) {
      if (!(key in json)) errors.push(`${file}: "${key}" is not translated (manifest.json: "${strings.get(key)}").`);
    }
  };
  if (info.defaultLanguageFile) check(info.defaultLanguageFile, true);
  for (const lang of info.additionalLanguages ?? []) {
    if (lang.languageTag.toLowerCase() === info.defaultLanguageTag?.toLowerCase()) {
      errors.push(`manifest.json: "${lang.languageTag}" is both the default language and an additional language.`);
    }
    check(lang.file, false);
  }
  return errors;
}

/**
 * Icon rules: PNG, exact size; the outline icon has only white and transparent pixels (edges may
 * be white with partial alpha), and both some transparent and some visible pixels.
 */
export function checkIcon(file: string, data: Buffer, kind: 'color' | 'outline'): string[] {
  let png: PNG;
  try {
    png = PNG.sync.read(data);
  } catch (err) {
    return [`${file}: not a readable PNG (${(err as Error).message}).`];
  }
  const size = kind === 'color' ? COLOR_ICON_SIZE : OUTLINE_ICON_SIZE;
  const errors: string[] = [];
  if (png.width !== size || png.height !== size) {
    errors.push(`${file}: the ${kind} icon is ${png.width}×${png.height}; it must be ${size}×${size} pixels.`);
  }
  if (kind === 'outline') {
    let transparent = 0;
    let visible = 0;
    let coloured = 0;
    let first = '';
    for (let i = 0; i < png.width * png.height; i++) {
      const [r, g, b, a] = [png.data[i * 4], png.data[i * 4 + 1], png.data[i * 4 + 2], png.data[i * 4 + 3]];
      if (a === 0) transparent++;
      else {
        visible++;
        if (r !== 255 || g !== 255 || b !== 255) {
          coloured++;
          first ||= `(${i % png.width},${Math.floor(i / png.width)}) is rgba(${r},${g},${b},${a})`;
        }
      }
    }
    if (coloured) errors.push(`${file}: the outline icon must be white on transparent, but ${coloured} pixel(s) are not white; e.g. ${first}.`);
    if (!transparent) errors.push(`${file}: the outline icon has no transparent pixels; its background must be transparent.`);
    if (!visible) errors.push(`${file}: the outline icon is fully transparent.`);
  }
  return errors;
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
