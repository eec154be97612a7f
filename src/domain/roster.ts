import type { Group, Member, Person, Role } from './model.js';

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
