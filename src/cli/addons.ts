/**
 * `pilothouse addons list|enable|disable NAME`: the cluster's add-ons (dns, ingress, dashboard,
 * metrics), read and switched through the API with a kubeconfig's credentials — the running
 * cluster's add-on manager applies the change, and the choice survives restarts.
 */
import { ApiClient } from '../main/client/api-client.js';
import { HttpsTransport } from '../main/client/https-transport.js';
import { loadKubeconfigCredentials } from '../main/client/kubeconfig-credentials.js';
import { defaultKubeconfigPath } from '../main/cluster/kubeconfig.js';
import { ADDON_NAMES, ADDONS, isAddonName, readAddonStates, setAddon, UnknownAddonError } from '../main/addons/addon-state.js';

export interface AddonsCommandOptions {
  kubeconfig?: string;
  context?: string;
}

function connect(opts: AddonsCommandOptions): { client: ApiClient; close(): void } {
  const creds = loadKubeconfigCredentials(opts.kubeconfig ?? defaultKubeconfigPath(), opts.context);
  const transport = new HttpsTransport(creds);
  return { client: new ApiClient(transport), close: () => transport.close() };
}

export async function runAddonsList(opts: AddonsCommandOptions): Promise<void> {
  const { client, close } = connect(opts);
  try {
    const states = await readAddonStates(client);
    const rows = ADDON_NAMES.map((n) => [n, states[n] ? 'enabled' : 'disabled', ADDONS[n].description]);
    const widths = [0, 1].map((i) => Math.max(...[['NAME', 'STATE'][i], ...rows.map((r) => r[i])].map((c) => c.length)));
    console.log(['NAME'.padEnd(widths[0]), 'STATE'.padEnd(widths[1]), 'DESCRIPTION'].join('   '));
    for (const r of rows) console.log([r[0].padEnd(widths[0]), r[1].padEnd(widths[1]), r[2]].join('   '));
  } finally {
    close();
  }
}

export async function runAddonsSet(name: string, enabled: boolean, opts: AddonsCommandOptions): Promise<void> {
  if (!isAddonName(name)) throw new UnknownAddonError(name);
  const { client, close } = connect(opts);
  try {
    await setAddon(client, name, enabled);
    console.log(`add-on ${name} ${enabled ? 'enabled' : 'disabled'}`);
  } finally {
    close();
  }
}
