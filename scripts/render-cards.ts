/**
 * `npm run cards:render`: renders card fixtures to PNG with the official Adaptive Cards renderer
 * (adaptivecards/dist/adaptivecards.min.js) in headless Debian Chromium driven by playwright-core,
 * using a Teams-light-like host config (src/cards/teams-host-config.json), 450 px wide.
 * Output: docs/cards/<card>--<fixture>.png.
 *
 *   npx tsx scripts/render-cards.ts [--all] [--card NAME]… [--cards-dir DIR] [--out-dir DIR]
 *
 * By default the first fixture (alphabetically) of each card; --all renders every fixture.
 * Needs `apt-get install -y chromium` (CHROMIUM_PATH overrides /usr/bin/chromium);
 * `npx playwright install` does not work on these machines.
 *
 * openCardRenderer() is exported for other suites (e.g. e2e screenshots of cards the bot sent):
 *
 *   const r = await openCardRenderer();
 *   const png = await r.render(cardJson);   // Buffer; r.render(card, 'out.png') also writes it
 *   await r.close();
 *
 * The picture is the web renderer with Teams' colours and spacing, not Teams itself: fonts fall
 * back to Liberation/DejaVu where Segoe UI is missing, and Teams' own button chrome differs.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CARDS_DIR } from '../src/cards/render.js';
import { expandCard, listCardFixtures, readFixture } from '../src/packaging/card-fixtures.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export const HOST_CONFIG_PATH = path.join(REPO_ROOT, 'src/cards/teams-host-config.json');
export const DEFAULT_OUT_DIR = path.join(REPO_ROOT, 'docs/cards');
export const CARD_WIDTH = 450;

export interface CardRendererOptions {
  executablePath?: string;
  /** Card width in CSS pixels (Teams shows cards around 450 px wide in a chat). */
  width?: number;
  /** Device pixel ratio of the PNG (1 = CSS pixels). */
  scale?: number;
  hostConfig?: object;
}

