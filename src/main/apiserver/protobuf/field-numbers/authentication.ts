/**
 * Field numbers of authentication.k8s.io/v1 TokenRequest. Source: k8s.io/api/authentication/v1/generated.proto.
 */
import type { LayoutTable } from './types.js';

const AUTHN = 'io.k8s.api.authentication.v1';

export const authenticationLayouts: LayoutTable = {
  [`${AUTHN}.TokenRequest`]: { fields: { metadata: 1, spec: 2, status: 3 } },
  [`${AUTHN}.TokenRequestSpec`]: { fields: { audiences: 1, boundObjectRef: 3, expirationSeconds: 4 }, keepZero: ['expirationSeconds'] },
  [`${AUTHN}.BoundObjectReference`]: { fields: { kind: 1, apiVersion: 2, name: 3, uid: 4 } },
  [`${AUTHN}.TokenRequestStatus`]: { fields: { token: 1, expirationTimestamp: 2 } },
};
