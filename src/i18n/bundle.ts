/**
 * The shape of a message bundle: each feature keeps its strings in src/i18n/messages/<feature>.ts
 * as `{ da: {...}, en: {...} }`. A file of its own so that bundles need not import the i18n module
 * that merges them.
 */
export type Messages = Record<string, string>;
export interface Bundle {
  da: Messages;
  en: Messages;
}
