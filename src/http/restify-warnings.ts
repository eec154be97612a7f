/**
 * restify 11 loads `spdy` (HTTP/2, which we do not use), whose `http-deceiver` calls the
 * deprecated `process.binding('http_parser')` at load: Node prints DEP0111 twice per process
 * (52 times in a test run). Nothing to fix on our side and no restify release without it, so
 * exactly that warning is dropped, only while restify loads; every other warning (and DEP0111
 * from anything loaded later) is printed as before. Imported before restify (src/http/server.ts).
 */
const emitWarning = process.emitWarning;
const codeOf = (args: unknown[]): unknown =>
  typeof args[0] === 'object' && args[0] !== null ? (args[0] as { code?: unknown }).code : args[1];

process.emitWarning = function (this: unknown, warning: string | Error, ...args: unknown[]) {
  if (codeOf(args) === 'DEP0111') return;
  return (emitWarning as (...a: unknown[]) => void).call(this, warning, ...args);
} as typeof process.emitWarning;

/** Called once restify is loaded: warnings are Node's own again. */
export function restoreWarnings(): void {
  process.emitWarning = emitWarning;
}
