/**
 * The dependency direction of design.md, checked on every `npm test`:
 * shared ← bot ← server; console → shared only; migrations never load the server at run time; server modules
 * meet through services. `pnpm lint` also runs .dependency-cruiser.modules.mjs (no cycle between modules).
 */
module.exports = {
  forbidden: [
    {
      name: 'shared-imports-nothing-of-ours',
      comment: 'shared/ is the browser-safe contract: it may not import bot, server, console or tests.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(bot|server|console|tests|migrations)/|^@keeper/' },
    },
    {
      name: 'shared-is-browser-safe',
      comment: 'shared/ runs in the browser: no Node built-ins.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'bot-knows-no-server',
      comment:
        'bot/ speaks WeCom and asks the server through ports; it never imports the server or the console.',
      severity: 'error',
      from: { path: '^bot/' },
      to: { path: '^(server|console|tests|migrations)/|^@keeper/(server|console|tests|wecom-sim)' },
    },
    {
      name: 'console-imports-shared-only',
      severity: 'error',
      from: { path: '^console/' },
      to: { path: '^(bot|server|tests|migrations)/|^@keeper/(bot|server|tests|wecom-sim)' },
    },
    {
      name: 'server-never-imports-console-or-tests',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^(console|tests)/|^@keeper/(console|tests|wecom-sim)' },
    },
    {
      name: 'migrations-use-server-types-only',
      comment: 'Migrations may name server entities for types, never load them at run time.',
      severity: 'error',
      from: { path: '^migrations/' },
      to: { path: '^server/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'modules-meet-through-services',
      comment:
        'design.md: a module uses another only through its public service (or a domain event), never through ' +
        "its repository or entity. An entity may still name another module's entity as a relation target " +
        '(a foreign key is a fact of the schema, e.g. sessions → users); tests may set up any table. ' +
        'Cycles between module folders are checked by .dependency-cruiser.modules.mjs.',
      severity: 'error',
      from: { path: '^server/src/modules/([^/]+)/', pathNot: '\\.(test|entity)\\.ts$' },
      to: {
        path: '^server/src/modules/[^/]+/[^/]+\\.(repository|entity)\\.ts$',
        pathNot: '^server/src/modules/$1/',
      },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves nowhere is a missing dependency declaration.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'node', 'import', 'default'],
      extensions: ['.ts', '.vue', '.js'],
    },
  },
};
