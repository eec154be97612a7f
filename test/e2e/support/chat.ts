/**
 * Driving the Agents Playground's web client (0.2.x) as a person would: pick a conversation in the
 * left rail, type into the compose box, @mention with the typeahead, press Enter, click card
 * buttons. What the DOM looks like (learned from screenshots and page dumps):
 * - conversations: `[role=treeitem]` buttons named after the chat/channel;
 * - compose box: a Lexical editor `[data-lexical-editor=true]`; typing "@sty" opens
 *   `#typeahead-menu` with `[role=menuitem]` entries (the bot and the chat's members);
 * - a message: the parent of `[aria-label="Message header"]` (author, time), then the body; bot
 *   messages have author "styrebot"; Adaptive Cards render with the official renderer (`.ac-*`);
 * - other users' messages sent over the HTTP API are NOT shown (only the bot's answers are); the
 *   conversation history lives in the page: a reload starts empty.
 */
import type { Locator, Page } from 'playwright-core';

export class PlaygroundChat {
  readonly editor: Locator;
  readonly messages: Locator;
  readonly botMessages: Locator;

  constructor(readonly page: Page) {
    this.editor = page.locator('[data-lexical-editor="true"]');
    this.messages = page.locator('[aria-label="Message header"]').locator('xpath=..');
    this.botMessages = this.messages.filter({ has: page.locator('[aria-label="Message author"]', { hasText: /^styrebot$/ }) });
  }

  conversation(name: string): Locator {
    return this.page.getByRole('treeitem', { name, exact: true });
  }

  async open(name: string): Promise<void> {
    await this.conversation(name).click();
    await this.editor.waitFor();
  }

  /** Hides the playground's log panel (more room for the chat in screenshots). */
  async hideLogPanel(): Promise<void> {
    const hide = this.page.locator('button[title="Hide log panel"]');
    if (await hide.isVisible().catch(() => false)) await hide.click();
  }

  private async mention(name: string): Promise<void> {
    await this.editor.pressSequentially(`@${name.slice(0, 4)}`);
    const item = this.page.locator('#typeahead-menu [role=menuitem]', { hasText: name });
    await item.first().click();
  }

  /**
   * Types "@styrebot <text>" and sends it. `@{Name}` in the text becomes a real mention picked
   * from the typeahead (the playground then sends the `mentions` payload Teams would).
   */
  async say(text: string): Promise<void> {
    await this.editor.click();
    await this.mention('styrebot');
    // After a mention chip the editor does not add a space by itself.
    for (const part of ` ${text.trimStart()}`.split(/(@\{[^}]+\})/)) {
      if (!part) continue;
      const m = /^@\{(.+)\}$/.exec(part);
      if (m) await this.mention(m[1]);
      else await this.editor.pressSequentially(part);
    }
    await this.page.keyboard.press('Enter');
  }

  async botMessageCount(): Promise<number> {
    return this.botMessages.count();
  }

  /**
   * The first bot message at index ≥ `after` whose visible text contains every snippet; waits
   * for it (new messages and card updates both count).
   */
  async waitForBotMessage(snippets: string | string[], opts: { after?: number; timeoutMs?: number } = {}): Promise<Locator> {
    const want = Array.isArray(snippets) ? snippets : [snippets];
    const until = Date.now() + (opts.timeoutMs ?? 30_000);
    let last: string[] = [];
    for (;;) {
      last = await this.botMessages.allInnerTexts();
      for (let i = opts.after ?? 0; i < last.length; i++) {
        if (want.every((s) => last[i].includes(s))) return this.botMessages.nth(i);
      }
      if (Date.now() > until) {
        const recent = last.slice(-3).map((t) => t.replace(/\s+/g, ' ').slice(0, 300));
        throw new Error(
          `no bot message on screen with ${JSON.stringify(want)} within ${opts.timeoutMs ?? 30_000} ms; the last ones: ${JSON.stringify(recent, null, 1)}`,
        );
      }
      await this.page.waitForTimeout(150);
    }
  }

  /** Says something and waits for the bot's answer containing the snippets. */
  async ask(text: string, snippets: string | string[], timeoutMs = 30_000): Promise<Locator> {
    const after = await this.botMessageCount();
    await this.say(text);
    return this.waitForBotMessage(snippets, { after, timeoutMs });
  }

  /** Waits until a (possibly updated) message shows every snippet. */
  async waitForText(message: Locator, snippets: string[], timeoutMs = 30_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const text = await message.innerText();
      if (snippets.every((s) => text.includes(s))) return text;
      if (Date.now() > until)
        throw new Error(
          `the message never showed ${JSON.stringify(snippets.filter((s) => !text.includes(s)))}; it shows: ${text.replace(/\s+/g, ' ').slice(0, 600)}`,
        );
      await this.page.waitForTimeout(150);
    }
  }

  /** Scrolls a message to the top of the chat pane (for the screenshot). */
  async focus(message: Locator): Promise<void> {
    await message.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  }
}

/** A card's visible, enabled button, checked (used as a step's "buttons enabled" assertion). */
export async function enabledButton(card: Locator, name: string | RegExp): Promise<Locator> {
  const button = card.getByRole('button', { name, exact: typeof name === 'string' }).first();
  await button.waitFor({ state: 'visible' });
  if (!(await button.isEnabled())) throw new Error(`button "${name}" is disabled`);
  return button;
}
