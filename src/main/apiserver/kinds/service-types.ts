/** Loose shape of a core/v1 Service. */
import type { KubeObject } from '../../../shared/api/object.js';

export interface ServicePort {
  name?: string;
  protocol?: string;
  appProtocol?: string;
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
  [extra: string]: unknown;
}

export interface ServiceSpec {
  type?: string;
  selector?: Record<string, string>;
  ports?: ServicePort[];
  clusterIP?: string;
  clusterIPs?: string[];
  externalIPs?: string[];
  externalName?: string;
  sessionAffinity?: string;
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  internalTrafficPolicy?: string;
  externalTrafficPolicy?: string;
  healthCheckNodePort?: number;
  allocateLoadBalancerNodePorts?: boolean;
  loadBalancerSourceRanges?: string[];
  publishNotReadyAddresses?: boolean;
  [extra: string]: unknown;
}

export interface Service extends KubeObject {
  spec?: ServiceSpec;
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] }; [extra: string]: unknown };
}

/** `clusterIP: None`. */
export function isHeadless(spec: ServiceSpec | undefined): boolean {
  return spec?.clusterIP === 'None';
}

/** NodePort and LoadBalancer Services are reachable from outside the cluster. */
export function isExternallyAccessible(spec: ServiceSpec | undefined): boolean {
  return spec?.type === 'NodePort' || spec?.type === 'LoadBalancer' || (spec?.type === 'ClusterIP' && (spec.externalIPs?.length ?? 0) > 0);
}
