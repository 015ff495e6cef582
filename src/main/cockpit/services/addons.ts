/**
 * `addons:list|set`: the add-ons' desired state lives in the ConfigMap
 * `kube-system/pilothouse-addons` (data key = add-on name, value `enabled` / `disabled`); the
 * add-on manager reacts to it. Here it is only read and written.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import { ADDON_NAMES, ADDONS_CONFIGMAP, type AddonName, type AddonState } from '../../../shared/ipc/operation-types.js';
import { ApiClientError } from '../../client/api-client.js';
import type { CallHandlers } from '../cockpit.js';
import type { CockpitContext } from '../context.js';

const CONFIGMAPS = { apiVersion: 'v1', resource: 'configmaps' };

export const ADDON_DESCRIPTIONS: Record<AddonName, string> = {
  dns: 'Cluster DNS: service and pod names resolve inside pods',
  ingress: 'Ingress controller: Ingress rules served on 127.0.0.1',
  dashboard: 'This cockpit in a browser (pilothouse serve)',
  metrics: 'Resource metrics (metrics.k8s.io) for kubectl top and the usage bars',
};

export function addonHandlers(ctx: CockpitContext): CallHandlers {
  return {
    'addons:list': async () => ({ addons: states(await read(ctx)) }),
    'addons:set': async (r) => ({ addons: states(await write(ctx, r.name, r.enabled)) }),
  };
}

/** A key that is absent means the add-on manager's default, which is "enabled". */
function states(data: Record<string, string>): AddonState[] {
  return ADDON_NAMES.map((name) => ({ name, enabled: data[name] !== 'disabled', description: ADDON_DESCRIPTIONS[name] }));
}

async function read(ctx: CockpitContext): Promise<Record<string, string>> {
  const cm = await ctx.client.tryGet(CONFIGMAPS, ADDONS_CONFIGMAP.namespace, ADDONS_CONFIGMAP.name);
  return ((cm as { data?: Record<string, string> } | undefined)?.data) ?? {};
}

async function write(ctx: CockpitContext, name: AddonName, enabled: boolean): Promise<Record<string, string>> {
  const value = enabled ? 'enabled' : 'disabled';
  try {
    const cm = await ctx.client.patch(CONFIGMAPS, ADDONS_CONFIGMAP.namespace, ADDONS_CONFIGMAP.name, { data: { [name]: value } }, 'merge');
    return (cm as { data?: Record<string, string> }).data ?? {};
  } catch (e) {
    if (!(e instanceof ApiClientError) || e.code !== 404) throw e;
    const body: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ADDONS_CONFIGMAP.name, namespace: ADDONS_CONFIGMAP.namespace }, data: { [name]: value } };
    const cm = await ctx.client.create(CONFIGMAPS, ADDONS_CONFIGMAP.namespace, body);
    return (cm as { data?: Record<string, string> }).data ?? {};
  }
}
