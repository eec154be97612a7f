import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const CREDS = {
  MicrosoftAppId: '6f1c2a9e-0000-4000-8000-5717eb07a001',
  MicrosoftAppPassword: 'secret-value-do-not-print',
  BOT_DOMAIN: 'styrebot.example.dk',
};

/** The ConfigError loadConfig throws for `env` (fails the test if it does not throw one). */
function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('an empty environment gives the documented defaults: local mode on 127.0.0.1:3978, data/db.json, Copenhagen, Danish', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      appId: '',
      authEnabled: false,
      port: 3978,
      host: '127.0.0.1',
      storePath: 'data/db.json',
      timezone: 'Europe/Copenhagen',
      locale: 'da',
      chairs: [],
      allowedTenants: [],
      demo: true,
      playground: true,
      botDomain: '',
      clockOffsetMs: 0,
      logLevel: 'info',
      production: false,
    });
  });

  it('blank PORT and HOST (as `KEY=` in a .env) mean unset: not "any free port", not "every interface"', () => {
    const c = loadConfig({ PORT: '', HOST: ' ' });
    expect(c.port).toBe(3978);
    expect(c.host).toBe('127.0.0.1');
  });

  it('PORT 0 is allowed (tests: any free port)', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
  });

  it('lists every problem at once in one ConfigError: bad PORT, bad locale, bad time zone', () => {
    const problems = problemsOf({ PORT: 'abc', STYREBOT_LOCALE: 'de', STYREBOT_TIMEZONE: 'Mars/Olympus_Mons' });
    expect(problems).toHaveLength(3);
    expect(problems.find((p) => p.startsWith('PORT:'))).toBeTruthy();
    expect(problems.find((p) => p.startsWith('STYREBOT_LOCALE:'))).toBeTruthy();
    expect(problems.find((p) => p.startsWith('STYREBOT_TIMEZONE:'))).toContain('IANA');
  });

  it('field problems and cross-field problems come in the same error (production without credentials, bad port)', () => {
    const problems = problemsOf({ NODE_ENV: 'production', PORT: '70000', STYREBOT_LOG_LEVEL: 'loud' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['MicrosoftAppId', 'PORT', 'STYREBOT_LOG_LEVEL']);
  });

  it('the error message names each problem on its own line and never echoes the app password', () => {
    try {
      loadConfig({ ...CREDS, BOT_DOMAIN: 'https://styrebot.example.dk/path', PORT: '-1' });
      expect.unreachable();
    } catch (err) {
      const msg = (err as Error).message;
      expect(msg).toMatch(/^Invalid configuration:\n {2}- /);
      expect(msg).toContain('BOT_DOMAIN');
      expect(msg).toContain('PORT');
      expect(msg).not.toContain(CREDS.MicrosoftAppPassword);
    }
  });

  it('the result is frozen, lists included', () => {
    const c = loadConfig({ STYREBOT_CHAIRS: 'aad-bent', ALLOWED_TENANTS: 't1' });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.chairs)).toBe(true);
    expect(Object.isFrozen(c.allowedTenants)).toBe(true);
    expect(() => ((c as any).port = 1)).toThrow(TypeError);
    expect(() => (c.chairs as string[]).push('aad-x')).toThrow(TypeError);
  });

  it('NODE_ENV=production without credentials is refused, and the reason says MicrosoftAppId', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^MicrosoftAppId: required when NODE_ENV=production/);
  });

  it('NODE_ENV=production with credentials starts with authentication on, on every interface', () => {
    const c = loadConfig({ NODE_ENV: 'production', ...CREDS });
    expect(c).toMatchObject({ production: true, authEnabled: true, host: '0.0.0.0', playground: false, botDomain: 'styrebot.example.dk' });
  });

  it('BOT_DOMAIN is required with credentials, and must be a bare host name', () => {
    expect(problemsOf({ ...CREDS, BOT_DOMAIN: '' })).toEqual([expect.stringMatching(/^BOT_DOMAIN: required with credentials/)]);
    expect(problemsOf({ ...CREDS, BOT_DOMAIN: 'https://styrebot.example.dk' })).toEqual([
      expect.stringMatching(/^BOT_DOMAIN: must be a host name/),
    ]);
    expect(loadConfig({ ...CREDS, BOT_DOMAIN: 'styrebot.example.dk:8443' }).botDomain).toBe('styrebot.example.dk:8443');
  });

  it('MicrosoftAppPassword is required with an app id (except managed identity); SingleTenant needs a tenant id', () => {
    expect(problemsOf({ MicrosoftAppId: CREDS.MicrosoftAppId, BOT_DOMAIN: 'x.dk' })).toEqual([
      expect.stringMatching(/^MicrosoftAppPassword: required/),
    ]);
    expect(loadConfig({ MicrosoftAppId: CREDS.MicrosoftAppId, MicrosoftAppType: 'UserAssignedMSI', BOT_DOMAIN: 'x.dk' }).authEnabled).toBe(
      true,
    );
    expect(problemsOf({ ...CREDS, MicrosoftAppType: 'SingleTenant' })).toEqual([expect.stringMatching(/^MicrosoftAppTenantId: required/)]);
    expect(loadConfig({ ...CREDS, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 'tenant-x' }).appTenantId).toBe('tenant-x');
    expect(problemsOf({ ...CREDS, MicrosoftAppType: 'Whatever' })[0]).toMatch(/^MicrosoftAppType:/);
  });

  it('an explicit HOST wins', () => {
    expect(loadConfig({ HOST: '::1' }).host).toBe('::1');
    expect(loadConfig({ ...CREDS, HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
  });

  it('without credentials a HOST other than loopback is refused at start, naming the risk', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'bot.example.dk']) {
      const problems = problemsOf({ HOST: host });
      expect(problems).toEqual([expect.stringMatching(new RegExp(`^HOST: ${host.replace(/[.]/g, '\\.')} refused without MicrosoftAppId`))]);
    }
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) expect(loadConfig({ HOST: host }).host).toBe(host);
    expect(loadConfig({ ...CREDS, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    // Listed with the other problems, also when another field is invalid.
    expect(problemsOf({ HOST: '0.0.0.0', PORT: 'eighty' })).toEqual([
      expect.stringMatching(/^PORT:/),
      expect.stringMatching(/^HOST: 0\.0\.0\.0 refused/),
    ]);
  });

  it('STYREBOT_HEALTH_DETAILS is off unless set', () => {
    expect(loadConfig({}).healthDetails).toBe(false);
    expect(loadConfig({ STYREBOT_HEALTH_DETAILS: '1' }).healthDetails).toBe(true);
    expect(loadConfig({ STYREBOT_HEALTH_DETAILS: '0' }).healthDetails).toBe(false);
  });

  it('with credentials the Agents Playground is never started', () => {
    expect(loadConfig({ ...CREDS, STYREBOT_PLAYGROUND: '1' }).playground).toBe(false);
  });

  describe('STYREBOT_CLOCK_OFFSET', () => {
    it('is parsed into milliseconds', () => {
      expect(loadConfig({ STYREBOT_CLOCK_OFFSET: '+13d' }).clockOffsetMs).toBe(13 * 86_400_000);
      expect(loadConfig({ STYREBOT_CLOCK_OFFSET: '-2h' }).clockOffsetMs).toBe(-2 * 3_600_000);
      expect(loadConfig({ STYREBOT_CLOCK_OFFSET: '1d12h' }).clockOffsetMs).toBe(36 * 3_600_000);
      expect(loadConfig({ STYREBOT_CLOCK_OFFSET: '' }).clockOffsetMs).toBe(0);
    });

    it('a malformed offset is a config problem, listed with the others', () => {
      const problems = problemsOf({ STYREBOT_CLOCK_OFFSET: 'two weeks', STYREBOT_LOCALE: 'fr' });
      expect(problems).toHaveLength(2);
      expect(problems.find((p) => p.startsWith('STYREBOT_CLOCK_OFFSET:'))).toContain('+13d');
    });

    it('is refused when NODE_ENV=production, even when well-formed', () => {
      expect(problemsOf({ NODE_ENV: 'production', ...CREDS, STYREBOT_CLOCK_OFFSET: '+13d' })).toEqual([
        'STYREBOT_CLOCK_OFFSET: refused when NODE_ENV=production (development only)',
      ]);
    });
  });

  describe('comma-separated lists', () => {
    it('STYREBOT_CHAIRS and ALLOWED_TENANTS are trimmed, and empty entries dropped', () => {
      const c = loadConfig({ STYREBOT_CHAIRS: ' aad-bent , aad-carsten,,', ALLOWED_TENANTS: 'tenant-a,tenant-b ' });
      expect(c.chairs).toEqual(['aad-bent', 'aad-carsten']);
      expect(c.allowedTenants).toEqual(['tenant-a', 'tenant-b']);
    });

    it('empty or only commas means no list (any tenant; installer becomes chair)', () => {
      const c = loadConfig({ STYREBOT_CHAIRS: '', ALLOWED_TENANTS: ' , ' });
      expect(c.chairs).toEqual([]);
      expect(c.allowedTenants).toEqual([]);
    });
  });

  it('flags: 0/false/no/off turn STYREBOT_DEMO and STYREBOT_PLAYGROUND off; empty keeps the default', () => {
    for (const off of ['0', 'false', 'NO', 'off']) expect(loadConfig({ STYREBOT_DEMO: off }).demo).toBe(false);
    expect(loadConfig({ STYREBOT_DEMO: '' }).demo).toBe(true);
    expect(loadConfig({ STYREBOT_PLAYGROUND: '0' }).playground).toBe(false);
  });

  it('English is the only other locale', () => {
    expect(loadConfig({ STYREBOT_LOCALE: 'en' }).locale).toBe('en');
  });

  it('the file-link secret is the configured one, else derived from the app password, else random per load', () => {
    expect(loadConfig({ STYREBOT_FILE_SECRET: 's3cret' }).fileSecret).toBe('s3cret');
    expect(loadConfig(CREDS).fileSecret).toBe(loadConfig(CREDS).fileSecret);
    expect(loadConfig({}).fileSecret).not.toBe(loadConfig({}).fileSecret);
    expect(loadConfig({}).fileSecret).toMatch(/^[0-9a-f]{64}$/);
  });
});
