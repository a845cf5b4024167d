import { ids } from '../data.js';
import type { BenchContext, Scenario } from './types.js';

/** Foundation: a settings read and a pass-through document read. */
export function foundationScenarios(ctx: BenchContext): Scenario[] {
  const person = (i: number) => ids.person((i * 7919) % ctx.persons);
  return [
    {
      name: 'GET /api/v1/settings',
      api: { path: () => '/api/v1/settings' },
      floor: { path: () => `/${ctx.dbName}/settings` },
    },
    {
      name: 'pass-through GET doc',
      api: { path: (i) => `/medic/${person(i)}` },
      floor: { path: (i) => `/${ctx.dbName}/${person(i)}` },
    },
  ];
}
