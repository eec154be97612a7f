/**
 * A second tab in the same browser that renders one Adaptive Card with the official renderer
 * (adaptivecards@3) and Teams' host config (src/cards/teams-host-config.json): for what the
 * playground's window cannot show — another user's private answer to a click (per-user views)
 * and the cards the bot posts into a meeting chat the playground has no window for. The text is
 * then asserted on the rendered page, like the playground's own cards.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { HOST_CONFIG_PATH } from '../../../scripts/render-cards.js';

const require = createRequire(import.meta.url);
/** Teams' host config, as the card renderer (scripts/render-cards.ts) uses it; read once. */
const hostConfig = JSON.parse(readFileSync(HOST_CONFIG_PATH, 'utf8'));

const CSS = `
  html, body { margin: 0; background: #F5F5F5; font-family: 'Segoe UI', 'Helvetica Neue', Arial, sans-serif; }
  body { padding: 16px; }
  #caption { font-size: 13px; color: #616161; margin: 0 0 8px 2px; }
  #frame { display: inline-block; width: 450px; background: #FFFFFF; border: 1px solid #E0E0E0; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,0.12); overflow: hidden; }
  .ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; color: #242424; background: #FFFFFF; border: 1px solid #D1D1D1; border-radius: 4px; padding: 5px 12px; min-height: 32px; }
  .ac-pushButton.style-positive { color: #FFFFFF; background: #5B5FC7; border-color: #5B5FC7; }
`;

/** Bold, line breaks and <at> mentions, as Teams shows them in TextBlocks (runs in the page). */
function installMarkdown(): void {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const w = window as unknown as { AdaptiveCards: { AdaptiveCard: { onProcessMarkdown: unknown } } };
  w.AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text: string, result: { outputHtml?: string; didProcess: boolean }) => {
    result.outputHtml = text
      .split(/\r?\n/)
      .map(
        (line) =>
          `<p style="margin:0">${
            esc(line)
              .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
              .replace(/&lt;at&gt;(.+?)&lt;\/at&gt;/g, '<b>$1</b>') || '&nbsp;'
          }</p>`,
      )
      .join('');
    result.didProcess = true;
  };
}

export class CardStage {
  private constructor(private readonly page: Page) {}

  static async open(context: BrowserContext): Promise<CardStage> {
    const page = await context.newPage();
    await page.setViewportSize({ width: 520, height: 900 });
    await page.setContent(
      `<!doctype html><html><head><meta charset="utf-8"><style>${readFileSync(require.resolve('adaptivecards/dist/adaptivecards.css'), 'utf8')}</style><style>${CSS}</style></head>` +
        `<body><div id="caption"></div><div id="frame"><div id="card"></div></div></body></html>`,
    );
    await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
    // tsx (esbuild keepNames) wraps functions in __name(); give functions passed to evaluate() one.
    await page.addScriptTag({ content: 'window.__name = (fn) => fn;' });
    await page.evaluate(installMarkdown);
    return new CardStage(page);
  }

  /** Renders the card under a caption ("what Bent sees", …) and returns the rendered card. */
  async show(card: object, caption: string): Promise<Locator> {
    const problems = await this.page.evaluate(
      ({ card, hostConfig, caption }) => {
        const AC = (window as any).AdaptiveCards;
        const ac = new AC.AdaptiveCard();
        ac.hostConfig = new AC.HostConfig(hostConfig);
        const context = new AC.SerializationContext();
        ac.parse(card, context);
        const out: string[] = [];
        for (let i = 0; i < context.eventCount; i++) out.push(context.getEventAt(i).message);
        const el = ac.render();
        document.getElementById('caption')!.textContent = caption;
        document.getElementById('card')!.replaceChildren(...(el ? [el] : []));
        return out;
      },
      { card, hostConfig, caption },
    );
    if (problems.length) throw new Error(`the card does not parse cleanly: ${problems.join('; ')}`);
    return this.page.locator('#frame');
  }

  async screenshot(file: string): Promise<void> {
    await this.page.locator('body').screenshot({ path: file, animations: 'disabled' });
  }
}
