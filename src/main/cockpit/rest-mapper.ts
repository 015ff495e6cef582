/**
 * Maps `apiVersion` + `kind` (what a manifest says) to the resource and its scope (what the API
 * path needs), from discovery — every served version, not only the preferred one. The table is
 * read once and re-read when a kind is not found (a group may have appeared since).
 */
import type { CockpitContext } from './context.js';
import { CockpitError } from './errors.js';
import { rawGet } from './raw-api.js';

export interface Mapping {
  apiVersion: string;
  resource: string;
  kind: string;
  namespaced: boolean;
}

interface ApiResourceList {
  groupVersion: string;
  resources: { name: string; kind: string; namespaced: boolean }[];
}

export class RestMapper {
  private table?: Promise<Map<string, Mapping>>;

  constructor(private readonly ctx: Pick<CockpitContext, 'apiServer'>) {}

  async mapping(apiVersion: string, kind: string): Promise<Mapping> {
    const key = `${apiVersion}/${kind}`;
    let found = (await this.load()).get(key);
    if (!found) {
      this.table = undefined;
      found = (await this.load()).get(key);
    }
    if (!found) {
      throw new CockpitError('NotFound', `no kind "${kind}" is served in version "${apiVersion}" (is the apiVersion right?)`);
    }
    return found;
  }

  private load(): Promise<Map<string, Mapping>> {
    this.table ??= this.read().catch((e) => {
      this.table = undefined;
      throw e;
    });
    return this.table;
  }

  private async read(): Promise<Map<string, Mapping>> {
    const groups = await rawGet<{ groups: { versions: { groupVersion: string }[] }[] }>(this.ctx, '/apis');
    const versions = ['v1', ...groups.groups.flatMap((g) => g.versions.map((v) => v.groupVersion))];
    const lists = await Promise.all(versions.map((gv) => rawGet<ApiResourceList>(this.ctx, gv === 'v1' ? '/api/v1' : `/apis/${gv}`).catch(() => undefined)));
    const table = new Map<string, Mapping>();
    for (const list of lists) {
      for (const r of list?.resources ?? []) {
        if (r.name.includes('/')) continue;
        table.set(`${list!.groupVersion}/${r.kind}`, { apiVersion: list!.groupVersion, resource: r.name, kind: r.kind, namespaced: r.namespaced });
      }
    }
    return table;
  }
}
