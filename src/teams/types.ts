import type { TurnContext } from 'botbuilder';
import type { JobHandler, Sweep } from '../scheduler/job-runner.js';
import type { Services } from '../app/services.js';
import type { CardJson } from '../cards/render.js';
import type { ConversationRef, Group, Locale, OutboxItem, Person } from '../domain/model.js';
import type { OutboxRef, OutboxRefKind, OutboxRefOf } from '../domain/outbox-ref.js';

/** What a handler gets for one turn: who, where, in which language, and how to answer. */
export interface TurnCtx {
  readonly turn: TurnContext;
  readonly services: Services;
  readonly actor: Person;
  readonly conversation: ConversationRef;
  locale: Locale;
  t(key: string, params?: Record<string, string | number>): string;
  /**
   * Posts a text or a card in this conversation (in-turn reply, time-capped); returns the activity id.
   * `ref` names what it is if the connector does not take it and it goes through the outbox (default `reply`).
   */
  reply(content: string | CardJson, opts?: { ref?: OutboxRef }): Promise<string | undefined>;
  /** The steering group this turn is about (conversation, linked meeting chat, or the sender's only group in personal chat). */
  group(): Group;
  /** The meeting number this conversation is linked to (meeting chats), if any. */
  linkedMeeting(): number | null;
  /** People @mentioned in the message (not the bot), resolved to Entra ids through Teams. */
  mentions(): Promise<Person[]>;
  /** A key for replay detection (Teams re-sends invokes): the activity id. */
  readonly activityKey: string;
}

export interface LocalisedNames {
  da: string[];
  en: string[];
}

export interface CommandDef {
  id: string;
  /** Command words; multi-word names allowed ("nyt møde"). Matching is case-insensitive, longest first. */
  names: LocalisedNames;
  usage: { da: string; en: string };
  summary: { da: string; en: string };
  section: 'group' | 'meetings' | 'risks' | 'actions' | 'minutes' | 'admin';
  /** Shown with the roles that may use it in the help card. */
  who: 'all' | 'chair' | 'chair/referent' | 'voters';
  run(ctx: TurnCtx, args: string): Promise<void>;
}

export type CardActionResult = { card: CardJson; message?: undefined } | { message: string; card?: undefined };

export interface CardActionDef {
  verb: string;
  run(ctx: TurnCtx, data: Record<string, unknown>): Promise<CardActionResult>;
}

/** Non-message, non-card activities (meeting start/end events, file consent, …). */
export interface EventDef {
  matches(turn: TurnContext): boolean;
  run(ctx: TurnCtx): Promise<void>;
}

/**
 * What happens after the outbox delivered (or gave up on) an item of one reference kind, e.g.
 * record an agenda card's activity id so it can be updated later. One handler per kind.
 */
export interface OutboxHandlerDef<K extends OutboxRefKind = OutboxRefKind> {
  kind: K;
  /** The item is durably `sent`; `activityId` is Teams' id of the new message. */
  sent?(services: Services, item: OutboxItem, ref: OutboxRefOf<K>, activityId: string): Promise<void>;
  /** The item became `failed` or `uncertain`. */
  undelivered?(services: Services, item: OutboxItem, ref: OutboxRefOf<K>): Promise<void>;
}

/** Typed by its kind where it is written, stored among the others. */
export const outboxHandler = <K extends OutboxRefKind>(def: OutboxHandlerDef<K>): OutboxHandlerDef => def as unknown as OutboxHandlerDef;

/** A feature registers commands, card actions and events; src/teams/features/index.ts lists them. */
export interface Feature {
  name: string;
  commands?: CommandDef[];
  cardActions?: CardActionDef[];
  events?: EventDef[];
  /** After-send handling of the outbox items this feature queues, by reference kind. */
  outbox?: OutboxHandlerDef[];
  /** Called once at startup (e.g. to register job handlers). */
  setup?(services: Services): void;
  /** Handlers for persisted due-jobs of this feature's kinds (run by the job runner's tick). */
  jobs?: (services: Services) => Record<string, JobHandler>;
  /** Periodic sweeps run on every tick (e.g. the reminder sweep). */
  sweeps?: (services: Services) => Sweep[];
  /** Commands the CLI sends to the running bot over the admin socket (e.g. agenda import). */
  admin?: Record<string, (services: Services, args: unknown) => Promise<unknown>>;
}
