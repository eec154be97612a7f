/**
 * The risk log in Teams (split from risks.ts): the `risici`/`risks` and `ny risiko`/`new risk`
 * commands, and the chair's edit and retire actions on the log card (the clicked card is
 * answered at once; everyone's copy follows after the turn).
 */
import { z } from 'zod';
import { requireRight } from '../../app/groups.js';
import { addRisk, parseNewRisk, requireRisk, retireRisk, saveRiskForm } from '../../app/risks.js';
import { VERBS } from '../../cards/verbs.js';
import { may } from '../../domain/roster.js';
import { AppError } from '../../errors.js';
import { cardAction } from '../card-action.js';
import type { CardActionDef, CommandDef } from '../types.js';
import { riskLogCard, updateSharedLog } from './risk-cards.js';
import { riskCard, riskForm, riskGroup, unknownRisk } from './risk-input.js';

const risksCommand: CommandDef = {
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
};

const newRiskCommand: CommandDef = {
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
      addRisk(db, tx, { groupId: group.id, actor: ctx.actor, category: parsed.category, title: parsed.title }),
    );
    await ctx.reply(ctx.t('risk.added', { id: risk.id, category: risk.category, title: risk.title }));
  },
};

export const riskLogCommands: CommandDef[] = [risksCommand, newRiskCommand];

/**
 * "Redigér" on the log card and its form: `view` is the log again, `form` the chair's view with
 * the risk's edit form, `save` stores the form (owner, description, corrective actions).
 */
const riskEdit = cardAction({
  verb: VERBS.riskEdit,
  data: riskCard.extend({ mode: z.enum(['form', 'save', 'view']).default('view') }),
  refuse: unknownRisk('risk.edit without a valid risk'),
  group: riskGroup('risk.edit'),
  async run(ctx, data, group) {
    const { services } = ctx;
    const { riskId, mode } = data;
    const chair = may(group, ctx.actor, 'editRisk');
    if (mode === 'view')
      return { card: riskLogCard(services.store.read(), group, { locale: ctx.locale, now: services.clock.now(), chairTools: chair }) };
    requireRight(group, ctx.actor, 'editRisk', services.security, services.clock.now());
    if (mode === 'form') {
      const db = services.store.read();
      requireRisk(db, group.id, riskId);
      return { card: riskLogCard(db, group, { locale: ctx.locale, now: services.clock.now(), chairTools: true, editRiskId: riskId }) };
    }
    const form = riskForm(data, riskId);
    const res = await services.store.update((db, tx) => saveRiskForm(db, tx, { groupId: group.id, actor: ctx.actor, riskId, form }));
    if (res.changed) updateSharedLog(ctx, group.id);
    return { card: riskLogCard(services.store.read(), group, { locale: ctx.locale, now: services.clock.now(), chairTools: true }) };
  },
});

/** "Luk risiko" on the log card: the risk leaves the log and future votes. */
const riskRetire = cardAction({
  verb: VERBS.riskRetire,
  data: riskCard,
  refuse: unknownRisk('risk.retire without a valid risk'),
  group: riskGroup('risk.retire'),
  async run(ctx, data, group) {
    const { services } = ctx;
    const res = await services.store.update((db, tx) => retireRisk(db, tx, { groupId: group.id, actor: ctx.actor, riskId: data.riskId }));
    if (res.changed) updateSharedLog(ctx, group.id);
    return { card: riskLogCard(services.store.read(), group, { locale: ctx.locale, now: services.clock.now(), chairTools: true }) };
  },
});

export const riskLogActions: CardActionDef[] = [riskEdit, riskRetire];
