/**
 * core/v1 ConfigMap: valid keys in `data` and `binaryData` (no key in both), 1 MiB in total,
 * `immutable: true` freezing the data, and the DATA column (number of keys).
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { KindStrategy } from '../registry/types.js';
import { formatAge } from './age.js';
import { base64DecodedLength, isBase64, isConfigMapKey } from './data-keys.js';
import { forbidden, invalid, invalidEach, jsonEqual, tooLong, type FieldError } from './field-errors.js';
import { AGE_COLUMN, col } from './table-columns.js';

export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

/** Upstream `MaxSecretSize`, also the ConfigMap limit. */
export const MAX_DATA_BYTES = 1024 * 1024;

function validateConfigMap(cm: ConfigMap): FieldError[] {
  const out: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(cm.data ?? {})) {
    out.push(...invalidEach(`data[${key}]`, key, isConfigMapKey(key)));
    if (cm.binaryData && key in cm.binaryData) out.push(invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
    size += new TextEncoder().encode(String(value)).length;
  }
  for (const [key, value] of Object.entries(cm.binaryData ?? {})) {
    out.push(...invalidEach(`binaryData[${key}]`, key, isConfigMapKey(key)));
    if (!isBase64(String(value))) out.push(invalid(`binaryData[${key}]`, '<binary data>', 'must be valid base64 data'));
    else size += base64DecodedLength(String(value));
  }
  if (size > MAX_DATA_BYTES) out.push(tooLong('', MAX_DATA_BYTES));
  return out;
}

/** With `immutable: true` stored, neither the flag nor the data may change. */
export function validateImmutableData(next: { immutable?: boolean }, old: { immutable?: boolean }, fields: Record<string, [unknown, unknown]>): FieldError[] {
  if (!old.immutable) return [];
  const out: FieldError[] = [];
  if (!next.immutable) out.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const [field, [a, b]] of Object.entries(fields)) {
    if (!jsonEqual(a, b)) out.push(forbidden(field, 'field is immutable when `immutable` is set'));
  }
  return out;
}

export const configMapStrategy = {
  nameRule: 'subdomain',
  validate: validateConfigMap,
  validateUpdate: (cm: ConfigMap, old: ConfigMap) => [
    ...validateImmutableData(cm, old, { data: [cm.data, old.data], binaryData: [cm.binaryData, old.binaryData] }),
    ...validateConfigMap(cm),
  ],
  table: {
    columns: [col('Data', 'string', 'Data contains the configuration data.'), AGE_COLUMN],
    cells: (cm: ConfigMap, now: Date) => [
      Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length,
      formatAge(cm.metadata.creationTimestamp, now),
    ],
  },
} satisfies KindStrategy<ConfigMap>;
