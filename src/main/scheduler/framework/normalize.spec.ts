import { describe, expect, it } from 'vitest';
import { defaultNormalizeScore } from './normalize.js';

describe('defaultNormalizeScore', () => {
  it('scales the highest score to 100, truncating', () => {
    const s = Int32Array.from([3, 2, 0, 1]);
    defaultNormalizeScore(s, false);
    expect([...s]).toEqual([100, 66, 0, 33]);
  });

  it('reverses so the lowest raw score ranks best', () => {
    const s = Int32Array.from([3, 2, 0, 1]);
    defaultNormalizeScore(s, true);
    expect([...s]).toEqual([0, 34, 100, 67]);
  });

  it('leaves all-zero scores at 0, or 100 when reversed', () => {
    const a = Int32Array.from([0, 0]);
    defaultNormalizeScore(a, false);
    expect([...a]).toEqual([0, 0]);
    defaultNormalizeScore(a, true);
    expect([...a]).toEqual([100, 100]);
  });
});
