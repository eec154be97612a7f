/**
 * An agenda as read from a document: the output contract of the agenda import (src/import), kept
 * in the domain because a pending import stores it (model.ts) and the preview card shows it.
 * Key order matters: the parser builds objects in exactly this order so that `JSON.stringify(parsed)` equals the hand-written fixture byte for byte.
 * Fields the document does not give are `null` (never invented) and explained in `warnings`.
 */
export interface ParsedParticipant {
  name: string;
  organisation: string | null;
  /** The document's own word, e.g. "Formand" or "referent" (case kept). */
  role: string | null;
}

export interface ParsedItem {
  number: number;
  title: string;
  presenter: string | null;
  /** Full annex labels, e.g. "Bilag 1. Referat af 1. møde". */
  annexes: string[];
  /** One entry per recommendation bullet; the lead-in "Det indstilles, at …" is not an entry. */
  recommendation: string[];
  /** Paragraphs are separated by a blank line ("\n\n"); bullet markers are dropped. */
  background: string | null;
  proposal: string | null;
  nextSteps: string | null;
}

export interface ProposedMeeting {
  date: string;
  start: string;
  end: string;
}

export interface ParsedAgenda {
  number: number | null;
  title: string | null;
  /** ISO date (yyyy-mm-dd), local to the meeting (Europe/Copenhagen); no time zone applied here. */
  date: string | null;
  /** HH:mm, 24-hour. */
  start: string | null;
  end: string | null;
  location: string | null;
  participants: ParsedParticipant[];
  items: ParsedItem[];
  proposedMeetings: ProposedMeeting[];
  /** Danish, human-readable: everything the parser could not read or had to choose between. */
  warnings: string[];
}
