/**
 * Correctness after the load, in the same run:
 * - the store on disk (the document and the journal lines continuing it, as a restarted bot would
 *   read it) opens read-only and passes `checkStore` (schema + consistency);
 * - every voter has exactly one ballot in the round, and it is the last ballot that voter got
 *   acknowledged (2xx + card) — or, only if the voter sent more after that without an answer, one
 *   of those later ones;
 * - the fake connector saw at most one update (PUT) of the shared ballot card per 2 s, and no
 *   other call (no replies, no posts) while the ballots were coming in.
 */
import { statSync } from 'node:fs';
import { checkStore, openStore } from '../../src/storage/index.js';
import type { Db } from '../../src/domain/model.js';
import type { FakeConnector } from '../../test/helpers/fake-connector.js';
import { expectedStored, VOTERS, type Target, type VoterBook } from './ballots.js';

export interface StoreVerdict {
  fileBytes: number;
  parses: boolean;
  checkOk: boolean;
  checkProblems: string[];
  voters: number;
  ballotsInRound: number;
  /** Acknowledged ballots the store does not hold (and no later send explains). */
  lost: number;
  /** Voters with more than one ballot. */
  duplicates: number;
  /** Ballots from someone who is not one of the simulated voters. */
  strangers: number;
  /** Voters whose stored ballot is a later, unanswered send (allowed; counted for the record). */
  laterUnacked: number;
  acked: number;
  sent: number;
  ok: boolean;
  details: string[];
}

const same = (
  a: { choices: Record<string, string>; comment: string | null },
  b: { choices: Record<string, string>; comment: string | null | undefined },
) => {
  const ka = Object.keys(a.choices);
  return ka.length === Object.keys(b.choices).length && ka.every((k) => a.choices[k] === b.choices[k]) && a.comment === (b.comment ?? null);
};

export async function verifyStore(storePath: string, target: Target, book: VoterBook): Promise<StoreVerdict> {
  const details: string[] = [];
  let db: Db | null = null;
  try {
    const reader = await openStore({ path: storePath, readOnly: true });
    db = reader.read();
    await reader.close();
  } catch (err) {
    details.push(`store does not open: ${(err as Error).message}`);
  }
  const check = await checkStore(storePath);
  const v: StoreVerdict = {
    fileBytes: statSync(storePath).size,
    parses: db !== null,
    checkOk: check.ok,
    checkProblems: check.problems,
    voters: VOTERS.length,
    ballotsInRound: 0,
    lost: 0,
    duplicates: 0,
    strangers: 0,
    laterUnacked: 0,
    acked: book.acked,
    sent: book.sent,
    ok: false,
    details,
  };
  const round = db?.voteRounds.find((r) => r.groupId === target.groupId && r.id === target.roundId);
  if (!round) {
    details.push('round not found in the store file');
    return v;
  }
  v.ballotsInRound = round.ballots.length;
  const known = new Set(VOTERS.map((x) => x.aadObjectId));
  v.strangers = round.ballots.filter((b) => !known.has(b.voter)).length;
  for (const [i, voter] of VOTERS.entries()) {
    const mine = round.ballots.filter((b) => b.voter === voter.aadObjectId);
    if (mine.length > 1) {
      v.duplicates++;
      details.push(`${voter.name}: ${mine.length} ballots`);
    }
    const acked = book.lastAcked.get(i);
    const later = book.unackedAfter.get(i) ?? [];
    const stored = mine[0];
    if (!acked && !later.length) {
      if (stored) details.push(`${voter.name}: a ballot in the store but none sent`);
      continue;
    }
    if (stored && acked && same(expectedStored(acked), stored)) continue;
    if (stored && later.some((b) => same(expectedStored(b), stored))) {
      v.laterUnacked++;
      continue;
    }
    if (acked) {
      v.lost++;
      if (details.length < 20)
        details.push(
          `${voter.name}: acknowledged ballot #${acked.seq} ${JSON.stringify(expectedStored(acked))} not in the store (store: ${JSON.stringify(stored ? { choices: stored.choices, comment: stored.comment } : null)})`,
        );
    }
  }
  v.ok = v.parses && v.checkOk && v.lost === 0 && v.duplicates === 0 && v.strangers === 0;
  return v;
}

export interface ConnectorVerdict {
  /** PUTs of the shared ballot card. */
  puts: number;
  /** Every card the bot updated (PUT), each checked on its own. */
  cards: number;
  minIntervalMs: number | null;
  /** PUTs closer than 2 s (1990 ms: the fake's clock and the bot's are read at slightly different moments) to the previous PUT of the same card. */
  tooClose: number;
  /** Calls other than the ballot card's PUTs while the load ran (replies, posts, other updates). */
  otherCallsDuringLoad: number;
  ok: boolean;
}

export function verifyConnector(fc: FakeConnector, target: Target, loadWindows: Array<[number, number]>): ConnectorVerdict {
  const byCard = new Map<string, number[]>();
  for (const c of fc.puts()) {
    const key = `${c.conversationId}|${c.activityId}`;
    byCard.set(key, [...(byCard.get(key) ?? []), c.at]);
  }
  let min: number | null = null;
  let tooClose = 0;
  for (const ats of byCard.values()) {
    ats.sort((a, b) => a - b);
    for (let i = 1; i < ats.length; i++) {
      const d = ats[i] - ats[i - 1];
      min = min === null ? d : Math.min(min, d);
      if (d < 1990) tooClose++;
    }
  }
  const puts = fc.puts().filter((c) => c.activityId === target.cardActivityId).length;
  const inLoad = (at: number) => loadWindows.some(([a, b]) => at >= a && at <= b);
  const other = fc.calls.filter((c) => inLoad(c.at) && !(c.method === 'PUT' && c.activityId === target.cardActivityId)).length;
  return { puts, cards: byCard.size, minIntervalMs: min, tooClose, otherCallsDuringLoad: other, ok: tooClose === 0 && other === 0 };
}
