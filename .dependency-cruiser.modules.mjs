/**
 * design.md: "module folders form no cycle". If module A imports module B, nothing in B may lead back to A —
 * through B's own imports or through any folder in between (http, jobs, another module): the dependency goes
 * one way, and the other way goes through a port that A declares and app.ts wires.
 *
 * This is a run of its own because it looks at module code only: the entity registry (db/entities.ts lists
 * every module's entities for TypeORM) and tests reach into every module, and counted in, every module would
 * seem to reach every other through them.
 */
import base from './.dependency-cruiser.cjs';

const { options } = base;

export default {
  forbidden: [
    {
      name: 'no-cycle-between-modules',
      severity: 'error',
      scope: 'folder',
      from: { path: '^server/src/modules/[^/]+$' },
      to: { circular: true },
    },
  ],
  options: {
    ...options,
    exclude: { path: `${options.exclude.path}|\\.test\\.ts$|^server/src/(test/|db/entities\\.ts$)` },
  },
};
