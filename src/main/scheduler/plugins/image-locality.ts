/**
 * ImageLocality: prefers nodes that already have the pod's images, weighted by image size and
 * scaled down by how few nodes have them (so one node does not attract every pod of a common
 * image). Sums below 23 MB score 0; the top is 1000 MB per container.
 */
import type { ImageState } from '../cache/node-info.js';
import { MAX_NODE_SCORE, type ScorePlugin } from '../framework/types.js';

export const IMAGE_LOCALITY = 'ImageLocality';

const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** Sum over the pod's images present on the node of size * (nodes with it / all nodes). */
export function sumImageScores(images: readonly string[], nodeImages: ReadonlyMap<string, ImageState>, totalNodes: number): number {
  let sum = 0;
  for (const name of images) {
    const state = nodeImages.get(name);
    if (state) sum += Math.trunc(state.size * (state.nodes.size / totalNodes));
  }
  return sum;
}

/** Maps a summed image score into 0..100 between the thresholds. */
export function imageScore(sum: number, containers: number): number {
  const max = MAX_CONTAINER_THRESHOLD * containers;
  const clamped = Math.min(Math.max(sum, MIN_THRESHOLD), max);
  return Math.floor((MAX_NODE_SCORE * (clamped - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
}

export const imageLocality = {
  name: IMAGE_LOCALITY,
  score(state, pod, node) {
    if (pod.images.length === 0 || node.imageStates.size === 0) return 0;
    return imageScore(sumImageScores(pod.images, node.imageStates, Math.max(1, state.totalNodes)), pod.images.length);
  },
} satisfies ScorePlugin;
