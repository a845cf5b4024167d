import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runBounded } from './bounded-runner.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('runBounded', () => {
  it('keeps input order, never runs more than the limit, and starts an item after those it waits for', async () => {
    let running = 0;
    let peak = 0;
    const finished: number[] = [];
    const results = await runBounded([5, 1, 4, 2, 3, 1, 1], { concurrency: 3, waitsFor: [[], [], [1], [], [0], [], []] }, async (steps, i) => {
      running++;
      peak = Math.max(peak, running);
      for (let s = 0; s < steps; s++) await tick();
      running--;
      finished.push(i);
      return i * 10;
    });
    assert.deepEqual(results, [0, 10, 20, 30, 40, 50, 60]);
    assert.equal(peak, 3);
    assert.ok(finished.indexOf(2) > finished.indexOf(1));
    assert.ok(finished.indexOf(4) > finished.indexOf(0));
  });

  it('an item that failed still releases the slot and those waiting for it', async () => {
    const ran: number[] = [];
    const outcome = await runBounded([1, 2, 3], { concurrency: 1, waitsFor: [[], [0], []] }, async (n) => {
      ran.push(n);
      if (n === 1) throw new Error('first fails');
      return n;
    }).catch((err: Error) => err.message);
    assert.equal(outcome, 'first fails');
    await tick();
    assert.deepEqual(ran.sort(), [1, 2, 3]);
  });
});
