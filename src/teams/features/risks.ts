/**
 * Risk log and risk votes in Teams (issue #6).
 *
 * Commands: `risici`/`risks` (the log card), `ny risiko <kategori>: <titel>`/`new risk …`,
 * `risikoafstemning [R1 R2 …] [frist <dato> [kl. HH:MM]]`/`risk vote …` (chair: opens the round and
 * posts one ballot card), `luk afstemning [R1=rød …]`/`close vote …` (chair).
 *
 * Card verbs: vote.cast, vote.refresh, vote.close, risk.edit, risk.retire (risk.escalate is on the
 * log card but handled by the escalation feature). All of them answer with the clicker's own card
 * as the invoke response and make no connector call during the turn; the shared ballot/log card is
 * updated afterwards (a short settle window, then the coalescing, rate-limited card updater).
 * The ballot card's Universal Actions `refresh` goes to vote.refresh — through our own invoke route
 * (card-actions.ts), never teams-ai's actionExecute.
 *
 * The cards are built and the shared ones updated after the turn in risk-cards.ts, inputs parsed
 * and card payloads checked in risk-input.ts; the risk log's commands and card actions are in
 * risk-log-actions.ts.
 */
import { z } from 'zod';
import { requireRight } from '../../app/groups.js';
import type { Services } from '../../app/services.js';
import { castBallot, closeRound, openRound, setRoundCard, VOTE_CLOSE_JOB } from '../../app/votes.js';
import { findRound, openRoundOf } from '../../domain/votes.js';
import { deadlineText } from '../../cards/views/risks.js';
import { VERBS } from '../../cards/verbs.js';
import { DEFAULT_ZONE, localDate } from '../../domain/dates.js';
import type { VoteRound } from '../../domain/model.js';
import { may } from '../../domain/roster.js';
import { AppError, isAppError } from '../../errors.js';
import { registerMessages } from '../../i18n/index.js';
import messages from '../../i18n/messages/risks.js';
import type { JobHandler } from '../../scheduler/job-runner.js';
import { cardAction } from '../card-action.js';
import { outboxHandler, type CommandDef, type Feature, type TurnCtx } from '../types.js';
import { riskLogActions, riskLogCommands } from './risk-log-actions.js';
import { afterTurnOf, announceResult, ballotCard, personalBallot, updateSharedBallot } from './risk-cards.js';
import {
  ballotChoices,
  ballotComments,
  clickTime,
  optText,
  overrideChoices,
  parseOverrides,
  parseVoteArgs,
  roundCard,
  roundGroup,
  unknownRound,
} from './risk-input.js';

export { SETTLE_MS } from './after-turn.js';
export { ballotCard, resultCard, riskLogCard } from './risk-cards.js';
export { ballotChoices, parseOverrides, parseVoteArgs } from './risk-input.js';

registerMessages(messages);

const requireGroupChat = (ctx: TurnCtx) => {
  if (ctx.conversation.conversationType === 'personal') throw new AppError('vote_in_group');
};

const riskVoteCommand: CommandDef = {
  id: 'risk-vote',
  names: { da: ['risikoafstemning', 'risiko afstemning', 'stem om risici'], en: ['risk vote', 'risk-vote'] },
  usage: { da: 'risikoafstemning [R1 R2 …] [frist <dato>] [anonym]', en: 'risk vote [R1 R2 …] [deadline <date>] [anonymous]' },
  summary: {
    da: 'Starter en afstemning om risikoernes farve (standard: til næste mødes slutning) og poster stemmesedlen. "anonym": ingen kan se, hvem der stemte hvad.',
    en: 'Starts a vote on the risks’ ratings (default: until the end of the next meeting) and posts the ballot. "anonymous": nobody can see who voted what.',
  },
  section: 'risks',
  who: 'chair',
  async run(ctx, args) {
    requireGroupChat(ctx);
    const group = ctx.group();
    const { services } = ctx;
    const { riskIds, date, time, anonymous } = parseVoteArgs(
      args,
      localDate(services.clock.now(), group.timezone || DEFAULT_ZONE),
      group.timezone || DEFAULT_ZONE,
    );
    let round: VoteRound;
    let reposted = false;
    try {
      round = await services.store.update((db, tx) =>
        openRound(db, tx, {
          groupId: group.id,
          actor: ctx.actor,
          deadlineDate: date,
          deadlineTime: time,
          riskIds,
          anonymous,
          linkedMeeting: ctx.linkedMeeting(),
        }),
      );
    } catch (err) {
      // One round at a time: asking again posts the open round's ballot again (the chair's card may be far up).
      if (!isAppError(err, 'round_open') || !may(group, ctx.actor, 'closeVote')) throw err;
      round = openRoundOf(services.store.read(), group.id)!;
      reposted = true;
    }
    const deadline = deadlineText(round.deadline, ctx.locale, group.timezone || DEFAULT_ZONE);
    if (reposted) await ctx.reply(ctx.t('vote.reposted', { id: round.id, deadline }));
    // The shared ballot is in the group's language (its later updates are built in it too).
    const activityId = await ctx.reply(ballotCard(services.store.read(), group, round, group.locale, null), {
      ref: { kind: 'ballot', groupId: group.id, roundId: round.id },
    });
    if (activityId) {
      await services.store.update((db, tx) =>
        setRoundCard(db, tx, group.id, round.id, { conversationId: ctx.conversation.conversationId, activityId }),
      );
    }
  },
};

