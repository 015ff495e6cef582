import { describe, expect, it } from 'vitest';
import type { Pod } from './api-types.js';
import { podDNS } from './pod-dns.js';
import { serviceEnvironment, type ServiceObject } from './service-env.js';

const cluster = { servers: ['10.96.0.10'], domain: 'cluster.local' };
const pod = (spec: Record<string, unknown> = {}, namespace = 'shop'): Pod => ({ metadata: { name: 'p', namespace }, spec: { containers: [], ...spec } }) as Pod;

describe('podDNS', () => {
  it('ClusterFirst points at the cluster DNS with the namespace search path and ndots:5', () => {
    expect(podDNS(pod(), cluster)).toEqual({
      servers: ['10.96.0.10'], searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: ['ndots:5'],
    });
  });

  it('Default, hostNetwork pods and clusters without DNS keep the node resolver', () => {
    expect(podDNS(pod({ dnsPolicy: 'Default' }), cluster)).toBeUndefined();
    expect(podDNS(pod({ hostNetwork: true }), cluster)).toBeUndefined();
    expect(podDNS(pod(), undefined)).toBeUndefined();
    expect(podDNS(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), cluster)?.servers).toEqual(['10.96.0.10']);
  });

  it('None takes dnsConfig alone; dnsConfig adds servers and searches and overrides options by name', () => {
    const dnsConfig = { nameservers: ['1.1.1.1'], searches: ['corp.example', 'svc.cluster.local'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] };
    expect(podDNS(pod({ dnsPolicy: 'None', dnsConfig }), cluster)).toEqual({ servers: ['1.1.1.1'], searches: ['corp.example', 'svc.cluster.local'], options: ['ndots:2', 'edns0'] });
    expect(podDNS(pod({ dnsConfig }), cluster)).toEqual({
      servers: ['10.96.0.10', '1.1.1.1'],
      searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp.example'],
      options: ['ndots:2', 'edns0'],
    });
  });
});

describe('serviceEnvironment', () => {
  const svc = (name: string, namespace: string, spec: ServiceObject['spec']): ServiceObject => ({ metadata: { name, namespace }, spec });
  const kubernetes = svc('kubernetes', 'default', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP' }] });
  const lister = (services: ServiceObject[]) => ({ list: async (ns: string) => services.filter((s) => s.metadata.namespace === ns), master: async () => kubernetes });

  it('gives the Docker-links variables of the namespace services and the master service', async () => {
    const env = await serviceEnvironment(pod(), lister([
      svc('web-api', 'shop', { clusterIP: '10.96.3.4', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] }),
      svc('headless', 'shop', { clusterIP: 'None', ports: [{ port: 80 }] }),
      svc('other', 'elsewhere', { clusterIP: '10.96.9.9', ports: [{ port: 80 }] }),
    ]));
    expect(env).toMatchObject({
      KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', KUBERNETES_SERVICE_PORT_HTTPS: '443',
      KUBERNETES_PORT: 'tcp://10.96.0.1:443', KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
      WEB_API_SERVICE_HOST: '10.96.3.4', WEB_API_SERVICE_PORT: '8080', WEB_API_SERVICE_PORT_HTTP: '8080',
      WEB_API_PORT: 'tcp://10.96.3.4:8080', WEB_API_PORT_53_UDP: 'udp://10.96.3.4:53', WEB_API_PORT_53_UDP_PROTO: 'udp',
    });
    expect(Object.keys(env).some((k) => k.startsWith('HEADLESS_') || k.startsWith('OTHER_'))).toBe(false);
  });

  it('enableServiceLinks: false leaves only the master service', async () => {
    const env = await serviceEnvironment(pod({ enableServiceLinks: false }), lister([svc('web', 'shop', { clusterIP: '10.96.3.4', ports: [{ port: 80 }] })]));
    expect(env.KUBERNETES_SERVICE_HOST).toBe('10.96.0.1');
    expect(env.WEB_SERVICE_HOST).toBeUndefined();
  });
});
