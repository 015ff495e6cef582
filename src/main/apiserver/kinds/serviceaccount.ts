/**
 * core/v1 ServiceAccount: subdomain names, nothing else to default or check; the SECRETS column
 * counts `secrets` (0 since 1.24, when token Secrets stopped being created).
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { KindStrategy } from '../registry/types.js';
import { formatAge } from './age.js';
import { AGE_COLUMN, col } from './table-columns.js';

export interface ServiceAccount extends KubeObject {
  secrets?: { name?: string }[];
  imagePullSecrets?: { name?: string }[];
  automountServiceAccountToken?: boolean;
}

export const serviceAccountStrategy = {
  nameRule: 'subdomain',
  table: {
    columns: [col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE_COLUMN],
    cells: (sa: ServiceAccount, now: Date) => [(sa.secrets ?? []).length, formatAge(sa.metadata.creationTimestamp, now)],
  },
} satisfies KindStrategy<ServiceAccount>;
