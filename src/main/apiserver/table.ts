/**
 * `meta.k8s.io/v1` Table output: what `kubectl get` prints. Each row carries the object's
 * metadata as PartialObjectMetadata (kubectl reads namespace and labels from it).
 */
import type { KubeObject } from '../../shared/api/object.js';
import type { KindStrategy, TableColumn } from './registry/types.js';

const NAME_COLUMN: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace. Cannot be updated.',
  priority: 0,
};

const AGE_COLUMN: TableColumn = {
  name: 'Created At',
  type: 'date',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  priority: 0,
};

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumn[];
  rows: { cells: unknown[]; object: unknown }[];
}

export function toTable(
  strategy: KindStrategy,
  objects: KubeObject[],
  listMeta: Table['metadata'],
  includeObject: string | null,
  now = new Date(),
): Table {
  const withName = strategy.table?.nameColumn !== false;
  const columns = [...(withName ? [NAME_COLUMN] : []), ...(strategy.table?.columns ?? [AGE_COLUMN])];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: columns.map((c) => ({ description: '', ...c })),
    rows: objects.map((obj) => ({
      cells: [
        ...(withName ? [obj.metadata.name ?? ''] : []),
        ...(strategy.table ? strategy.table.cells(obj, now) : [obj.metadata.creationTimestamp]),
      ],
      object: rowObject(obj, includeObject),
    })),
  };
}

function rowObject(obj: KubeObject, includeObject: string | null): unknown {
  if (includeObject === 'None') return undefined;
  if (includeObject === 'Object') return obj;
  const { managedFields: _managed, ...metadata } = obj.metadata;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata };
}
