import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppSettings } from '../../domain/settings.js';
import { BadRequestError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { ContactReader } from './contact-reader.js';
import { CreationPlanner, NESTED_PARENTS_ERROR } from './creation-planner.js';
import { WritePlan, type PlanStore } from './write-plan.js';

type Json = Record<string, unknown>;

/** `{name, type, parent: {…}}` nested `levels` deep, none with an `_id`: all new places. */
function newParents(levels: number): Json {
  let node: Json = { name: 'top-most', type: 'district_hospital' };
  for (let i = 1; i < levels; i++) node = { name: `level ${i}`, type: 'district_hospital', parent: node };
  return node;
}

const settings = { contact_types: [{ id: 'district_hospital' }, { id: 'person', parents: ['district_hospital'], person: true }] } as AppSettings;
const untouchable = new Proxy({}, { get: () => assert.fail('no database call expected') });

function planner() {
  const plan = new WritePlan(untouchable as PlanStore, untouchable as Logger);
  return { plan, planner: new CreationPlanner({ settings, reader: untouchable as ContactReader, plan }) };
}

const tooDeep = (err: unknown) => err instanceof BadRequestError && err.message === NESTED_PARENTS_ERROR;

describe('CreationPlanner: nested new parents stop at the lineage limit', () => {
  it('5000 levels: a 400 before anything is read or planned, for a place, a person and an updated place', async () => {
    const deep = newParents(5000);
    const { plan, planner: p } = planner();
    await assert.rejects(p.place({ name: 'x', type: 'district_hospital', parent: deep }), tooDeep);
    await assert.rejects(p.person({ name: 'x', place: deep }), tooDeep);
    await assert.rejects(p.resolvePlace(deep), tooDeep); // an updated place's new parent
    assert.equal(plan.size, 0);
  });

  it('50 levels above the doc are planned; 51 are refused', async () => {
    const { plan, planner: p } = planner();
    const person = await p.person({ name: 'x', place: newParents(50) });
    assert.equal(plan.size, 51);
    let depth = 0;
    for (let node = person.doc.parent as Json | undefined; node; node = node.parent as Json | undefined) depth++;
    assert.equal(depth, 50);
    await assert.rejects(p.person({ name: 'x', place: newParents(51) }), tooDeep);
    await assert.rejects(p.place({ name: 'x', type: 'district_hospital', parent: newParents(51) }), tooDeep);
    await assert.doesNotReject(p.place({ name: 'x', type: 'district_hospital', parent: newParents(50) }));
  });
});
