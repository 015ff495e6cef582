import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseResolvConf, parseUpstreams } from './config.js';

const IN_POD = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };

describe('DNS add-on configuration', () => {
  it('fills the in-pod defaults and takes upstreams from resolv.conf', () => {
    const files: Record<string, string> = { '/etc/resolv.conf': '# generated\nsearch lan\nnameserver 192.168.1.1\nnameserver fe80::1%eth0\noptions ndots:1\nnameserver not-an-ip\n' };
    const config = loadConfig(IN_POD, (path) => files[path]);
    expect(config).toEqual({
      dnsPort: 53,
      healthPort: 8080,
      bindAddress: '0.0.0.0',
      domain: 'cluster.local',
      ttl: 5,
      upstreams: [{ host: '192.168.1.1', port: 53 }, { host: 'fe80::1', port: 53 }],
      api: {
        host: '10.96.0.1',
        port: 443,
        tokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
        caFile: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
      },
    });
  });

  it('lets the environment override every setting', () => {
    const config = loadConfig({
      ...IN_POD, DNS_PORT: '1053', DNS_HEALTH_PORT: '0', DNS_BIND_ADDRESS: '127.0.0.1', CLUSTER_DOMAIN: 'Example.Internal.',
      DNS_UPSTREAM: '1.1.1.1, 9.9.9.9:5353,[2606:4700::1111]:53,::1', DNS_TOKEN_FILE: '/t', DNS_CA_FILE: '/c', DNS_TTL: '30',
    }, () => {
      throw new Error('resolv.conf must not be read when DNS_UPSTREAM is set');
    });
    expect(config).toMatchObject({
      dnsPort: 1053, healthPort: 0, bindAddress: '127.0.0.1', domain: 'example.internal', ttl: 30,
      upstreams: [{ host: '1.1.1.1', port: 53 }, { host: '9.9.9.9', port: 5353 }, { host: '2606:4700::1111', port: 53 }, { host: '::1', port: 53 }],
      api: { tokenFile: '/t', caFile: '/c' },
    });
  });

  it('works without a resolv.conf (no upstreams)', () => {
    expect(loadConfig(IN_POD, () => { throw new Error('ENOENT'); }).upstreams).toEqual([]);
    expect(parseResolvConf('')).toEqual([]);
  });

  it('says which setting is wrong', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({})).toThrow(/KUBERNETES_SERVICE_HOST/);
    expect(() => loadConfig({ ...IN_POD, DNS_PORT: '70000' }, () => '')).toThrow(/DNS_PORT="70000"/);
    expect(() => loadConfig({ ...IN_POD, KUBERNETES_SERVICE_PORT: 'https' }, () => '')).toThrow(/KUBERNETES_SERVICE_PORT/);
    expect(() => parseUpstreams('dns.google')).toThrow(/"dns.google" is not ip\[:port\]/);
    expect(() => parseUpstreams('1.1.1.1:0')).toThrow(ConfigError);
  });
});
