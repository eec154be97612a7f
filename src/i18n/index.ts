import type { Locale } from '../domain/model.js';
import type { AppError } from '../errors.js';
import core from './messages/core.js';
import errors from './messages/errors.js';
import delivery from '../delivery/messages.js';

/**
 * Localised text. Each feature keeps its strings in src/i18n/messages/<feature>.ts as
 * `{ da: {...}, en: {...} }` and is listed in BUNDLES; Danish is the default, and a key missing
 * in English falls back to Danish rather than showing a key.
 */
export type Messages = Record<string, string>;
export interface Bundle {
  da: Messages;
  en: Messages;
}

const BUNDLES: Bundle[] = [core, errors, delivery];

const merged: Record<Locale, Messages> = { da: {}, en: {} };
for (const b of BUNDLES) registerMessages(b);

/** Adds a feature's strings (features call this at import time). */
export function registerMessages(b: Bundle): void {
  Object.assign(merged.da, b.da);
  Object.assign(merged.en, b.en);
}

export function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const text = merged[locale][key] ?? merged.da[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}

export function hasMessage(key: string): boolean {
  return key in merged.da;
}

/** The message a user sees for an error: `error.<code>` with the error's params. */
export function errorText(locale: Locale, err: AppError): string {
  const key = `error.${err.code}`;
  return hasMessage(key) ? t(locale, key, { ...err.params, ...limitParams(locale, err.params) }) : t(locale, 'error.internal', {});
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
  };
  const w = words[params.limit];
  return w && Number.isFinite(max) ? { limit: w[locale === 'da' ? 0 : 1] } : {};
}
