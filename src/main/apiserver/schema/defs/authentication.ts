/**
 * authentication.k8s.io/v1 TokenRequest: posted to `serviceaccounts/{name}/token`
 * (`kubectl create token`) to get a bound, expiring service-account token.
 */
import { def, int64, kindDef, list, ref, str, time } from '../dsl.js';
import type { Definition } from '../types.js';

const AUTHN = 'io.k8s.api.authentication.v1';

export const authenticationDefinitions: Definition[] = [
  kindDef(`${AUTHN}.TokenRequest`, { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
    'Requests a token for a service account.', {
      spec: ref(`${AUTHN}.TokenRequestSpec`, 'What the token is for.'),
      status: ref(`${AUTHN}.TokenRequestStatus`, 'The issued token.'),
    }, { required: ['spec'] }),
  def(`${AUTHN}.TokenRequestSpec`, 'What the requested token is for.', {
    audiences: list(str(), 'Audiences the token is valid for.'),
    expirationSeconds: int64('Requested lifetime of the token, in seconds.'),
    boundObjectRef: ref(`${AUTHN}.BoundObjectReference`, 'An object the token is bound to: the token stops working when it is deleted.'),
  }, { required: ['audiences'] }),
  def(`${AUTHN}.BoundObjectReference`, 'A reference to the object a token is bound to (a Pod or a Secret).', {
    kind: str('Kind of the referent: Pod or Secret.'),
    apiVersion: str('API version of the referent.'),
    name: str('Name of the referent.'),
    uid: str('UID of the referent.'),
  }),
  def(`${AUTHN}.TokenRequestStatus`, 'The issued token.', {
    token: str('The opaque bearer token.'),
    expirationTimestamp: time('When the token expires.'),
  }, { required: ['token', 'expirationTimestamp'] }),
];
