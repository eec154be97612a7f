/** Store fixtures shared by the storage tests (unit and integration). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyDb, type ConversationRef, type Db } from '../../../src/domain/model.js';
import type { Clock } from '../../../src/app/ports.js';

export const fixedClock = (iso = '2025-03-04T09:00:00.000Z'): Clock & { set(iso: string): void } => {
  let now = new Date(iso);
  return { now: () => now, set: (v) => (now = new Date(v)) };
};

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'styrebot-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const conv = (id = '19:abc@thread.v2'): ConversationRef => ({
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  channelId: 'msteams',
  conversationId: id,
  conversationType: 'channel',
  tenantId: 'tenant-1',
  teamId: '19:team@thread.tacv2',
  botId: '28:bot',
});

/** A Db with one record in every collection (and optional fields both present and absent). */
/**
 * A value as a store *file* (schema v3) would hold it: an in-memory `Db` keeps its trail in
 * `audit`; the file counts it (`auditCount`). Inline entries are allowed (files from v1/v2, and
 * fixtures): the writer moves them to the audit log. Leaves anything else as it is.
 */
export function asStoreFile(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.audit) || 'auditCount' in v) return value;
  return { ...v, auditCount: v.audit.length };
}

export const storeFileText = (db: unknown, indent?: number): string => JSON.stringify(asStoreFile(db), null, indent);

export function sampleDb(): Db {
  const db = emptyDb();
  const at = '2025-03-01T10:00:00.000Z';
  const tally = { green: 3, yellow: 1, red: 0 };
  db.groups.push({
    id: 'g1',
    name: 'Styregruppe A',
    createdAt: at,
    locale: 'da',
    timezone: 'Europe/Copenhagen',
    conversation: conv(),
    roster: [{ name: 'Mette', aadObjectId: 'aad-1', teamsId: '29:1', role: 'chair', organisation: 'Region H', personalChat: null }],
    standingItems: ['Risici'],
    reminderOffsets: { days: [14, 2], hours: [1], atTime: '09:00' },
    escalationTarget: null,
    linkedChats: [],
    counters: { meeting: 1, risk: 1, action: 1, round: 1, escalation: 1 },
  });
  db.meetings.push({
    groupId: 'g1',
    number: 1,
    title: 'Møde 1',
    date: '2025-03-10',
    start: '10:00',
    end: '12:00',
    location: null,
    joinUrl: null,
    status: 'planned',
    participants: [{ name: 'Mette', organisation: null, role: 'formand' }],
    attendance: [],
    items: [
      {
        number: 1,
        title: 'Status',
        presenter: null,
        annexes: [],
        recommendation: ['At tage til efterretning'],
        background: null,
        proposal: null,
        nextSteps: null,
        outcome: null,
        decision: null,
        by: null,
        at: null,
      },
    ],
    minutes: { status: 'draft', approvedBy: null, approvedAt: null, amendments: [], version: 1 },
    createdAt: at,
  });
  db.risks.push({
    groupId: 'g1',
    id: 'R1',
    category: 'Tid',
    title: 'Forsinkelse',
    description: null,
    owner: { name: 'Mette', aadObjectId: 'aad-1' },
    rating: 'yellow',
    correctiveActions: [],
    status: 'open',
    createdAt: at,
    createdBy: 'aad-1',
    history: [{ date: '2025-03-01', rating: 'yellow', tally, disagreement: false, round: 'V1', meeting: 1 }],
  });
  db.voteRounds.push({
    groupId: 'g1',
    id: 'V1',
    status: 'closed',
    openedBy: 'aad-1',
    openedAt: at,
    deadline: at,
    meeting: 1,
    riskIds: ['R1'],
    ballots: [{ voter: 'aad-1', voterName: 'Mette', choices: { R1: 'yellow' }, comment: null, at }],
    result: { R1: 'yellow' },
    overrides: {},
    closedAt: at,
    closedBy: 'aad-1',
  });
  db.actions.push({
    groupId: 'g1',
    id: 'A1',
    text: 'Send plan',
    owner: { name: 'Mette', aadObjectId: 'aad-1' },
    due: '2025-03-20',
    status: 'open',
    source: { kind: 'item', meeting: 1, item: 1, risk: null },
    createdBy: 'aad-1',
    createdAt: at,
  });
  db.escalations.push({
    groupId: 'g1',
    id: 'E1',
    riskId: 'R1',
    reason: 'Kritisk',
    status: 'sent',
    by: 'aad-1',
    byName: 'Mette',
    at,
    snapshot: {
      title: 'Forsinkelse',
      category: 'Tid',
      rating: 'yellow',
      history: [],
      tally,
      comments: [],
      correctiveActions: [],
      owner: 'Mette',
    },
    outboxId: 'ob-1',
    answer: null,
  });
  db.outbox.push({
    id: 'ob-1',
    groupId: 'g1',
    conversation: conv(),
    activity: { type: 'message', text: 'Hej' },
    purpose: 'escalation',
    status: 'sent',
    attempts: 1,
    createdAt: at,
    nextAttemptAt: at,
    sentAt: at,
    activityId: '1:abc',
    lastError: null,
  });
  db.reminders.push({
    id: 'rem-2',
    groupId: 'g1',
    meeting: 1,
    kind: 'T-2d',
    to: null,
    dueAt: at,
    status: 'planned',
    late: false,
    sentAt: null,
    outboxId: null,
  });
  db.jobs.push({ id: 'job-3', kind: 'closeRound', dueAt: at, payload: { round: 'V1' }, status: 'pending' });
  db.audit.push({ at, actor: 'aad-1', action: 'group.create', groupId: 'g1', target: 'g1' });
  db.processed.push({ key: 'act-1', at });
  db.seq = 3;
  return db;
}

/** The same store as pilot version 1 wrote it (see DbV1 in src/storage/migrations.ts). */
export function sampleV1(): Record<string, unknown> {
  const { outbox, reminders, jobs, processed, seq, ...rest } = sampleDb();
  void [outbox, reminders, jobs, processed, seq];
  const escalations = rest.escalations.map(({ outboxId, ...e }) => (void outboxId, e));
  return { ...rest, schemaVersion: 1, escalations };
}

// ---- child processes (test/helpers/store-child.ts) for crash, lock and admin-socket tests ----
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const childScript = fileURLToPath(new URL('../../helpers/store-child.ts', import.meta.url));

export interface Child {
  proc: ChildProcess;
  /** Complete stdout lines so far. */
  lines: string[];
  /** Resolves with the first line matching, rejects if the child exits first. */
  waitFor(match: (line: string) => boolean): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

export function startChild(args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', childScript, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  const waiters: { match: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.match(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  proc.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  // 'close' (not 'exit'): all stdout has been read by then.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    proc,
    lines,
    exited,
    stderr: () => err,
    waitFor(match) {
      const found = lines.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        waiters.push({ match, resolve });
        void exited.then(({ code, signal }) =>
          reject(new Error(`child exited (${code ?? signal}) before expected output; stderr: ${err}`)),
        );
      });
    },
  };
}
