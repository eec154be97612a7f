import type { AgendaItem, Group, Member, Person, Role } from './model.js';

/** Who may do what. Checked in the use-cases against the stored roster, never from card data. */
export const ROLE_RIGHTS = {
  manageRoster: ['chair'],
  manageMeetings: ['chair', 'referent'],
  proposeItem: ['chair', 'referent', 'member'],
  manageStandingItems: ['chair'],
  recordDecisions: ['chair', 'referent'],
  // The referent takes the minutes for the secretariat and is not a member: no vote.
  vote: ['chair', 'member'],
  addRisk: ['chair', 'referent', 'member'],
  editRisk: ['chair'],
  escalate: ['chair'],
  closeVote: ['chair'],
  approveMinutes: ['chair'],
  manageDigest: ['chair'],
} as const satisfies Record<string, readonly Role[]>;

export type Right = keyof typeof ROLE_RIGHTS;

export const ROLES: readonly Role[] = ['chair', 'referent', 'member', 'observer'];

/** Same person: Entra object id when both have one, else the Teams user id. */
export function samePerson(a: Pick<Person, 'aadObjectId' | 'teamsId'>, b: Pick<Person, 'aadObjectId' | 'teamsId'>): boolean {
  if (a.aadObjectId && b.aadObjectId) return a.aadObjectId === b.aadObjectId;
  return !!a.teamsId && a.teamsId === b.teamsId;
}

/** The stable key we store for a person (`by`, `voter`, audit actor). */
export const personKey = (p: Pick<Person, 'aadObjectId' | 'teamsId'>): string => p.aadObjectId ?? p.teamsId ?? 'unknown';

export function findMember(group: Group, who: Pick<Person, 'aadObjectId' | 'teamsId'>): Member | undefined {
  return group.roster.find((m) => samePerson(m, who));
}

export function roleOf(group: Group, who: Pick<Person, 'aadObjectId' | 'teamsId'>): Role | null {
  return findMember(group, who)?.role ?? null;
}

export function may(group: Group, who: Pick<Person, 'aadObjectId' | 'teamsId'>, right: Right): boolean {
  const role = roleOf(group, who);
  return role !== null && (ROLE_RIGHTS[right] as readonly Role[]).includes(role);
}

export const chairsOf = (group: Group): Member[] => group.roster.filter((m) => m.role === 'chair');

/** Finds a roster member by a typed name (personal chat, where no @mention is possible). */
export function findMemberByName(group: Group, name: string): Member[] {
  const n = name.trim().toLowerCase();
  if (!n) return [];
  const exact = group.roster.filter((m) => m.name.toLowerCase() === n);
  if (exact.length) return exact;
  return group.roster.filter(
    (m) =>
      m.name
        .toLowerCase()
        .split(/\s+/)
        .some((part) => part === n) || m.name.toLowerCase().startsWith(n),
  );
}

// ------------------------------------------------------------------------------------------------
// Presenters: who an agenda item's "v. <navn>" names
// ------------------------------------------------------------------------------------------------

/**
 * A name reduced for comparison: no organisation in parenthesis, no accents (é → e; æ/ø stay),
 * lower case, only letters, digits, hyphens and single spaces.
 */
export function normaliseName(name: string): string {
  return name
    .replace(/\([^)]*\)/g, ' ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export type PresenterMatch =
  /** The chair named the presenter (`oplægsholder`). */
  | { kind: 'set'; member: Member }
  /** The agenda's "v. <navn>" is exactly one roster member. */
  | { kind: 'matched'; member: Member }
  /**
   * More than one roster member fits: nobody is asked, the chair is told. `named`: the members
   * that a name of their own points to (each of "Anna Holm og Bent Lund"), not those sharing a name.
   */
  | { kind: 'ambiguous'; candidates: Member[]; named: Member[] }
  /** No presenter written, or nobody on the roster fits. */
  | { kind: 'none' };

/** Several presenters ("Anna Holm og Bent Lund", "A / B"); a comma may also start an organisation. */
const SEPARATORS = /\s+(?:og|and|&|\+)\s+|[,/;]/i;

function matchOne(text: string, roster: readonly Member[]): Member[] {
  const n = normaliseName(text.replace(/^\s*(?:v\.|ved)\s+/i, ''));
  if (!n) return [];
  const exact = roster.filter((m) => normaliseName(m.name) === n);
  if (exact.length) return exact;
  // First and last name: "Bent Lund" for "Bent Ole Lund" and the other way round.
  const parts = n.split(' ');
  if (parts.length < 2) return []; // a first name alone is too weak to act on anyone's behalf
  const first = parts[0];
  const last = parts[parts.length - 1];
  return roster.filter((m) => {
    const p = normaliseName(m.name).split(' ');
    return p.length >= 2 && p[0] === first && p[p.length - 1] === last;
  });
}

/**
 * Who presents an item: the member the chair set (while still on the roster), else the one roster
 * member that the agenda's presenter text names — by the whole name or by first and last name.
 * When two members fit, or the text names two presenters on the roster, nobody is chosen.
 */
export function resolvePresenter(item: Pick<AgendaItem, 'presenter' | 'presenterId'>, roster: readonly Member[]): PresenterMatch {
  if (item.presenterId) {
    const set = roster.find(
      (m) => personKey(m) === item.presenterId || m.aadObjectId === item.presenterId || m.teamsId === item.presenterId,
    );
    if (set) return { kind: 'set', member: set };
  }
  const text = item.presenter?.trim();
  if (!text) return { kind: 'none' };
  const found = new Set<Member>();
  const named = new Set<Member>();
  let ambiguous = false;
  for (const part of text.split(SEPARATORS)) {
    const hits = matchOne(part, roster);
    if (hits.length > 1) ambiguous = true;
    if (hits.length === 1) named.add(hits[0]);
    for (const h of hits) found.add(h);
  }
  if (found.size === 1 && !ambiguous) return { kind: 'matched', member: [...found][0] };
  if (found.size > 0) return { kind: 'ambiguous', candidates: [...found], named: [...named] };
  return { kind: 'none' };
}

export const presenterOf = (m: PresenterMatch): Member | null => (m.kind === 'set' || m.kind === 'matched' ? m.member : null);

/**
 * Whether `who` presents the item (and so may attach its material): the member resolvePresenter
 * finds, or, for an item with several presenters, one of those its text names unambiguously.
 */
export function isPresenter(
  group: Pick<Group, 'roster'>,
  item: Pick<AgendaItem, 'presenter' | 'presenterId'>,
  who: Pick<Person, 'aadObjectId' | 'teamsId'>,
): boolean {
  const match = resolvePresenter(item, group.roster);
  const presenters = match.kind === 'ambiguous' ? match.named : match.kind === 'none' ? [] : [match.member];
  return presenters.some((m) => samePerson(m, who));
}
