import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from './limiter.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('ConcurrencyLimiter', () => {
  it('runs at most `concurrency` tasks at once, in order, and reports room and idleness', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const started: number[] = [];
    const release = new Map<number, () => void>();
    const tasks = [0, 1, 2, 3].map((i) =>
      limiter.run(async () => {
        started.push(i);
        await new Promise<void>((r) => release.set(i, r));
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(limiter.pending).toBe(4);

    let room = false;
    void limiter.below(3).then(() => (room = true));
    release.get(0)!();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    expect(room).toBe(true);

    for (const i of [1, 2]) release.get(i)!();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    let idle = false;
    void limiter.idle().then(() => (idle = true));
    await tick();
    expect(idle).toBe(false);
    release.get(3)!();
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3]);
    await tick();
    expect(idle).toBe(true);
  });

  it('rejects a bad concurrency', () => {
    expect(() => new ConcurrencyLimiter(0)).toThrow(/positive integer/);
  });
});
