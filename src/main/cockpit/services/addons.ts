/**
 * `addons:list|set`: the add-ons' desired state lives in the ConfigMap
 * `kube-system/pilothouse-addons` (addon-state.ts: data key = add-on name, `enabled` /
 * `disabled`, a missing key = the add-on's default); the add-on manager reacts to it. Here it is
 * read and written, with the manager's view of what each add-on offers or why it cannot run.
 */
import { ADDON_NAMES, type AddonState } from '../../../shared/ipc/operation-types.js';
import { ADDONS, readAddonStates, setAddon, type AddonStates } from '../../addons/addon-state.js';
import type { CallHandlers } from '../cockpit.js';
import type { CockpitContext } from '../context.js';

export function addonHandlers(ctx: CockpitContext): CallHandlers {
  return {
    'addons:list': async () => ({ addons: describe(ctx, await readAddonStates(ctx.client)) }),
    'addons:set': async (r) => ({ addons: describe(ctx, await setAddon(ctx.client, r.name, r.enabled)) }),
  };
}

function describe(ctx: CockpitContext, states: AddonStates): AddonState[] {
  const details = new Map((ctx.addons?.status() ?? []).map((s) => [s.name, s.detail]));
  return ADDON_NAMES.map((name) => ({
    name,
    enabled: states[name],
    description: ADDONS[name].description,
    ...(states[name] && details.get(name) ? { detail: details.get(name) } : {}),
  }));
}
