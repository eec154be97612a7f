/**
 * The ids the risk cards give their per-risk inputs, and how a handler reads the risk back from a
 * submitted key: the ballot's colour (`r_R1`) and comment (`c_R1`), the chair's colour on closing
 * (`o_R1`), and the risk log's edit form (`e_owner_R1`, …). Minted and parsed here only, so the
 * card (src/cards/views) and the handler reading it (src/teams/features) cannot drift apart.
 */
const PREFIX = {
  /** A ballot's colour. */
  rating: 'r_',
  /** A voter's comment on the risk. */
  comment: 'c_',
  /** The chair's colour instead of the median when closing. */
  override: 'o_',
  /** The voter card's show/hide details block (an element, not an input; named apart from them). */
  details: 'd_',
  /** The edit form: an owner from the roster (their Entra id), or another name. */
  owner: 'e_owner_',
  ownerOther: 'e_ownerother_',
  description: 'e_desc_',
  actions: 'e_actions_',
} as const;

/** The edit form's owner choice for "no owner" (the other choices are members' Entra ids). */
export const NO_OWNER = 'none';

export type RiskField = keyof typeof PREFIX;

/** The id of a risk's input on a card. */
export const riskFieldId = (field: RiskField, riskId: string): string => `${PREFIX[field]}${riskId}`;

/**
 * The risk a submitted key names for this field, or null when the key is not this field's. Not
 * checked: a forged key may name anything, the caller validates the id.
 */
export function riskOfField(field: RiskField, key: string): string | null {
  return key.startsWith(PREFIX[field]) ? key.slice(PREFIX[field].length) : null;
}
