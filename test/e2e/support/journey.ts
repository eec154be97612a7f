/**
 * One e2e journey: a fresh stack (bot, playground, Chromium) for a `describe` block, the
 * playground's chat window on it, optionally the card stage, and ordered steps. A journey is a
 * story told in steps (the chair posts the agenda, then a member clicks on it, …): each step
 * builds on the ones before, so after a failure the rest are reported as not run instead of
 * failing for the wrong reason. Every step leaves a screenshot in test-results/e2e/<name>/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, it } from 'vitest';
import { CardStage } from './card-stage.js';
import { PlaygroundChat } from './chat.js';
import { ARTEFACTS, KEPT_BOT_LOG, startStack, type Stack } from './stack.js';

/** The demo group the stack seeds, and the playground's name for its group chat. */
export const GROUP_NAME = 'Operationel styregruppe for forløbsplaner';
export const CHAT_NAME = 'Operationel styregruppe FLP';

/** A Thursday 3–4 weeks ahead (Copenhagen): a new meeting then is always ahead, with all its reminders still planned. */
export function meetingDayAhead(): DateTime {
  const inThreeWeeks = DateTime.now().setZone('Europe/Copenhagen').startOf('day').plus({ days: 21 });
  return inThreeWeeks.plus({ days: (4 - inThreeWeeks.weekday + 7) % 7 });
}

/** Takes a screenshot of the window now; the suffix tells it from the step's own. */
export type Shot = (suffix?: string) => Promise<void>;

export interface Journey {
  /** Where this journey's screenshots go. */
  readonly shots: string;
  readonly stack: Stack;
  readonly chat: PlaygroundChat;
  /** The card stage tab (only with `{ stage: true }`). */
  readonly stage: CardStage;
  /**
   * One step (an `it`). `id` names its screenshots and prefixes its title ("03-anna-submits");
   * without it the title does. A screenshot is taken when the step passes.
   */
  step(title: string, fn: (shot: Shot) => Promise<void>, opts?: { id?: string; timeoutMs?: number }): void;
  /** Opens the playground, then the group chat, and waits for the group's welcome card there. */
  openGroupChat(): Promise<void>;
}

/** Starts a journey for the enclosing `describe`: the stack before its first step, stopped after the last. */
export function startJourney(name: string, opts: { demoSample?: boolean; stage?: boolean } = {}): Journey {
  const shots = path.join(ARTEFACTS, name);
  let stack: Stack | undefined;
  let chat: PlaygroundChat | undefined;
  let stage: CardStage | undefined;
  let failed: string | null = null;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(
        `e2e: no ${what} (the journey has not started${what === 'card stage' ? ', or was started without { stage: true }' : ''})`,
      );
    return value;
  };

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    stack = await startStack({ demoSample: opts.demoSample });
    chat = new PlaygroundChat(stack.page);
    if (opts.stage) stage = await CardStage.open(stack.context);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  const journey: Journey = {
    shots,
    get stack() {
      return started(stack, 'stack');
    },
    get chat() {
      return started(chat, 'chat');
    },
    get stage() {
      return started(stage, 'card stage');
    },
    step(title, fn, { id, timeoutMs = 150_000 } = {}) {
      const file = id ?? title.slice(0, 40).replace(/\W+/g, '-');
      it(
        id ? `${id}: ${title}` : title,
        async () => {
          if (failed) throw new Error(`not run: step "${failed}" failed first`);
          const shot: Shot = async (suffix = '') =>
            void (await journey.stack.page.screenshot({ path: path.join(shots, `${file}${suffix}.png`), animations: 'disabled' }));
          try {
            await fn(shot);
            await shot();
          } catch (err) {
            failed = id ?? title;
            await stack?.page.screenshot({ path: path.join(shots, `${id ? `${id}-` : ''}FAILED.png`) }).catch(() => {});
            (err as Error).message +=
              `\n  bot log: ${KEPT_BOT_LOG} (whole log, written when the suite stops)\n--- bot log (tail) ---\n${stack?.botLogTail(30)}`;
            throw err;
          }
        },
        timeoutMs,
      );
    },
    async openGroupChat() {
      const { page, pg } = journey.stack;
      await page.goto(pg.url);
      await journey.chat.waitForBotMessage(['Hej, jeg er styrebot'], { timeoutMs: 60_000 });
      await journey.chat.hideLogPanel();
      await journey.chat.open(CHAT_NAME);
      await journey.chat.waitForBotMessage([`Mødeassistent for ${GROUP_NAME}`], { timeoutMs: 60_000 });
    },
  };
  return journey;
}
