/**
 * The layering of docs/DEVELOPING.md, checked by `npm run lint:deps` (dependency-cruiser over src).
 * Type-only imports count (tsPreCompilationDeps): a type cycle still ties two modules together.
 */
const FRAMEWORK_BOT = '^node_modules/(botbuilder[^/]*|botframework-[^/]+|@microsoft/teams-ai)/';

/**
 * Known exceptions, each narrow and checked by its own rule below:
 * - The minutes card (src/cards/views/minutes.ts) renders the minutes document's own view model,
 *   labels and formatting from src/export (minutes-view, minutes-labels, minutes-format), so the
 *   card and the .docx/.md files cannot drift apart. Those three files import only the domain.
 * - src/http/server.ts names two framework *types* (TurnContext, TeamsAdapter) where it hands a
 *   request to the adapter. The fix is a handler made in src/teams that takes (req, res), so the
 *   edge knows no bot types; runtime imports of the framework stay forbidden there.
 */
const MINUTES_PRESENTATION = '^src/export/minutes-(view|labels|format)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other (types included) cannot be read, tested or moved apart.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'src/domain holds the rules and the data model; it imports no other layer of the bot ' +
        '(src/errors.ts, the coded AppError with no imports of its own, is shared by every layer).',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/(domain/|errors\\.ts$)' },
    },
    {
      name: 'views-render-domain-data',
      severity: 'error',
      comment: 'Card views turn domain data into template data: they import the domain and i18n only.',
      from: { path: '^src/cards/views/' },
      to: { path: '^src/', pathNot: ['^src/(domain|i18n|cards/views)/', '^src/errors\\.ts$', MINUTES_PRESENTATION] },
    },
    {
      name: 'minutes-presentation-is-pure',
      severity: 'error',
      comment: 'The minutes view model, labels and formatting that the minutes card shares import the domain only.',
      from: { path: MINUTES_PRESENTATION },
      to: { path: '^src/', pathNot: ['^src/domain/', '^src/errors\\.ts$', MINUTES_PRESENTATION] },
    },
    {
      name: 'only-teams-touches-the-bot-framework',
      severity: 'error',
      comment: 'botbuilder, botframework-* and teams-ai are used in src/teams only.',
      from: { path: '^src/', pathNot: ['^src/teams/', '^src/http/server\\.ts$'] },
      to: { path: FRAMEWORK_BOT },
    },
    {
      name: 'http-names-bot-framework-types-only',
      severity: 'error',
      comment: 'Known exception (see the top of this file): the HTTP edge may name framework types, never import their code.',
      from: { path: '^src/http/server\\.ts$' },
      to: { path: FRAMEWORK_BOT, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-http-touches-restify',
      severity: 'error',
      comment: 'The HTTP edge (restify) lives in src/http.',
      from: { path: '^src/', pathNot: '^src/http/' },
      to: { path: '^node_modules/restify/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
