/**
 * Our own checks of the Teams app manifest, beyond its JSON schema: what the schema does not
 * express or what Teams clients enforce more strictly (command lists, translations, RSC meeting
 * permissions, icon sizes and the white-on-transparent outline icon). Each returns the problems
 * found, each naming the file and what to do; buildAppPackage (app-package.ts) runs them all.
 */
import { PNG } from 'pngjs';

/** Teams clients show at most 10 commands per list (schemas 1.17–1.23) with titles of ≤ 32 characters. */
export const MAX_COMMANDS_PER_LIST = 10;
export const MAX_COMMAND_TITLE = 32;
export const MAX_COMMAND_DESCRIPTION = 128;
export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

/** The parts of the Teams manifest the packager looks at (the schema validates the rest). */
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
        errors.push(
          `${where} has ${commands.length} commands; Teams shows at most ${MAX_COMMANDS_PER_LIST} per list. Drop or merge commands.`,
        );
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
        if (!(bot.scopes ?? []).includes(scope))
          errors.push(`${where} is for scope "${scope}", which the bot does not declare in its scopes.`);
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
      errors.push(
        'manifest.json: webApplicationInfo.id must be the bot app id (bots[0].botId) for the RSC meeting events to reach the bot.',
      );
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
        errors.push(
          `${file}: "${key}" does not match any string in manifest.json (removed command, or a list with more than ${MAX_COMMANDS_PER_LIST} commands?).`,
        );
        continue;
      }
      if (typeof value !== 'string' || !value.trim()) errors.push(`${file}: "${key}" is empty.`);
      else if (/\.title$/.test(key) && value.length > MAX_COMMAND_TITLE) {
        errors.push(`${file}: command title "${value}" has ${value.length} characters; the limit is ${MAX_COMMAND_TITLE}.`);
      } else if (isDefault && value !== strings.get(key)) {
        errors.push(
          `${file}: "${key}" is "${value}" but manifest.json says "${strings.get(key)}"; the default-language file must match manifest.json.`,
        );
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
    if (coloured)
      errors.push(`${file}: the outline icon must be white on transparent, but ${coloured} pixel(s) are not white; e.g. ${first}.`);
    if (!transparent) errors.push(`${file}: the outline icon has no transparent pixels; its background must be transparent.`);
    if (!visible) errors.push(`${file}: the outline icon is fully transparent.`);
  }
  return errors;
}
