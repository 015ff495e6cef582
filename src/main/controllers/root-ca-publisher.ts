/**
 * Root CA publisher (upstream `pkg/controller/certificates/rootcacertpublisher`): every active
 * namespace has the ConfigMap `kube-root-ca.crt` whose `ca.crt` is the cluster CA, so pods can
 * verify the API server (the projected `kube-api-access-*` volume reads it). A missing
 * ConfigMap is created again; an edited one is put back. Keys are namespace names.
 */
import type { KubeObject } from '../../shared/api/object.js';
import type { ApiClient } from '../client/api-client.js';
import type { Informer } from '../client/informer.js';
import { isAlreadyExists, isNotFound, updateWithRetry } from './conflict-retry.js';
import { silentLog, type ControllerLog } from './controller-log.js';
import { InformerController } from './informer-controller.js';
import { isActive, isForbiddenTerminating } from './serviceaccount-controller.js';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
export const ROOT_CA_KEY = 'ca.crt';
const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
const DESCRIPTION =
  'The CA bundle for verifying the API server through its in-cluster addresses (the kubernetes Service, ' +
  'kubernetes.default.svc). Nothing else about its contents is promised.';

const NAMESPACES = { apiVersion: 'v1', resource: 'namespaces' };
const CONFIGMAPS = { apiVersion: 'v1', resource: 'configmaps' };

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

export interface RootCAPublisherOptions {
  client: ApiClient;
  /** The cluster CA certificate (PEM) published as `ca.crt`. */
  caPem: string;
  log?: ControllerLog;
}

export class RootCAPublisher extends InformerController {
  private readonly client: ApiClient;
  private readonly caPem: string;
  private readonly log: ControllerLog;
  private readonly namespaces: Informer;
  private readonly configMaps: Informer<ConfigMap>;

  constructor(options: RootCAPublisherOptions) {
    super('root-ca-cert-publisher');
    if (!options.caPem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('root-ca-cert-publisher: caPem must be a PEM certificate');
    this.client = options.client;
    this.caPem = options.caPem;
    this.log = options.log ?? silentLog;
    this.namespaces = this.informer(this.client, NAMESPACES);
    this.configMaps = this.informer<ConfigMap>(this.client, CONFIGMAPS, { selectors: { fieldSelector: `metadata.name=${ROOT_CA_CONFIGMAP}` } });
    this.namespaces.addHandlers({
      onAdd: (ns) => this.queue.add(ns.metadata.name!),
      onUpdate: (_old, ns) => this.queue.add(ns.metadata.name!),
    });
    this.configMaps.addHandlers({
      onUpdate: (_old, cm) => this.queue.add(cm.metadata.namespace!),
      onDelete: (cm) => this.queue.add(cm.metadata.namespace!),
    });
  }

  protected async reconcile(namespace: string): Promise<void> {
    const ns = this.namespaces.get(namespace);
    if (!ns || !isActive(ns)) return;
    const current = this.configMaps.get(`${namespace}/${ROOT_CA_CONFIGMAP}`);
    if (!current) return this.create(namespace);
    if (this.isCurrent(current)) return;
    await updateWithRetry<ConfigMap>(this.client, { ref: CONFIGMAPS, namespace, name: ROOT_CA_CONFIGMAP }, (cm) => {
      if (this.isCurrent(cm)) return false;
      cm.data = { [ROOT_CA_KEY]: this.caPem };
      cm.metadata.annotations = { ...cm.metadata.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION };
      return true;
    });
    this.log('restored root CA config map', { namespace });
  }

  private isCurrent(cm: ConfigMap): boolean {
    const keys = Object.keys(cm.data ?? {});
    return keys.length === 1 && cm.data?.[ROOT_CA_KEY] === this.caPem && cm.metadata.annotations?.[DESCRIPTION_ANNOTATION] === DESCRIPTION;
  }

  private async create(namespace: string): Promise<void> {
    try {
      await this.client.create(CONFIGMAPS, namespace, {
        apiVersion: 'v1', kind: 'ConfigMap',
        metadata: { name: ROOT_CA_CONFIGMAP, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } },
        data: { [ROOT_CA_KEY]: this.caPem },
      } as KubeObject);
      this.log('published root CA config map', { namespace });
    } catch (e) {
      if (isAlreadyExists(e) || isNotFound(e) || isForbiddenTerminating(e)) return;
      throw e;
    }
  }
}
