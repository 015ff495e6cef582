/**
 * The cluster's address plan. Every Docker-backed pod joins one bridge network whose subnet also
 * holds the service range, so a ClusterIP is an on-link address for pods: the service proxy
 * container answers ARP for it (an address alias) and proxies in user space. Host traffic never
 * touches these addresses; it enters through ports published on 127.0.0.1.
 *
 *   10.96.0.0/12    the Docker network (`pilothouse`)
 *   10.96.0.0/16    Service ClusterIPs (kubernetes = .0.1, cluster DNS = .0.10)
 *   10.100.0.0/14   pod IPs (Docker's IPAM hands them out)
 *   10.111.255.254  the bridge's own address (the pods' default gateway)
 */
export interface ClusterNetwork {
  /** The Docker network every pod sandbox and the service proxy join. */
  dockerNetwork: string;
  subnet: string;
  gateway: string;
  podRange: string;
  serviceCidr: string;
  kubernetesServiceIP: string;
  dnsServiceIP: string;
  clusterDomain: string;
}

export const CLUSTER_NETWORK: ClusterNetwork = Object.freeze({
  dockerNetwork: 'pilothouse',
  subnet: '10.96.0.0/12',
  gateway: '10.111.255.254',
  podRange: '10.100.0.0/14',
  serviceCidr: '10.96.0.0/16',
  kubernetesServiceIP: '10.96.0.1',
  dnsServiceIP: '10.96.0.10',
  clusterDomain: 'cluster.local',
});

export const NODE_PORT_RANGE: [number, number] = [30000, 32767];
