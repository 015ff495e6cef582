/**
 * The ConfigMaps and Secrets a pod refers to, read through the API (the kubelet is a client like
 * any other). A missing object is `ObjectNotFoundError` with the kubelet's upstream wording
 * (`configmap "x" not found`, `secret "x" not found`: singular, as upstream's configmap and
 * secret managers name them); other API errors pass through. Secret values come back decoded.
 */
import type { KubeObject } from '../../shared/api/object.js';
import type { ApiClient } from '../client/api-client.js';

export interface ConfigMapObject extends KubeObject {
  data?: Record<string, string>;
  /** Base64 values. */
  binaryData?: Record<string, string>;
}

export interface SecretObject extends KubeObject {
  /** Base64 values. */
  data?: Record<string, string>;
}

export class ObjectNotFoundError extends Error {
  constructor(
    readonly kind: 'configmap' | 'secret',
    readonly objectName: string,
  ) {
    super(`${kind} "${objectName}" not found`);
    this.name = 'ObjectNotFoundError';
  }
}

/** Reads ConfigMaps and Secrets of a namespace; throws `ObjectNotFoundError` for missing ones. */
export interface ConfigObjects {
  configMap(namespace: string, name: string): Promise<ConfigMapObject>;
  secret(namespace: string, name: string): Promise<SecretObject>;
}

/** Live reads through the API client (each call is one GET). */
export function apiConfigObjects(client: ApiClient): ConfigObjects {
  return {
    async configMap(namespace, name) {
      const cm = await client.tryGet<ConfigMapObject>({ apiVersion: 'v1', resource: 'configmaps' }, namespace, name);
      if (!cm) throw new ObjectNotFoundError('configmap', name);
      return cm;
    },
    async secret(namespace, name) {
      const s = await client.tryGet<SecretObject>({ apiVersion: 'v1', resource: 'secrets' }, namespace, name);
      if (!s) throw new ObjectNotFoundError('secret', name);
      return s;
    },
  };
}

/**
 * Memoizes lookups for the duration of one operation (one container's env, one pod's volumes),
 * like upstream's per-call maps: each object is read once, and every reference sees the same copy.
 */
export function memoized(objects: ConfigObjects): ConfigObjects {
  const configMaps = new Map<string, Promise<ConfigMapObject>>();
  const secrets = new Map<string, Promise<SecretObject>>();
  const once = <T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> => {
    let p = cache.get(key);
    if (!p) cache.set(key, (p = read()));
    return p;
  };
  return {
    configMap: (ns, name) => once(configMaps, `${ns}/${name}`, () => objects.configMap(ns, name)),
    secret: (ns, name) => once(secrets, `${ns}/${name}`, () => objects.secret(ns, name)),
  };
}

/** A Secret's value for `key`, decoded; undefined when the key is absent. */
export function secretValue(secret: SecretObject, key: string): Buffer | undefined {
  const v = secret.data?.[key];
  return v === undefined ? undefined : Buffer.from(v, 'base64');
}

/** A ConfigMap's value for `key` from `data` or `binaryData`; undefined when absent. */
export function configMapValue(cm: ConfigMapObject, key: string): Buffer | undefined {
  const text = cm.data?.[key];
  if (text !== undefined) return Buffer.from(text, 'utf8');
  const bin = cm.binaryData?.[key];
  return bin === undefined ? undefined : Buffer.from(bin, 'base64');
}
