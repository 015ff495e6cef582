/** Route matching: hosts (exact, wildcard, any), path types, precedence, age, default backends. */
import { describe, expect, it } from 'vitest';
import type { Ingress } from '../../apiserver/kinds/ingress.js';
import { normalizeHost, originForm, prefixMatches, requestPath, RouteTable } from './route-table.js';

type Path = { path?: string; pathType: string; svc: string };

function ingress(name: string, rules: { host?: string; paths: Path[] }[], extra: { created?: string; defaultSvc?: string; namespace?: string } = {}): Ingress {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: extra.namespace ?? 'default', creationTimestamp: extra.created ?? '2026-01-01T00:00:00Z' },
    spec: {
      ...(extra.defaultSvc ? { defaultBackend: { service: { name: extra.defaultSvc, port: { number: 80 } } } } : {}),
      rules: rules.map((r) => ({
        host: r.host,
        http: { paths: r.paths.map((p) => ({ path: p.path, pathType: p.pathType, backend: { service: { name: p.svc, port: { number: 80 } } } })) },
      })),
    },
  };
}

const svcOf = (t: RouteTable, host: string | undefined, url: string) => t.match(host, url)?.backend.service?.name;

describe('RouteTable', () => {
  it('routes by host, case-insensitively and without the port', () => {
    const t = new RouteTable([
      ingress('a', [{ host: 'a.localhost', paths: [{ path: '/', pathType: 'Prefix', svc: 'web-a' }] }]),
      ingress('b', [{ host: 'b.localhost', paths: [{ path: '/api', pathType: 'Prefix', svc: 'api-b' }] }]),
    ]);
    expect(svcOf(t, 'a.localhost:8080', '/anything?q=1')).toBe('web-a');
    expect(svcOf(t, 'A.LocalHost', '/')).toBe('web-a');
    expect(svcOf(t, 'b.localhost:31000', '/api/users')).toBe('api-b');
    expect(svcOf(t, 'b.localhost', '/')).toBeUndefined();
    expect(svcOf(t, 'c.localhost', '/')).toBeUndefined();
    expect(t.hosts()).toEqual(['a.localhost', 'b.localhost']);
  });

  it('matches Prefix element-wise and prefers Exact, then the longest prefix', () => {
    const t = new RouteTable([
      ingress('x', [{
        paths: [
          { path: '/foo', pathType: 'Prefix', svc: 'prefix' },
          { path: '/foo/bar/', pathType: 'ImplementationSpecific', svc: 'longer' },
          { path: '/foo', pathType: 'Exact', svc: 'exact' },
        ],
      }]),
    ]);
    expect(svcOf(t, 'any', '/foo')).toBe('exact');
    expect(svcOf(t, 'any', '/foo/')).toBe('prefix');
    expect(svcOf(t, 'any', '/foo/baz')).toBe('prefix');
    expect(svcOf(t, 'any', '/foo/bar')).toBe('longer');
    expect(svcOf(t, 'any', '/foo/bar/x')).toBe('longer');
    expect(svcOf(t, 'any', '/foobar')).toBeUndefined();
    expect(svcOf(t, 'any', '/')).toBeUndefined();
  });

  it('wildcards cover exactly one label, and an exact host wins over them', () => {
    const t = new RouteTable([
      ingress('w', [{ host: '*.apps.localhost', paths: [{ path: '/', pathType: 'Prefix', svc: 'wild' }] }]),
      ingress('e', [{ host: 'admin.apps.localhost', paths: [{ path: '/', pathType: 'Prefix', svc: 'admin' }] }]),
      ingress('any', [{ paths: [{ path: '/', pathType: 'Prefix', svc: 'catch-all' }] }]),
    ]);
    expect(svcOf(t, 'shop.apps.localhost', '/')).toBe('wild');
    expect(svcOf(t, 'admin.apps.localhost', '/')).toBe('admin');
    expect(svcOf(t, 'apps.localhost', '/')).toBe('catch-all');
    expect(svcOf(t, 'a.b.apps.localhost', '/')).toBe('catch-all');
    expect(svcOf(t, undefined, '/')).toBe('catch-all');
  });

  it('gives a tie to the older Ingress, then to the smaller namespace/name', () => {
    const rules = [{ host: 'a.localhost', paths: [{ path: '/', pathType: 'Prefix', svc: '' }] }];
    const newer = ingress('aaa', [{ ...rules[0], paths: [{ ...rules[0].paths[0], svc: 'newer' }] }], { created: '2026-01-02T00:00:00Z' });
    const older = ingress('zzz', [{ ...rules[0], paths: [{ ...rules[0].paths[0], svc: 'older' }] }], { created: '2026-01-01T00:00:00Z' });
    expect(svcOf(new RouteTable([newer, older]), 'a.localhost', '/x')).toBe('older');
    expect(svcOf(new RouteTable([older, newer]), 'a.localhost', '/x')).toBe('older');
    const sameTime = ingress('bbb', [{ ...rules[0], paths: [{ ...rules[0].paths[0], svc: 'b' }] }]);
    const sameTimeA = ingress('aaa', [{ ...rules[0], paths: [{ ...rules[0].paths[0], svc: 'a' }] }]);
    expect(svcOf(new RouteTable([sameTime, sameTimeA]), 'a.localhost', '/x')).toBe('a');
  });

  it('falls back to the default backend of that host, then to any default backend', () => {
    const t = new RouteTable([
      ingress('fallback', [], { defaultSvc: 'global-default', created: '2026-01-01T00:00:00Z' }),
      ingress('a', [{ host: 'a.localhost', paths: [{ path: '/api', pathType: 'Prefix', svc: 'api' }] }], { defaultSvc: 'a-default', created: '2026-01-02T00:00:00Z' }),
      ingress('b', [{ host: 'b.localhost', paths: [{ path: '/api', pathType: 'Prefix', svc: 'api-b' }] }], { created: '2026-01-03T00:00:00Z' }),
    ]);
    expect(svcOf(t, 'a.localhost', '/api')).toBe('api');
    expect(svcOf(t, 'a.localhost', '/web')).toBe('a-default');
    expect(svcOf(t, 'b.localhost', '/web')).toBe('global-default');
    expect(svcOf(t, 'nobody.localhost', '/')).toBe('global-default');
    expect(t.match('nobody.localhost', '/')?.rule).toBe('default backend');
  });

  it('describes the matched rule and the paths of a host', () => {
    const t = new RouteTable([ingress('a', [{ host: 'a.localhost', paths: [{ path: '/api', pathType: 'Exact', svc: 'api' }, { path: '/', pathType: 'Prefix', svc: 'web' }] }])]);
    expect(t.match('a.localhost', '/api')?.rule).toBe('a.localhost/api (Exact)');
    expect(t.pathsFor('a.localhost:80')).toEqual(['/api (Exact)', '/ (Prefix)']);
    expect(t.pathsFor('zzz')).toEqual([]);
  });
});

