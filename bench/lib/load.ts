/**
 * One load round against one server with autocannon (programmatic), 50 connections = 50 voters:
 * connection i is always voter i, so each voter's clicks are sequential, like a person's.
 *
 * - saturation: closed loop, each connection sends its next ballot as soon as the last one is
 *   answered; latency is measured from send to answer.
 * - rate: open loop at `rate` req/s overall, paced evenly — connection i sends at
 *   t0 + i·(1000/rate) + k·(connections·1000/rate) ms, so with 500/s and 50 connections one
 *   request leaves every 2 ms. autocannon's own `overallRate` is not used: it sends each
 *   connection's quota back to back at the start of every second (bursts of 500 at once) and its
 *   coordinated-omission correction uses 1/rate as an interval in ms. Latency is measured from
 *   the *intended* send time, so a late send (server or generator behind) counts against the
 *   server (no coordinated omission).
 *
 * At the end of the round no new request is started; requests in flight are answered before the
 * round ends (nothing is cut off, so every ballot sent is either acknowledged or an error).
 * Latencies are collected per request (autocannon's histogram has no p95).
 */
import autocannon from 'autocannon';
import { VOTERS, type Ballot, type BallotMaker, type VoterBook } from './ballots.js';

export type Mode = 'saturation' | 'rate';

export interface RoundSpec {
  server: string;
  url: string;
  mode: Mode;
  durationMs: number;
  connections: number;
  /** Overall requests per second (rate mode). */
  rate?: number;
}

export interface RoundResult {
  server: string;
  mode: Mode;
  sent: number;
  completed: number;
  /** 2xx answers whose body is an Action.Execute invoke response carrying a card. */
  acked: number;
  non2xx: number;
  /** 2xx but not a card (e.g. the bot's error message). */
  notCard: number;
  /** Connection errors and timeouts (autocannon). */
  errors: number;
  timeouts: number;
  elapsedS: number;
  /** acked / elapsed. */
  throughput: number;
  latencies: Float64Array;
  /** Rate mode: sends that left > 1 ms after their slot, and the largest lag (ms). */
  lateSends: number;
  maxLagMs: number;
  avgResponseBytes: number;
}

interface ClientState {
  idx: number;
  voter: number;
  k: number;
  intendedAt: number;
  sentAt: number;
  ballot: Ballot | null;
}

const CARD_TYPE = '"type":"application/vnd.microsoft.card.adaptive"';

export async function runRound(spec: RoundSpec, maker: BallotMaker, book: VoterBook): Promise<RoundResult> {
  const { mode, connections, durationMs } = spec;
  const rate = mode === 'rate' ? spec.rate! : 0;
  const spacing = rate ? 1000 / rate : 0;
  const period = rate ? (connections * 1000) / rate : 0;
  const lat: number[] = [];
  let building: ClientState | null = null;
  let nextIdx = 0;
  let sent = 0;
  let completed = 0;
  let acked = 0;
  let non2xx = 0;
  let notCard = 0;
  let bytes = 0;
  let lateSends = 0;
  let maxLagMs = 0;
  let lastResponseAt = 0;
  const t0 = performance.now() + 50; // first slot: after the connections are up
  const deadline = t0 + durationMs;

  const setupClient = (client: any) => {
    const st: ClientState = { idx: nextIdx++, voter: 0, k: 0, intendedAt: 0, sentAt: 0, ballot: null };
    st.voter = st.idx % VOTERS.length;
    const orig = client._doRequest;
    const fire = (slot: number) => {
      if (client.destroyed) return;
      st.k++;
      st.intendedAt = slot;
      st.sentAt = performance.now();
      if (rate) {
        const lag = st.sentAt - slot;
        if (lag > 1) lateSends++;
        if (lag > maxLagMs) maxLagMs = lag;
      }
      building = st;
      try {
        orig.call(client);
      } finally {
        building = null;
      }
      sent++;
    };
    client._doRequest = function () {
      if (client.destroyed) return;
      const now = performance.now();
      const slot = rate ? t0 + st.idx * spacing + st.k * period : Math.max(now, t0);
      if (slot >= deadline || now >= deadline) {
        client.destroy(); // no new request; autocannon ends once every connection is done
        return;
      }
      if (slot > now) setTimeout(() => fire(slot), slot - now);
      else fire(slot);
    };
    // The first request was built before this hook ran: build it again for this voter.
    building = st;
    try {
      client.requestIterator.rebuildRequest();
    } finally {
      building = null;
    }
  };

  const instance = autocannon({
    url: spec.url,
    connections,
    pipelining: 1,
    duration: Math.ceil(durationMs / 1000) + 30, // a safety net: rounds end by themselves (above)
    timeout: 10,
    skipAggregateResult: true,
    setupClient,
    requests: [
      {
        method: 'POST',
        path: '/api/messages',
        headers: { 'content-type': 'application/json' },
        setupRequest(req, context) {
          const st = building;
          if (!st) return { ...req, body: '{}' }; // placeholder, rebuilt before it is sent
          const b = maker.next(st.voter);
          st.ballot = b;
          book.onSent(b);
          context.st = st;
          return { ...req, body: JSON.stringify(maker.activity(b)) };
        },
        onResponse(status, body, context) {
          const st = context.st as ClientState | undefined;
          if (!st) return;
          const now = performance.now();
          lastResponseAt = now;
          completed++;
          // From the intended send time when the send was late (no coordinated omission); from
          // the actual send when a timer fired a little early.
          lat.push(now - Math.min(st.intendedAt, st.sentAt));
          bytes += body.length;
          if (status < 200 || status >= 300) non2xx++;
          else if (body.includes(CARD_TYPE) && st.ballot) {
            acked++;
            book.onAcked(st.ballot);
          } else notCard++;
        },
      },
    ],
  });
  const res = await instance;
  const elapsedS = Math.max(1e-3, (lastResponseAt || performance.now()) - t0) / 1000;
  return {
    server: spec.server,
    mode,
    sent,
    completed,
    acked,
    non2xx,
    notCard,
    errors: res.errors,
    timeouts: res.timeouts,
    elapsedS,
    throughput: acked / elapsedS,
    latencies: Float64Array.from(lat),
    lateSends,
    maxLagMs,
    avgResponseBytes: completed ? bytes / completed : 0,
  };
}
