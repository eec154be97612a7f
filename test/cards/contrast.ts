/**
 * Text contrast (WCAG 2.x, AA: ≥ 4.5:1) of every TextBlock, TextRun and FactSet text against the
 * background of the container style it sits in, in each Teams theme's host config.
 *
 * Host configs (src/cards/):
 *  - teams-host-config.json                 Teams light (the renderer's config)
 *  - teams-host-config-dark.json            container styles taken from Microsoft's sample
 *    microsoft/AdaptiveCards samples/HostConfig/microsoft-teams-dark.json (commit 437e57ab)
 *  - teams-host-config-high-contrast.json   Teams' high-contrast theme: black surfaces, white
 *    text, yellow (#FFFF01) accent/links and green (#3FF23F) as in Teams' HC palette; Microsoft
 *    publishes no Teams HC host config, so these are the theme's own colours
 *
 * Adaptive Cards colours are #RRGGBB or #AARRGGBB (alpha first); a translucent foreground is
 * blended over its background, a translucent background over the theme's default background.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIN_CONTRAST = 4.5;

const CONFIG_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cards');
export const THEMES = {
  light: 'teams-host-config.json',
  dark: 'teams-host-config-dark.json',
  'high-contrast': 'teams-host-config-high-contrast.json',
} as const;
export type Theme = keyof typeof THEMES;

type Json = Record<string, any>;
const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

const configs = new Map<Theme, Json>();
function config(theme: Theme): Json {
  let c = configs.get(theme);
  if (!c) configs.set(theme, (c = JSON.parse(readFileSync(path.join(CONFIG_DIR, THEMES[theme]), 'utf8')) as Json));
  return c;
}

type Rgba = [number, number, number, number];

/** #RGB, #RRGGBB or Adaptive Cards' #AARRGGBB. */
export function parseColor(hex: string): Rgba {
  const h = hex.trim().replace(/^#/, '');
  if (/^[0-9a-f]{3}$/i.test(h)) return [...[...h].map((c) => parseInt(c + c, 16)), 1] as Rgba;
  if (/^[0-9a-f]{6}$/i.test(h)) return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16), 1];
  if (/^[0-9a-f]{8}$/i.test(h)) return [parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16), parseInt(h.slice(6, 8), 16), parseInt(h.slice(0, 2), 16) / 255];
  throw new Error(`contrast: cannot read colour ${JSON.stringify(hex)}`);
}

function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
}

function luminance([r, g, b]: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2.x contrast ratio of a (possibly translucent) foreground over a background. */
export function contrastRatio(foreground: string, background: string, base = '#FFFFFF'): number {
  const bg = over(parseColor(background), parseColor(base));
  const fg = over(parseColor(foreground), bg);
  const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
}

const STYLES = new Set(['default', 'emphasis', 'good', 'attention', 'warning', 'accent']);
const CONTAINERS = new Set(['Container', 'ColumnSet', 'Column', 'Table', 'TableCell']);

export interface ContrastSample {
  theme: Theme;
  at: string;
  text: string;
  color: string;
  isSubtle: boolean;
  style: string;
  ratio: number;
}

/** Every text of the card with its contrast ratio in `theme`. */
export function contrastSamples(card: unknown, theme: Theme): ContrastSample[] {
  const cfg = config(theme);
  const out: ContrastSample[] = [];
  const base = cfg.containerStyles.default.backgroundColor as string;
  const sample = (at: string, text: unknown, color: unknown, subtle: unknown, style: string) => {
    const c = typeof color === 'string' && color ? color.toLowerCase() : 'default';
    const isSubtle = subtle === true;
    const styleCfg = cfg.containerStyles[style] ?? cfg.containerStyles.default;
    const fgSet = styleCfg.foregroundColors[c] ?? styleCfg.foregroundColors.default;
    const fg = isSubtle ? fgSet.subtle : fgSet.default;
    const ratio = contrastRatio(fg, styleCfg.backgroundColor, base);
    out.push({ theme, at, text: String(text ?? '').slice(0, 50), color: c, isSubtle, style, ratio });
  };
  const visit = (node: unknown, at: string, style: string) => {
    if (Array.isArray(node)) return node.forEach((v, i) => visit(v, `${at}[${i}]`, style));
    if (!isObject(node)) return;
    const type = node.type;
    let inner = style;
    if ((CONTAINERS.has(type) || (type === 'AdaptiveCard' && at === '$')) && typeof node.style === 'string' && STYLES.has(node.style.toLowerCase())) {
      inner = node.style.toLowerCase();
    }
    // an Action.ShowCard's card is drawn in the host config's showCard style unless it sets one
    if (type === 'AdaptiveCard' && at !== '$') {
      inner = typeof node.style === 'string' && STYLES.has(node.style.toLowerCase()) ? node.style.toLowerCase() : (cfg.actions?.showCard?.style ?? 'emphasis');
    }
    if (type === 'TextBlock' || type === 'TextRun') {
      const textStyle = type === 'TextBlock' && typeof node.style === 'string' ? cfg.textStyles?.[node.style] : undefined;
      sample(at, node.text, node.color ?? textStyle?.color, node.isSubtle ?? textStyle?.isSubtle, inner);
    }
    if (type === 'FactSet' && Array.isArray(node.facts)) {
      node.facts.forEach((f: unknown, i: number) => {
        if (!isObject(f)) return;
        sample(`${at}.facts[${i}].title`, f.title, cfg.factSet?.title?.color, cfg.factSet?.title?.isSubtle, inner);
        sample(`${at}.facts[${i}].value`, f.value, cfg.factSet?.value?.color, cfg.factSet?.value?.isSubtle, inner);
      });
    }
    for (const [k, v] of Object.entries(node)) visit(v, `${at}.${k}`, inner);
  };
  visit(card, '$', 'default');
  return out;
}

/**
 * Teams' own palette falls short on its own surface here, so no card can do better while the
 * ratings rule (a red rating is `attention`) holds: Microsoft's dark sample draws attention
 * #D74654 on #2D2C2C (3.24:1) and on emphasis #292828 (3.43:1). Listed as theme:color:style.
 */
export const TEAMS_OWN_SHORTFALLS = new Set(['dark:attention:default', 'dark:attention:emphasis']);

/** Gate messages for texts under MIN_CONTRAST in any theme. */
export function checkContrast(card: unknown): string[] {
  const out: string[] = [];
  for (const theme of Object.keys(THEMES) as Theme[]) {
    for (const s of contrastSamples(card, theme)) {
      if (s.ratio >= MIN_CONTRAST || (!s.isSubtle && TEAMS_OWN_SHORTFALLS.has(`${theme}:${s.color}:${s.style}`))) continue;
      const subtle = s.isSubtle ? ' subtle' : '';
      out.push(`contrast: ${s.at} (${JSON.stringify(s.text)}) is ${s.color}${subtle} on ${s.style} in Teams ${theme}: ${s.ratio.toFixed(2)}:1 < ${MIN_CONTRAST}:1.`);
    }
  }
  return out;
}
