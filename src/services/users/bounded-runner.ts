/**
 * Runs `fn` over every item with at most `concurrency` running at once, each item starting only after
 * the items it waits for have finished (`waitsFor[i]` lists earlier indexes). Results keep input order;
 * a failure of one item is its own result and never stops the others.
 */
export async function runBounded<T, R>(
  items: readonly T[],
  options: { concurrency: number; waitsFor?: readonly number[][] },
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  let running = 0;
  const queue: Array<() => void> = [];
  const acquire = () =>
    new Promise<void>((resolve) => {
      if (running < options.concurrency) {
        running++;
        resolve();
      } else {
        queue.push(resolve);
      }
    });
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else running--;
  };
  const done: Array<Promise<unknown>> = [];
  items.forEach((item, i) => {
    const before = (options.waitsFor?.[i] ?? []).map((d) => done[d]);
    done[i] = Promise.allSettled(before).then(async () => {
      await acquire();
      try {
        return await fn(item, i);
      } finally {
        release();
      }
    });
  });
  return (await Promise.all(done)) as R[];
}