const closeVoteCommand: CommandDef = {
  id: 'vote-close',
  names: { da: ['luk afstemning', 'luk afstemningen', 'luk risikoafstemning'], en: ['close vote', 'close the vote'] },
  usage: { da: 'luk afstemning [R1=<farve> …]', en: 'close vote [R1=<colour> …]' },
  summary: {
    da: 'Lukker den åbne afstemning; resultatet er medianen, medmindre formanden angiver en farve.',
    en: 'Closes the open vote; the result is the median unless the chair gives a rating.',
  },
  section: 'risks',
  who: 'chair',
  async run(ctx, args) {
    requireGroupChat(ctx);
    const group = ctx.group();
    const { services } = ctx;
    const overrides = parseOverrides(args);
    const open = openRoundOf(services.store.read(), group.id);
    if (!open) {
      requireRight(group, ctx.actor, 'closeVote', services.security, services.clock.now());
      throw new AppError('no_open_round');
    }
    const res = await services.store.update((db, tx) =>
      closeRound(db, tx, { groupId: group.id, roundId: open.id, actor: ctx.actor, overrides, announce: announceResult }),
    );
    if (res.changed) {
      updateSharedBallot(services, group.id, open.id);
      services.delivery.kick();
    }
  },
};

/** A ballot: the voter gets their own view at once, everyone's card follows after the turn. */
const voteCast = cardAction({
  verb: VERBS.voteCast,
  data: roundCard,
  refuse: unknownRound('ballot without a valid round'),
  group: roundGroup('ballot'),
  async run(ctx, data, group) {
    const comment = optText(4000).safeParse(data.comment);
    if (!comment.success) throw new AppError('bad_input', { detail: 'comment' });
    const choices = ballotChoices(ctx, data);
    const comments = ballotComments(ctx, data);
    const res = await ctx.services.store.update(
      (db, tx) =>
        castBallot(db, tx, {
          groupId: group.id,
          roundId: data.roundId,
          actor: ctx.actor,
          choices,
          comment: comment.data ?? null,
          comments,
          activityKey: ctx.activityKey || null,
          sentAt: clickTime(ctx.turn.activity.timestamp),
        }),
      { groupId: group.id }, // a ballot decides on its group only: other groups' votes need not wait
    );
    if (res.outcome === 'accepted') updateSharedBallot(ctx.services, group.id, data.roundId);
    return personalBallot(ctx, group.id, data.roundId);
  },
});

/** The ballot card's refresh (Universal Actions) and "Ret stemme" on the voter's summary (`edit`: the form again). */
const voteRefresh = cardAction({
  verb: VERBS.voteRefresh,
  data: roundCard,
  refuse: unknownRound('refresh without a valid round'),
  group: roundGroup('refresh'),
  async run(ctx, data, group) {
    return personalBallot(ctx, group.id, data.roundId, data.edit === true);
  },
});

/**
 * "Luk afstemning": on the shared card (`review`) the chair gets their own view with the close
 * panel; from there it closes the round with the chair's colours instead of the median.
 */
const voteClose = cardAction({
  verb: VERBS.voteClose,
  data: roundCard,
  refuse: unknownRound('close without a valid round'),
  group: roundGroup('close'),
  async run(ctx, data, group) {
    const { services } = ctx;
    if (data.review === true) {
      requireRight(group, ctx.actor, 'closeVote', services.security, services.clock.now());
      return personalBallot(ctx, group.id, data.roundId);
    }
    const overrides = overrideChoices(ctx, data);
    const res = await services.store.update((db, tx) =>
      closeRound(db, tx, { groupId: group.id, roundId: data.roundId, actor: ctx.actor, overrides, announce: announceResult }),
    );
    if (res.changed) {
      updateSharedBallot(services, group.id, data.roundId);
      afterTurnOf(services).kick(services);
    }
    return personalBallot(ctx, group.id, data.roundId);
  },
});

/** Closes a round at its deadline (a round closed by hand meanwhile is left alone). */
const closeAtDeadline =
  (services: Services): JobHandler =>
  async (job, jctx) => {
    const payload = z.object({ groupId: z.string(), roundId: z.string() }).safeParse(job.payload);
    if (!payload.success) throw new Error(`vote.close job ${job.id}: bad payload`);
    const { groupId, roundId } = payload.data;
    const res = await jctx.store.update((db, tx) => {
      if (!db.groups.some((g) => g.id === groupId) || !findRound(db, groupId, roundId)) return null;
      return closeRound(db, tx, { groupId, roundId, actor: null, announce: announceResult });
    });
    if (!res) {
      jctx.log.warn({ jobId: job.id, groupId, roundId }, 'vote.close: round or group gone');
      return;
    }
    if (res.changed) {
      updateSharedBallot(services, groupId, roundId);
      services.delivery.kick();
    }
  };

/**
 * A ballot card the connector did not take during the turn goes out through the outbox
 * (src/teams/reply.ts, reference `ballot`); when it is sent, its activity id becomes the round's card.
 */
const ballotSent = outboxHandler({
  kind: 'ballot',
  async sent(services, item, ref, activityId) {
    if (!activityId) return;
    const recorded = await services.store.update((db, tx) => {
      const round = findRound(db, ref.groupId, ref.roundId);
      if (!round || round.card) return false;
      setRoundCard(db, tx, ref.groupId, ref.roundId, { conversationId: item.conversation.conversationId, activityId });
      return true;
    });
    // Ballots cast meanwhile: bring the card up to date.
    if (recorded) updateSharedBallot(services, ref.groupId, ref.roundId);
  },
});

export function risksFeature(): Feature {
  return {
    name: 'risks',
    commands: [...riskLogCommands, riskVoteCommand, closeVoteCommand],
    cardActions: [...riskLogActions, voteCast, voteRefresh, voteClose],
    jobs: (services) => ({ [VOTE_CLOSE_JOB]: closeAtDeadline(services) }),
    outbox: [ballotSent],
  };
}
