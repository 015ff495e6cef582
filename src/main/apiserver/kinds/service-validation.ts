/**
 * core/v1 Service validation (upstream `ValidateService`, `validateServicePort` and the update
 * rules): ports, type, session affinity, traffic policies, cluster IPs that never change once
 * set. Paths and messages are upstream's.
 */
import { isDNS1123Label, isDNS1123Subdomain, validateLabels } from '../../../shared/api/names.js';
import { duplicate, forbidden, invalid, invalidEach, notSupported, required, type FieldError } from './field-errors.js';
import {
  isValidPortNum,
  validateAppProtocol,
  validateCIDR,
  validateIP,
  validateNonSpecialIP,
  validatePortNumOrName,
  validateProtocol,
} from './network-checks.js';
import { isExternallyAccessible, isHeadless, type Service, type ServicePort, type ServiceSpec } from './service-types.js';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const MAX_AFFINITY_SECONDS = 86400;

export function validateService(svc: Service): FieldError[] {
  const spec = svc.spec ?? {};
  const out: FieldError[] = [];
  if (!spec.ports?.length && !isHeadless(spec) && spec.type !== 'ExternalName') out.push(required('spec.ports'));
  out.push(...validateTypeSpecific(spec));
  const names = new Set<string>();
  (spec.ports ?? []).forEach((p, i) => out.push(...validateServicePort(p, (spec.ports?.length ?? 0) > 1, names, `spec.ports[${i}]`)));
  if (spec.selector) out.push(...(validateLabels(spec.selector, 'spec.selector') as FieldError[]));
  out.push(...validateAffinity(spec));
  out.push(...validateClusterIPs(spec));
  (spec.externalIPs ?? []).forEach((ip, i) => {
    const problems = validateIP(ip, `spec.externalIPs[${i}]`);
    out.push(...(problems.length ? problems : validateNonSpecialIP(ip, `spec.externalIPs[${i}]`)));
  });
  if (!spec.type) out.push(required('spec.type'));
  else if (!SERVICE_TYPES.includes(spec.type)) out.push(notSupported('spec.type', spec.type, SERVICE_TYPES));
  out.push(...validateNodePorts(spec), ...validateDuplicatePorts(spec), ...validateLoadBalancerFields(spec));
  out.push(...validateTrafficPolicies(spec));
  return out;
}

function validateTypeSpecific(spec: ServiceSpec): FieldError[] {
  if ((spec.type === 'LoadBalancer' || spec.type === 'NodePort') && isHeadless(spec)) {
    return [invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${spec.type} services`)];
  }
  if (spec.type !== 'ExternalName') return [];
  const out: FieldError[] = [];
  if (spec.clusterIPs?.length || (spec.clusterIP && spec.clusterIP !== '')) out.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
  if (spec.ipFamilies?.length) out.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
  if (spec.ipFamilyPolicy) out.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
  const cname = (spec.externalName ?? '').replace(/\.$/, '');
  if (!cname) out.push(required('spec.externalName'));
  else out.push(...invalidEach('spec.externalName', cname, isDNS1123Subdomain(cname)));
  return out;
}

function validateServicePort(p: ServicePort, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const out: FieldError[] = [];
  if (requireName && !p.name) out.push(required(`${path}.name`));
  else if (p.name) {
    out.push(...invalidEach(`${path}.name`, p.name, isDNS1123Label(p.name)));
    if (names.has(p.name)) out.push(duplicate(`${path}.name`, p.name));
    else names.add(p.name);
  }
  out.push(...invalidEach(`${path}.port`, p.port ?? 0, isValidPortNum(p.port ?? 0)));
  out.push(...validateProtocol(p.protocol, `${path}.protocol`));
  out.push(...validatePortNumOrName(p.targetPort, `${path}.targetPort`));
  out.push(...validateAppProtocol(p.appProtocol, `${path}.appProtocol`));
  return out;
}

function validateAffinity(spec: ServiceSpec): FieldError[] {
  const affinity = spec.sessionAffinity;
  if (!affinity) return [required('spec.sessionAffinity')];
  if (affinity !== 'ClientIP' && affinity !== 'None') return [notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None'])];
  if (affinity === 'None') {
    return spec.sessionAffinityConfig ? [forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None')] : [];
  }
  const when = 'when session affinity type is ClientIP';
  const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  if (!spec.sessionAffinityConfig) return [required('spec.sessionAffinityConfig', when)];
  if (!spec.sessionAffinityConfig.clientIP) return [required('spec.sessionAffinityConfig.clientIP', when)];
  if (timeout === undefined) return [required('spec.sessionAffinityConfig.clientIP.timeoutSeconds', when)];
  if (timeout <= 0 || timeout > MAX_AFFINITY_SECONDS) {
    return [invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`)];
  }
  return [];
}

