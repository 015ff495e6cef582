import { describe, expect, it } from 'vitest';
import { slowStartBatch } from './slow-start.js';

describe('slowStartBatch', () => {
  it('runs batches of 1, 2, 4, ... up to the count', async () => {
    const batches: number[] = [];
    let inFlight = 0;
    const r = await slowStartBatch(10, 1, async () => {
      inFlight++;
      if (inFlight === 1) queueMicrotask(() => { batches.push(inFlight); inFlight = 0; });
    });
    expect(r).toEqual({ successes: 10, failures: 0 });
    expect(batches).toEqual([1, 2, 4, 3]);
  });

  it('stops after the first batch with a failure', async () => {
    let calls = 0;
    const r = await slowStartBatch(10, 1, async () => {
      calls++;
      if (calls >= 3) throw new Error('quota');
    });
    // batch 1: ok; batch 2: ok + fail; batch 4 never starts
    expect(calls).toBe(3);
    expect(r.successes).toBe(2);
    expect(r.failures).toBe(1);
    expect((r.error as Error).message).toBe('quota');
  });
});
