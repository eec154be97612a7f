/**
 * One presenter rule (src/domain/roster.ts): who may attach an item's material as its presenter
 * (isPresenter) is decided by the same matching that picks who is asked for a standing item's
 * status (resolvePresenter) — whole name or first and last name, never a first name alone, and
 * never a name that fits two members.
 */
import { describe, expect, it } from 'vitest';
import type { Member } from '../../../src/domain/model.js';
import { isPresenter, presenterOf, resolvePresenter } from '../../../src/domain/roster.js';

const member = (name: string, id: string, role: Member['role'] = 'member'): Member => ({
  name,
  aadObjectId: `aad-${id}`,
  teamsId: `29:${id}`,
  role,
  organisation: null,
});
const roster = [
  member('Anna Holm', 'anna', 'chair'),
  member('Frida Mose', 'frida'),
  member('Bent Ole Lund', 'bent'),
  member('Lars Nielsen', 'lars1'),
  member('Lars Nielsen', 'lars2'),
];
const group = { roster };
const who = (id: string) => ({ aadObjectId: `aad-${id}`, teamsId: `29:${id}` });
const item = (presenter: string | null, presenterId: string | null = null) => ({ presenter, presenterId });

describe('isPresenter: the presenter rule the status requests use', () => {
  it('the whole name, with "v." or an organisation, or first and last name, makes the member the presenter', () => {
    expect(isPresenter(group, item('Frida Mose'), who('frida'))).toBe(true);
    expect(isPresenter(group, item('v. Frida Mose (MedCom)'), who('frida'))).toBe(true);
    expect(isPresenter(group, item('Bent Lund'), who('bent'))).toBe(true);
    expect(isPresenter(group, item('Frida Mose'), who('anna'))).toBe(false);
  });

  it('a first name alone names nobody: neither for the material nor for the status request', () => {
    expect(isPresenter(group, item('Frida'), who('frida'))).toBe(false);
    expect(presenterOf(resolvePresenter(item('Frida'), roster))).toBeNull();
  });

  it('a name two members share names neither', () => {
    expect(resolvePresenter(item('Lars Nielsen'), roster).kind).toBe('ambiguous');
    expect(isPresenter(group, item('Lars Nielsen'), who('lars1'))).toBe(false);
    expect(isPresenter(group, item('Lars Nielsen'), who('lars2'))).toBe(false);
  });

  it('with two presenters each named by a name of their own, both present the item (the status request asks neither)', () => {
    const two = item('v. Anna Holm og Frida Mose');
    expect(presenterOf(resolvePresenter(two, roster))).toBeNull();
    expect(isPresenter(group, two, who('anna'))).toBe(true);
    expect(isPresenter(group, two, who('frida'))).toBe(true);
    expect(isPresenter(group, two, who('bent'))).toBe(false);
    // One of them shares the name with another member: only the other presenter is named.
    const mixed = item('Frida Mose og Lars Nielsen');
    expect(isPresenter(group, mixed, who('frida'))).toBe(true);
    expect(isPresenter(group, mixed, who('lars1'))).toBe(false);
  });

  it('the member the chair set decides while on the roster, whatever the text says', () => {
    expect(isPresenter(group, item('Frida Mose', 'aad-bent'), who('bent'))).toBe(true);
    expect(isPresenter(group, item('Frida Mose', 'aad-bent'), who('frida'))).toBe(false);
  });

  it('someone not on the roster, or an item without a presenter, is never the presenter', () => {
    expect(isPresenter(group, item('Frida Mose'), who('stranger'))).toBe(false);
    expect(isPresenter(group, item(null), who('frida'))).toBe(false);
  });
});
