import { changeRole, setLanguage } from '../../app/groups.js';
import { linkMeetingChat } from '../../app/links.js';
import { renderCard } from '../../cards/render.js';
import { helpView, rosterView } from '../../cards/views/core.js';
import type { Person, Role } from '../../domain/model.js';
import { findMemberByName } from '../../domain/roster.js';
import { AppError } from '../../errors.js';
import { localDate } from '../../domain/dates.js';
import { withExamples } from '../../i18n/examples.js';
import { t } from '../../i18n/index.js';
import type { Registry } from '../registry.js';
import type { CommandDef, Feature, TurnCtx } from '../types.js';

/** Help card: every registered command, in the turn's language. */
export function helpCard(ctx: TurnCtx, registry: Registry, short?: { text: string }) {
  // examples in usage lines are dated from today (never a date the bot would refuse as past)
  const today = localDate(ctx.services.clock.now());
  const shortIds = new Set(['help', 'roles', 'meetings', 'agenda', 'risks', 'risk-vote', 'actions', 'minutes']);
  const cmds = registry.commands
    .filter((c) => !short || shortIds.has(c.id))
    .map((c) => ({
      usage: withExamples(c.usage[ctx.locale], today),
      summary: withExamples(c.summary[ctx.locale], today),
      who: t(ctx.locale, `who.${c.who}`),
      section: c.section,
    }));
  return renderCard('help', helpView(ctx.locale, cmds, short));
}

/** The person a role command is about: an @mention, or (personal chat) a roster name. */
async function targetOf(ctx: TurnCtx, args: string, example: string): Promise<Person> {
  const [mentioned] = await ctx.mentions();
  if (mentioned) return mentioned;
  const name = args
    .replace(/<\/?at>/g, '')
    .replace(/^@/, '')
    .trim();
  if (name) {
    const found = findMemberByName(ctx.group(), name);
    if (found.length === 1) return found[0];
    if (found.length > 1) throw new AppError('bad_input', { detail: `"${name}" matcher flere: ${found.map((m) => m.name).join(', ')}` });
    throw new AppError('member_unknown', { name });
  }
  throw new AppError('mention_required', { example });
}

function roleCommand(id: string, role: Role | null, da: string[], en: string[], summaryDa: string, summaryEn: string): CommandDef {
  return {
    id,
    names: { da, en },
    usage:
      role === null
        ? { da: `${da[0]} @person`, en: `${en[0]} @person` }
        : { da: `${da[0]} @person [organisation]`, en: `${en[0]} @person [organisation]` },
    summary: { da: summaryDa, en: summaryEn },
    section: 'group',
    who: 'chair',
    async run(ctx, args) {
      const target = await targetOf(ctx, args, `${(ctx.locale === 'da' ? da : en)[0]} @Bent Lund`);
      const group = ctx.group();
      // "medlem @Bent Lund PLO": what follows the mention is the organisation.
      const organisation =
        role !== null && /<at>/.test(args)
          ? args
              .replace(/<at>[^<]*<\/at>/g, ' ')
              .replace(/\s+/g, ' ')
              .trim()
          : '';
      const member = await ctx.services.store.update((db, tx) =>
        structuredClone(changeRole(db, tx, group.id, ctx.actor, { target, role, organisation })),
      );
      const org = member?.organisation ? ` (${member.organisation})` : '';
      await ctx.reply(
        role === null
          ? ctx.t('role.removed', { name: target.name })
          : ctx.t('role.changed', { name: `${target.name}${org}`, role: ctx.t(`role.${role}`).toLowerCase() }),
      );
    },
  };
}

export function coreFeature(getRegistry: () => Registry): Feature {
  return {
    name: 'core',
    commands: [
      {
        id: 'help',
        names: { da: ['hjælp', 'hjaelp', '?'], en: ['help'] },
        usage: { da: 'hjælp', en: 'help' },
        summary: { da: 'Viser alle kommandoer.', en: 'Shows every command.' },
        section: 'group',
        who: 'all',
        async run(ctx) {
          await ctx.reply(helpCard(ctx, getRegistry()));
        },
      },
      {
        id: 'roles',
        names: { da: ['roller', 'medlemmer'], en: ['roles', 'roster', 'members'] },
        usage: { da: 'roller', en: 'roles' },
        summary: {
          da: 'Viser gruppens formand, referent, medlemmer og observatører.',
          en: 'Shows the group’s chair, minute-taker, members and observers.',
        },
        section: 'group',
        who: 'all',
        async run(ctx) {
          await ctx.reply(renderCard('roster', rosterView(ctx.locale, ctx.group())));
        },
      },
      roleCommand(
        'role-member',
        'member',
        ['medlem'],
        ['member'],
        'Gør en person til medlem (stemmeret).',
        'Makes someone a member (votes).',
      ),
      roleCommand(
        'role-referent',
        'referent',
        ['referent'],
        ['referent', 'minute-taker'],
        'Gør en person til referent (fører beslutninger).',
        'Makes someone minute-taker (records decisions).',
      ),
      roleCommand(
        'role-observer',
        'observer',
        ['observatør', 'observator'],
        ['observer'],
        'Gør en person til observatør (ingen stemme).',
        'Makes someone an observer (no vote).',
      ),
      roleCommand('role-chair', 'chair', ['formand'], ['chair'], 'Overdrager formandsrollen.', 'Hands the chair over.'),
      roleCommand('role-remove', null, ['fjern'], ['remove'], 'Fjerner en person fra gruppen.', 'Removes someone from the group.'),
      {
        id: 'language',
        names: { da: ['sprog'], en: ['language'] },
        usage: { da: 'sprog da|en', en: 'language da|en' },
        summary: { da: 'Skifter gruppens sprog.', en: 'Switches the group’s language.' },
        section: 'group',
        who: 'chair',
        async run(ctx, args) {
          const lang = args.trim().toLowerCase();
          const locale = lang === 'da' || lang === 'dansk' ? 'da' : lang === 'en' || lang === 'english' || lang === 'engelsk' ? 'en' : null;
          if (!locale) throw new AppError('bad_command', { detail: 'da | en' });
          const group = ctx.group();
          await ctx.services.store.update((db, tx) => setLanguage(db, tx, group.id, ctx.actor, locale));
          ctx.locale = locale;
          await ctx.reply(ctx.t('language.changed'));
        },
      },
      {
        id: 'link',
        names: { da: ['tilknyt'], en: ['link'] },
        usage: { da: 'tilknyt [mødenr]', en: 'link [meeting no]' },
        summary: {
          da: 'Knytter et Teams-mødes chat til gruppens møde (standard: det næste).',
          en: 'Links a Teams meeting’s chat to the group’s meeting (default: the next).',
        },
        section: 'meetings',
        who: 'chair/referent',
        async run(ctx, args) {
          const n = args.trim() ? Number.parseInt(args.trim(), 10) : null;
          if (args.trim() && (!Number.isInteger(n) || n! < 1))
            throw new AppError('bad_command', { detail: ctx.locale === 'da' ? 'mødenummer' : 'meeting number' });
          const res = await ctx.services.store.update((db, tx) =>
            linkMeetingChat(db, tx, {
              actor: ctx.actor,
              conversation: ctx.conversation,
              meetingNumber: n,
            }),
          );
          ctx.locale = res.group.locale;
          await ctx.reply(ctx.t('link.done', { group: res.group.name, number: res.meeting.number, date: res.meeting.date }));
        },
      },
    ],
  };
}
