/**
 * Unit tests import only pure code, checked by `npm run lint:deps` over test/unit: nothing a unit
 * test loads may reach the bot framework, the HTTP edge, the PostgreSQL driver or the bot's
 * composition root. A test that needs those is an integration test (test/integration).
 *
 * This counts what a test loads when it runs: type-only imports are erased and a dynamic
 * `import()` loads only when called, so neither is followed (the layer rules in
 * .dependency-cruiser.cjs count type-only imports, for cycles).
 */
const { options } = require('./.dependency-cruiser.cjs');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'unit-tests-import-pure-code',
      severity: 'error',
      comment:
        'A unit test (and everything it loads) stays off botbuilder, botframework-*, teams-ai, restify, pg, ' +
        'src/http/server.ts and src/bot.ts; import the pure module (parser, view, helper) directly.',
      from: { path: '^test/unit/' },
      to: {
        reachable: true,
        path: [
          '^node_modules/(botbuilder[^/]*|botframework-[^/]+|@microsoft/teams-ai|restify|pg)/',
          '^src/http/server\\.ts$',
          '^src/bot\\.ts$',
        ],
      },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      from: { path: '^test/unit/' },
      to: { couldNotResolve: true },
    },
  ],
  options: { ...options, tsPreCompilationDeps: false, exclude: { dynamic: true } },
};
