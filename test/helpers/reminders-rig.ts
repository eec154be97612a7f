/**
 * The real bot over HTTP with a fake clock, for the reminder tests: tick the job runner "at" an
 * instant, drain the outbox, restart the bot on the same store (a new process would), and match
 * the fake connector's POSTs against the outbox items they came from.
 */
import { rmSync } from 'node:fs';
import { startBot, type RunningBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { createMeeting } from '../../src/app/meetings.js';
import { outboxCounts } from '../../src/delivery/outbox.js';
import type { Db, Meeting, OutboxItem, Reminder } from '../../src/domain/model.js';
import { createLogger } from '../../src/log.js';
import type { TickReport } from '../../src/scheduler/job-runner.js';
import { startHarness, type Harness } from './bot-harness.js';
import type { RecordedCall } from './fake-connector.js';
import { users } from './activities.js';
import { dropTestDatabase } from './pg-server.js';

export interface FakeClock {
  now(): Date;
  set(t: string | number): void;
  advance(ms: number): void;
}

export function fakeClock(start: string | number): FakeClock {
  let ms = typeof start === 'string' ? Date.parse(start) : start;
  return {
    now: () => new Date(ms),
    set: (t) => void (ms = typeof t === 'string' ? Date.parse(t) : t),
    advance: (d) => void (ms += d),
  };
}

export interface Rig {
  h: Harness;
  clock: FakeClock;
  bot: RunningBot;
  db(): Readonly<Db>;
  /** POST an activity to the current bot process. */
  post(activity: object): Promise<{ status: number; body: any }>;
  /** Set the clock (if given) and run one job-runner tick, as the minute poll would. */
  tick(at?: string | number): Promise<TickReport>;
  /** Kick the outbox until nothing is queued or sending; `advanceMs` moves the fake clock between kicks (retry back-off). */
  drain(opts?: { advanceMs?: number; timeoutMs?: number }): Promise<void>;
  /** Close the bot and start a new process on the same store and fake connector. */
  restart(): Promise<void>;
  /** Stop the bot without starting another (downtime); `restart()` brings it back. */
  stop(): Promise<void>;
  /** Meeting N via the meetings use-case, as the chair (Anna). */
  createMeeting(date: string, start: string, end: string, location?: string | null): Promise<Meeting>;
  close(): Promise<void>;
}

export async function startRig(start: string, opts: { env?: Record<string, string> } = {}): Promise<Rig> {
  const clock = fakeClock(start);
  const h = await startHarness({ clock, env: opts.env });
  let bot: RunningBot | null = h.bot;
  const current = () => {
    if (!bot) throw new Error('the bot is stopped');
    return bot;
  };
  const rig: Rig = {
    h,
    clock,
    get bot() {
      return current();
    },
    db: () => current().services.store.read(),
    async post(activity) {
      const res = await fetch(`${current().url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async tick(at) {
      if (at !== undefined) clock.set(at);
      return current().runner.tick(clock.now());
    },
    async drain({ advanceMs = 0, timeoutMs = 8000 } = {}) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const c = outboxCounts(current().services.store.read());
        if (c.queued === 0 && c.sending === 0) {
          // The outbox's onSent/onUndelivered hooks (reminder bookkeeping) write right after.
          await new Promise((r) => setTimeout(r, 25));
          await current().services.store.update(() => undefined);
          return;
        }
        if (Date.now() > until) throw new Error(`outbox did not drain: ${JSON.stringify(c)}`);
        if (advanceMs) clock.advance(advanceMs);
        current().services.delivery.kick();
        await new Promise((r) => setTimeout(r, 15));
      }
    },
    async stop() {
      if (bot) await bot.close();
      bot = null;
    },
    async restart() {
      await rig.stop();
      const config = loadConfig({
        PORT: '0',
        ...h.storeEnv,
        STYREBOT_DEMO: '0',
        STYREBOT_PLAYGROUND: '0',
        STYREBOT_LOG_LEVEL: 'silent',
        ...opts.env,
      });
      bot = await startBot({ config, clock, log: createLogger('silent'), jobIntervalMs: 3_600_000 });
    },
    createMeeting: (date, start, end, location = 'Mødelokale Ærø, Sekretariatet') =>
      current().services.store.update((db, tx) =>
        structuredClone(
          createMeeting(db, tx, {
            groupId: db.groups[0].id,
            actor: { name: users.anna.name, aadObjectId: users.anna.aadObjectId, teamsId: users.anna.id },
            date,
            start,
            end,
            location,
          }),
        ),
      ),
    async close() {
      if (bot) await bot.close().catch(() => {});
      bot = null;
      await h.fc.close();
      rmSync(h.dir, { recursive: true, force: true });
      if (h.storeEnv.DATABASE_URL) await dropTestDatabase(h.storeEnv.DATABASE_URL);
    },
  };
  return rig;
}

const cardJson = (activity: any): string | null => {
  const card = activity?.attachments?.find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  return card ? JSON.stringify(card) : null;
};

/** The outbox items queued for a reminder (purpose `reminder:<id>` or `reminder:<id>:…`). */
export const itemsOf = (db: Readonly<Db>, r: Pick<Reminder, 'id'>): OutboxItem[] =>
  db.outbox.filter((o) => o.purpose === `reminder:${r.id}` || o.purpose.startsWith(`reminder:${r.id}:`));

/** The connector POSTs that carried this outbox item's card into its conversation (any status). */
export const postsOfItem = (calls: RecordedCall[], item: OutboxItem): RecordedCall[] => {
  const want = cardJson(item.activity);
  return calls.filter(
    (c) => c.method === 'POST' && c.conversationId === item.conversation.conversationId && want !== null && cardJson(c.body) === want,
  );
};

/** Accepted (200) POSTs of this item: exactly-once means exactly one. */
export const deliveredPosts = (calls: RecordedCall[], item: OutboxItem): RecordedCall[] =>
  postsOfItem(calls, item).filter((c) => c.status === 200);

export const cardOfCall = (call: RecordedCall | undefined): any =>
  call?.body?.attachments?.find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content ?? null;
