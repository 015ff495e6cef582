/**
 * Which Ingresses are ours. The controller owns the IngressClasses whose `spec.controller` is
 * `pilothouse.dev/ingress-controller`; it creates its class (default for the cluster) on start
 * when it is missing, and never overwrites it, so a user can take the default away or delete it.
 *
 * An Ingress is served when (ingress-nginx's rules, with `--ingress-class` = our class name):
 * - `spec.ingressClassName` names our class, or any class of our controller;
 * - else the legacy annotation `kubernetes.io/ingress.class` names our class;
 * - else (no class at all) one of our controller's classes is marked the default
 *   (`ingressclass.kubernetes.io/is-default-class: "true"`).
 */
import type { ApiClient } from '../../client/api-client.js';
import type { Ingress } from '../../apiserver/kinds/ingress.js';
import type { IngressClass } from '../../apiserver/kinds/ingressclass.js';
import { isAlreadyExists } from '../../controllers/conflict-retry.js';

export const CONTROLLER_NAME = 'pilothouse.dev/ingress-controller';
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
export const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
export const INGRESS_CLASSES = { apiVersion: 'networking.k8s.io/v1', resource: 'ingressclasses' };

/** Creates our IngressClass, marked default, if no class of that name exists. True if created. */
export async function ensureIngressClass(client: ApiClient, className: string): Promise<boolean> {
  if (await client.tryGet(INGRESS_CLASSES, undefined, className)) return false;
  try {
    await client.create<IngressClass>(INGRESS_CLASSES, undefined, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: {
        name: className,
        annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' },
        labels: { 'app.kubernetes.io/managed-by': 'pilothouse' },
      },
      spec: { controller: CONTROLLER_NAME },
    });
    return true;
  } catch (e) {
    if (isAlreadyExists(e)) return false; // created meanwhile by someone else: theirs stands
    throw e;
  }
}

/** Decides whether an Ingress is ours, given the IngressClasses that exist now. */
export class IngressClassFilter {
  constructor(
    /** Our class name (`--ingress-class`). */
    private readonly className: string,
    /** Looks up an IngressClass by name. */
    private readonly classes: { get(name: string): IngressClass | undefined; list(): IngressClass[] },
  ) {}

  serves(ing: Ingress): boolean {
    const named = ing.spec?.ingressClassName;
    if (named !== undefined && named !== '') return named === this.className || this.isOurs(this.classes.get(named));
    const legacy = ing.metadata.annotations?.[LEGACY_CLASS_ANNOTATION];
    if (legacy !== undefined && legacy !== '') return legacy === this.className;
    return this.classes.list().some((c) => this.isOurs(c) && c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  }

  private isOurs(c: IngressClass | undefined): boolean {
    return c?.spec?.controller === CONTROLLER_NAME;
  }
}
