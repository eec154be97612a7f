import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { parseClockOffset } from './app/clock-offset.js';
import { normaliseLinkHost } from './domain/link-hosts.js';

/**
 * The one place that reads the environment. Everything is validated at once and every problem
 * is listed in one error, so a misconfigured deployment fails at start with the whole story.
 */
const csv = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

const flag = (dflt: boolean) =>
  z
    .string()
    .optional()
    .transform((s) => (s === undefined || s === '' ? dflt : !['0', 'false', 'no', 'off'].includes(s.toLowerCase())));

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const envSchema = z.object({
  MicrosoftAppId: z.string().trim().optional().default(''),
  MicrosoftAppPassword: z.string().optional().default(''),
  MicrosoftAppType: z.preprocess(
    blankToUndefined,
    z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional().default('MultiTenant'),
  ),
  MicrosoftAppTenantId: z.string().trim().optional().default(''),
  // Blank = unset: `PORT=` must not mean "any free port", nor `HOST=` "every interface".
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
  HOST: z.preprocess(blankToUndefined, z.string().optional()),
  STORE_PATH: z.preprocess(blankToUndefined, z.string().min(1).default('data/db.json')),
  // Set = the PostgreSQL store shared by several instances (src/storage/pg); unset = the JSON file.
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  STYREBOT_TIMEZONE: z.preprocess(blankToUndefined, z.string().default('Europe/Copenhagen')).refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Copenhagen'),
  STYREBOT_LOCALE: z.preprocess(blankToUndefined, z.enum(['da', 'en']).default('da')),
  STYREBOT_CHAIRS: csv,
  ALLOWED_TENANTS: csv,
  STYREBOT_DEMO: flag(true),
  STYREBOT_DEMO_SAMPLE: flag(true),
  STYREBOT_PLAYGROUND: flag(true),
  STYREBOT_HEALTH_DETAILS: flag(false),
  BOT_DOMAIN: z
    .string()
    .trim()
    .optional()
    .default('')
    .refine((d) => d === '' || /^[a-z0-9.-]+(:\d+)?$/i.test(d), 'must be a host name such as styrebot.example.dk (no scheme, no path)'),
  STYREBOT_CLOCK_OFFSET: z.string().optional().default(''),
  // json (default, and always with NODE_ENV=production) or pretty (human-readable; `npm start` in development).
  STYREBOT_LOG_FORMAT: z.preprocess(blankToUndefined, z.enum(['json', 'pretty']).default('json')),
  STYREBOT_LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  STYREBOT_FILE_SECRET: z.string().optional().default(''),
  // Sent outbox items, finished jobs and reminders older than this many days are pruned daily.
  STYREBOT_RETENTION_DAYS: z.preprocess(blankToUndefined, z.coerce.number().int().min(30).max(36500).default(400)),
  // Hosts besides Microsoft 365 whose links may be attached as material (src/domain/link-hosts.ts).
  STYREBOT_LINK_HOSTS: csv.refine(
    (hosts) => hosts.every((h) => normaliseLinkHost(h) !== null),
    'must be host names separated by commas, e.g. intranet.example.dk',
  ),
  NODE_ENV: z.preprocess(blankToUndefined, z.string().optional().default('development')),
});