describe('request helpers', () => {
  it('normalizes Host headers', () => {
    expect(normalizeHost('A.localhost:8080')).toBe('a.localhost');
    expect(normalizeHost('[::1]:80')).toBe('[::1]');
    expect(normalizeHost('example.com.')).toBe('example.com');
    expect(normalizeHost(undefined)).toBe('');
  });

  it('takes the path from origin-form and absolute-form targets', () => {
    expect(requestPath('/a/b?x=1')).toBe('/a/b');
    expect(requestPath('http://a.localhost:8080/x/y?z')).toBe('/x/y');
    expect(requestPath('http://a.localhost')).toBe('/');
    expect(requestPath('*')).toBe('/');
  });

  it('turns absolute-form targets into origin form for the pod', () => {
    expect(originForm('http://a.localhost:8080/x/y?z=1')).toBe('/x/y?z=1');
    expect(originForm('http://a.localhost?q')).toBe('/?q');
    expect(originForm('/plain?x')).toBe('/plain?x');
    expect(originForm('*')).toBe('*');
  });

  it('matches prefixes by path element', () => {
    expect(prefixMatches('', '/anything')).toBe(true);
    expect(prefixMatches('/foo', '/foo')).toBe(true);
    expect(prefixMatches('/foo', '/foo/')).toBe(true);
    expect(prefixMatches('/foo', '/foobar')).toBe(false);
  });
});
