/**
 * core/v1 Node: allocatable defaults to capacity, taint and podCIDR checks, the immutable
 * podCIDRs/providerID, the `kubectl get nodes` Table (`Ready,SchedulingDisabled`, roles from
 * `node-role.kubernetes.io/*` labels) and the `spec.unschedulable` field selector.
 */
import { isQualifiedName, isValidLabelValue } from '../../../shared/api/names.js';
import { isQuantity, parseQuantity } from '../../../shared/api/quantity.js';
import type { KubeObject } from '../../../shared/api/object.js';
import type { KindStrategy } from '../registry/types.js';
import { formatAge } from './age.js';
import { duplicate, forbidden, invalid, invalidEach, notSupported, required, type FieldError } from './field-errors.js';
import { validateCIDR } from './network-checks.js';
import { AGE_COLUMN, col, wide } from './table-columns.js';

interface Taint {
  key?: string;
  value?: string;
  effect?: string;
}

export interface Node extends KubeObject {
  spec?: { unschedulable?: boolean; taints?: Taint[]; podCIDR?: string; podCIDRs?: string[]; providerID?: string; [extra: string]: unknown };
  status?: {
    capacity?: Record<string, string | number>;
    allocatable?: Record<string, string | number>;
    conditions?: { type: string; status: string }[];
    addresses?: { type: string; address: string }[];
    nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string };
    [extra: string]: unknown;
  };
}

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Taints: label-like key and value, a known effect, unique by key and effect. Upstream reports them under `metadata.taints`. */
function validateTaints(taints: Taint[] | undefined): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  (taints ?? []).forEach((t, i) => {
    const p = `metadata.taints[${i}]`;
    out.push(...invalidEach(`${p}.key`, t.key ?? '', isQualifiedName(t.key ?? '')));
    const valueProblems = isValidLabelValue(t.value ?? '');
    if (valueProblems.length) out.push(invalid(`${p}.value`, t.value, valueProblems.join(';')));
    if (!t.effect) out.push(required(`${p}.effect`));
    else if (!TAINT_EFFECTS.includes(t.effect)) out.push(notSupported(`${p}.effect`, t.effect, TAINT_EFFECTS));
    const id = `${t.effect}\u0000${t.key}`;
    if (seen.has(id)) out.push({ ...duplicate(p, t), detail: 'taints must be unique by key and effect pair' });
    seen.add(id);
  });
  return out;
}

function validateResources(node: Node): FieldError[] {
  const out: FieldError[] = [];
  for (const field of ['capacity', 'allocatable'] as const) {
    for (const [k, v] of Object.entries(node.status?.[field] ?? {})) {
      const path = `status.${field}.${k}`;
      if (!isQuantity(v)) out.push(invalid(path, v, 'must be a valid resource quantity'));
      else if (parseQuantity(v).num < 0n) out.push(invalid(path, v, 'must be greater than or equal to 0'));
    }
  }
  return out;
}

function validateNode(node: Node): FieldError[] {
  const cidrs = node.spec?.podCIDRs ?? [];
  const out = [...validateTaints(node.spec?.taints), ...validateResources(node)];
  cidrs.forEach((c, i) => out.push(...validateCIDR(c, `spec.podCIDRs[${i}]`)));
  return out;
}

function validateNodeUpdate(node: Node, old: Node): FieldError[] {
  const out = validateNode(node);
  const seen = new Set<string>();
  (node.status?.addresses ?? []).forEach((a, i) => {
    const id = `${a.type}/${a.address}`;
    if (seen.has(id)) out.push(duplicate(`status.addresses[${i}]`, a));
    seen.add(id);
  });
  const oldCIDRs = old.spec?.podCIDRs ?? [];
  const newCIDRs = node.spec?.podCIDRs ?? [];
  if (oldCIDRs.length > 0 && (oldCIDRs.length !== newCIDRs.length || oldCIDRs.some((c, i) => c !== newCIDRs[i]))) {
    out.push(forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
  }
  if (old.spec?.providerID && old.spec.providerID !== node.spec?.providerID) {
    out.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  return out;
}

/** STATUS: Ready / NotReady / Unknown, plus SchedulingDisabled when cordoned. */
export function nodeStatus(node: Node): string {
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** ROLES from `node-role.kubernetes.io/<role>` and `kubernetes.io/role=<role>` labels, sorted. */
export function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return [...roles].sort().join(',') || '<none>';
}

function address(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

export const nodeStrategy = {
  nameRule: 'subdomain',
  defaults(node: Node): void {
    node.spec ??= {};
    if (node.status?.capacity && !node.status.allocatable) node.status.allocatable = { ...node.status.capacity };
    if (node.spec.podCIDR && !node.spec.podCIDRs) node.spec.podCIDRs = [node.spec.podCIDR];
    if (node.spec.podCIDRs?.length && !node.spec.podCIDR) node.spec.podCIDR = node.spec.podCIDRs[0];
  },
  validate: validateNode,
  validateUpdate: validateNodeUpdate,
  table: {
    columns: [
      col('Status', 'string', 'The status of the node'),
      col('Roles', 'string', 'The roles of the node'),
      AGE_COLUMN,
      col('Version', 'string', 'Kubelet Version reported by the node.'),
      wide('Internal-IP', 'string', 'List of addresses reachable to the node.'),
      wide('External-IP', 'string', 'List of addresses reachable to the node.'),
      wide('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'),
      wide('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
      wide('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).'),
    ],
    cells(node: Node, now: Date): unknown[] {
      const info = node.status?.nodeInfo ?? {};
      return [
        nodeStatus(node),
        nodeRoles(node),
        formatAge(node.metadata.creationTimestamp, now),
        info.kubeletVersion ?? '',
        address(node, 'InternalIP'),
        address(node, 'ExternalIP'),
        info.osImage || '<unknown>',
        info.kernelVersion || '<unknown>',
        info.containerRuntimeVersion || '<unknown>',
      ];
    },
  },
  fieldSelectors: (node: Node) => ({ 'spec.unschedulable': String(node.spec?.unschedulable ?? false) }),
} satisfies KindStrategy<Node>;
