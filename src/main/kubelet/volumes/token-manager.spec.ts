/**
 * TokenManager against a real in-process API server: pod-bound tokens from the TokenRequest
 * API, cached until 80% of their lifetime has passed, renewed after, forgotten with the pod,
 * and the API's own error when the ServiceAccount is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PODS } from '../pod-source.js';
import { ManualClock } from '../clock.js';
import type { Pod } from '../api-types.js';
import { startTestCluster, type TestCluster } from '../testing/harness.js';
import { TokenManager } from './token-manager.js';

let t: TestCluster;
let pod: Pod;
beforeAll(async () => {
  t = await startTestCluster();
  await t.client.create({ apiVersion: 'v1', resource: 'serviceaccounts' }, 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder' } });
  pod = await t.client.create<Pod>(PODS, 'default', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'tokened' },
    spec: { serviceAccountName: 'builder', containers: [{ name: 'app', image: 'busybox:1.36' }] },
  });
});
afterAll(() => t.close());

function claims(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

describe('TokenManager', () => {
  it('requests a pod-bound token, caches it, and renews it once 80% of its lifetime has passed', async () => {
    const clock = new ManualClock(Date.now());
    const tokens = new TokenManager(t.client, clock, () => 0);
    const projection = { path: 'token', expirationSeconds: 3607 };
    const first = await tokens.token(pod, projection);
    const c = claims(first);
    expect(c.sub).toBe('system:serviceaccount:default:builder');
    expect(c['kubernetes.io'].pod).toEqual({ name: 'tokened', uid: pod.metadata.uid });
    expect(c.exp - c.iat).toBe(3607);

    await clock.advance(2800 * 1000); // < 80% of 3607s
    expect(await tokens.token(pod, projection)).toBe(first);
    await clock.advance(100 * 1000); // > 80%
    await new Promise((r) => setTimeout(r, 1100)); // a later iat makes a different token
    expect(await tokens.token(pod, projection)).not.toBe(first);

    expect(tokens.size).toBe(1);
    tokens.forgetPod(pod.metadata.uid!);
    expect(tokens.size).toBe(0);
  });

  it('passes the audience and reports the API error for a missing ServiceAccount', async () => {
    const tokens = new TokenManager(t.client, new ManualClock(Date.now()));
    const token = await tokens.token(pod, { audience: 'vault', expirationSeconds: 600 });
    expect(claims(token).aud).toEqual(['vault']);
    const stray = { ...pod, spec: { ...pod.spec, serviceAccountName: 'ghost' } };
    await expect(tokens.token(stray, { expirationSeconds: 600 })).rejects.toThrow('serviceaccounts "ghost" not found');
  });
});
