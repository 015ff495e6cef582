/**
 * The node network: a user-defined Docker bridge that every pod sandbox joins, so pods reach
 * each other by IP inside Docker (never from the host). Created on first use if missing; its
 * default host binding is 127.0.0.1, so nothing on it is ever published beyond loopback.
 */
import type Dockerode from 'dockerode';
import { isNotFound, statusCode } from './errors.js';

/** In-flight `ensureNetwork` calls of this process, by network name (several node runtimes share one engine). */
const inflight = new Map<string, Promise<void>>();

/**
 * Makes sure the bridge network `name` exists; concurrent callers and an existing network are
 * fine. Docker's duplicate check is best-effort, so creations in this process are serialised and
 * any duplicate that still appears (another process racing us) is removed, oldest kept: a name
 * that matches two networks makes every sandbox start fail as "ambiguous".
 */
export function ensureNetwork(docker: Dockerode, name: string, labels: Record<string, string>): Promise<void> {
  let p = inflight.get(name);
  if (!p) {
    p = createOnce(docker, name, labels).finally(() => inflight.delete(name));
    inflight.set(name, p);
  }
  return p;
}

async function createOnce(docker: Dockerode, name: string, labels: Record<string, string>): Promise<void> {
  await ensureNetworkUnlocked(docker, name, labels);
  const same = (await docker.listNetworks({ filters: { name: [name] } })).filter((n) => n.Name === name);
  if (same.length <= 1) return;
  same.sort((a, b) => String(a.Created).localeCompare(String(b.Created)) || a.Id.localeCompare(b.Id));
  for (const extra of same.slice(1)) {
    await docker.getNetwork(extra.Id).remove().catch(() => {}); // in use by someone else's containers: leave it
  }
}

async function ensureNetworkUnlocked(docker: Dockerode, name: string, labels: Record<string, string>): Promise<void> {
  try {
    await docker.getNetwork(name).inspect();
    return;
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
    });
  } catch (e) {
    if (statusCode(e) !== 409) throw e; // 409: created meanwhile by someone else
  }
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
  ) {}

  ensure(): Promise<void> {
    this.ready ??= ensureNetwork(this.docker, this.name, this.labels).catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  invalidate(): void {
    this.ready = undefined;
  }
}
