/**
 * Slow-start batching (upstream `slowStartBatch`): runs `count` calls in batches of 1, 2, 4, ...
 * (each batch in parallel) and stops after the first batch with a failure, so a request that
 * will fail for every pod (quota, admission, a bad template) fails once rather than N times.
 */
export interface BatchResult {
  /** Calls that succeeded. Calls never started = count - successes - failures. */
  successes: number;
  failures: number;
  /** The first error of the failing batch. */
  error?: unknown;
}

export async function slowStartBatch(count: number, initialBatchSize: number, fn: () => Promise<void>): Promise<BatchResult> {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += batch - failed.length;
    if (failed.length > 0) return { successes, failures: failed.length, error: failed[0].reason };
    remaining -= batch;
  }
  return { successes, failures: 0 };
}
