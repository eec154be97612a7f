/**
 * The weekly digest between meetings (issue #16), Teams side: the `ugebrev` / `digest` command
 * (the chair turns it off, on, or moves it), a sweep that plans a digest for groups that have
 * none (new groups, stores from before the digest), and the digest card the reminder sweep sends.
 */
import { digestSince, groupsMissingDigest, planDigest, setDigest } from '../../app/digest.js';
import type { Services } from '../../app/services.js';
import { cardAttachment, renderCard } from '../../cards/render.js';
import { digestView } from '../../cards/views/digest.js';
import { clockTime, formatLongDate, instantToLocal, WEEKDAYS_DA, WEEKDAYS_EN } from '../../domain/dates.js';
import { digestContent, digestSettingsOf, parseDigestCommand } from '../../domain/digest.js';
import type { Db, Locale, Reminder } from '../../domain/model.js';
import { AppError } from '../../errors.js';
import { registerMessages, t } from '../../i18n/index.js';
import messages from '../../i18n/messages/digest.js';
import type { Sweep } from '../../scheduler/job-runner.js';
import type { Feature, TurnCtx } from '../types.js';

registerMessages(messages);

/** The digest card for a due `digest` reminder (runs inside the store write that queues it). */
export function digestActivity(db: Readonly<Db>, r: Readonly<Reminder>): Record<string, unknown> {
  const group = db.groups.find((g) => g.id === r.groupId)!;
  const dueAt = new Date(r.dueAt);
  const since = digestSince(group, dueAt);
  const view = digestView({
    locale: group.locale,
    group,
    content: digestContent(db, group, since, dueAt),
    settings: digestSettingsOf(group),
    since,
    now: dueAt,
  });
  return { type: 'message', summary: view.summary.slice(0, 200), attachments: [cardAttachment(renderCard('reminder', view.data))] };
}

/** How often the planner looks for groups without a planned digest. */
const PLANNER_EVERY_MS = 60_000;

function digestPlanner(services: Services): Sweep {
  let lastRun = -Infinity;
  return {
    name: 'digest-planner',
    async run(now): Promise<Record<string, number>> {
      if (now.getTime() - lastRun < PLANNER_EVERY_MS) return {};
      lastRun = now.getTime();
      if (!groupsMissingDigest(services.store.read()).length) return {};
      const planned = await services.store.update((db, tx) => {
        const missing = groupsMissingDigest(db);
        for (const g of missing) planDigest(db, tx, g, now);
        return missing.length;
      });
      return { planned };
    },
  };
}

function settingsText(locale: Locale, db: Readonly<Db>, groupId: string): string {
  const group = db.groups.find((g) => g.id === groupId)!;
  const s = digestSettingsOf(group);
  if (!s.enabled) return t(locale, 'digest.settings.off');
  const next = db.reminders.find((r) => r.groupId === groupId && r.kind === 'digest' && r.status === 'planned');
  const local = next ? instantToLocal(next.dueAt, group.timezone) : null;
  const nextText = local ? `${formatLongDate(local.date, locale)} ${locale === 'en' ? 'at' : 'kl.'} ${clockTime(local.time, locale)}` : '–';
  return t(locale, 'digest.settings.on', {
    weekday: (locale === 'en' ? WEEKDAYS_EN : WEEKDAYS_DA)[s.weekday - 1]!,
    time: clockTime(s.time, locale),
    next: nextText,
  });
}

async function digestCommand(ctx: TurnCtx, args: string): Promise<void> {
  const group = ctx.group();
  if (!args.trim()) {
    await ctx.reply(`${settingsText(ctx.locale, ctx.services.store.read(), group.id)}\n${ctx.t('digest.settings.usage')}`);
    return;
  }
  const command = parseDigestCommand(args);
  if (!command) throw new AppError('digest_command');
  await ctx.services.store.update((db, tx) => setDigest(db, tx, { groupId: group.id, actor: ctx.actor, command }));
  await ctx.reply(settingsText(ctx.locale, ctx.services.store.read(), group.id));
}

export function digestFeature(): Feature {
  return {
    name: 'digest',
    sweeps: (services) => [digestPlanner(services)],
    commands: [
      {
        id: 'digest',
        names: { da: ['ugebrev'], en: ['digest', 'weekly digest'] },
        usage: { da: 'ugebrev [fra | til | <ugedag> [HH:MM]]', en: 'digest [off | on | <weekday> [HH:MM]]' },
        summary: {
          da: 'Ugebrevet mellem møderne: nye og ændrede risici, frister, svar og status. Formanden slår det fra/til eller flytter det.',
          en: 'The weekly digest between meetings: new and re-rated risks, due dates, answers and statuses. The chair turns it off/on or moves it.',
        },
        section: 'group',
        who: 'chair',
        run: digestCommand,
      },
    ],
  };
}
