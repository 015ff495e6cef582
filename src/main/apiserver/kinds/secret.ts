/**
 * core/v1 Secret: `type: Opaque` by default and `stringData` folded into `data` (as the API
 * server's conversion does), base64 values with valid keys, the keys each built-in type
 * requires, immutable `type` and `immutable: true` data, the Table and the `type` field selector.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { KindStrategy } from '../registry/types.js';
import { formatAge } from './age.js';
import { validateImmutableData, MAX_DATA_BYTES } from './configmap.js';
import { base64DecodedLength, isBase64, isConfigMapKey } from './data-keys.js';
import { immutable, invalid, invalidEach, required, tooLong, type FieldError } from './field-errors.js';
import { AGE_COLUMN, col } from './table-columns.js';

export interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  immutable?: boolean;
}

function defaultSecret(secret: Secret): void {
  secret.type ||= 'Opaque';
  if (secret.stringData) {
    secret.data ??= {};
    for (const [k, v] of Object.entries(secret.stringData)) secret.data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    delete secret.stringData;
  }
}

/** Go's `illegal base64 data at input byte N`, N being where decoding fails. */
function base64Problem(value: string): string | undefined {
  if (isBase64(value)) return undefined;
  const bad = value.search(/[^A-Za-z0-9+/=]/);
  const at = bad >= 0 ? bad : value.length - (value.length % 4);
  return `illegal base64 data at input byte ${at}`;
}

function decoded(secret: Secret, key: string): string | undefined {
  const v = secret.data?.[key];
  return v !== undefined && isBase64(v) ? Buffer.from(v, 'base64').toString('utf8') : undefined;
}

/** The keys (or annotations) each built-in Secret type must carry. */
function validateType(secret: Secret): FieldError[] {
  const has = (k: string): boolean => secret.data !== undefined && k in secret.data;
  switch (secret.type) {
    case 'kubernetes.io/service-account-token':
      return secret.metadata.annotations?.['kubernetes.io/service-account.name']
        ? []
        : [required('metadata.annotations[kubernetes.io/service-account.name]')];
    case 'kubernetes.io/dockercfg':
      return requireJSON(secret, '.dockercfg', has);
    case 'kubernetes.io/dockerconfigjson':
      return requireJSON(secret, '.dockerconfigjson', has);
    case 'kubernetes.io/basic-auth':
      return has('username') || has('password') ? [] : [required('data[username]'), required('data[password]')];
    case 'kubernetes.io/ssh-auth':
      return decoded(secret, 'ssh-privatekey') ? [] : [required('data[ssh-privatekey]')];
    case 'kubernetes.io/tls':
      return [...(has('tls.crt') ? [] : [required('data[tls.crt]')]), ...(has('tls.key') ? [] : [required('data[tls.key]')])];
    default:
      return [];
  }
}

function requireJSON(secret: Secret, key: string, has: (k: string) => boolean): FieldError[] {
  if (!has(key)) return [required(`data[${key}]`)];
  try {
    JSON.parse(decoded(secret, key) ?? '');
    return [];
  } catch (e) {
    return [invalid(`data[${key}]`, '<secret contents redacted>', (e as Error).message)];
  }
}

function validateSecret(secret: Secret): FieldError[] {
  const out: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(secret.data ?? {})) {
    out.push(...invalidEach(`data[${key}]`, key, isConfigMapKey(key)));
    const problem = base64Problem(String(value));
    if (problem) out.push(invalid(`data[${key}]`, '<secret contents redacted>', problem));
    else size += base64DecodedLength(String(value));
  }
  if (size > MAX_DATA_BYTES) out.push(tooLong('data', MAX_DATA_BYTES));
  return [...out, ...validateType(secret)];
}

export const secretStrategy = {
  nameRule: 'subdomain',
  defaults: defaultSecret,
  validate: validateSecret,
  validateUpdate: (secret: Secret, old: Secret) => [
    ...immutable('type', secret.type, old.type),
    ...validateImmutableData(secret, old, { data: [secret.data, old.data] }),
    ...validateSecret(secret),
  ],
  table: {
    columns: [
      col('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
      col('Data', 'string', 'Data contains the secret data.'),
      AGE_COLUMN,
    ],
    cells: (secret: Secret, now: Date) => [secret.type ?? '', Object.keys(secret.data ?? {}).length, formatAge(secret.metadata.creationTimestamp, now)],
  },
  fieldSelectors: (secret: Secret) => ({ type: secret.type ?? '' }),
} satisfies KindStrategy<Secret>;
