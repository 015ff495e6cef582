import { describe, expect, it } from 'vitest';
import { compiledDefinition } from './compile.js';
import { allDefinitions, definitionForKind, getDefinition } from './index.js';
import type { ArraySchema, Property, Schema } from './types.js';

/** Every schema nested in a definition's fields, with a readable location. */
function* nestedSchemas(): Generator<{ where: string; schema: Schema }> {
  for (const definition of allDefinitions()) {
    const stack: { where: string; schema: Schema }[] = Object.entries(definition.properties).map(([field, schema]) => ({
      where: `${definition.name}.${field}`,
      schema,
    }));
    if (definition.scalar) stack.push({ where: `${definition.name} (scalar)`, schema: definition.scalar });
    while (stack.length) {
      const next = stack.pop()!;
      yield next;
      if (next.schema.type === 'array') stack.push({ where: `${next.where}[]`, schema: next.schema.items });
      if (next.schema.type === 'map') stack.push({ where: `${next.where}{}`, schema: next.schema.values });
    }
  }
}

function field(definition: string, name: string): Property {
  const property = getDefinition(definition)?.properties[name];
  if (!property) throw new Error(`${definition} has no field ${name}`);
  return property;
}

function list(definition: string, name: string): ArraySchema {
  const property = field(definition, name);
  if (property.type !== 'array') throw new Error(`${definition}.${name} is not a list`);
  return property;
}

