/**
 * The simulated voters and their ballots: 50 members of a Teams group chat, each clicking
 * "Afgiv stemme" on the shared ballot card. Each request is the Action.Execute invoke Teams sends
 * (`adaptiveCard/action`, verb vote.cast) with the card's data exactly as the ballot card posts it:
 * `{groupId, roundId}` from the action plus every input — `r_<riskId>` per risk ('green' |
 * 'yellow' | 'red', or '' when left empty) and `comment`. Deterministic (seeded).
 *
 * The VoterBook remembers, per voter, what was sent and what was acknowledged (HTTP 2xx whose
 * body is the invoke response with a card), to check the store against after the load.
 */
import type { Rating } from '../../src/domain/model.js';
import { VERBS } from '../../src/cards/verbs.js';
import { BOT, TENANT, groupChat } from '../../test/helpers/activities.js';
import { roster60, seeded } from '../../test/helpers/risk-world.js';

export interface Voter {
  id: string;
  name: string;
  aadObjectId: string;
}

/** 50 voters with Teams-shaped ids (`29:` + 60 characters, GUID-shaped Entra ids) and Danish names. */
export const VOTERS: Voter[] = roster60()
  .slice(0, 50)
  .map((m) => ({ id: m.teamsId!, name: m.name, aadObjectId: m.aadObjectId! }));

export const CONVERSATION = groupChat;

export interface Target {
  serviceUrl: string;
  groupId: string;
  roundId: string;
  /** The shared ballot card's activity id (the invoke's replyToId). */
  cardActivityId: string;
  riskIds: string[];
}

export interface Ballot {
  voter: number;
  seq: number;
  /** What the card posts: riskId → colour or '' (left empty). */
  inputs: Record<string, Rating | ''>;
  comment: string;
}

const COLOURS: Rating[] = ['green', 'yellow', 'yellow', 'red'];
const COMMENTS = [
  'Certificeringen hos de to leverandører bør følges tæt; vi så samme forsinkelse ved sidste release.',
  'Udbredelsen i Region Nord halter stadig — skal drøftes på mødet.',
  'Enig i gul, men vi bør have en plan B for driftsfinansieringen efter 2026.',
  'Praksisserne mister tålmodigheden, hvis nedetiden fortsætter.',
];

export class BallotMaker {
  private readonly rnd: () => number;
  private seq = 0;
  constructor(
    readonly target: Target,
    readonly runId: string,
    seed = 2025,
  ) {
    this.rnd = seeded(seed);
  }

  /** A voter's next ballot: a colour per risk (5 % left empty, never all), a comment on 1 in 10. */
  next(voter: number): Ballot {
    const inputs: Record<string, Rating | ''> = {};
    let filled = 0;
    for (const id of this.target.riskIds) {
      const empty = this.rnd() < 0.05;
      inputs[id] = empty ? '' : COLOURS[Math.floor(this.rnd() * COLOURS.length)];
      if (!empty) filled++;
    }
    if (filled === 0) inputs[this.target.riskIds[0]] = 'yellow';
    const comment = this.rnd() < 0.1 ? COMMENTS[Math.floor(this.rnd() * COMMENTS.length)] : '';
    return { voter, seq: ++this.seq, inputs, comment };
  }

  /** The invoke activity Teams would POST to /api/messages for this ballot, clicked now. */
  activity(b: Ballot, now = new Date()): Record<string, unknown> {
    const v = VOTERS[b.voter];
    const t = this.target;
    const data: Record<string, unknown> = { groupId: t.groupId, roundId: t.roundId };
    for (const id of t.riskIds) data[`r_${id}`] = b.inputs[id];
    data.comment = b.comment;
    return {
      name: 'adaptiveCard/action',
      type: 'invoke',
      timestamp: now.toISOString(),
      localTimestamp: now.toISOString().replace('Z', '+02:00'),
      id: `f:${this.runId}-${b.voter}-${b.seq}`,
      channelId: 'msteams',
      serviceUrl: t.serviceUrl,
      from: { id: v.id, name: v.name, aadObjectId: v.aadObjectId },
      conversation: { isGroup: true, conversationType: 'groupChat', tenantId: TENANT, id: CONVERSATION.id },
      recipient: { id: BOT.id, name: BOT.name },
      entities: [{ locale: 'da-DK', country: 'DK', platform: 'Web', timezone: 'Europe/Copenhagen', type: 'clientInfo' }],
      channelData: { tenant: { id: TENANT }, source: { name: 'message' }, legacy: { replyToId: t.cardActivityId } },
      replyToId: t.cardActivityId,
      value: { action: { type: 'Action.Execute', title: 'Afgiv stemme', verb: VERBS.voteCast, data }, trigger: 'manual' },
      locale: 'da-DK',
    };
  }
}

/** What the store should hold for a ballot: the filled-in colours, and the trimmed comment or null. */
export function expectedStored(b: Ballot): { choices: Record<string, Rating>; comment: string | null } {
  const choices: Record<string, Rating> = {};
  for (const [id, c] of Object.entries(b.inputs)) if (c) choices[id] = c;
  return { choices, comment: b.comment.trim() ? b.comment.trim() : null };
}

export class VoterBook {
  /** Per voter: the last acknowledged ballot, and ballots sent after it that got no acknowledgement. */
  readonly lastAcked = new Map<number, Ballot>();
  readonly unackedAfter = new Map<number, Ballot[]>();
  sent = 0;
  acked = 0;

  onSent(b: Ballot): void {
    this.sent++;
    const list = this.unackedAfter.get(b.voter) ?? [];
    list.push(b);
    this.unackedAfter.set(b.voter, list);
  }

  /** A 2xx card answer for `b`: it and everything this voter sent before is settled. */
  onAcked(b: Ballot): void {
    this.acked++;
    const prev = this.lastAcked.get(b.voter);
    if (!prev || prev.seq < b.seq) this.lastAcked.set(b.voter, b);
    const list = (this.unackedAfter.get(b.voter) ?? []).filter((x) => x.seq > (this.lastAcked.get(b.voter)?.seq ?? 0));
    this.unackedAfter.set(b.voter, list);
  }
}
