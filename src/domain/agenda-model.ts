import type { Rating } from './model-base.js';

/** What an agenda item carries besides its texts, and what members propose; re-exported by model.ts. */

/** A named link to a document for an agenda item; `url` null = named in the agenda, not attached yet. */
export interface Material {
  name: string;
  url: string | null;
  /** personKey and name of who attached the link, and when. */
  by?: string | null;
  byName?: string | null;
  at?: string | null;
}

/** A standing item's status report: traffic light, short summary, optional key points and links. */
export interface ItemStatus {
  rating: Rating;
  summary: string;
  points?: string[];
  links?: string[];
  /** personKey and name of who submitted it (the presenter, or the chair/referent for them). */
  by: string;
  byName: string;
  at: string;
}

export interface AgendaProposal {
  id: string;
  title: string;
  presenter: string | null;
  recommendation: string | null;
  /** personKey and name of the member who proposed it. */
  by: string;
  byName: string;
  at: string;
  status: 'open' | 'accepted' | 'declined';
  decidedBy?: string | null;
  decidedAt?: string | null;
}

export interface AgendaChange {
  kind: 'added' | 'edited' | 'moved' | 'removed';
  title: string;
  /** The item's number after the change (before it, for a removed item). */
  item: number;
  field?: string | null;
  from?: number | null;
}
