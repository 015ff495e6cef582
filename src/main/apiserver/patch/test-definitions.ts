/**
 * Small structural schemas for the patch tests, written with the schema DSL: enough of Pod,
 * Deployment, Service and Node to exercise every strategic merge rule the real types use, plus
 * `MergeItem`, a test type shaped like the one upstream's strategic patch tests use.
 */
import type { Definition, Schema } from '../schema/types.js';
import type { DefinitionResolver } from './strategic-schema.js';

const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer', format: 'int32' };
const bool: Schema = { type: 'boolean' };
const ref = (name: string): Schema => ({ type: 'ref', ref: name });
const stringMap: Schema = { type: 'map', values: str };
const mergedBy = (item: string, key: string, strategy: 'merge' | 'merge,retainKeys' = 'merge'): Schema => ({
  type: 'array',
  items: ref(item),
  patchStrategy: strategy,
  patchMergeKey: key,
});
const atomic = (items: Schema): Schema => ({ type: 'array', items });

const definitions: Definition[] = [
  {
    name: 'ObjectMeta',
    properties: {
      name: str,
      namespace: str,
      uid: str,
      resourceVersion: str,
      generation: int,
      labels: stringMap,
      annotations: stringMap,
      finalizers: { type: 'array', items: str, patchStrategy: 'merge' },
      ownerReferences: mergedBy('OwnerReference', 'uid'),
    },
  },
  { name: 'OwnerReference', properties: { apiVersion: str, kind: str, name: str, uid: str, controller: bool } },
  {
    name: 'Deployment',
    properties: { apiVersion: str, kind: str, metadata: ref('ObjectMeta'), spec: ref('DeploymentSpec'), status: { type: 'any' } },
  },
  {
    name: 'DeploymentSpec',
    properties: {
      replicas: int,
      selector: ref('LabelSelector'),
      template: ref('PodTemplateSpec'),
      strategy: { type: 'ref', ref: 'DeploymentStrategy', patchStrategy: 'retainKeys' },
      paused: bool,
    },
  },
  { name: 'DeploymentStrategy', properties: { type: str, rollingUpdate: ref('RollingUpdateDeployment') } },
  {
    name: 'RollingUpdateDeployment',
    properties: { maxSurge: { type: 'string', format: 'int-or-string' }, maxUnavailable: { type: 'string', format: 'int-or-string' } },
  },
  { name: 'LabelSelector', properties: { matchLabels: stringMap } },
  { name: 'PodTemplateSpec', properties: { metadata: ref('ObjectMeta'), spec: ref('PodSpec') } },
  { name: 'Pod', properties: { apiVersion: str, kind: str, metadata: ref('ObjectMeta'), spec: ref('PodSpec') } },
  {
    name: 'PodSpec',
    properties: {
      containers: mergedBy('Container', 'name'),
      initContainers: mergedBy('Container', 'name'),
      volumes: mergedBy('Volume', 'name', 'merge,retainKeys'),
      tolerations: atomic(ref('Toleration')),
      nodeSelector: stringMap,
      nodeName: str,
      securityContext: ref('PodSecurityContext'),
    },
  },
  { name: 'PodSecurityContext', properties: { runAsUser: int, runAsNonRoot: bool } },
  {
    name: 'Container',
    properties: {
      name: str,
      image: str,
      command: atomic(str),
      args: atomic(str),
      ports: mergedBy('ContainerPort', 'containerPort'),
      env: mergedBy('EnvVar', 'name'),
      volumeMounts: mergedBy('VolumeMount', 'mountPath'),
    },
  },
  { name: 'ContainerPort', properties: { name: str, containerPort: int, protocol: str } },
  { name: 'EnvVar', properties: { name: str, value: str, valueFrom: { type: 'any' } } },
  { name: 'VolumeMount', properties: { name: str, mountPath: str } },
  {
    name: 'Volume',
    patchStrategy: 'retainKeys',
    properties: { name: str, configMap: ref('ConfigMapVolumeSource'), emptyDir: ref('EmptyDirVolumeSource') },
  },
  { name: 'ConfigMapVolumeSource', properties: { name: str } },
  { name: 'EmptyDirVolumeSource', properties: { medium: str } },
  { name: 'Toleration', properties: { key: str, operator: str, value: str, effect: str } },
  { name: 'Service', properties: { apiVersion: str, kind: str, metadata: ref('ObjectMeta'), spec: ref('ServiceSpec') } },
  { name: 'ServiceSpec', properties: { type: str, selector: stringMap, ports: mergedBy('ServicePort', 'port') } },
  { name: 'ServicePort', properties: { name: str, port: int, targetPort: { type: 'string', format: 'int-or-string' }, protocol: str } },
  { name: 'Node', properties: { apiVersion: str, kind: str, metadata: ref('ObjectMeta'), spec: ref('NodeSpec') } },
  { name: 'NodeSpec', properties: { unschedulable: bool, taints: atomic(ref('Taint')) } },
  { name: 'Taint', properties: { key: str, value: str, effect: str } },
  {
    name: 'MergeItem',
    properties: {
      name: str,
      value: str,
      other: str,
      mergingList: mergedBy('MergeItem', 'name'),
      nonMergingList: atomic(ref('MergeItem')),
      mergingIntList: { type: 'array', items: int, patchStrategy: 'merge' },
      nonMergingIntList: atomic(int),
      simpleMap: stringMap,
      replacingItem: { type: 'ref', ref: 'MergeItem', patchStrategy: 'replace' },
      retainKeysMap: { type: 'ref', ref: 'MergeItem', patchStrategy: 'retainKeys' },
      retainKeysMergingList: mergedBy('MergeItem', 'name', 'merge,retainKeys'),
      listOfLists: atomic(atomic(str)),
      mergingListOfLists: { type: 'array', items: atomic(str), patchStrategy: 'merge' },
      mergingListWithoutKey: { type: 'array', items: ref('MergeItem'), patchStrategy: 'merge' },
      free: { type: 'any' },
    },
  },
];

const byName = new Map(definitions.map((d) => [d.name, d]));

/** Resolves the test definitions by name (`Pod`, `Deployment`, `Service`, `Node`, `MergeItem`, …). */
export const resolveTestDefinition: DefinitionResolver = (name) => byName.get(name);
