/**
 * The node network: a user-defined Docker bridge that every pod sandbox joins, so pods reach
 * each other by IP inside Docker (never from the host). Created on first use if missing; its
 * default host binding is 127.0.0.1, so nothing on it is ever published beyond loopback.
 */
import type Dockerode from 'dockerode';
import { isNotFound, statusCode } from './errors.js';

/**
 * The address plan a network must have (cluster-network.ts): the subnet holds the service range,
 * pods get addresses from `ipRange` only. Without one, Docker picks the subnet.
 */
export interface NetworkIpam {
  subnet: string;
  ipRange: string;
  gateway: string;
}

/** A network that exists with another address plan and cannot be replaced (containers still use it). */
export class NetworkConflictError extends Error {}

/** In-flight `ensureNetwork` calls of this process, by network name (several node runtimes share one engine). */
const inflight = new Map<string, Promise<void>>();

/**
 * Makes sure the bridge network `name` exists; concurrent callers and an existing network are
 * fine. Docker's duplicate check is best-effort, so creations in this process are serialised and
 * any duplicate that still appears (another process racing us) is removed, oldest kept: a name
 * that matches two networks makes every sandbox start fail as "ambiguous".
 */
export function ensureNetwork(docker: Dockerode, name: string, labels: Record<string, string>, ipam?: NetworkIpam): Promise<void> {
  let p = inflight.get(name);
  if (!p) {
    p = createOnce(docker, name, labels, ipam).finally(() => inflight.delete(name));
    inflight.set(name, p);
  }
  return p;
}

async function createOnce(docker: Dockerode, name: string, labels: Record<string, string>, ipam?: NetworkIpam): Promise<void> {
  await ensureNetworkUnlocked(docker, name, labels, ipam);
  const same = (await docker.listNetworks({ filters: { name: [name] } })).filter((n) => n.Name === name);
  if (same.length <= 1) return;
  same.sort((a, b) => String(a.Created).localeCompare(String(b.Created)) || a.Id.localeCompare(b.Id));
  for (const extra of same.slice(1)) {
    await docker.getNetwork(extra.Id).remove().catch(() => {}); // in use by someone else's containers: leave it
  }
}

async function ensureNetworkUnlocked(docker: Dockerode, name: string, labels: Record<string, string>, ipam?: NetworkIpam): Promise<void> {
  try {
    const existing = (await docker.getNetwork(name).inspect()) as NetworkInspect;
    if (!ipam || hasPlan(existing, ipam)) return;
    await replaceNetwork(docker, existing, ipam);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  try {
    await docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      CheckDuplicate: true,
      Labels: { ...labels, 'pilothouse.network': 'node' },
      Options: { 'com.docker.network.bridge.host_binding_ipv4': '127.0.0.1' },
      ...(ipam ? { IPAM: { Driver: 'default', Config: [{ Subnet: ipam.subnet, IPRange: ipam.ipRange, Gateway: ipam.gateway }] } } : {}),
    });
  } catch (e) {
    if (statusCode(e) !== 409) throw e; // 409: created meanwhile by someone else
  }
}

interface NetworkInspect {
  Id: string;
  Name: string;
  Labels?: Record<string, string>;
  IPAM?: { Config?: { Subnet?: string; IPRange?: string; Gateway?: string }[] };
  Containers?: Record<string, unknown>;
}

function hasPlan(n: NetworkInspect, ipam: NetworkIpam): boolean {
  return (n.IPAM?.Config ?? []).some((c) => c.Subnet === ipam.subnet && c.IPRange === ipam.ipRange && c.Gateway === ipam.gateway);
}

/**
 * An older network of ours without the address plan (from a version before service networking)
 * is replaced when nothing uses it; anything else is a conflict a person must resolve.
 */
async function replaceNetwork(docker: Dockerode, n: NetworkInspect, ipam: NetworkIpam): Promise<void> {
  const attached = Object.keys(n.Containers ?? {}).length;
  if (n.Labels?.['pilothouse.network'] !== 'node' || attached > 0) {
    const subnets = (n.IPAM?.Config ?? []).map((c) => c.Subnet).filter(Boolean).join(', ') || 'none';
    throw new NetworkConflictError(
      `Docker network "${n.Name}" exists with subnet ${subnets}, but pods need ${ipam.subnet} (pods in ${ipam.ipRange}): ` +
        (attached > 0 ? `${attached} container(s) still use it; stop them (or the other Pilothouse cluster) and ` : '') +
        `remove it with "docker network rm ${n.Name}", then start again.`,
    );
  }
  await docker.getNetwork(n.Id).remove();
}

/**
 * Remembers that the network exists, so it is checked once per process, not per sandbox.
 * `invalidate()` after Docker says the network is gone (someone removed it) makes the next
 * `ensure()` create it again.
 */
export class NodeNetwork {
  private ready?: Promise<void>;

  constructor(
    private readonly docker: Dockerode,
    readonly name: string,
    private readonly labels: Record<string, string>,
    private readonly ipam?: NetworkIpam,
  ) {}

  ensure(): Promise<void> {
    this.ready ??= ensureNetwork(this.docker, this.name, this.labels, this.ipam).catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  invalidate(): void {
    this.ready = undefined;
  }
}
