/**
 * Upstream `helper.DefaultNormalizeScore`: scales scores so the highest becomes MAX_NODE_SCORE
 * (integer arithmetic, truncating), optionally reversed so that the lowest raw score ranks best.
 * All zeros stay 0, or become MAX_NODE_SCORE when reversed.
 */
import { MAX_NODE_SCORE } from './types.js';

export function defaultNormalizeScore(scores: Int32Array, reverse: boolean, max = MAX_NODE_SCORE): void {
  let highest = 0;
  for (const s of scores) if (s > highest) highest = s;
  if (highest === 0) {
    if (reverse) scores.fill(max);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const scaled = Math.floor((max * scores[i]) / highest);
    scores[i] = reverse ? max - scaled : scaled;
  }
}
