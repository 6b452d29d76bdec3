/**
 * The layer rule of docs/architecture.md, checked with no exemptions:
 * domain -> nothing outside itself; application -> domain; adapters -> application + domain
 * (never another adapter); infrastructure -> anything. Frameworks stay out of the core.
 */
const CORE_FORBIDDEN_PACKAGES =
  '^(inversify|typeorm|fastify|express|commander|class-validator|class-transformer|reflect-metadata|mysql2|better-sqlite3|pino)(/|$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain imports only src/domain (and no framework, no node built-in with side effects).',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'domain-no-types-from-outside',
      comment: 'Not even type-only imports from outer layers.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(application|adapters|infrastructure)/' },
    },
    {
      name: 'application-depends-on-domain-only',
      severity: 'error',
      from: { path: '^src/application/' },
      to: { path: '^src/(adapters|infrastructure)/' },
    },
    {
      name: 'core-is-framework-free',
      severity: 'error',
      from: { path: '^src/(domain|application)/' },
      to: { path: CORE_FORBIDDEN_PACKAGES },
    },
    {
      name: 'core-is-framework-free-resolved',
      severity: 'error',
      from: { path: '^src/(domain|application)/' },
      to: { path: 'node_modules/(inversify|typeorm|fastify|express|commander|class-validator|class-transformer|reflect-metadata|mysql2|better-sqlite3|pino)/' },
    },
    {
      name: 'adapters-do-not-know-infrastructure',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/infrastructure/' },
    },
    {
      name: 'adapters-do-not-reach-into-each-other',
      comment: 'An adapter (src/adapters/<name>/) never imports another adapter.',
      severity: 'error',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/([^/]+)/', pathNot: '^src/adapters/$1/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^dist/' },
  },
};