export interface CardRenderer {
  /** Renders one (already expanded) card and returns the PNG; writes it too when outFile is given. */
  render(card: object, outFile?: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** Teams-like chrome around the official renderer's output: frame, buttons, text colours. */
const PAGE_CSS = `
  html, body { margin: 0; background: #F5F5F5; }
  body { padding: 16px; font-family: 'Segoe UI', 'Helvetica Neue', Arial, sans-serif; }
  #frame { display: inline-block; background: #FFFFFF; border: 1px solid #E0E0E0; border-radius: 6px;
           box-shadow: 0 1px 2px rgba(0,0,0,0.12); overflow: hidden; }
  #frame .ac-adaptiveCard { outline: none; }
  .ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; color: #242424; background: #FFFFFF;
                   border: 1px solid #D1D1D1; border-radius: 4px; padding: 5px 12px; min-height: 32px; }
  .ac-pushButton.style-positive { color: #FFFFFF; background: #5B5FC7; border-color: #5B5FC7; }
  .ac-pushButton.style-destructive { color: #C4314B; background: #FFFFFF; border-color: #C4314B; }
  .ac-input, .ac-textInput, .ac-multichoiceInput { font-family: inherit; font-size: 14px; }
  .ac-textInput { border: 1px solid #D1D1D1; border-radius: 4px; padding: 5px 8px; background: #FFFFFF; }
  a.ac-anchor:link, a.ac-anchor:visited { color: #5B5FC7; }
  .mention { color: #5B5FC7; font-weight: 600; }
`;

/** Markdown as Teams renders it in TextBlocks (bold, italic, links, lists, line breaks, <at> mentions); runs in the page. */
function installMarkdown(): void {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  // A backslash makes the next punctuation character literal (CommonMark; Teams honours it).
  const inline = (s: string) => {
    const kept: string[] = [];
    const marked = s.replace(/\\([!-/:-@[-`{-~])/g, (_m, c: string) => `\u0001${kept.push(c) - 1}\u0002`);
    return (
      esc(marked)
        .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
        .replace(/(^|[^*])\*(?!\s)(.+?)\*(?!\*)/g, '$1<em>$2</em>')
        .replace(/(^|\W)_(?!\s)(.+?)_(?=\W|$)/g, '$1<em>$2</em>')
        .replace(/~~(.+?)~~/g, '<del>$1</del>')
        .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a class="ac-anchor" href="$2">$1</a>')
        // Teams turns <at>Name</at> (with an msteams.entities mention) into a highlighted name
        .replace(/&lt;at&gt;(.+?)&lt;\/at&gt;/g, '<span class="mention">$1</span>')
        .replace(/\u0001(\d+)\u0002/g, (_m, i: string) => esc(kept[Number(i)]!))
    );
  };
  const w = window as unknown as { AdaptiveCards: { AdaptiveCard: { onProcessMarkdown: unknown } } };
  w.AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text: string, result: { outputHtml?: string; didProcess: boolean }) => {
    const out: string[] = [];
    let list: 'ul' | 'ol' | null = null;
    for (const line of text.split(/\r?\n/)) {
      // Only a space or tab makes a list marker (a no-break space after "2." keeps it text, as in Teams).
      const m = /^[ \t]*(?:([-*+])|(\d+)[.)])[ \t]+(.*)$/.exec(line);
      const kind = m ? (m[1] ? 'ul' : 'ol') : null;
      if (list && kind !== list) {
        out.push(`</${list}>`);
        list = null;
      }
      if (m && kind) {
        if (!list) out.push(`<${kind}${kind === 'ol' ? ` start="${m[2]}"` : ''} style="margin:0;padding-left:20px">`);
        list = kind;
        out.push(`<li>${inline(m[3])}</li>`);
      } else out.push(`<p style="margin:0">${inline(line) || '&nbsp;'}</p>`);
    }
    if (list) out.push(`</${list}>`);
    result.outputHtml = out.join('');
    result.didProcess = true;
  };
}

export async function openCardRenderer(options: CardRendererOptions = {}): Promise<CardRenderer> {
  const width = options.width ?? CARD_WIDTH;
  const hostConfig = options.hostConfig ?? JSON.parse(readFileSync(HOST_CONFIG_PATH, 'utf8'));
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'styrebot-chromium-'));
  let context: BrowserContext;
  try {
    // A fresh profile per run (launchPersistentContext is playwright's way to pass --user-data-dir).
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: options.executablePath ?? CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: width + 64, height: 800 },
      deviceScaleFactor: options.scale ?? 1,
      offline: true,
    });
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw new Error(
      `Could not start Chromium (${(err as Error).message.split('\n')[0]}). Install it with: apt-get update && apt-get install -y chromium`,
    );
  }
  // Nothing leaves the page: remote images in a card render as broken, deterministically.
  await context.route('**/*', (route) => route.abort());
  const page: Page = context.pages()[0] ?? (await context.newPage());
  await page.setContent(
    `<!doctype html><html><head><meta charset="utf-8"><style>${readFileSync(require.resolve('adaptivecards/dist/adaptivecards.css'), 'utf8')}</style>` +
      `<style>${PAGE_CSS}</style></head><body><div id="frame" style="width:${width}px"><div id="card"></div></div></body></html>`,
  );
  await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
  // tsx (esbuild keepNames) wraps functions in __name(); give functions passed to evaluate() one.
  await page.addScriptTag({ content: 'window.__name = (fn) => fn;' });
  await page.evaluate(installMarkdown);

  return {
    async render(card, outFile) {
      const problems = await page.evaluate(
        ({ card, hostConfig }) => {
          const AC = (window as any).AdaptiveCards;
          const ac = new AC.AdaptiveCard();
          ac.hostConfig = new AC.HostConfig(hostConfig);
          const context = new AC.SerializationContext();
          ac.parse(card, context);
          const messages: string[] = [];
          for (let i = 0; i < context.eventCount; i++) messages.push(context.getEventAt(i).message);
          const el = ac.render();
          const target = document.getElementById('card')!;
          target.replaceChildren();
          if (el) target.appendChild(el);
          else messages.push('the renderer produced nothing');
          return messages;
        },
        { card, hostConfig },
      );
      if (problems.length) console.warn(`  ! renderer reported: ${problems.join('; ')}`);
      await page.evaluate(async () => {
        await document.fonts.ready;
      });
      const png = await page.locator('#frame').screenshot({ animations: 'disabled' });
      if (outFile) {
        mkdirSync(path.dirname(outFile), { recursive: true });
        writeFileSync(outFile, png);
      }
      return png;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The fixture shown for a card in docs/cards (the README's gallery): the everyday case a member
 * sees, not the edge case that sorts first. Cards not listed show their first fixture.
 */
const SHOWCASE: Record<string, string> = {
  'agenda-item': 'undecided',
  'agenda-overview': 'sample',
  'risk-ballot': 'member-open-voted',
  'risk-result': 'closed-with-override',
  'risk-log': 'chair-with-tools',
  roster: 'sixty-members',
  minutes: 'draft-2-moede',
  meetings: 'upcoming',
  action: 'open-from-agenda-item',
  escalation: 'answered',
  reminder: 'agenda-2d',
  outbox: 'failed-and-uncertain',
  help: 'full-danish',
  welcome: 'group',
  'actions-list': 'all',
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      all: { type: 'boolean', default: false },
      card: { type: 'string', multiple: true },
      'cards-dir': { type: 'string' },
      'out-dir': { type: 'string' },
    },
  });
  const cardsDir = path.resolve(values['cards-dir'] ?? CARDS_DIR);
  const outDir = path.resolve(values['out-dir'] ?? DEFAULT_OUT_DIR);
  const inventory = listCardFixtures(cardsDir);
  for (const p of inventory.problems) console.warn(`! ${p}`);
  let cases = inventory.cases.filter((c) => !values.card || values.card.includes(c.card));
  if (!values.all)
    cases = cases.filter((c, i) =>
      SHOWCASE[c.card] && cases.some((d) => d.card === c.card && d.fixture === SHOWCASE[c.card])
        ? c.fixture === SHOWCASE[c.card]
        : cases.findIndex((d) => d.card === c.card) === i,
    );
  if (cases.length === 0) {
    console.log(`No card fixtures to render in ${cardsDir}.`);
    return;
  }
  const renderer = await openCardRenderer();
  let failed = 0;
  try {
    for (const c of cases) {
      const out = path.join(outDir, `${c.card}--${c.fixture}.png`);
      try {
        await renderer.render(expandCard(cardsDir, c.card, readFixture(c)), out);
        console.log(`✓ ${path.relative(process.cwd(), out)}`);
      } catch (err) {
        failed++;
        console.error(`✗ ${c.card}/${c.fixture}: ${(err as Error).message}`);
      }
    }
  } finally {
    await renderer.close();
  }
  if (failed) process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
