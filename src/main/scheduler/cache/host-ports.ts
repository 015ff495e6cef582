/**
 * Host ports in use on one node (upstream `HostPortInfo`). A port is taken per (IP, protocol,
 * port); `0.0.0.0` means every IP of the node, so it conflicts with the same protocol and port
 * on any IP, and any IP conflicts with it.
 */
import type { HostPort } from '../framework/pod-info.js';

const WILDCARD = '0.0.0.0';

export class HostPortInfo {
  /** `ip|protocol|port` -> how many pods use it (pods bound by hand may collide). */
  private readonly exact = new Map<string, number>();
  /** `protocol|port` -> how many entries of `exact` have it, whatever their IP. */
  private readonly anyIp = new Map<string, number>();

  get size(): number {
    return this.exact.size;
  }

  add(p: HostPort): void {
    bump(this.exact, `${p.ip}|${p.protocol}|${p.port}`, 1);
    bump(this.anyIp, `${p.protocol}|${p.port}`, 1);
  }

  remove(p: HostPort): void {
    bump(this.exact, `${p.ip}|${p.protocol}|${p.port}`, -1);
    bump(this.anyIp, `${p.protocol}|${p.port}`, -1);
  }

  /** True when `p` cannot be used because it (or a wildcard covering it) is taken. */
  conflicts(p: HostPort): boolean {
    if (p.ip === WILDCARD) return this.anyIp.has(`${p.protocol}|${p.port}`);
    return this.exact.has(`${p.ip}|${p.protocol}|${p.port}`) || this.exact.has(`${WILDCARD}|${p.protocol}|${p.port}`);
  }
}

function bump(m: Map<string, number>, key: string, by: number): void {
  const n = (m.get(key) ?? 0) + by;
  if (n > 0) m.set(key, n);
  else m.delete(key);
}
