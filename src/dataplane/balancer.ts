/**
 * Picks the endpoint for a new connection: round robin over the ready endpoints, or, with
 * `sessionAffinity: ClientIP`, the endpoint a client used last while its affinity lasts (and the
 * endpoint is still ready). Endpoints that just failed are skipped for this pick.
 */
import type { EndpointAddress } from './protocol.js';

const key = (e: EndpointAddress) => `${e.ip}:${e.port}`;

export class Balancer {
  private readonly next = new Map<string, number>();
  private readonly sticky = new Map<string, { endpoint: string; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  pick(
    service: string,
    endpoints: readonly EndpointAddress[],
    options: { clientIP?: string; affinitySeconds?: number; exclude?: ReadonlySet<string> } = {},
  ): EndpointAddress | undefined {
    const candidates = options.exclude?.size ? endpoints.filter((e) => !options.exclude!.has(key(e))) : endpoints;
    if (candidates.length === 0) return undefined;
    const affinityKey = options.affinitySeconds && options.clientIP ? `${service}|${options.clientIP}` : undefined;
    if (affinityKey) {
      const s = this.sticky.get(affinityKey);
      if (s && s.expires > this.now()) {
        const found = candidates.find((e) => key(e) === s.endpoint);
        if (found) {
          s.expires = this.now() + options.affinitySeconds! * 1000;
          return found;
        }
      }
    }
    const i = this.next.get(service) ?? 0;
    const chosen = candidates[i % candidates.length];
    this.next.set(service, (i + 1) % 1_000_000_007);
    if (affinityKey) this.sticky.set(affinityKey, { endpoint: key(chosen), expires: this.now() + options.affinitySeconds! * 1000 });
    return chosen;
  }

  /** Forgets state of services that are gone (keys not in `live`) and expired affinities. */
  prune(live: ReadonlySet<string>): void {
    for (const k of this.next.keys()) if (!live.has(k)) this.next.delete(k);
    const now = this.now();
    for (const [k, s] of this.sticky) if (s.expires <= now || !live.has(k.slice(0, k.indexOf('|')))) this.sticky.delete(k);
  }
}

export function endpointKey(e: EndpointAddress): string {
  return key(e);
}
