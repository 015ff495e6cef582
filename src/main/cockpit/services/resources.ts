/**
 * `resources:discover|list|get|delete|yaml`: generic access to any resource the API server
 * serves, addressed as `{ apiVersion, resource }` like the API paths.
 */
import { stringify } from 'yaml';
import type { KubeObject } from '../../../shared/api/object.js';
import type { ApiResourceInfo } from '../../../shared/ipc/resource-types.js';
import { toRow } from '../../../shared/ipc/rows.js';
import type { CallHandlers } from '../cockpit.js';
import type { CockpitContext } from '../context.js';
import { forEditing, withoutManagedFields } from '../clean-object.js';
import { rawGet } from '../raw-api.js';

interface ApiResourceList {
  groupVersion: string;
  resources: { name: string; kind: string; namespaced: boolean; verbs: string[]; shortNames?: string[] }[];
}

export function resourceHandlers(ctx: CockpitContext): CallHandlers {
  return {
    'resources:discover': async () => ({ resources: await discover(ctx) }),
    'resources:list': async (r) => {
      const list = await ctx.client.list({ apiVersion: r.apiVersion, resource: r.resource }, r.namespace || undefined, {
        labelSelector: r.labelSelector, fieldSelector: r.fieldSelector,
      });
      const kind = list.kind.replace(/List$/, '');
      const items = list.items.map((o) => withKind(o, r.apiVersion, kind));
      return {
        resourceVersion: list.metadata.resourceVersion ?? '',
        items: r.view === 'row' ? items.map(toRow) : items.map(withoutManagedFields),
      };
    },
    'resources:get': async (r) => ({ object: withoutManagedFields(await ctx.client.get(r, r.namespace, r.name)) }),
    'resources:delete': async (r) => {
      await ctx.client.delete(r, r.namespace, r.name, { propagationPolicy: r.propagationPolicy ?? 'Background', gracePeriodSeconds: r.gracePeriodSeconds });
      return { deleted: true };
    },
    'resources:yaml': async (r) => {
      const object = forEditing(await ctx.client.get(r, r.namespace, r.name));
      return { yaml: stringify(object, { lineWidth: 0 }), resourceVersion: object.metadata.resourceVersion ?? '' };
    },
  };
}

/** Every resource (not subresource) of every served group version, preferred versions only. */
export async function discover(ctx: CockpitContext): Promise<ApiResourceInfo[]> {
  const groups = await rawGet<{ groups: { preferredVersion?: { groupVersion: string } }[] }>(ctx, '/apis');
  const versions = ['v1', ...groups.groups.map((g) => g.preferredVersion?.groupVersion).filter((v): v is string => !!v)];
  const lists = await Promise.all(versions.map((gv) => rawGet<ApiResourceList>(ctx, gv === 'v1' ? '/api/v1' : `/apis/${gv}`).catch(() => undefined)));
  const out: ApiResourceInfo[] = [];
  for (const list of lists) {
    if (!list) continue;
    for (const r of list.resources) {
      if (r.name.includes('/')) continue;
      out.push({ apiVersion: list.groupVersion, resource: r.name, kind: r.kind, namespaced: r.namespaced, verbs: r.verbs, shortNames: r.shortNames });
    }
  }
  return out;
}

/** List items carry no kind on the wire; rows and the renderer need it. */
export function withKind(o: KubeObject, apiVersion: string, kind: string): KubeObject {
  return o.kind ? o : { ...o, apiVersion, kind };
}
