/**
 * Every channel's service, assembled for a context. Transports add what only they can do
 * (the desktop shell adds `app:openExternal`) through `extra`.
 */
import { portForwardHandlers } from './services/port-forward.js';
import type { Handlers, CallHandlers, SubscriptionHandlers } from './cockpit.js';
import type { CockpitContext } from './context.js';
import { addonHandlers } from './services/addons.js';
import { applyHandlers } from './services/apply.js';
import { clusterInfoHandlers } from './services/cluster-info.js';
import { clusterViewHandlers } from './services/cluster-views.js';
import { execHandlers } from './services/exec.js';
import { imagePullHandlers } from './services/image-pulls.js';
import { metricsWatchHandlers } from './services/metrics-watch.js';
import { logHandlers } from './services/logs.js';
import { nodeHandlers } from './services/nodes.js';
import { resourceHandlers } from './services/resources.js';
import { watchHandlers } from './services/watch.js';
import { workloadHandlers } from './services/workloads.js';

export function cockpitHandlers(ctx: CockpitContext, extra: Partial<Handlers> = {}): Handlers {
  const exec = execHandlers(ctx);
  const calls: CallHandlers = {
    ...clusterInfoHandlers(ctx),
    ...resourceHandlers(ctx),
    ...applyHandlers(ctx),
    ...workloadHandlers(ctx),
    ...nodeHandlers(ctx),
    ...clusterViewHandlers(ctx),
    ...addonHandlers(ctx),
    ...exec.calls,
    ...settingsHandlers(ctx),
    ...extra.calls,
  };
  const subscriptions: SubscriptionHandlers = {
    ...watchHandlers(ctx),
    ...logHandlers(ctx),
    ...exec.subscriptions,
    ...imagePullHandlers(ctx),
    ...metricsWatchHandlers(ctx, ctx.metricsCheckMs),
    ...portForwardHandlers(ctx),
    ...extra.subscriptions,
  };
  return { calls, subscriptions };
}

function settingsHandlers(ctx: CockpitContext): CallHandlers {
  const settings = ctx.settings;
  if (!settings) return {};
  return {
    'settings:get': async () => settings.get(),
    'settings:set': async (r) => settings.set(r),
  };
}
