import type { Group, Locale, Role } from '../../domain/model.js';
import { ROLES } from '../../domain/roster.js';
import { t } from '../../i18n/index.js';
import { plural } from '../../i18n/plural.js';

/** Pure view models (domain → template data) for the group cards. */

export interface HelpCommand {
  usage: string;
  summary: string;
  who: string;
  section: string;
}

const SECTIONS = ['group', 'meetings', 'risks', 'actions', 'minutes', 'admin'];

export function helpView(locale: Locale, commands: HelpCommand[], short?: { text: string }) {
  const sections = SECTIONS.map((s) => ({
    title: t(locale, `section.${s}`),
    // Card text drops "<tekst>" as an HTML-like tag: show placeholders as ‹tekst›.
    commands: commands.filter((c) => c.section === s).map(({ usage, summary, who }) => ({ usage: usage.replace(/</g, '‹').replace(/>/g, '›'), summary, who })),
  })).filter((s) => s.commands.length > 0);
  return {
    title: short ? t(locale, 'help.short.title') : t(locale, 'help.title'),
    intro: short ? t(locale, 'help.short.intro', { text: short.text.slice(0, 80) }) : t(locale, 'help.intro'),
    sections,
    footer: t(locale, 'help.footer'),
  };
}

function roleHeading(locale: Locale, role: Role, n: number): string {
  return `${t(locale, n === 1 ? `roles.${role}.one` : `roles.${role}`)} (${n})`;
}

export function rosterView(locale: Locale, group: Group) {
  return {
    title: t(locale, 'roster.title', { group: group.name }),
    subtitle: t(locale, 'roster.subtitle', { people: plural(locale, group.roster.length, 'person') }),
    roles: ROLES.map((role: Role) => ({
      title: t(locale, `roles.${role}`),
      // "Referent (1)", "Medlemmer (5)": the role word agrees with the count.
      heading: roleHeading(locale, role, group.roster.filter((m) => m.role === role).length),
      empty: t(locale, 'roster.empty'),
      members: group.roster
        .filter((m) => m.role === role)
        .sort((a, b) => a.name.localeCompare(b.name, 'da'))
        .map((m) => ({ name: m.name, organisation: m.organisation ?? '' })),
    })),
    hint: t(locale, 'roster.hint'),
  };
}

export function welcomeView(locale: Locale, kind: 'group' | 'personal' | 'meeting', group: Group | null) {
  const facts = group
    ? [
        { title: t(locale, 'welcome.fact.chair'), value: group.roster.filter((m) => m.role === 'chair').map((m) => m.name).join(', ') || '—' },
        // Members in the group's sense: the chair and the members (not the referent, not observers).
        { title: t(locale, 'welcome.fact.members'), value: String(group.roster.filter((m) => m.role === 'chair' || m.role === 'member').length) },
        { title: t(locale, 'welcome.fact.language'), value: group.locale === 'da' ? 'Dansk' : 'English' },
      ]
    : [];
  return {
    title: t(locale, 'welcome.title'),
    subtitle: t(locale, 'welcome.subtitle', { group: group?.name ?? 'styregruppen' }),
    body: t(locale, kind === 'personal' ? 'welcome.personal.body' : kind === 'meeting' ? 'welcome.meeting.body' : 'welcome.body'),
    facts,
    hint: t(locale, 'welcome.hint'),
  };
}

export function noticeView(title: string, text: string, style: 'default' | 'good' | 'warning' | 'attention' | 'accent' = 'default', facts: { title: string; value: string }[] = []) {
  return { title, text, style, facts };
}
