import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../shared/api/object.js';
import { eventually } from '../../../test/support/in-process-cluster.js';
import { startDesktopCluster } from './desktop-cluster.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function runPod(appDataDir: string, stopWorkloadsOnQuit: boolean) {
  dirs.push(appDataDir);
  const d = await startDesktopCluster({ appDataDir, docker: { available: false, message: 'no Docker here' }, store: { backend: 'memory' } });
  d.settings.set({ stopWorkloadsOnQuit });
  await d.cluster.client.create({ apiVersion: 'v1', resource: 'pods' }, 'default', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'keeper' }, spec: { nodeName: 'sim-0', containers: [{ name: 'c', image: 'busybox' }] },
  } as KubeObject);
  const runtime = d.cluster.simulatedNodes!.runtime('sim-0')!;
  await eventually(async () => runtime.counts().running === 1, 'the pod running');
  return { d, runtime };
}

describe('startDesktopCluster', () => {
  it('runs on simulated nodes without Docker, writes a kubeconfig, and says why in cluster:info', async () => {
    const appDataDir = mkdtempSync(join(tmpdir(), 'pilothouse-desktop-'));
    const { d } = await runPod(appDataDir, false);
    try {
      expect(d.cluster.simulatedNodes?.nodes).toEqual(['sim-0', 'sim-1']);
      expect(d.cluster.dockerNodes).toBeUndefined();
      expect(readFileSync(d.kubeconfigPath, 'utf8')).toContain(d.cluster.url);
      const info = await d.cockpit.call('cluster:info', {});
      expect(info).toMatchObject({ ok: true, result: { mode: 'desktop', docker: { available: false, message: 'no Docker here' }, kubeconfigPath: d.kubeconfigPath } });
      expect(await d.cockpit.call('settings:get', {})).toEqual({ ok: true, result: { stopWorkloadsOnQuit: false } });
    } finally {
      await d.stop();
    }
  });

  it('leaves workloads running on quit by default, and stops them when the setting says so', async () => {
    const leave = await runPod(mkdtempSync(join(tmpdir(), 'pilothouse-desktop-')), false);
    await leave.d.stop();
    expect(leave.runtime.counts().running).toBe(1);
    const stop = await runPod(mkdtempSync(join(tmpdir(), 'pilothouse-desktop-')), true);
    await stop.d.stop();
    expect(stop.runtime.counts().running).toBe(0);
  });
});
