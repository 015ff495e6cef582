/**
 * Sandbox and container configs for runtime tests, labelled the way the kubelet labels them
 * (`kubelet/container-config.ts`), plus small stream helpers.
 */
import { randomUUID } from 'node:crypto';
import { LABELS, type ContainerConfig, type PodSandboxConfig } from '../types.js';

export function testSandboxConfig(node: string, podName: string, extra: Partial<PodSandboxConfig> = {}): PodSandboxConfig {
  const podUid = extra.podUid ?? randomUUID();
  return {
    podUid, podName, podNamespace: 'default', node, hostname: podName,
    labels: { [LABELS.node]: node, [LABELS.podUid]: podUid, [LABELS.podName]: podName, [LABELS.podNamespace]: 'default', [LABELS.role]: 'sandbox' },
    ...extra,
  };
}

export function testContainerConfig(sandbox: PodSandboxConfig, name: string, image: string, extra: Partial<ContainerConfig> = {}): ContainerConfig {
  const restartCount = extra.restartCount ?? 0;
  return {
    podUid: sandbox.podUid, name, image, restartCount,
    labels: {
      [LABELS.node]: sandbox.node, [LABELS.podUid]: sandbox.podUid, [LABELS.podName]: sandbox.podName,
      [LABELS.podNamespace]: sandbox.podNamespace, [LABELS.containerName]: name, [LABELS.role]: 'container',
      [LABELS.restartCount]: String(restartCount),
    },
    ...extra,
  };
}

/** Everything a stream yields until it ends, as text. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

/** Resolves once `stream` has produced text matching `pattern` (rejects after `timeoutMs`). */
export function waitForOutput(stream: NodeJS.ReadableStream, pattern: RegExp, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      stream.removeListener('data', onData);
      reject(new Error(`no output matching ${pattern} within ${timeoutMs} ms; got ${JSON.stringify(seen)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer | string) => {
      seen += String(chunk);
      if (pattern.test(seen)) {
        clearTimeout(timer);
        stream.removeListener('data', onData);
        resolve(seen);
      }
    };
    stream.on('data', onData);
  });
}

/** Polls `check` until it returns a value other than undefined (rejects after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
