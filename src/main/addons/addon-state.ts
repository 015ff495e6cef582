/**
 * Which add-ons are on, kept in the cluster itself: the ConfigMap `kube-system/pilothouse-addons`
 * (one key per add-on, `enabled` or `disabled`), so the state survives restarts, every client
 * (CLI, UI, kubectl) sees the same thing, and the add-on manager reacts to changes as a
 * controller does. A missing key means the add-on's default.
 */
import type { KubeObject } from '../../shared/api/object.js';
import { ApiClientError, type ApiClient } from '../client/api-client.js';

export const ADDONS = {
  dns: { description: 'cluster DNS: service and pod names for pods (kube-dns Service at 10.96.0.10)', default: true },
  ingress: { description: 'ingress controller: networking.k8s.io/v1 Ingress on 127.0.0.1 (IngressClass "pilothouse")', default: true },
  dashboard: { description: 'the web dashboard served by `pilothouse serve` (the desktop UI over a WebSocket)', default: true },
  metrics: { description: 'resource metrics API (metrics.k8s.io) for `kubectl top` and the UI', default: true },
} as const;

export type AddonName = keyof typeof ADDONS;
export const ADDON_NAMES = Object.keys(ADDONS) as AddonName[];
export const ADDONS_NAMESPACE = 'kube-system';
export const ADDONS_CONFIGMAP = 'pilothouse-addons';
const CONFIGMAPS = { apiVersion: 'v1', resource: 'configmaps' };

export class UnknownAddonError extends Error {
  constructor(name: string) {
    super(`unknown add-on "${name}": choose one of ${ADDON_NAMES.join(', ')}`);
  }
}

export function isAddonName(name: string): name is AddonName {
  return Object.hasOwn(ADDONS, name);
}

export type AddonStates = Record<AddonName, boolean>;

/** The states a ConfigMap (or its absence) says, defaults filled in. */
export function addonStates(cm: KubeObject | undefined): AddonStates {
  const data = ((cm as { data?: Record<string, string> } | undefined)?.data) ?? {};
  const out = {} as AddonStates;
  for (const name of ADDON_NAMES) {
    const v = data[name];
    out[name] = v === 'enabled' ? true : v === 'disabled' ? false : ADDONS[name].default;
  }
  return out;
}

export async function readAddonStates(client: ApiClient): Promise<AddonStates> {
  return addonStates(await client.tryGet(CONFIGMAPS, ADDONS_NAMESPACE, ADDONS_CONFIGMAP));
}

/** Turns an add-on on or off (creating the ConfigMap when missing); returns the new states. */
export async function setAddon(client: ApiClient, name: string, enabled: boolean): Promise<AddonStates> {
  if (!isAddonName(name)) throw new UnknownAddonError(name);
  const value = enabled ? 'enabled' : 'disabled';
  for (let attempt = 0; ; attempt++) {
    const cm = await client.tryGet(CONFIGMAPS, ADDONS_NAMESPACE, ADDONS_CONFIGMAP);
    try {
      if (!cm) {
        const created = await client.create(CONFIGMAPS, ADDONS_NAMESPACE, {
          apiVersion: 'v1', kind: 'ConfigMap',
          metadata: { name: ADDONS_CONFIGMAP, namespace: ADDONS_NAMESPACE, labels: { 'app.kubernetes.io/managed-by': 'pilothouse' } },
          data: { [name]: value },
        });
        return addonStates(created);
      }
      const updated = await client.patch(CONFIGMAPS, ADDONS_NAMESPACE, ADDONS_CONFIGMAP, { data: { [name]: value } }, 'merge');
      return addonStates(updated);
    } catch (e) {
      if (attempt < 3 && e instanceof ApiClientError && e.reason === 'AlreadyExists') continue;
      throw e;
    }
  }
}
