/**
 * Where a Service or an Ingress can be opened from this machine. Pilothouse exposes them on
 * 127.0.0.1 only: LoadBalancer services at their `status.loadBalancer.ingress` address, NodePort
 * services at 127.0.0.1:nodePort, Ingresses at their load-balancer address (host rules need the
 * name to resolve there). ClusterIP services are reachable only inside the cluster.
 */
import type { Ingress, Service } from './kube-types';

export interface HostLink {
  label: string;
  url: string;
}

const scheme = (port: number, name?: string) => (port === 443 || name === 'https' ? 'https' : 'http');

export function serviceLinks(svc: Service): HostLink[] {
  const links: HostLink[] = [];
  const lb = svc.status?.loadBalancer?.ingress ?? [];
  for (const p of svc.spec?.ports ?? []) {
    if (p.protocol && p.protocol !== 'TCP') continue;
    for (const i of lb) {
      const host = i.ip ?? i.hostname;
      if (host) links.push({ label: `${host}:${p.port}`, url: `${scheme(p.port, p.name)}://${host}:${p.port}/` });
    }
    if (!lb.length && p.nodePort && (svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer')) {
      links.push({ label: `127.0.0.1:${p.nodePort}`, url: `${scheme(p.port, p.name)}://127.0.0.1:${p.nodePort}/` });
    }
  }
  return links;
}

export function ingressLinks(ing: Ingress): HostLink[] {
  const links: HostLink[] = [];
  const tls = new Set((ing.spec?.tls ?? []).flatMap((t) => t.hosts ?? []));
  for (const lb of ing.status?.loadBalancer?.ingress ?? []) {
    const address = lb.ip ?? lb.hostname;
    if (!address) continue;
    const ports = lb.ports?.length ? lb.ports.map((p) => p.port) : [80];
    for (const rule of ing.spec?.rules ?? [{}]) {
      for (const path of rule.http?.paths ?? [{ path: '/' }]) {
        for (const port of ports) {
          const https = rule.host ? tls.has(rule.host) && port === 443 : port === 443;
          const host = rule.host && !rule.host.startsWith('*') ? rule.host : address;
          const portPart = (https && port === 443) || (!https && port === 80) ? '' : `:${port}`;
          const url = `${https ? 'https' : 'http'}://${host}${portPart}${path.path ?? '/'}`;
          links.push({ label: url, url });
        }
      }
    }
  }
  return links;
}
