import { describe, expect, it } from 'vitest';
import { createFrameBatcher } from './frame-batcher';

/** A schedule the test runs by hand, standing in for requestAnimationFrame. */
function manualSchedule() {
  const queued: (() => void)[] = [];
  return {
    schedule: (run: () => void) => {
      queued.push(run);
      return () => queued.splice(queued.indexOf(run), 1);
    },
    frame: () => queued.splice(0).forEach((r) => r()),
    get pending() {
      return queued.length;
    },
  };
}

describe('createFrameBatcher', () => {
  it('hands over everything pushed between two frames in one call', () => {
    const frames = manualSchedule();
    const applied: number[][] = [];
    const b = createFrameBatcher<number>((items) => applied.push(items), frames.schedule);
    for (let i = 0; i < 500; i++) b.push(i);
    expect(frames.pending).toBe(1);
    expect(applied).toEqual([]);
    frames.frame();
    expect(applied).toHaveLength(1);
    expect(applied[0]).toHaveLength(500);
    b.push(7);
    frames.frame();
    expect(applied[1]).toEqual([7]);
  });

  it('flush applies now and cancel drops what is pending', () => {
    const frames = manualSchedule();
    const applied: string[][] = [];
    const b = createFrameBatcher<string>((items) => applied.push(items), frames.schedule);
    b.push('a');
    b.flush();
    expect(applied).toEqual([['a']]);
    expect(frames.pending).toBe(0);
    b.push('b');
    b.cancel();
    frames.frame();
    expect(applied).toEqual([['a']]);
  });
});
