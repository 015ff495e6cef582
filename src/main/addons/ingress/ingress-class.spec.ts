/** Which Ingresses the controller serves, by class name, legacy annotation and default class. */
import { describe, expect, it } from 'vitest';
import type { Ingress } from '../../apiserver/kinds/ingress.js';
import type { IngressClass } from '../../apiserver/kinds/ingressclass.js';
import { CONTROLLER_NAME, DEFAULT_CLASS_ANNOTATION, IngressClassFilter, LEGACY_CLASS_ANNOTATION } from './ingress-class.js';

function ingressClass(name: string, controller: string, isDefault = false): IngressClass {
  return { metadata: { name, annotations: isDefault ? { [DEFAULT_CLASS_ANNOTATION]: 'true' } : {} }, spec: { controller } };
}

function filterWith(classes: IngressClass[]): IngressClassFilter {
  const byName = new Map(classes.map((c) => [c.metadata.name!, c]));
  return new IngressClassFilter('pilothouse', { get: (n) => byName.get(n), list: () => classes });
}

function ing(className?: string, annotation?: string): Ingress {
  return {
    metadata: { name: 'x', namespace: 'default', annotations: annotation ? { [LEGACY_CLASS_ANNOTATION]: annotation } : {} },
    spec: { ...(className ? { ingressClassName: className } : {}), defaultBackend: { service: { name: 's', port: { number: 80 } } } },
  };
}

describe('IngressClassFilter', () => {
  const ours = ingressClass('pilothouse', CONTROLLER_NAME, true);
  const nginx = ingressClass('nginx', 'k8s.io/ingress-nginx');

  it('serves its class by name, and other classes of its controller', () => {
    const f = filterWith([ours, nginx, ingressClass('pilothouse-internal', CONTROLLER_NAME)]);
    expect(f.serves(ing('pilothouse'))).toBe(true);
    expect(f.serves(ing('pilothouse-internal'))).toBe(true);
    expect(f.serves(ing('nginx'))).toBe(false);
    expect(f.serves(ing('missing'))).toBe(false);
  });

  it('honours the legacy kubernetes.io/ingress.class annotation', () => {
    const f = filterWith([ours, nginx]);
    expect(f.serves(ing(undefined, 'pilothouse'))).toBe(true);
    expect(f.serves(ing(undefined, 'nginx'))).toBe(false);
  });

  it('serves Ingresses without a class only while its class is the default', () => {
    expect(filterWith([ours, nginx]).serves(ing())).toBe(true);
    expect(filterWith([ingressClass('pilothouse', CONTROLLER_NAME, false), nginx]).serves(ing())).toBe(false);
    expect(filterWith([ingressClass('nginx', 'k8s.io/ingress-nginx', true)]).serves(ing())).toBe(false);
    expect(filterWith([]).serves(ing())).toBe(false);
  });
});
