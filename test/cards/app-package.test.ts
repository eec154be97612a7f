import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildAppPackage,
  DEFAULT_MANIFEST_DIR,
  escapeLoneBrackets,
  loadEnv,
  localSchemaPath,
} from '../../src/packaging/app-package.js';

const ENV = { MicrosoftAppId: '0b5c1c1e-7f1a-4c7e-9d2a-3e4f5a6b7c8d', BOT_DOMAIN: 'styrebot.example.dk' };

let tmp: string;
let outDir: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'styrebot-pkg-'));
  outDir = path.join(tmp, 'build');
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of manifest/ that a test may change. */
function manifestCopy(edit?: (m: any) => void): string {
  const dir = path.join(tmp, 'manifest');
  cpSync(DEFAULT_MANIFEST_DIR, dir, { recursive: true });
  if (edit) {
    const file = path.join(dir, 'manifest.json');
    const m = JSON.parse(readFileSync(file, 'utf8'));
    edit(m);
    writeFileSync(file, JSON.stringify(m, null, 2));
  }
  return dir;
}

describe('Teams app package', () => {
  it('builds a zip with the filled manifest, both icons and the da/en localization files, valid offline', async () => {
    const result = await buildAppPackage({ env: ENV, outDir });
    expect(result.errors).toEqual([]);
    expect(result.zipPath).toBe(path.join(outDir, 'appPackage.zip'));

    const zip = await JSZip.loadAsync(readFileSync(result.zipPath!));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'da.json', 'en.json', 'manifest.json', 'outline.png']);
    const manifestText = await zip.file('manifest.json')!.async('string');
    expect(manifestText).not.toContain('${{');
    const manifest = JSON.parse(manifestText);
    expect(manifest.id).toBe(ENV.MicrosoftAppId);
    expect(manifest.bots[0].botId).toBe(ENV.MicrosoftAppId);
    expect(manifest.webApplicationInfo.id).toBe(ENV.MicrosoftAppId);
    expect(manifest.validDomains).toContain(ENV.BOT_DOMAIN);
    expect(manifest.bots[0].scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(manifest.bots[0].supportsFiles).toBe(true);
    expect(manifest.authorization.permissions.resourceSpecific).toEqual(
      expect.arrayContaining([
        { name: 'OnlineMeeting.ReadBasic.Chat', type: 'Application' },
        { name: 'ChannelMeeting.ReadBasic.Group', type: 'Application' },
      ]),
    );
    expect(manifest.localizationInfo.defaultLanguageTag).toBe('da');

    // The package's own validator, with the bundled schema (no network), agrees.
    const schemaFile = localSchemaPath(manifest.$schema);
    expect(schemaFile).not.toBeNull();
    expect(manifest.manifestVersion).not.toBe('1.18');
    const schema = JSON.parse(readFileSync(schemaFile!, 'utf8'));
    expect(await AppManifestUtils.validateAgainstSchema(manifest, schema)).toEqual([]);

    const en = JSON.parse(await zip.file('en.json')!.async('string'));
    expect(en['bots[0].commandLists[0].commands[0].title']).toBe('help');
    const outline = PNG.sync.read(await zip.file('outline.png')!.async('nodebuffer'));
    const color = PNG.sync.read(await zip.file('color.png')!.async('nodebuffer'));
    expect([outline.width, outline.height, color.width, color.height]).toEqual([32, 32, 192, 192]);
  });

  it('gives the same zip bytes for the same inputs', async () => {
    const a = await buildAppPackage({ env: ENV, outDir: path.join(tmp, 'a') });
    const b = await buildAppPackage({ env: ENV, outDir: path.join(tmp, 'b') });
    expect(readFileSync(a.zipPath!).equals(readFileSync(b.zipPath!))).toBe(true);
  });

  it('fails with a message naming MicrosoftAppId when it is not set, and writes no zip', async () => {
    const first = await buildAppPackage({ env: ENV, outDir });
    expect(existsSync(first.zipPath!)).toBe(true);

    const result = await buildAppPackage({ env: { BOT_DOMAIN: ENV.BOT_DOMAIN }, outDir });
    expect(result.zipPath).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^MicrosoftAppId is not set/);
    expect(result.errors[0]).toContain('.env');
    expect(existsSync(path.join(outDir, 'appPackage.zip'))).toBe(false); // the stale zip is gone too
  });

  it('names every missing variable, and treats an empty value as missing', async () => {
    const result = await buildAppPackage({ env: { MicrosoftAppId: '  ' }, outDir });
    expect(result.errors.map((e) => e.split(' ')[0])).toEqual(['MicrosoftAppId', 'BOT_DOMAIN']);
  });

  it('refuses an app id that is no GUID and a domain given as a URL', async () => {
    const result = await buildAppPackage({ env: { MicrosoftAppId: 'styrebot', BOT_DOMAIN: 'https://styrebot.example.dk/api' }, outDir });
    expect(result.zipPath).toBeNull();
    expect(result.errors[0]).toContain('MicrosoftAppId has the value "styrebot"');
    expect(result.errors[1]).toContain('without scheme or path');
  });

  it('reads missing variables from .env, while the environment wins', () => {
    writeFileSync(path.join(tmp, '.env'), `MicrosoftAppId=${ENV.MicrosoftAppId}\nBOT_DOMAIN=from-file.example.dk\n`);
    const env = loadEnv({ BOT_DOMAIN: 'from-env.example.dk' }, tmp);
    expect(env.MicrosoftAppId).toBe(ENV.MicrosoftAppId);
    expect(env.BOT_DOMAIN).toBe('from-env.example.dk');
    expect(loadEnv({}, path.join(tmp, 'nowhere')).MicrosoftAppId).toBeUndefined();
  });

  it('fails a manifest with 11 commands in one list', async () => {
    const manifestDir = manifestCopy((m) => {
      m.bots[0].commandLists[0].commands.push({ title: 'afstemning', description: 'En kommando for meget' });
    });
    const result = await buildAppPackage({ env: ENV, manifestDir, outDir });
    expect(result.zipPath).toBeNull();
    expect(result.errors).toContainEqual(expect.stringContaining('has 11 commands; Teams shows at most 10 per list'));
    expect(result.errors).toContainEqual(expect.stringMatching(/manifest\.json: schema: .*commands must NOT have more than 10 items/));
    expect(existsSync(path.join(outDir, 'appPackage.zip'))).toBe(false);
  });

  it('fails a command title longer than 32 characters and a duplicate title', async () => {
    const manifestDir = manifestCopy((m) => {
      m.bots[0].commandLists[1].commands[0].title = 'vis alle mine åbne handlingspunkter nu';
      m.bots[0].commandLists[1].commands[1].title = 'referat';
    });
    const { errors } = await buildAppPackage({ env: ENV, manifestDir, outDir });
    expect(errors).toContainEqual(expect.stringContaining('38-character title; the limit is 32'));
    expect(errors).toContainEqual(expect.stringContaining('lists the command "referat" twice'));
    // da.json no longer matches manifest.json for the changed strings
    expect(errors).toContainEqual(expect.stringMatching(/^da\.json: "bots\[0\]\.commandLists\[1\]\.commands\[0\]\.title" is "hjælp" but manifest\.json says/));
  });

  it('fails when the English file misses a translation', async () => {
    const manifestDir = manifestCopy();
    const enFile = path.join(manifestDir, 'en.json');
    const en = JSON.parse(readFileSync(enFile, 'utf8'));
    delete en['bots[0].commandLists[0].commands[3].title'];
    writeFileSync(enFile, JSON.stringify(en));
    const { errors } = await buildAppPackage({ env: ENV, manifestDir, outDir });
    expect(errors).toEqual(['en.json: "bots[0].commandLists[0].commands[3].title" is not translated (manifest.json: "nyt møde").']);
  });

  it('fails an outline icon with coloured pixels or the wrong size', async () => {
    const manifestDir = manifestCopy();
    const file = path.join(manifestDir, 'outline.png');
    const png = PNG.sync.read(readFileSync(file));
    png.data.set([0x2f, 0x5c, 0x9e, 255], 0); // one blue pixel at (0,0)
    writeFileSync(file, PNG.sync.write(png));
    writeFileSync(path.join(manifestDir, 'color.png'), PNG.sync.write(new PNG({ width: 96, height: 96 })));
    const { errors } = await buildAppPackage({ env: ENV, manifestDir, outDir });
    expect(errors).toEqual([
      'color.png: the color icon is 96×96; it must be 192×192 pixels.',
      'outline.png: the outline icon must be white on transparent, but 1 pixel(s) are not white; e.g. (0,0) is rgba(47,92,158,255).',
    ]);
  });

  it('fails meeting RSC permissions without the scopes they need', async () => {
    const manifestDir = manifestCopy((m) => {
      m.bots[0].scopes = ['personal'];
      m.bots[0].commandLists = [m.bots[0].commandLists[1]];
    });
    const { errors } = await buildAppPackage({ env: ENV, manifestDir, outDir });
    expect(errors).toContainEqual(expect.stringContaining('OnlineMeeting.ReadBasic.Chat (meeting start/end in meeting chats) needs the bot scope "groupChat"'));
    expect(errors).toContainEqual(expect.stringContaining('ChannelMeeting.ReadBasic.Group (channel meeting start/end) needs the bot scope "team"'));
  });

  it('refuses a schema version that is not bundled (1.18) instead of fetching it', async () => {
    const manifestDir = manifestCopy((m) => {
      m.$schema = 'https://developer.microsoft.com/json-schemas/teams/v1.18/MicrosoftTeams.schema.json';
      m.manifestVersion = '1.18';
    });
    const { errors } = await buildAppPackage({ env: ENV, manifestDir, outDir });
    expect(errors[0]).toContain('is not bundled with @microsoft/app-manifest, so it cannot be validated offline');
  });

  it('escapes only the brackets that close no character class', () => {
    expect(escapeLoneBrackets('^a\\[\\b([0-9]|1[01])\\b]\\.x$')).toBe('^a\\[\\b([0-9]|1[01])\\b\\]\\.x$');
    expect(escapeLoneBrackets('^[a-z]+\\]$')).toBe('^[a-z]+\\]$');
  });
});
