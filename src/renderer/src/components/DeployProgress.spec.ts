import { describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import DeployProgress from './DeployProgress.vue';
import { mountWithApp } from '../testing/mount-app';
import type { ImagePull } from '../../../shared/ipc/stream-types';

const pull = (patch: Partial<ImagePull>): ImagePull => ({ node: 'node-1', image: 'nginx:1.27-alpine', pods: ['default/web-5d8f-abc'], state: 'pulling', current: 0, total: 0, layers: 0, status: 'Pulling fs layer', startedAt: 1, ...patch });
const frame = () => new Promise((r) => setTimeout(r, 30));

describe('DeployProgress', () => {
  it("shows the app's image pulls as progress bars, its pods' states, and a link once its Service has a host port", async () => {
    const { api, wrapper } = await mountWithApp(DeployProgress, { props: { namespace: 'default', app: 'web' } });
    const [pulls] = api.find('images:pulls');
    expect(pulls.request).toEqual({ namespace: 'default' });
    pulls.emit({ type: 'snapshot', pulls: [pull({ current: 5 * 2 ** 20, total: 10 * 2 ** 20, layers: 3, status: 'Downloading' }), pull({ image: 'other:1', pods: ['default/db-1'] })] });
    await flushPromises();
    const bars = wrapper.findAll('[data-testid=image-pull]');
    expect(bars).toHaveLength(1);
    expect(bars[0].find('[role=progressbar]').attributes('aria-valuenow')).toBe('50');
    expect(bars[0].text()).toContain('Downloading · 5Mi of 10Mi · 3 layer(s)');

    pulls.emit({ type: 'pull', pull: pull({ state: 'done', current: 10 * 2 ** 20, total: 10 * 2 ** 20, status: 'Pull complete' }) });
    await flushPromises();
    expect(wrapper.find('[data-testid=image-pull]').text()).toContain('pulled');

    const [podWatch] = api.find('resources:watch', { resource: 'pods' });
    expect(podWatch.request).toMatchObject({ namespace: 'default', labelSelector: 'app=web' });
    podWatch.emit({ type: 'sync', resourceVersion: '2', items: [{ kind: 'Pod', metadata: { name: 'web-5d8f-abc', namespace: 'default', creationTimestamp: new Date().toISOString() }, spec: { nodeName: 'node-1', containers: [{ name: 'web' }] }, status: { phase: 'Pending', containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] } }] });
    const [svcWatch] = api.find('resources:watch', { resource: 'services' });
    svcWatch.emit({ type: 'sync', resourceVersion: '2', items: [{ kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] } }] });
    await frame();
    await flushPromises();
    expect(wrapper.find('[data-testid=deploy-running]').text()).toBe('0/1 running');
    expect(wrapper.find('[data-testid=deploy-pod-status]').text()).toBe('ContainerCreating');
    expect(wrapper.find('[data-testid=deploy-links]').text()).toContain('127.0.0.1:30080');
    wrapper.unmount();
  });
});
