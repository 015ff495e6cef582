/**
 * Forwarding-loop detection (the idea of CoreDNS's `loop` plugin): at start, one query for a
 * random name outside any real zone goes to each upstream. If that name comes back to this
 * server, the upstream forwards to us (for example a resolv.conf that names the cluster DNS
 * itself): it is taken out of use and the log says so, instead of queries circling forever.
 */
import { randomBytes } from 'node:crypto';
import { canonicalName, emptyFlags, RRClass, type Question } from './dns-message.js';
import { encodeMessage } from './wire-codec.js';
import type { UpstreamForwarder } from './upstream-forwarder.js';

/** HINFO, a type nothing answers from a cache for a random name. */
const PROBE_TYPE = 13;

export class LoopDetector {
  /** Probe name (canonical) -> the upstream it was sent to. */
  private readonly probes = new Map<string, number>();

  constructor(
    private readonly forwarder: UpstreamForwarder,
    private readonly log: (line: string) => void,
  ) {}

  /** Sends one probe to each upstream; resolves when every probe has been answered or timed out. */
  async probe(): Promise<void> {
    const sent = this.forwarder.upstreams.map((_, index) => {
      const name = `${randomBytes(8).toString('hex')}.${randomBytes(8).toString('hex')}.loop-check.pilothouse.invalid`;
      this.probes.set(name, index);
      const query = encodeMessage({
        id: 0, flags: { ...emptyFlags(), rd: true }, questions: [{ name, type: PROBE_TYPE, class: RRClass.IN }], answers: [], authorities: [], additionals: [],
      });
      return this.forwarder.exchangeWith(index, query);
    });
    await Promise.all(sent);
  }

  /** True when `q` is one of our probes coming back: its upstream is then disabled. */
  intercept(q: Question): boolean {
    const index = this.probes.get(canonicalName(q.name));
    if (index === undefined) return false;
    this.probes.delete(canonicalName(q.name));
    const u = this.forwarder.upstreams[index];
    this.forwarder.disable(index);
    this.log(`forwarding loop: upstream=${u.host}:${u.port} sends queries back to this server; not forwarding to it (give the DNS pod dnsPolicy: Default, or set DNS_UPSTREAM)`);
    return true;
  }
}
