/**
 * The import's warnings: Danish text for ParsedAgenda.warnings from the message bundle, which
 * holds the English twin of every text under the same key (src/i18n/messages/import-warnings.ts).
 */
import bundle from '../i18n/messages/import-warnings.js';

type Key = keyof typeof bundle.da;
export type WarningCode = Key extends `import.warn.${infer C}` ? C : never;

/**
 * Quoted document text is cut: a warning names the place, it does not repeat the document, and
 * with every quote at most 60 characters each warning stays under the 300 the preview card shows.
 */
export const quote = (s: string, max = 60): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function warningText(code: WarningCode, params: Record<string, string | number> = {}, locale: 'da' | 'en' = 'da'): string {
  const text: string = bundle[locale][`import.warn.${code}`];
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
