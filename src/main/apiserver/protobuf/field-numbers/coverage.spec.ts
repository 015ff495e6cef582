/**
 * Keeps the field-number tables and the structural schemas in step: every property of every
 * definition reachable from a kind that may arrive as protobuf has a field number, every table
 * entry names a real property, and no message uses a number twice. A schema that grows a field
 * fails here until the field's number (from upstream's generated.proto) is added.
 */
import { describe, expect, it } from 'vitest';
import { definitionForKind, getDefinition, type Definition, type Schema } from '../../schema/index.js';
import { SUPPORTED_SCALARS } from '../message.js';
import { layoutFor, layoutNames, type MessageLayout } from './index.js';

/** Kinds a client may send as protobuf: every served kind, plus the DeleteOptions of deletes. */
const KINDS: readonly [string, string, string][] = [
  ['', 'v1', 'Namespace'], ['', 'v1', 'Node'], ['', 'v1', 'Pod'], ['', 'v1', 'Service'], ['', 'v1', 'Endpoints'],
  ['', 'v1', 'ConfigMap'], ['', 'v1', 'Secret'], ['', 'v1', 'ServiceAccount'], ['', 'v1', 'Event'],
  ['', 'v1', 'ReplicationController'], ['', 'v1', 'Binding'], ['', 'v1', 'DeleteOptions'],
  ['apps', 'v1', 'Deployment'], ['apps', 'v1', 'ReplicaSet'], ['coordination.k8s.io', 'v1', 'Lease'],
  ['discovery.k8s.io', 'v1', 'EndpointSlice'], ['networking.k8s.io', 'v1', 'Ingress'],
  ['networking.k8s.io', 'v1', 'IngressClass'], ['policy', 'v1', 'Eviction'], ['autoscaling', 'v1', 'Scale'],
  ['authentication.k8s.io', 'v1', 'TokenRequest'],
];

function refsOf(schema: Schema): string[] {
  switch (schema.type) {
    case 'ref':
      return [schema.ref];
    case 'array':
      return refsOf(schema.items);
    case 'map':
      return refsOf(schema.values);
    default:
      return [];
  }
}

/** Every definition reachable from the kinds above, by name. */
function reachable(): Map<string, Definition> {
  const found = new Map<string, Definition>();
  const queue = KINDS.map(([group, version, kind]) => {
    const definition = definitionForKind(group, version, kind);
    if (!definition) throw new Error(`no definition for ${group}/${version} ${kind}`);
    return definition.name;
  });
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (found.has(name)) continue;
    const definition = getDefinition(name);
    if (!definition) throw new Error(`dangling reference to ${name}`);
    found.set(name, definition);
    for (const property of Object.values(definition.properties)) queue.push(...refsOf(property));
  }
  return found;
}

/** Names of a layout and its embedded structs, with their numbers per message. */
function flatten(layout: MessageLayout): { names: string[]; numberClashes: string[]; keepZero: string[] } {
  const names = Object.keys(layout.fields);
  const keepZero = [...(layout.keepZero ?? [])];
  const numbers = [...Object.values(layout.fields), ...Object.keys(layout.inline ?? {}).map(Number)];
  const numberClashes = numbers.filter((n, i) => numbers.indexOf(n) !== i).map((n) => `number ${n} used twice`);
  for (const inline of Object.values(layout.inline ?? {})) {
    const inner = flatten(inline);
    names.push(...inner.names);
    keepZero.push(...inner.keepZero);
    numberClashes.push(...inner.numberClashes);
  }
  return { names, numberClashes, keepZero };
}

const definitions = reachable();
const objectTypes = [...definitions.values()].filter((d) => !d.scalar);

describe('protobuf field-number tables', () => {
  it('reach a sizeable part of the schema', () => {
    expect(objectTypes.length).toBeGreaterThan(150);
  });

  it.each(objectTypes.map((d) => [d.name, d] as const))('%s has a field number for every property', (_, definition) => {
    const layout = layoutFor(definition.name);
    expect(layout, `add a layout for ${definition.name} under protobuf/field-numbers/`).toBeDefined();
    const { names, numberClashes, keepZero } = flatten(layout!);
    // apiVersion and kind of a top-level kind travel in the envelope, not in the message.
    const expected = Object.keys(definition.properties).filter((p) => !(definition.gvk && (p === 'apiVersion' || p === 'kind')));
    expect([...names].sort()).toEqual([...expected].sort());
    expect(numberClashes).toEqual([]);
    expect(keepZero.filter((name) => !names.includes(name))).toEqual([]);
    // keepZero is about scalars; listing a message, list or map there means a typo.
    const nonScalar = keepZero.filter((name) => ['ref', 'array', 'map'].includes(definition.properties[name]?.type ?? ''));
    expect(nonScalar).toEqual([]);
  });

  it('cover every named scalar the reachable schemas use', () => {
    const scalars = [...definitions.values()].filter((d) => d.scalar).map((d) => d.name);
    expect(scalars.filter((name) => !SUPPORTED_SCALARS.includes(name))).toEqual([]);
  });

  it('have no layouts for types the schema does not define', () => {
    expect(layoutNames().filter((name) => !getDefinition(name))).toEqual([]);
  });
});
