/**
 * The cluster DNS add-on as Kubernetes objects in `kube-system`, so it is as visible as CoreDNS is
 * on any cluster (`kubectl get pods -n kube-system`): the `kube-dns` Service at the cluster DNS
 * address, a Deployment `pilothouse-dns` whose pod runs our DNS server (src/addons/dns) with Node,
 * the program itself in a ConfigMap (no image registry needed beyond a Node image), and its
 * ServiceAccount (it watches Services and EndpointSlices through the API).
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../shared/api/object.js';
import type { ClusterNetwork } from '../network/cluster-network.js';

export const DNS_NAME = 'pilothouse-dns';
export const DNS_SERVICE = 'kube-dns';
export const PROGRAM_KEY = 'dns.mjs';
export const HASH_ANNOTATION = 'pilothouse.dev/program-hash';
const MANAGED = { 'app.kubernetes.io/managed-by': 'pilothouse', 'pilothouse.dev/addon': 'dns' };

export interface DnsObjectsInput {
  network: ClusterNetwork;
  image: string;
  program: string;
  /** Node labels the pod needs (Docker-backed nodes: simulated nodes run no real process). */
  nodeSelector: Record<string, string>;
}

export function programHash(program: string): string {
  return createHash('sha256').update(program).digest('hex').slice(0, 16);
}

export function dnsObjects(i: DnsObjectsInput): { serviceAccount: KubeObject; configMap: KubeObject; deployment: KubeObject; service: KubeObject } {
  const ns = 'kube-system';
  const hash = programHash(i.program);
  const labels = { 'k8s-app': 'kube-dns', ...MANAGED };
  return {
    serviceAccount: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DNS_NAME, namespace: ns, labels: MANAGED } },
    configMap: {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: `${DNS_NAME}-program`, namespace: ns, labels: MANAGED, annotations: { [HASH_ANNOTATION]: hash } },
      data: { [PROGRAM_KEY]: i.program },
    } as KubeObject,
    deployment: {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: DNS_NAME, namespace: ns, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        template: {
          metadata: { labels, annotations: { [HASH_ANNOTATION]: hash } },
          spec: {
            serviceAccountName: DNS_NAME,
            // Its own upstream is the node's resolver, never itself.
            dnsPolicy: 'Default',
            nodeSelector: i.nodeSelector,
            tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
            terminationGracePeriodSeconds: 5,
            containers: [{
              name: 'dns',
              image: i.image,
              imagePullPolicy: 'IfNotPresent',
              command: ['node', `/opt/pilothouse/${PROGRAM_KEY}`],
              env: [{ name: 'CLUSTER_DOMAIN', value: i.network.clusterDomain }, { name: 'DNS_HEALTH_PORT', value: '8080' }],
              ports: [
                { name: 'dns', containerPort: 53, protocol: 'UDP' },
                { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                { name: 'health', containerPort: 8080, protocol: 'TCP' },
              ],
              // It is ready once it has listed Services and EndpointSlices, well within a second.
              readinessProbe: { httpGet: { path: '/ready', port: 'health' }, initialDelaySeconds: 1, periodSeconds: 2, failureThreshold: 3 },
              livenessProbe: { httpGet: { path: '/health', port: 'health' }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 5 },
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
              volumeMounts: [{ name: 'program', mountPath: '/opt/pilothouse', readOnly: true }],
            }],
            volumes: [{ name: 'program', configMap: { name: `${DNS_NAME}-program` } }],
          },
        },
      },
    } as KubeObject,
    service: {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: DNS_SERVICE, namespace: ns, labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'PilothouseDNS', ...MANAGED } },
      spec: {
        clusterIP: i.network.dnsServiceIP,
        selector: { 'k8s-app': 'kube-dns' },
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 'dns-tcp' },
        ],
      },
    } as KubeObject,
  };
}
