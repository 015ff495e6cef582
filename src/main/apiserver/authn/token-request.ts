/**
 * The `serviceaccounts/{name}/token` subresource (upstream `registry/core/serviceaccount/storage/
 * token.go`): `POST` an `authentication.k8s.io/v1 TokenRequest` and get it back with
 * `status.token` and `status.expirationTimestamp` (what `kubectl create token` prints).
 *
 * Spec defaults: `audiences` = the issuer, `expirationSeconds` = 3600, capped at the configured
 * maximum; at least 600. A `boundObjectRef` to a Pod or Secret must name an existing object
 * (and its uid, when given); a bound pod must run as this ServiceAccount.
 * Register with `apiServer.addHandler(tokenRequestHandler({...}))`.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { ApiClient } from '../../client/api-client.js';
import { rfc3339 } from '../../util/time.js';
import { decodeObjectBody } from '../body.js';
import { errors } from '../errors.js';
import type { ExtraHandler } from '../server.js';
import { invalid, notSupported, type FieldError } from '../kinds/field-errors.js';
import { DEFAULT_EXPIRATION_SECONDS, type ServiceAccountTokenIssuer } from './service-account-tokens.js';

const PATH = /^\/api\/v1\/namespaces\/([^/]+)\/serviceaccounts\/([^/]+)\/token\/?$/;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;
const BINDABLE_KINDS = ['Pod', 'Secret'];

export interface TokenRequestHandlerOptions {
  /** Reads ServiceAccounts, Pods and Secrets (the in-process admin client). */
  client: ApiClient;
  issuer: ServiceAccountTokenIssuer;
  /** Longest lifetime granted; longer requests are shortened. Default 24 h. */
  maxExpirationSeconds?: number;
}

interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string };
}

export function tokenRequestHandler(options: TokenRequestHandlerOptions): ExtraHandler {
  const maxExpiration = options.maxExpirationSeconds ?? 24 * 3600;
  return async (req) => {
    const m = PATH.exec(req.path);
    if (!m) return undefined;
    if (req.method !== 'POST') throw errors.methodNotAllowed('only POST is supported on serviceaccounts/token');
    const namespace = decodeURIComponent(m[1]);
    const name = decodeURIComponent(m[2]);
    const body = decodeObjectBody(req);
    if (body.kind !== undefined && body.kind !== 'TokenRequest') throw errors.badRequest(`the body must be a TokenRequest, not ${String(body.kind)}`);
    const spec: TokenRequestSpec = { ...((body.spec as TokenRequestSpec | undefined) ?? {}) };
    spec.audiences = spec.audiences?.length ? spec.audiences : [options.issuer.issuer];
    spec.expirationSeconds ??= DEFAULT_EXPIRATION_SECONDS;
    const problems = validateSpec(spec);
    if (problems.length) throw errors.invalid('TokenRequest', 'authentication.k8s.io', name, problems);
    spec.expirationSeconds = Math.min(spec.expirationSeconds, maxExpiration);

    const sa = await options.client.tryGet({ apiVersion: 'v1', resource: 'serviceaccounts' }, namespace, name);
    if (!sa) throw errors.notFound({ group: '', resource: 'serviceaccounts', name });
    const bound = await resolveBoundObject(options.client, namespace, name, spec.boundObjectRef);
    if (bound && spec.boundObjectRef) spec.boundObjectRef.uid = bound.metadata.uid;

    const kind = spec.boundObjectRef?.kind;
    const ref = bound ? { name: bound.metadata.name!, uid: bound.metadata.uid! } : undefined;
    const issued = options.issuer.issueToken({
      namespace,
      serviceAccount: { name, uid: sa.metadata.uid! },
      pod: kind === 'Pod' ? ref : undefined,
      secret: kind === 'Secret' ? ref : undefined,
      audiences: spec.audiences,
      expirationSeconds: spec.expirationSeconds,
    });
    return {
      status: 201,
      body: {
        kind: 'TokenRequest',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { name, namespace, creationTimestamp: null },
        spec,
        status: { token: issued.token, expirationTimestamp: rfc3339(issued.expirationTimestamp) },
      },
    };
  };
}

function validateSpec(spec: TokenRequestSpec): FieldError[] {
  const out: FieldError[] = [];
  const seconds = spec.expirationSeconds!;
  if (!Number.isInteger(seconds)) out.push(invalid('spec.expirationSeconds', seconds, 'must be an integer'));
  else if (seconds < MIN_EXPIRATION_SECONDS) out.push(invalid('spec.expirationSeconds', seconds, 'may not specify a duration less than 10 minutes'));
  else if (seconds > MAX_EXPIRATION_SECONDS) out.push(invalid('spec.expirationSeconds', seconds, 'may not specify a duration larger than 2^32 seconds'));
  const ref = spec.boundObjectRef;
  if (ref && !BINDABLE_KINDS.includes(ref.kind ?? '')) out.push(notSupported('spec.boundObjectRef.kind', ref.kind ?? '', BINDABLE_KINDS));
  if (ref && !ref.name) out.push(invalid('spec.boundObjectRef.name', ref.name ?? '', 'must name an object'));
  return out;
}

async function resolveBoundObject(
  client: ApiClient, namespace: string, serviceAccount: string, ref: TokenRequestSpec['boundObjectRef'],
): Promise<KubeObject | undefined> {
  if (!ref) return undefined;
  const resource = ref.kind === 'Pod' ? 'pods' : 'secrets';
  const obj = await client.tryGet({ apiVersion: 'v1', resource }, namespace, ref.name!);
  if (!obj) throw errors.notFound({ group: '', resource, name: ref.name });
  if (ref.uid && ref.uid !== obj.metadata.uid) {
    throw errors.conflict(
      { group: '', resource, name: ref.name },
      `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
    );
  }
  if (ref.kind === 'Pod') {
    const spec = obj.spec as { serviceAccountName?: string } | undefined;
    if ((spec?.serviceAccountName || 'default') !== serviceAccount) {
      throw errors.badRequest(`cannot bind token for serviceaccount "${serviceAccount}" to pod running with different serviceaccount name.`);
    }
  }
  return obj;
}
