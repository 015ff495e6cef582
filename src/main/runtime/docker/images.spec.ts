/** Image pulls through a stand-in engine: progress, failures reported mid-stream and before it (no registry is needed). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRegistryDaemon } from '../testing/fake-registry-daemon.js';
import { ImagePullError, type PullProgress } from '../types.js';
import { DockerRuntime } from './docker-runtime.js';
import { withDefaultTag } from './images.js';

describe('DockerRuntime.pullImage', () => {
  const daemon = new FakeRegistryDaemon({
    'example.com/app:1.0': {
      sizeBytes: 4096,
      lines: [
        { status: 'Pulling from app', id: '1.0' },
        { status: 'Downloading', id: 'layer1', progressDetail: { current: 512, total: 1024 } },
        { status: 'Pull complete', id: 'layer1', progressDetail: {} },
        { status: 'Status: Downloaded newer image for example.com/app:1.0' },
      ],
    },
    'example.com/broken:latest': {
      lines: [{ status: 'Pulling from broken', id: 'latest' }, { error: 'unexpected EOF', errorDetail: { message: 'unexpected EOF' } }],
    },
  });
  let rt: DockerRuntime;

  beforeAll(async () => {
    await daemon.start();
    rt = new DockerRuntime({ socketPath: daemon.path });
  });
  afterAll(async () => daemon.stop());

  it('reports progress and returns the pulled image', async () => {
    const progress: PullProgress[] = [];
    const info = await rt.pullImage('example.com/app:1.0', (p) => progress.push(p));
    expect(info).toEqual({ id: `sha256:${'ab'.repeat(32)}`, tags: ['example.com/app:1.0'], sizeBytes: 4096 });
    expect(progress).toContainEqual({ layer: 'layer1', status: 'Downloading', current: 512, total: 1024 });
    expect(progress.at(-1)?.status).toMatch(/Downloaded newer image/);
  });

  it('fails with the reason the daemon streamed, or answered before streaming', async () => {
    await expect(rt.pullImage('example.com/broken')).rejects.toThrow(new ImagePullError('Failed to pull image "example.com/broken": unexpected EOF', 'example.com/broken'));
    const err = await rt.pullImage('example.com/app:2.0').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImagePullError);
    expect((err as Error).message).toBe('Failed to pull image "example.com/app:2.0": manifest for example.com/app:2.0 not found: manifest unknown: manifest unknown');
  });

  it('adds :latest to untagged references only', () => {
    expect(withDefaultTag('nginx')).toBe('nginx:latest');
    expect(withDefaultTag('localhost:5000/nginx')).toBe('localhost:5000/nginx:latest');
    expect(withDefaultTag('nginx:1.27')).toBe('nginx:1.27');
    expect(withDefaultTag('nginx@sha256:abc')).toBe('nginx@sha256:abc');
  });
});
