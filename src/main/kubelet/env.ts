/**
 * A container's environment (upstream `makeEnvironmentVariables`, `pkg/kubelet/kubelet_pods.go`):
 * `envFrom` first (ConfigMap and Secret keys, each with its `prefix`), then `env` in order,
 * overriding. An `env` value has its `$(VAR)` references expanded against the variables defined
 * so far; a `valueFrom` is resolved from a ConfigMap or Secret key, a pod field or a container
 * resource. Service-link variables (`<SVC>_SERVICE_HOST`, ...; `service-env.ts`) come first, when given.
 *
 * A missing ConfigMap or Secret or key rejects with upstream's message (`configmap "x" not
 * found`, `couldn't find key k in ConfigMap ns/x`) unless the reference is `optional`; the pod
 * syncer reports it as the container's `CreateContainerConfigError`.
 */
import type { Container, Pod } from './api-types.js';
import { memoized, ObjectNotFoundError, type ConfigObjects } from './config-objects.js';
import { envFieldValue, resourceFieldValue, type PodRuntimeFacts } from './downward-api.js';
import { expand, lookupIn } from './expansion.js';

export interface EnvInput {
  pod: Pod;
  container: Container;
  objects: ConfigObjects;
  facts: PodRuntimeFacts;
  /** Service-link variables, the base the rest builds on and may override. */
  serviceEnv?: Record<string, string>;
}

export async function containerEnvironment({ pod, container, objects, facts, serviceEnv }: EnvInput): Promise<Record<string, string>> {
  const namespace = pod.metadata.namespace ?? 'default';
  const read = memoized(objects);
  const env: Record<string, string> = { ...serviceEnv };

  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const cm = await optionally(read.configMap(namespace, from.configMapRef.name ?? ''), from.configMapRef.optional);
      for (const [k, v] of Object.entries(cm?.data ?? {})) env[prefix + k] = v;
    } else if (from.secretRef) {
      const secret = await optionally(read.secret(namespace, from.secretRef.name ?? ''), from.secretRef.optional);
      for (const [k, v] of Object.entries(secret?.data ?? {})) env[prefix + k] = Buffer.from(v, 'base64').toString('utf8');
    }
  }

  const lookup = lookupIn(env);
  for (const e of container.env ?? []) {
    if (!e.name) continue;
    if (e.value) {
      env[e.name] = expand(e.value, lookup);
      continue;
    }
    const from = e.valueFrom;
    if (!from) {
      env[e.name] = '';
    } else if (from.fieldRef) {
      env[e.name] = envFieldValue(pod, from.fieldRef.fieldPath ?? '', facts);
    } else if (from.resourceFieldRef) {
      env[e.name] = resourceFieldValue(pod, container, from.resourceFieldRef, facts);
    } else if (from.configMapKeyRef) {
      const { name = '', key = '', optional } = from.configMapKeyRef;
      const cm = await optionally(read.configMap(namespace, name), optional);
      const value = cm?.data?.[key];
      if (value !== undefined) env[e.name] = value;
      else if (cm && !optional) throw new Error(`couldn't find key ${key} in ConfigMap ${namespace}/${name}`);
    } else if (from.secretKeyRef) {
      const { name = '', key = '', optional } = from.secretKeyRef;
      const secret = await optionally(read.secret(namespace, name), optional);
      const value = secret?.data?.[key];
      if (value !== undefined) env[e.name] = Buffer.from(value, 'base64').toString('utf8');
      else if (secret && !optional) throw new Error(`couldn't find key ${key} in Secret ${namespace}/${name}`);
    }
  }
  return env;
}

/** A missing object of an `optional` reference reads as undefined; every other failure rejects. */
async function optionally<T>(read: Promise<T>, optional: boolean | undefined): Promise<T | undefined> {
  try {
    return await read;
  } catch (e) {
    if (optional === true && e instanceof ObjectNotFoundError) return undefined;
    throw e;
  }
}