export interface Config {
  readonly appId: string;
  readonly appPassword: string;
  readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  readonly appTenantId: string;
  /** False when MicrosoftAppId is empty: Bot Framework authentication is off (local use only). */
  readonly authEnabled: boolean;
  readonly port: number;
  /** 127.0.0.1 without credentials, so an unauthenticated bot is never reachable from outside. */
  readonly host: string;
  readonly storePath: string;
  /** PostgreSQL store (null = the JSON file at storePath). */
  readonly databaseUrl: string | null;
  readonly timezone: string;
  readonly locale: 'da' | 'en';
  readonly chairs: readonly string[];
  readonly allowedTenants: readonly string[];
  readonly demo: boolean;
  /** The demo group also gets its next meeting, two risks and an action point (STYREBOT_DEMO_SAMPLE). */
  readonly demoSample: boolean;
  readonly playground: boolean;
  readonly botDomain: string;
  readonly clockOffsetMs: number;
  readonly logLevel: string;
  readonly logFormat: 'json' | 'pretty';
  /** Secret for signed file links; derived from the app password when not set. */
  readonly fileSecret: string;
  readonly production: boolean;
  /** /healthz shows version, store, outbox and uptime to every client, not only on loopback. */
  readonly healthDetails: boolean;
  /** Days finished bookkeeping (sent outbox items, done jobs, past reminders) is kept (src/domain/retention.ts). */
  readonly retentionDays: number;
  /** Extra hosts (and their subdomains) allowed for material links, lower case. */
  readonly linkHosts: readonly string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  // The checks below still run when a field is invalid (on the raw values), so one error lists everything.
  const e = parsed.success ? parsed.data : crossFieldView(env);
  const production = e.NODE_ENV === 'production';
  const authEnabled = e.MicrosoftAppId !== '';
  if (authEnabled && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI')
    problems.push('MicrosoftAppPassword: required when MicrosoftAppId is set');
  if (e.MicrosoftAppType === 'SingleTenant' && authEnabled && !e.MicrosoftAppTenantId)
    problems.push('MicrosoftAppTenantId: required for MicrosoftAppType=SingleTenant');
  if (authEnabled && !e.BOT_DOMAIN) problems.push('BOT_DOMAIN: required with credentials (the public host name, e.g. styrebot.example.dk)');
  if (!authEnabled && e.HOST !== undefined && !isLoopbackHost(e.HOST))
    problems.push(
      `HOST: ${e.HOST} refused without MicrosoftAppId — authentication is off, so anyone who reaches the port could act as any user; use 127.0.0.1 (the default), ::1 or localhost, or set the Bot Framework credentials`,
    );
  if (production && !authEnabled)
    problems.push(
      'MicrosoftAppId: required when NODE_ENV=production — without it anyone who reaches /api/messages could forge users and votes',
    );
  let clockOffsetMs = 0;
  if (e.STYREBOT_CLOCK_OFFSET) {
    if (production) problems.push('STYREBOT_CLOCK_OFFSET: refused when NODE_ENV=production (development only)');
    else {
      try {
        clockOffsetMs = parseClockOffset(e.STYREBOT_CLOCK_OFFSET);
      } catch (err) {
        problems.push(`STYREBOT_CLOCK_OFFSET: ${(err as Error).message}`);
      }
    }
  }
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  const v = parsed.data;
  return Object.freeze({
    appId: v.MicrosoftAppId,
    appPassword: v.MicrosoftAppPassword,
    appType: v.MicrosoftAppType,
    appTenantId: v.MicrosoftAppTenantId,
    authEnabled,
    port: v.PORT,
    host: v.HOST ?? (authEnabled ? '0.0.0.0' : '127.0.0.1'),
    storePath: v.STORE_PATH,
    databaseUrl: v.DATABASE_URL ?? null,
    timezone: v.STYREBOT_TIMEZONE,
    locale: v.STYREBOT_LOCALE,
    chairs: Object.freeze(v.STYREBOT_CHAIRS),
    allowedTenants: Object.freeze(v.ALLOWED_TENANTS),
    demo: v.STYREBOT_DEMO,
    demoSample: v.STYREBOT_DEMO_SAMPLE,
    playground: v.STYREBOT_PLAYGROUND && !authEnabled,
    botDomain: v.BOT_DOMAIN,
    clockOffsetMs,
    logLevel: v.STYREBOT_LOG_LEVEL,
    logFormat: production ? 'json' : v.STYREBOT_LOG_FORMAT,
    // Without a configured secret, a per-process random one: links then expire on restart.
    fileSecret:
      v.STYREBOT_FILE_SECRET ||
      (v.MicrosoftAppPassword ? `${v.MicrosoftAppPassword}:${v.MicrosoftAppId}:styrebot-files` : randomBytes(32).toString('hex')),
    production,
    healthDetails: v.STYREBOT_HEALTH_DETAILS,
    retentionDays: v.STYREBOT_RETENTION_DAYS,
    linkHosts: Object.freeze(v.STYREBOT_LINK_HOSTS.map((h) => normaliseLinkHost(h)!)),
  });
}

/** STYREBOT_RETENTION_DAYS alone, as the bot reads it (the CLI's `check` needs no other setting); invalid → the default. */
export function retentionDaysOf(env: Record<string, string | undefined>): number {
  const r = envSchema.shape.STYREBOT_RETENTION_DAYS.safeParse(env.STYREBOT_RETENTION_DAYS);
  return r.success ? r.data : 400;
}

/** The values the cross-field checks need, read raw when the schema rejected some field. */
function crossFieldView(env: Record<string, string | undefined>) {
  const str = (k: string) => (env[k] ?? '').trim();
  const appType = str('MicrosoftAppType');
  return {
    MicrosoftAppId: str('MicrosoftAppId'),
    MicrosoftAppPassword: env.MicrosoftAppPassword ?? '',
    MicrosoftAppType: (['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(appType) ? appType : 'MultiTenant') as z.infer<
      typeof envSchema
    >['MicrosoftAppType'],
    MicrosoftAppTenantId: str('MicrosoftAppTenantId'),
    BOT_DOMAIN: str('BOT_DOMAIN'),
    STYREBOT_CLOCK_OFFSET: env.STYREBOT_CLOCK_OFFSET ?? '',
    NODE_ENV: env.NODE_ENV ?? 'development',
    HOST: str('HOST') || undefined,
  };
}

/** Names and addresses that only reach this machine (what an unauthenticated bot may bind to). */
function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