function validateClusterIPs(spec: ServiceSpec): FieldError[] {
  const ips = spec.clusterIPs ?? [];
  const out: FieldError[] = [];
  if (ips.length > 0 && (spec.clusterIP ?? '') !== ips[0]) out.push(invalid('spec.clusterIPs', ips, 'first value must match `clusterIP`'));
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') return;
    out.push(...validateIP(ip, `spec.clusterIPs[${i}]`));
  });
  if (ips.length > 2) out.push(invalid('spec.clusterIPs', ips, 'may only hold up to 2 values'));
  return out;
}

function validateNodePorts(spec: ServiceSpec): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  (spec.ports ?? []).forEach((p, i) => {
    if (!p.nodePort) return;
    if (spec.type === 'ClusterIP') out.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    const id = `${p.protocol}/${p.nodePort}`;
    if (seen.has(id)) out.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    seen.add(id);
  });
  return out;
}

function validateDuplicatePorts(spec: ServiceSpec): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  (spec.ports ?? []).forEach((p, i) => {
    const id = `${p.protocol}/${p.port}`;
    if (seen.has(id)) out.push(duplicate(`spec.ports[${i}]`, { port: p.port, protocol: p.protocol }));
    seen.add(id);
  });
  return out;
}

function validateLoadBalancerFields(spec: ServiceSpec): FieldError[] {
  const out: FieldError[] = [];
  const onlyLB = "may only be used when `type` is 'LoadBalancer'";
  if (spec.loadBalancerSourceRanges?.length) {
    if (spec.type !== 'LoadBalancer') out.push(forbidden('spec.LoadBalancerSourceRanges', onlyLB));
    spec.loadBalancerSourceRanges.forEach((r, i) => out.push(...validateCIDR(r.trim(), `spec.LoadBalancerSourceRanges[${i}]`)));
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== 'LoadBalancer') {
    out.push(forbidden('spec.allocateLoadBalancerNodePorts', onlyLB));
  }
  return out;
}

function validateTrafficPolicies(spec: ServiceSpec): FieldError[] {
  const out: FieldError[] = [];
  const etp = spec.externalTrafficPolicy;
  if (!isExternallyAccessible(spec)) {
    if (etp) out.push(invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
  } else if (!etp) out.push(required('spec.externalTrafficPolicy'));
  else if (!TRAFFIC_POLICIES.includes(etp)) out.push(notSupported('spec.externalTrafficPolicy', etp, TRAFFIC_POLICIES));
  const itp = spec.internalTrafficPolicy;
  if (!itp && spec.type !== 'ExternalName' && spec.type) out.push(required('spec.internalTrafficPolicy'));
  if (itp && !TRAFFIC_POLICIES.includes(itp)) out.push(notSupported('spec.internalTrafficPolicy', itp, TRAFFIC_POLICIES));
  return out;
}

/**
 * Upstream `validateUpgradeDowngradeClusterIPs`: the primary cluster IP may not change once set
 * (ExternalName and headless-to-headless changes excepted). The API server must carry an
 * allocated `clusterIP` over from the stored object when the new one omits it, as upstream's
 * REST layer does, before calling this.
 */
export function validateServiceUpdate(svc: Service, old: Service): FieldError[] {
  const spec = svc.spec ?? {};
  const prev = old.spec ?? {};
  if (spec.type === 'ExternalName' || prev.type === 'ExternalName') return [];
  if (isHeadless(spec) && isHeadless(prev)) return [];
  const next = spec.clusterIPs ?? [];
  const before = prev.clusterIPs ?? [];
  const at0 = 'spec.clusterIPs[0]';
  if (next.length === before.length) {
    return before.flatMap((ip, i) => (ip !== next[i] ? [invalid(`spec.clusterIPs[${i}]`, next, 'may not change once set')] : []));
  }
  if (before.length > next.length) {
    if (next.length === 0) return [invalid(at0, next, 'primary clusterIP can not be unset')];
    const out = next[0] !== before[0] ? [invalid(at0, next, 'may not change once set')] : [];
    if (next.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      out.push(invalid(at0, next, "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
    return out;
  }
  return before.length > 0 && next[0] !== before[0] ? [invalid(at0, next, 'may not change once set')] : [];
}
