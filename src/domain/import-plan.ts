import type { Group } from './model.js';

/**
 * What importing a parsed agenda into a group would do: computed by planAgendaImport
 * (src/app/agenda-import.ts), shown by the preview card before anyone clicks "Importér".
 */
export interface ImportPlan {
  group: Group;
  /** The meeting the agenda becomes: an already planned one on that date (filled), or a new one. */
  target: { number: number; existing: boolean; date: string; start: string; end: string };
  proposals: { date: string; start: string; end: string; number: number; existing: boolean }[];
  /** The document gives another meeting number than the one the meeting gets here. */
  renumbered: { document: number; number: number } | null;
}
