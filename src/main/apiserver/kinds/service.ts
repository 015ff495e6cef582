/**
 * core/v1 Service: upstream defaults (ClusterIP, sessionAffinity None, TCP, targetPort = port,
 * SingleStack IPv4, Cluster traffic policies), validation, the `kubectl get svc` Table
 * (`80:30080/TCP`, `<none>`, `<pending>`) and the `spec.clusterIP` / `spec.type` field selectors.
 * Allocating cluster IPs and node ports is the API server's job, not this strategy's.
 */
import type { KindStrategy } from '../registry/types.js';
import { formatAge } from './age.js';
import { formatLabels } from './label-selectors.js';
import { isExternallyAccessible, type Service, type ServiceSpec } from './service-types.js';
import { validateService, validateServiceUpdate } from './service-validation.js';
import { AGE_COLUMN, col, loadBalancerAddresses, wide } from './table-columns.js';

export type { Service };

/** Upstream `SetDefaults_Service` plus the strategy's clusterIP/clusterIPs normalisation. */
function defaultService(svc: Service): void {
  svc.spec ??= {};
  const spec = svc.spec;
  spec.sessionAffinity ||= 'None';
  if (spec.sessionAffinity === 'ClientIP') {
    spec.sessionAffinityConfig ??= {};
    spec.sessionAffinityConfig.clientIP ??= {};
    spec.sessionAffinityConfig.clientIP.timeoutSeconds ??= 10800;
  }
  spec.type ||= 'ClusterIP';
  for (const p of spec.ports ?? []) {
    p.protocol ||= 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (isExternallyAccessible(spec)) spec.externalTrafficPolicy ||= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  if (spec.type !== 'ExternalName') {
    spec.internalTrafficPolicy ||= 'Cluster';
    spec.ipFamilyPolicy ||= 'SingleStack';
    if (!spec.ipFamilies?.length) spec.ipFamilies = ['IPv4'];
  }
  normalizeClusterIPs(spec);
}

/** `clusterIP` and `clusterIPs[0]` are the same value; fill whichever is missing. */
function normalizeClusterIPs(spec: ServiceSpec): void {
  if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];
  else if (!spec.clusterIP && spec.clusterIPs?.length) spec.clusterIP = spec.clusterIPs[0];
}

/** EXTERNAL-IP as upstream `getServiceExternalIP`: external IPs, load-balancer ingress, `<pending>`. */
export function serviceExternalIP(svc: Service): string {
  const spec = svc.spec ?? {};
  const external = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(svc.status?.loadBalancer?.ingress);
      if (external.length) return [...lb, ...external].join(',');
      return lb.length ? lb.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** PORT(S) as upstream `makePortString`: `80/TCP`, `80:30080/TCP`, comma-separated. */
export function servicePorts(spec: ServiceSpec | undefined): string {
  const pieces = (spec?.ports ?? []).map((p) =>
    p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}` : `${p.port}/${p.protocol ?? ''}`,
  );
  return pieces.join(',') || '<none>';
}

/**
 * Upstream `patchAllocatedValues`: an update that omits the allocated cluster IP or node ports
 * (as `kubectl replace` of a hand-written manifest does) keeps the allocated ones.
 */
function keepAllocatedValues(svc: Service, old: Service): void {
  const spec = (svc.spec ??= {});
  const oldSpec = old.spec ?? {};
  if (spec.type !== 'ExternalName' && oldSpec.type !== 'ExternalName') {
    if (!spec.clusterIP && oldSpec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
    if (!spec.clusterIPs?.length && oldSpec.clusterIPs?.length) spec.clusterIPs = [...oldSpec.clusterIPs];
  }
  const needsNodePorts = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  if (!needsNodePorts) return;
  for (const p of spec.ports ?? []) {
    if (p.nodePort) continue;
    const match = (oldSpec.ports ?? []).find((o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
    if (match?.nodePort) p.nodePort = match.nodePort;
  }
}

export const serviceStrategy = {
  nameRule: 'dns1035',
  prepareForUpdate: keepAllocatedValues,
  defaults: defaultService,
  validate: validateService,
  validateUpdate: (svc: Service, old: Service) => [...validateServiceUpdate(svc, old), ...validateService(svc)],
  table: {
    columns: [
      col('Type', 'string', 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.'),
      col('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
      col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
      col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
      AGE_COLUMN,
      wide('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.'),
    ],
    cells(svc: Service, now: Date): unknown[] {
      const spec = svc.spec ?? {};
      return [
        spec.type ?? '',
        spec.clusterIPs?.[0] || spec.clusterIP || '<none>',
        serviceExternalIP(svc),
        servicePorts(spec),
        formatAge(svc.metadata.creationTimestamp, now),
        formatLabels(spec.selector),
      ];
    },
  },
  fieldSelectors: (svc: Service) => ({ 'spec.clusterIP': svc.spec?.clusterIP ?? '', 'spec.type': svc.spec?.type ?? '' }),
} satisfies KindStrategy<Service>;
