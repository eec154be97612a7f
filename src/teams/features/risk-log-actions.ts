/**
 * The risk log in Teams (split from risks.ts): the `risici`/`risks` and `ny risiko`/`new risk`
 * commands, and the chair's edit and retire actions on the log card (the clicked card is
 * answered at once; everyone's copy follows after the turn).
 */
import { z } from 'zod';
import { requireRight } from '../../app/groups.js';
import { addRisk, editRisk, parseNewRisk, retireRisk, type RiskChanges } from '../../app/risks.js';
import { NO_OWNER } from '../../cards/views/risks.js';
import { VERBS } from '../../cards/verbs.js';
import type { Group } from '../../domain/model.js';
import { may } from '../../domain/roster.js';
import { AppError } from '../../errors.js';
import type { CardActionDef, CommandDef, TurnCtx } from '../types.js';
import type { AfterTurn } from './after-turn.js';
import { riskLogCard } from './risk-cards.js';
import { forged, optText, riskRef, shownValue } from './risk-input.js';

export const riskLogCommands: CommandDef[] = [
  {
    id: 'risks',
    names: { da: ['risici', 'risikolog', 'risikoliste'], en: ['risks', 'risk log'] },
    usage: { da: 'risici', en: 'risks' },
    summary: {
      da: 'Viser risikologgen: risici efter kategori med farve, udvikling og ejer.',
      en: 'Shows the risk log: risks by category with rating, trend and owner.',
    },
    section: 'risks',
    who: 'all',
    async run(ctx) {
      const group = ctx.group();
      const db = ctx.services.store.read();
      await ctx.reply(
        riskLogCard(db, group, { locale: ctx.locale, now: ctx.services.clock.now(), chairTools: may(group, ctx.actor, 'editRisk') }),
      );
    },
  },
  {
    id: 'risk-new',
    names: { da: ['ny risiko'], en: ['new risk'] },
    usage: { da: 'ny risiko <kategori>: <titel>', en: 'new risk <category>: <title>' },
    summary: { da: 'Tilføjer en risiko til risikologgen.', en: 'Adds a risk to the risk log.' },
    section: 'risks',
    who: 'voters',
    async run(ctx, args) {
      const parsed = parseNewRisk(args);
      if (!parsed) throw new AppError('risk_new_usage');
      const group = ctx.group();
      const risk = await ctx.services.store.update((db, tx) =>
        addRisk(db, tx, {
          groupId: group.id,
          actor: ctx.actor,
          category: parsed.category,
          title: parsed.title,
        }),
      );
      await ctx.reply(ctx.t('risk.added', { id: risk.id, category: risk.category, title: risk.title }));
    },
  },
];

type GroupFor = (ctx: TurnCtx, groupId: string, code: 'round_unknown' | 'risk_unknown', detail: string, riskId?: string) => Group;

export function riskLogActions(after: AfterTurn, groupFor: GroupFor): CardActionDef[] {
  /** The clicked log card (the chair's, with tools) for everyone, after the turn. */
  function updateSharedLog(ctx: TurnCtx, groupId: string) {
    const activityId = ctx.turn.activity.replyToId;
    if (!activityId) return;
    const { services } = ctx;
    after.card(services, ctx.conversation, activityId, () => {
      const db = services.store.read();
      const g = db.groups.find((x) => x.id === groupId);
      return g ? riskLogCard(db, g, { locale: g.locale, now: services.clock.now(), chairTools: true }) : null;
    });
  }

  return [
    {
      verb: VERBS.riskEdit,
      async run(ctx, data) {
        const ref = riskRef.extend({ mode: z.enum(['form', 'save', 'view']).default('view') }).safeParse(data);
        if (!ref.success) forged(ctx, 'risk_unknown', 'risk.edit without a valid risk', { risk: shownValue(data.riskId) });
        const group = groupFor(ctx, ref.data.groupId, 'risk_unknown', 'risk.edit', ref.data.riskId);
        const { services } = ctx;
        const { riskId, mode } = ref.data;
        const chair = may(group, ctx.actor, 'editRisk');
        if (mode === 'view')
          return { card: riskLogCard(services.store.read(), group, { locale: ctx.locale, now: services.clock.now(), chairTools: chair }) };
        requireRight(group, ctx.actor, 'editRisk', services.security, services.clock.now());
        if (mode === 'form') {
          const db = services.store.read();
          if (!db.risks.some((r) => r.groupId === group.id && r.id === riskId)) throw new AppError('risk_unknown', { risk: riskId });
          return { card: riskLogCard(db, group, { locale: ctx.locale, now: services.clock.now(), chairTools: true, editRiskId: riskId }) };
        }
        const inputs = z
          .object({
            [`e_owner_${riskId}`]: optText(100),
            [`e_ownerother_${riskId}`]: optText(120),
            [`e_desc_${riskId}`]: optText(2000),
            [`e_actions_${riskId}`]: optText(12000),
          })
          .safeParse(data);
        if (!inputs.success) throw new AppError('bad_input', { detail: inputs.error.issues[0]?.path.join('.') ?? 'risk' });
        const v = inputs.data as Record<string, string | undefined>;
        const changes: RiskChanges = {};
        const other = v[`e_ownerother_${riskId}`]?.trim();
        const chosen = v[`e_owner_${riskId}`]?.trim();
        if (other) changes.owner = { name: other, aadObjectId: null };
        else if (chosen && chosen !== NO_OWNER) {
          const member = group.roster.find((m) => m.aadObjectId === chosen);
          if (!member) throw new AppError('member_unknown', { name: chosen.slice(0, 40) });
          changes.owner = { name: member.name, aadObjectId: member.aadObjectId };
        } else if (v[`e_owner_${riskId}`] !== undefined || v[`e_ownerother_${riskId}`] !== undefined) changes.owner = null;
        if (v[`e_desc_${riskId}`] !== undefined) changes.description = v[`e_desc_${riskId}`]!;
        if (v[`e_actions_${riskId}`] !== undefined) changes.correctiveActions = v[`e_actions_${riskId}`]!.split(/\r?\n/);
        const res = await services.store.update((db, tx) => editRisk(db, tx, { groupId: group.id, actor: ctx.actor, riskId, changes }));
        if (res.changed) updateSharedLog(ctx, group.id);
        return { card: riskLogCard(services.store.read(), group, { locale: ctx.locale, now: services.clock.now(), chairTools: true }) };
      },
    },
    {
      verb: VERBS.riskRetire,
      async run(ctx, data) {
        const ref = riskRef.safeParse(data);
        if (!ref.success) forged(ctx, 'risk_unknown', 'risk.retire without a valid risk', { risk: shownValue(data.riskId) });
        const group = groupFor(ctx, ref.data.groupId, 'risk_unknown', 'risk.retire', ref.data.riskId);
        const { services } = ctx;
        const res = await services.store.update((db, tx) =>
          retireRisk(db, tx, { groupId: group.id, actor: ctx.actor, riskId: ref.data.riskId }),
        );
        if (res.changed) updateSharedLog(ctx, group.id);
        return { card: riskLogCard(services.store.read(), group, { locale: ctx.locale, now: services.clock.now(), chairTools: true }) };
      },
    },
  ];
}
