/**
 * Which way imports may point in src/ (`npm run lint:arrows`, run by `npm test`).
 *
 * Layers, from the top: the entry points; http; services; then db, compute and delivery; then the pure
 * libraries; at the bottom the engine and the leaf modules. A layer imports only layers below it
 * — never one above, never a sibling of its own rank — so no cycle can run between layers. Four
 * rules more: only services (and the entry points, which open things) import db, http reaches
 * the workers only through services, the engine is pure, and db takes only types from the engine.
 */

/** Rank of each layer (higher is further up) and the paths it owns. */
const LAYERS = [
  { name: 'entry points', rank: 7, path: '^src/(app|server)\\.ts$|^src/cli/' },
  { name: 'http', rank: 6, path: '^src/http/' },
  { name: 'services', rank: 5, path: '^src/services/' },
  { name: 'db', rank: 3, path: '^src/db/' },
  { name: 'compute', rank: 3, path: '^src/compute/' },
  { name: 'delivery', rank: 3, path: '^src/delivery/' },
  { name: 'schemas', rank: 2, path: '^src/schemas/' },
  { name: 'security', rank: 2, path: '^src/security/' },
  { name: 'feeds', rank: 2, path: '^src/feeds/' },
  { name: 'render', rank: 2, path: '^src/render/' },
  { name: 'holidays', rank: 1, path: '^src/holidays/' },
  { name: 'importers', rank: 1, path: '^src/importers/' },
  { name: 'engine', rank: 0, path: '^src/engine/' },
  { name: 'config', rank: 0, path: '^src/config\\.ts$' },
  { name: 'errors', rank: 0, path: '^src/errors\\.ts$' },
  { name: 'records', rank: 0, path: '^src/records\\.ts$' },
];

/** Each layer may not import a layer of its own rank or above (other than itself). */
const layerRules = LAYERS.flatMap((from) => {
  const notBelow = LAYERS.filter((to) => to !== from && to.rank >= from.rank);
  if (notBelow.length === 0) return [];
  return [
    {
      name: `${from.name}-imports-only-below`,
      comment: `${from.name} (rank ${from.rank}) imports only layers of a lower rank: see .dependency-cruiser.cjs`,
      severity: 'error',
      from: { path: from.path },
      to: { path: notBelow.map((to) => to.path).join('|') },
    },
  ];
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'services-are-the-only-door-to-the-database',
      comment: 'Only services import src/db (the entry points too: they open the database and hand it over).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(services|db|cli)/|^src/(app|server)\\.ts$' },
      to: { path: '^src/db/' },
    },
    {
      name: 'http-through-services',
      comment: 'Routes reach the workers and the transports of notices only through services, as they reach the database.',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '^src/(compute|delivery)/' },
    },
    {
      name: 'engine-is-pure',
      comment: 'The engine does no I/O: no Node built-in module, no package but luxon.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: 'node_modules/luxon/' },
    },
    {
      name: 'db-takes-only-types-from-the-engine',
      comment: 'The database stores schedule documents: it may name their types, never run engine code.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^src/engine/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'No module imports itself through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves (a typo would otherwise hide an arrow).',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true, pathNot: '^tsx/esm/api$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // `import type` counts: a type import is an arrow too (and is reported as type-only).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
