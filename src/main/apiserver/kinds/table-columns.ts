/**
 * Column definitions reused by several kinds' Tables, with upstream's descriptions. Each kind's
 * `table.columns` lists the columns after `Name`, which the Table builder adds.
 */
import type { TableColumn } from '../registry/types.js';

export const AGE_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** A column shown by default. */
export function col(name: string, type: TableColumn['type'], description: string): TableColumn {
  return { name, type, description, priority: 0 };
}

/** A column shown only with `-o wide`. */
export function wide(name: string, type: TableColumn['type'], description: string): TableColumn {
  return { name, type, description, priority: 1 };
}

export const AGE_COLUMN = col('Age', 'string', AGE_DESCRIPTION);

/** The `-o wide` columns of every workload Table. */
export const WORKLOAD_WIDE_COLUMNS: TableColumn[] = [
  wide('Containers', 'string', 'Names of each container in the template.'),
  wide('Images', 'string', 'Images referenced by each container in the template.'),
  wide('Selector', 'string', 'A label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template\'s labels.'),
];

/** Load-balancer ingress points (IP, else hostname), unique and sorted, comma-separated. */
export function loadBalancerAddresses(ingress: { ip?: string; hostname?: string }[] | undefined): string[] {
  return [...new Set((ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean))].sort();
}

/** Upstream `layoutContainerCells`: container names and images, comma-separated. */
export function containerCells(containers: { name?: string; image?: string }[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}
