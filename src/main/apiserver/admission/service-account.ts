/**
 * ServiceAccount admission (upstream `plugin/pkg/admission/serviceaccount`), on pod CREATE:
 *
 * - `spec.serviceAccountName` defaults to `default`;
 * - the ServiceAccount must exist, else the pod is rejected with upstream's 403
 *   `pods "x" is forbidden: error looking up service account ns/sa: serviceaccount "sa" not found`.
 *   Like upstream, the `default` account is looked up again for a moment (10 tries, 100–200ms
 *   apart) before giving up, since the ServiceAccount controller creates it right after its
 *   namespace: a pod created together with its namespace waits for it instead of failing;
 * - unless the pod (or else its ServiceAccount) says `automountServiceAccountToken: false`, the
 *   projected volume `kube-api-access-<5 random>` (token at `token` for 3607s, `ca.crt` from the
 *   `kube-root-ca.crt` ConfigMap, `namespace` from the downward API; mode 0644) is added and
 *   mounted read-only at `/var/run/secrets/kubernetes.io/serviceaccount` in every init and app
 *   container that has nothing mounted there yet;
 * - the ServiceAccount's `imagePullSecrets` are copied to a pod that lists none.
 *
 * Register it only where the ServiceAccount controller runs: without it no pod could be admitted.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { Container, Pod, Volume } from '../kinds/pod-types.js';
import { errors } from '../errors.js';
import { generateName } from '../registry/generic-registry.js';
import { findResource } from '../registry/resources.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { AdmissionAttributes, AdmissionPlugin } from './types.js';

export const DEFAULT_SERVICE_ACCOUNT = 'default';
export const TOKEN_VOLUME_PREFIX = 'kube-api-access-';
export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** Upstream `WarnOnlyBoundTokenExpirationSeconds`: one hour and seven seconds. */
export const TOKEN_EXPIRATION_SECONDS = 3607;
const DEFAULT_LOOKUP_ATTEMPTS = 10;

interface ServiceAccount extends KubeObject {
  automountServiceAccountToken?: boolean;
  imagePullSecrets?: { name?: string }[];
}

export interface ServiceAccountAdmissionOptions {
  /** Waits between lookups of a missing `default` account; default 100–200ms, as upstream. */
  retryDelayMs?: () => number;
  /** Lookups of a missing `default` account before the pod is rejected (default 10). */
  defaultAttempts?: number;
}

export class ServiceAccountAdmission implements AdmissionPlugin {
  readonly name = 'ServiceAccount';
  private readonly serviceAccounts = findResource('', 'v1', 'serviceaccounts')!;
  private readonly retryDelayMs: () => number;
  private readonly defaultAttempts: number;

  constructor(
    private readonly objects: ObjectStore,
    options: ServiceAccountAdmissionOptions = {},
  ) {
    this.retryDelayMs = options.retryDelayMs ?? (() => 100 + Math.floor(Math.random() * 100));
    this.defaultAttempts = options.defaultAttempts ?? DEFAULT_LOOKUP_ATTEMPTS;
  }

  async admit({ operation, ctx, object }: AdmissionAttributes): Promise<void> {
    if (operation !== 'CREATE' || ctx.resource.kind !== 'Pod' || ctx.resource.group !== '' || ctx.subresource) return;
    const pod = object as Pod;
    const spec = (pod.spec ??= {});
    spec.serviceAccountName ||= DEFAULT_SERVICE_ACCOUNT;
    spec.serviceAccount ||= spec.serviceAccountName;
    const namespace = pod.metadata.namespace!;
    const sa = await this.lookUp(namespace, spec.serviceAccountName);
    if (!sa) {
      throw errors.forbidden(
        { group: '', resource: 'pods', name: pod.metadata.name },
        `error looking up service account ${namespace}/${spec.serviceAccountName}: serviceaccount "${spec.serviceAccountName}" not found`,
      );
    }
    if (shouldAutomount(sa, pod)) mountServiceAccountToken(pod);
    if (!spec.imagePullSecrets?.length && sa.imagePullSecrets?.length) {
      spec.imagePullSecrets = sa.imagePullSecrets.map((s) => ({ name: s.name }));
    }
  }

  private async lookUp(namespace: string, name: string): Promise<ServiceAccount | undefined> {
    const attempts = name === DEFAULT_SERVICE_ACCOUNT ? this.defaultAttempts : 1;
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, this.retryDelayMs()));
      const sa = await this.objects.get(this.serviceAccounts, namespace, name);
      if (sa) return sa as ServiceAccount;
    }
    return undefined;
  }
}

/** The pod's own setting wins, then the ServiceAccount's; the default is to mount. */
function shouldAutomount(sa: ServiceAccount, pod: Pod): boolean {
  if (typeof pod.spec?.automountServiceAccountToken === 'boolean') return pod.spec.automountServiceAccountToken;
  if (typeof sa.automountServiceAccountToken === 'boolean') return sa.automountServiceAccountToken;
  return true;
}

/** Upstream `mountServiceAccountToken`: one `kube-api-access-*` volume, mounted wherever the path is free. */
export function mountServiceAccountToken(pod: Pod): void {
  const spec = pod.spec!;
  const existing = (spec.volumes ?? []).find((v) => v.name?.startsWith(TOKEN_VOLUME_PREFIX));
  const volumeName = existing?.name ?? generateName(TOKEN_VOLUME_PREFIX);
  let needed = false;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Container[]) {
    if ((c.volumeMounts ?? []).some((m) => m.mountPath === TOKEN_MOUNT_PATH)) continue;
    c.volumeMounts = [...(c.volumeMounts ?? []), { name: volumeName, readOnly: true, mountPath: TOKEN_MOUNT_PATH }];
    needed = true;
  }
  if (!existing && needed) spec.volumes = [...(spec.volumes ?? []), tokenVolume(volumeName)];
}

/** Upstream `TokenVolumeSource()`. */
export function tokenVolume(name: string): Volume {
  return {
    name,
    projected: {
      defaultMode: 0o644,
      sources: [
        { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}
