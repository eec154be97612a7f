import type { Locale } from '../domain/model.js';
import type { AppError } from '../errors.js';
import type { Bundle, Messages } from './bundle.js';
import cli from './messages/cli.js';
import core from './messages/core.js';
import errors from './messages/errors.js';
import importWarnings from './messages/import-warnings.js';
import outbox from './messages/outbox.js';

/**
 * Localised text. Each feature keeps its strings in src/i18n/messages/<feature>.ts as
 * `{ da: {...}, en: {...} }` and is listed in BUNDLES; Danish is the default, and a key missing
 * in English falls back to Danish rather than showing a key.
 */
const BUNDLES: Bundle[] = [core, errors, cli, outbox, importWarnings];

const merged: Record<Locale, Messages> = { da: {}, en: {} };
/** Each registered message with placeholders, split at its `{name}`s (odd indexes are names) when registered. */
const compiled: Record<Locale, Record<string, string[]>> = { da: {}, en: {} };
const split = (text: string): string[] => text.split(/\{(\w+)\}/);
for (const b of BUNDLES) registerMessages(b);

/** Adds a feature's strings (features call this at import time). */
export function registerMessages(b: Bundle): void {
  for (const locale of ['da', 'en'] as const)
    for (const [key, text] of Object.entries(b[locale])) {
      merged[locale][key] = text;
      if (text.includes('{')) compiled[locale][key] = split(text);
      else delete compiled[locale][key];
    }
}

/**
 * `{name}` placeholders are filled from `params`; unknown ones stay as written. The card views
 * call this dozens of times per click, so messages are split once, when registered (same result
 * as a regex replace per call, without its per-call closure and regex state).
 */
export function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const own = merged[locale][key] !== undefined;
  const text = own ? merged[locale][key]! : (merged.da[key] ?? key);
  if (!text.includes('{')) return text;
  const parts = (own ? compiled[locale][key] : compiled.da[key]) ?? split(text);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i]!;
    out += (k in params ? String(params[k]) : `{${k}}`) + parts[i + 1]!;
  }
  return out;
}

export function hasMessage(key: string): boolean {
  return key in merged.da;
}

/**
 * The message a user sees for an error: `error.<code>` with the error's params; `extra` brings
 * what the error does not know (the `{exampleDate}` computed from today, i18n/examples.ts).
 */
export function errorText(locale: Locale, err: AppError, extra: Record<string, string> = {}): string {
  const key = `error.${err.code}`;
  return hasMessage(key)
    ? t(locale, key, { ...extra, ...err.params, ...limitParams(locale, err.params) })
    : t(locale, 'error.internal', {});
}

/**
 * An error as the CLI says it: `error.<code>.cli` when the chat text points to a chat command
 * ("Se gruppens møder med \"møder\""), else the chat text. The CLI never tells an operator to type
 * something in Teams.
 */
export function cliErrorText(locale: Locale, err: AppError): string {
  const key = `error.${err.code}.cli`;
  return hasMessage(key) ? t(locale, key, err.params) : errorText(locale, err);
}

/** Size and time caps (import_too_large: limit + max) as words a person understands. */
function limitParams(locale: Locale, params: Record<string, string | number>): Record<string, string> {
  if (typeof params.limit !== 'string') return {};
  const max = Number(params.max);
  const mb = (n: number) => `${(n / 1024 / 1024).toLocaleString(locale === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 1 })} MB`;
  const words: Record<string, [string, string]> = {
    bytes: [`højst ${mb(max)}`, `at most ${mb(max)}`],
    uncompressed: [`højst ${mb(max)} udpakket`, `at most ${mb(max)} unpacked`],
    entries: [`højst ${max} dele i filen`, `at most ${max} parts in the file`],
    pages: [`højst ${max} sider`, `at most ${max} pages`],
    seconds: [`højst ${max} sekunders læsning`, `at most ${max} seconds of reading`],
    memory: [`højst ${max} MB hukommelse`, `at most ${max} MB of memory`],
    ratio: [`højst ${max} gange pakket størrelse udpakket`, `at most ${max} times its packed size unpacked`],
    text: [
      `højst ${max.toLocaleString(locale === 'da' ? 'da-DK' : 'en-GB')} tegn tekst`,
      `at most ${max.toLocaleString('en-GB')} characters of text`,
    ],
  };
  const w = words[params.limit];
  return w && Number.isFinite(max) ? { limit: w[locale === 'da' ? 0 : 1] } : {};
}
