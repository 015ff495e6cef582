import { describe, expect, it } from 'vitest';
import { ingressStrategy, type Ingress } from './ingress.js';
import { ingressClassStrategy, type IngressClass } from './ingressclass.js';
import { errorTexts } from './spec-support.js';

const now = new Date('2024-05-01T12:00:00Z');
const backend = { service: { name: 'web', port: { number: 80 } } };

describe('Ingress', () => {
  it('a simple ingress is valid and prints CLASS HOSTS ADDRESS PORTS AGE', () => {
    const ing: Ingress = {
      metadata: { name: 'web', creationTimestamp: '2024-05-01T11:58:00Z' },
      spec: { ingressClassName: 'nginx', rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }], tls: [{ hosts: ['shop.example.com'] }] },
      status: { loadBalancer: { ingress: [{ ip: '172.18.0.5' }] } },
    };
    expect(ingressStrategy.validate(ing)).toEqual([]);
    expect(ingressStrategy.table.cells(ing, now)).toEqual(['nginx', 'shop.example.com', '172.18.0.5', '80, 443', '2m']);
  });

  it('pathType is required; Exact and Prefix paths are absolute', () => {
    const ing: Ingress = {
      metadata: { name: 'web' },
      spec: { rules: [{ http: { paths: [{ path: '/', backend }, { path: 'api', pathType: 'Exact', backend }, { path: '/', pathType: 'Glob', backend }] } }] },
    };
    expect(errorTexts(ingressStrategy.validate(ing))).toEqual([
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
      'spec.rules[0].http.paths[1].path: Invalid value: "api": must be an absolute path',
      'spec.rules[0].http.paths[2].pathType: Unsupported value: "Glob": supported values: "Exact", "ImplementationSpecific", "Prefix"',
    ]);
  });

  it('needs rules or a default backend; backends need a port', () => {
    expect(errorTexts(ingressStrategy.validate({ metadata: { name: 'x' }, spec: {} }))).toEqual([
      'spec: Invalid value: null: either `defaultBackend` or `rules` must be specified',
    ]);
    const ing: Ingress = { metadata: { name: 'x' }, spec: { defaultBackend: { service: { name: 'web' } } } };
    expect(errorTexts(ingressStrategy.validate(ing))).toEqual(['spec.defaultBackend: Required value: port name or number is required']);
  });

  it('HOSTS is * without hosts; CLASS is <none> without a class', () => {
    const ing: Ingress = { metadata: { name: 'x' }, spec: { defaultBackend: backend } };
    expect(ingressStrategy.table.cells(ing, now).slice(0, 4)).toEqual(['<none>', '*', '', '80']);
  });
});

describe('IngressClass', () => {
  it('defaults parameter scope; validates the controller; prints CONTROLLER PARAMETERS AGE', () => {
    const ic: IngressClass = { metadata: { name: 'nginx', creationTimestamp: '2024-05-01T11:00:00Z' }, spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' } } };
    ingressClassStrategy.defaults(ic);
    expect(ic.spec?.parameters?.scope).toBe('Cluster');
    expect(ingressClassStrategy.validate(ic)).toEqual([]);
    expect(ingressClassStrategy.table.cells(ic, now)).toEqual(['k8s.io/ingress-nginx', 'IngressParameters.k8s.example.com/external-lb', '60m']);
  });

  it('controller must be domain-prefixed and is immutable', () => {
    const old: IngressClass = { metadata: { name: 'x' }, spec: { controller: 'example.com/a' } };
    expect(errorTexts(ingressClassStrategy.validate({ metadata: { name: 'x' }, spec: { controller: 'nginx' } }))).toEqual([
      'spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
    ]);
    expect(errorTexts(ingressClassStrategy.validateUpdate({ ...old, spec: { controller: 'example.com/b' } }, old))).toEqual([
      'spec.controller: Invalid value: "example.com/b": field is immutable',
    ]);
  });
});
