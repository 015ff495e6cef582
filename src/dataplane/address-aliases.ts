/**
 * ClusterIPs as address aliases of the proxy container's interface (`ip addr add IP/32 dev eth0`,
 * busybox or iproute2): the service range lies inside the pod subnet, so pods ARP for a ClusterIP
 * on the bridge and this container answers. Needs CAP_NET_ADMIN in the container only.
 */
import { execFile } from 'node:child_process';

export class AddressAliases {
  private readonly present = new Set<string>();

  constructor(private readonly iface = 'eth0') {}

  has(ip: string): boolean {
    return this.present.has(ip);
  }

  async add(ip: string): Promise<void> {
    if (this.present.has(ip)) return;
    await ipCommand(['addr', 'add', `${ip}/32`, 'dev', this.iface], /File exists/);
    this.present.add(ip);
  }

  async remove(ip: string): Promise<void> {
    if (!this.present.has(ip)) return;
    this.present.delete(ip);
    await ipCommand(['addr', 'del', `${ip}/32`, 'dev', this.iface], /Cannot assign|not found|No such/i);
  }

  list(): string[] {
    return [...this.present];
  }
}

function ipCommand(args: string[], harmless: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('ip', args, { timeout: 5000 }, (err, _stdout, stderr) => {
      if (!err || harmless.test(String(stderr))) resolve();
      else reject(new Error(`ip ${args.join(' ')} failed: ${String(stderr).trim() || err.message}`));
    });
  });
}
