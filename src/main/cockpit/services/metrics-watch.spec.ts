import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsWatchEvent } from '../../../shared/ipc/stream-types.js';
import { Recorder, startCockpit, type CockpitFixture } from '../testing/cockpit-fixture.js';

let f: CockpitFixture;
beforeAll(async () => {
  f = await startCockpit(2, { metricsCheckMs: 100 });
}, 60_000);
afterAll(async () => f?.stop());

describe('metrics:watch', () => {
  it('pushes a sample, repeats none while the metrics API answers the same one, and says when metrics are off', async () => {
    const rec = new Recorder<MetricsWatchEvent>();
    const stop = f.cockpit.subscribe('metrics:watch', { pods: true }, rec);
    const first = await rec.waitFor((e) => e.type === 'sample' && e.nodes.length === 2, 'a sample of both nodes');
    expect(first).toMatchObject({ type: 'sample', pods: expect.any(Array) });
    // Ten checks later the metrics API still answers from the same sample: nothing new is sent.
    await new Promise((r) => setTimeout(r, 1000));
    expect(rec.events.filter((e) => e.type === 'sample')).toHaveLength(1);

    expect((await f.cockpit.call('addons:set', { name: 'metrics', enabled: false })).ok).toBe(true);
    await rec.waitFor((e) => e.type === 'unavailable', 'metrics unavailable');
    expect((await f.cockpit.call('addons:set', { name: 'metrics', enabled: true })).ok).toBe(true);
    await rec.waitFor((e) => rec.events.indexOf(e) > rec.events.findIndex((x) => x.type === 'unavailable') && e.type === 'sample', 'a sample again');
    stop();
  });
});
