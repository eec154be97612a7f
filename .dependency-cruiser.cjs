/**
 * The layering of docs/DEVELOPING.md, checked by `npm run lint:deps` (dependency-cruiser over src).
 * Type-only imports count (tsPreCompilationDeps): a type cycle still ties two modules together.
 */
const FRAMEWORK_BOT = '^node_modules/(botbuilder[^/]*|botframework-[^/]+|@microsoft/teams-ai)/';

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
      to: { path: '^src/', pathNot: '^src/(domain|i18n|cards/views)/' },
    },
    {
      name: 'only-teams-touches-the-bot-framework',
      severity: 'error',
      comment: 'botbuilder, botframework-* and teams-ai are used in src/teams only.',
      from: { path: '^src/', pathNot: '^src/teams/' },
      to: { path: FRAMEWORK_BOT },
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
