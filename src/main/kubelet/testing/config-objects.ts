/**
 * ConfigMaps and Secrets held in memory, for specs of env and volume resolution. Objects are
 * keyed `namespace/name`; Secrets are given as plain strings and stored base64, as the API does.
 * `reads` counts lookups (memoization checks).
 */
import { ObjectNotFoundError, type ConfigMapObject, type ConfigObjects, type SecretObject } from '../config-objects.js';

export interface StaticObjects extends ConfigObjects {
  setConfigMap(key: string, data: Record<string, string>, binaryData?: Record<string, string>): void;
  setSecret(key: string, data: Record<string, string>): void;
  remove(kind: 'configmap' | 'secret', key: string): void;
  readonly reads: number;
}

export function staticConfigObjects(): StaticObjects {
  const configMaps = new Map<string, ConfigMapObject>();
  const secrets = new Map<string, SecretObject>();
  let reads = 0;
  const meta = (key: string) => ({ namespace: key.split('/')[0], name: key.split('/')[1] });
  return {
    async configMap(namespace, name) {
      reads += 1;
      const cm = configMaps.get(`${namespace}/${name}`);
      if (!cm) throw new ObjectNotFoundError('configmap', name);
      return structuredClone(cm);
    },
    async secret(namespace, name) {
      reads += 1;
      const s = secrets.get(`${namespace}/${name}`);
      if (!s) throw new ObjectNotFoundError('secret', name);
      return structuredClone(s);
    },
    setConfigMap(key, data, binaryData) {
      configMaps.set(key, { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(key), data, binaryData });
    },
    setSecret(key, data) {
      const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
      secrets.set(key, { apiVersion: 'v1', kind: 'Secret', metadata: meta(key), data: encoded });
    },
    remove(kind, key) {
      (kind === 'configmap' ? configMaps : secrets).delete(key);
    },
    get reads() {
      return reads;
    },
  };
}
