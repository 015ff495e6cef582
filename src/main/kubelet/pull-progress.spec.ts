import { describe, expect, it } from 'vitest';
import { PullProgressHub, type PullState } from './pull-progress.js';

describe('PullProgressHub', () => {
  it('sums layer bytes into one bar per node and image, and reports the end', () => {
    const hub = new PullProgressHub();
    const seen: PullState[] = [];
    hub.subscribe((p) => seen.push(p));
    hub.start('node-1', 'nginx:1', 'default/web-a');
    hub.start('node-1', 'nginx:1', 'default/web-b');
    hub.progress('node-1', 'nginx:1', { layer: 'l1', status: 'Downloading', current: 50, total: 100 });
    hub.progress('node-1', 'nginx:1', { layer: 'l2', status: 'Downloading', current: 10, total: 300 });
    hub.progress('node-1', 'nginx:1', { layer: 'l1', status: 'Download complete' });
    expect(hub.snapshot()).toEqual([expect.objectContaining({ node: 'node-1', image: 'nginx:1', pods: ['default/web-a', 'default/web-b'], current: 110, total: 400, layers: 2, status: 'Download complete', state: 'pulling' })]);
    hub.progress('node-1', 'nginx:1', { layer: 'l3', status: 'Already exists' });
    hub.finish('node-1', 'nginx:1');
    expect(seen.at(-1)).toMatchObject({ state: 'done', current: 400, total: 400, layers: 3 });
    expect(hub.snapshot()).toEqual([]);
  });

  it('reports a failed pull with its message', () => {
    const hub = new PullProgressHub();
    const seen: PullState[] = [];
    hub.subscribe((p) => seen.push(p));
    hub.start('n', 'nope:1', 'default/p');
    hub.finish('n', 'nope:1', 'manifest unknown');
    expect(seen.map((p) => p.state)).toEqual(['pulling', 'failed']);
    expect(seen[1].message).toBe('manifest unknown');
  });
});