describe('schema registry', () => {
  it('resolves every ref to an existing definition', () => {
    const dangling: string[] = [];
    for (const { where, schema } of nestedSchemas()) {
      if (schema.type === 'ref' && !getDefinition(schema.ref)) dangling.push(`${where} -> ${schema.ref}`);
    }
    expect(dangling).toEqual([]);
  });

  it('compiles every definition', () => {
    for (const definition of allDefinitions()) expect(compiledDefinition(definition.name)).toBeDefined();
  });

  it('keeps scalar definitions free of properties and array patch tags on lists only', () => {
    for (const definition of allDefinitions()) {
      if (definition.scalar) expect(Object.keys(definition.properties)).toEqual([]);
    }
    for (const { where, schema } of nestedSchemas()) {
      if (schema.type === 'array' && schema.listType === 'map') expect(schema.listMapKeys?.length, where).toBeGreaterThan(0);
      if (schema.type === 'array' && schema.patchMergeKey) expect(schema.patchStrategy, where).toMatch(/^merge/);
    }
  });

  it.each([
    ['', 'v1', 'Namespace', 'io.k8s.api.core.v1.Namespace'],
    ['', 'v1', 'Node', 'io.k8s.api.core.v1.Node'],
    ['', 'v1', 'Pod', 'io.k8s.api.core.v1.Pod'],
    ['', 'v1', 'Binding', 'io.k8s.api.core.v1.Binding'],
    ['', 'v1', 'Service', 'io.k8s.api.core.v1.Service'],
    ['', 'v1', 'Endpoints', 'io.k8s.api.core.v1.Endpoints'],
    ['', 'v1', 'ConfigMap', 'io.k8s.api.core.v1.ConfigMap'],
    ['', 'v1', 'Secret', 'io.k8s.api.core.v1.Secret'],
    ['', 'v1', 'ServiceAccount', 'io.k8s.api.core.v1.ServiceAccount'],
    ['', 'v1', 'Event', 'io.k8s.api.core.v1.Event'],
    ['', 'v1', 'ReplicationController', 'io.k8s.api.core.v1.ReplicationController'],
    ['', 'v1', 'Status', 'io.k8s.apimachinery.pkg.apis.meta.v1.Status'],
    ['apps', 'v1', 'Deployment', 'io.k8s.api.apps.v1.Deployment'],
    ['apps', 'v1', 'ReplicaSet', 'io.k8s.api.apps.v1.ReplicaSet'],
    ['apps', 'v1', 'DeleteOptions', 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions'],
    ['coordination.k8s.io', 'v1', 'Lease', 'io.k8s.api.coordination.v1.Lease'],
    ['discovery.k8s.io', 'v1', 'EndpointSlice', 'io.k8s.api.discovery.v1.EndpointSlice'],
    ['networking.k8s.io', 'v1', 'Ingress', 'io.k8s.api.networking.v1.Ingress'],
    ['networking.k8s.io', 'v1', 'IngressClass', 'io.k8s.api.networking.v1.IngressClass'],
    ['policy', 'v1', 'Eviction', 'io.k8s.api.policy.v1.Eviction'],
    ['autoscaling', 'v1', 'Scale', 'io.k8s.api.autoscaling.v1.Scale'],
  ])('serves %s/%s %s as %s', (group, version, kind, name) => {
    expect(definitionForKind(group, version, kind)?.name).toBe(name);
  });

  it('gives every top-level kind apiVersion, kind and metadata', () => {
    for (const definition of allDefinitions()) {
      const gvk = definition.gvk?.[0];
      if (!gvk || gvk.kind === 'Status' || gvk.kind === 'DeleteOptions') continue;
      expect(Object.keys(definition.properties), definition.name).toEqual(
        expect.arrayContaining(['apiVersion', 'kind', 'metadata']),
      );
    }
  });

  it('returns undefined for unknown names and kinds', () => {
    expect(getDefinition('io.k8s.api.core.v1.Nope')).toBeUndefined();
    expect(definitionForKind('', 'v1', 'Nope')).toBeUndefined();
  });
});

describe('strategic merge patch metadata (as the upstream Go struct tags)', () => {
  const pod = (n: string) => `io.k8s.api.core.v1.${n}`;
  const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

  it.each([
    [pod('PodSpec'), 'containers', 'merge', 'name', ['name']],
    [pod('PodSpec'), 'initContainers', 'merge', 'name', ['name']],
    [pod('PodSpec'), 'ephemeralContainers', 'merge', 'name', ['name']],
    [pod('PodSpec'), 'volumes', 'merge,retainKeys', 'name', ['name']],
    [pod('PodSpec'), 'imagePullSecrets', 'merge', 'name', ['name']],
    [pod('PodSpec'), 'hostAliases', 'merge', 'ip', ['ip']],
    [pod('PodSpec'), 'topologySpreadConstraints', 'merge', 'topologyKey', ['topologyKey', 'whenUnsatisfiable']],
    [pod('Container'), 'ports', 'merge', 'containerPort', ['containerPort', 'protocol']],
    [pod('Container'), 'env', 'merge', 'name', ['name']],
    [pod('Container'), 'volumeMounts', 'merge', 'mountPath', ['mountPath']],
    [pod('Container'), 'volumeDevices', 'merge', 'devicePath', ['devicePath']],
    [pod('EphemeralContainer'), 'env', 'merge', 'name', ['name']],
    [pod('PodStatus'), 'conditions', 'merge', 'type', ['type']],
    [pod('PodStatus'), 'podIPs', 'merge', 'ip', ['ip']],
    [pod('NodeStatus'), 'conditions', 'merge', 'type', ['type']],
    [pod('NodeStatus'), 'addresses', 'merge', 'type', ['type']],
    [pod('ServiceSpec'), 'ports', 'merge', 'port', ['port', 'protocol']],
    [pod('ServiceAccount'), 'secrets', 'merge', 'name', ['name']],
    [meta, 'ownerReferences', 'merge', 'uid', ['uid']],
    ['io.k8s.api.apps.v1.DeploymentStatus', 'conditions', 'merge', 'type', ['type']],
    ['io.k8s.api.apps.v1.ReplicaSetStatus', 'conditions', 'merge', 'type', ['type']],
  ])('%s.%s merges (%s) by %s', (definition, name, strategy, mergeKey, mapKeys) => {
    const schema = list(definition, name);
    expect(schema.patchStrategy).toBe(strategy);
    expect(schema.patchMergeKey).toBe(mergeKey);
    expect(schema.listType).toBe('map');
    expect(schema.listMapKeys).toEqual(mapKeys);
  });

  it('merges finalizers and podCIDRs as sets', () => {
    for (const [definition, name] of [[meta, 'finalizers'], [pod('NodeSpec'), 'podCIDRs']] as const) {
      const schema = list(definition, name);
      expect(schema.patchStrategy).toBe('merge');
      expect(schema.patchMergeKey).toBeUndefined();
      expect(schema.listType).toBe('set');
    }
  });

  it.each([
    [pod('PodSpec'), 'tolerations'],
    [pod('PodSpec'), 'readinessGates'],
    [pod('Container'), 'command'],
    [pod('Container'), 'args'],
    [pod('Container'), 'envFrom'],
    [pod('NodeSpec'), 'taints'],
    [pod('Endpoints'), 'subsets'],
    ['io.k8s.api.discovery.v1.EndpointSlice', 'endpoints'],
    ['io.k8s.api.networking.v1.IngressSpec', 'rules'],
  ])('%s.%s is atomic (replaced whole)', (definition, name) => {
    const schema = list(definition, name);
    expect(schema.listType).toBe('atomic');
    expect(schema.patchStrategy).toBeUndefined();
  });

  it('retains keys of the deployment strategy', () => {
    expect(field('io.k8s.api.apps.v1.DeploymentSpec', 'strategy').patchStrategy).toBe('retainKeys');
  });

  it('types rollingUpdate surge and unavailability as int-or-string', () => {
    const rolling = getDefinition('io.k8s.api.apps.v1.RollingUpdateDeployment')!;
    expect(rolling.properties.maxSurge).toMatchObject({ type: 'string', format: 'int-or-string' });
    expect(rolling.properties.maxUnavailable).toMatchObject({ type: 'string', format: 'int-or-string' });
  });
});
