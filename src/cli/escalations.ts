import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { Db, Escalation, Group } from '../domain/model.js';
import { AppError } from '../errors.js';
import { escalationMemoDocx } from '../export/escalation-memo.js';
import { registerMessages } from '../i18n/index.js';
import messages from '../i18n/messages/escalations.js';
import { action, printJson, printText, readDb, selectGroups, withStoreOptions } from './common.js';

registerMessages(messages);

/** One escalation as `styrebot escalations --json` prints it. */
export interface EscalationJson {
  group: string;
  id: string;
  /** The risk escalated; null for an agenda item (see `subject`). */
  risk: string | null;
  title: string;
  rating: string | null;
  reason: string;
  status: Escalation['status'];
  by: { name: string; id: string };
  at: string;
  acknowledged: { by: string | null; at: string } | null;
  answer: { text: string; by: string | null; at: string | null } | null;
  /** What was escalated: a risk, or an agenda item's recommendation (meeting and item number). */
  subject: { kind: 'risk'; id: string } | { kind: 'item'; meeting: number; item: number };
}

export const escalationJson = (e: Escalation): EscalationJson => ({
  group: e.groupId,
  id: e.id,
  risk: e.subject?.kind === 'item' ? null : e.riskId,
  title: e.snapshot.title,
  rating: e.snapshot.rating,
  reason: e.reason,
  status: e.status,
  by: { name: e.byName, id: e.by },
  at: e.at,
  acknowledged: e.acknowledgedAt ? { by: e.acknowledgedByName ?? e.acknowledgedBy ?? null, at: e.acknowledgedAt } : null,
  answer: e.answer !== null ? { text: e.answer, by: e.answeredByName ?? e.answeredBy ?? null, at: e.answeredAt ?? null } : null,
  subject: e.subject?.kind === 'item' ? { kind: 'item', meeting: e.subject.meeting, item: e.subject.item } : { kind: 'risk', id: e.riskId },
});

export function escalationsOf(db: Readonly<Db>, groupOpt?: string): EscalationJson[] {
  const groups = selectGroups(db, groupOpt);
  const order = new Map(groups.map((g, i) => [g.id, i]));
  return db.escalations
    .filter((e) => order.has(e.groupId))
    .sort((a, b) => order.get(a.groupId)! - order.get(b.groupId)! || Number(a.id.slice(1)) - Number(b.id.slice(1)))
    .map(escalationJson);
}

/** The escalation `id` (E2) in --group, or in the only group that has one with that id. */
export function findEscalation(db: Readonly<Db>, id: string, groupOpt?: string): { escalation: Escalation; group: Group } {
  const want = id.toUpperCase();
  const groups = selectGroups(db, groupOpt);
  const hits = db.escalations.filter((e) => e.id === want && groups.some((g) => g.id === e.groupId));
  if (!hits.length) throw new AppError('cli_escalation_unknown', { id: want, where: groupOpt ? ` (${groupOpt})` : '' });
  if (hits.length > 1) throw new AppError('cli_escalation_ambiguous', { id: want, groups: hits.map((e) => e.groupId).join(', ') });
  return { escalation: hits[0], group: groups.find((g) => g.id === hits[0].groupId)! };
}

/** The memo names who acknowledged/answered: board members are on no roster, so use their stored names. */
export function memoInput(e: Escalation): Escalation {
  return { ...e, acknowledgedBy: e.acknowledgedByName ?? e.acknowledgedBy ?? null, answeredBy: e.answeredByName ?? e.answeredBy ?? null };
}

/** `styrebot escalations --json` and `styrebot escalation memo ID --out FILE.docx [--group ID]`. */
export function register(program: Command): void {
  withStoreOptions(
    program
      .command('escalations')
      .description('list escalations of risks to the programme board, with their status')
      .option('--json', 'machine-readable: [{group, id, risk, title, rating, reason, status, by, at, acknowledged, answer}]'),
  ).action(
    action(async (opts: { json?: boolean; group?: string; store?: string }) => {
      const list = escalationsOf(await readDb(opts), opts.group);
      if (opts.json) return printJson(list);
      if (!list.length) return void printText('no escalations\n');
      for (const e of list)
        printText(
          `${e.group} ${e.id.padEnd(4)} ${(e.risk ?? (e.subject.kind === 'item' ? `${e.subject.meeting}.${e.subject.item}` : '')).padEnd(4)} ${e.status.padEnd(12)} ${e.at.slice(0, 10)} ${e.by.name}: ${e.title}\n`,
        );
    }),
  );

  const escalation = program.command('escalation').description('one escalation (see also "escalations")');
  withStoreOptions(
    escalation
      .command('memo')
      .description('write the escalation as a Word memo for the programme board’s papers')
      .argument('<id>', 'escalation id, e.g. E2')
      .option('--out <file>', 'the .docx file to write')
      .option('--lang <da|en>', 'language of the memo (default: the group’s)'),
  ).action(
    action(async (id: string, opts: { out?: string; group?: string; store?: string; lang?: string }) => {
      if (!opts.out || !/\.docx$/i.test(opts.out)) throw new AppError('cli_memo_out', { id: id.toUpperCase() });
      const db = await readDb(opts);
      const { escalation: e, group } = findEscalation(db, id, opts.group);
      const risk = db.risks.find((r) => r.groupId === group.id && r.id === e.riskId) ?? null;
      const locale = opts.lang === 'en' || opts.lang === 'da' ? opts.lang : group.locale;
      const bytes = await escalationMemoDocx(memoInput(e), group, risk, locale);
      const out = path.resolve(opts.out);
      await writeFile(out, bytes);
      process.stderr.write(`escalation memo written: ${out} (${bytes.length} bytes)\n`);
    }),
  );
}
