/**
 * `network:portForward`: a 127.0.0.1 port forwarded to a pod or Service port (kube-proxy's
 * `startPortForward`), open for as long as the subscriber holds it. Needs Docker nodes with
 * service networking; says so otherwise.
 */
import { startPortForward } from '../../proxy/port-forward.js';
import type { SubscriptionHandlers } from '../cockpit.js';
import type { CockpitContext } from '../context.js';
import { CockpitError } from '../errors.js';

export function portForwardHandlers(ctx: CockpitContext): SubscriptionHandlers {
  return {
    'network:portForward': async (r, sink) => {
      if (!ctx.proxy) throw new CockpitError('Unsupported', 'port-forwarding needs Docker nodes with service networking (pilothouse serve --nodes N)');
      const forward = await startPortForward(ctx.client, ctx.proxy, { kind: r.kind, namespace: r.namespace, name: r.name, port: r.port }, r.localPort ?? 0);
      sink.emit({ type: 'ready', localPort: forward.localPort, target: forward.target, url: `http://127.0.0.1:${forward.localPort}/` });
      return () => forward.close();
    },
  };
}
