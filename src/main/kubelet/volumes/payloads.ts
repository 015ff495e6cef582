/**
 * The files of the API-data volumes (upstream `MakePayload` / `CollectData` of
 * `pkg/volume/configmap`, `secret`, `downwardapi` and `projected`): what each volume holds,
 * computed from the pod and the objects it names, written later by the atomic writer.
 *
 * Without `items` a ConfigMap (`data` and `binaryData`) or Secret gives one file per key at
 * `defaultMode`; with `items` only the listed keys, at their `path` and `mode`. A missing object
 * or listed key fails unless the source is `optional` (then it contributes nothing). A projected
 * volume collects every source and reports all failures together, as upstream's aggregate does.
 */
import type { Pod } from '../api-types.js';
import { configMapValue, ObjectNotFoundError, secretValue, type ConfigMapObject, type ConfigObjects, type SecretObject } from '../config-objects.js';
import { podFieldValue, resourceFieldValue, type PodRuntimeFacts, type ResourceFieldRef } from '../downward-api.js';
import type { Payload } from './atomic-writer.js';

/** Upstream's default for every API-data volume (0644). */
export const DEFAULT_FILE_MODE = 0o644;

interface KeyToPath {
  key?: string;
  path?: string;
  mode?: number;
}

export interface ObjectSource {
  name?: string;
  items?: KeyToPath[];
  optional?: boolean;
}

export interface DownwardApiFile {
  path?: string;
  fieldRef?: { fieldPath?: string };
  resourceFieldRef?: ResourceFieldRef;
  mode?: number;
}

export interface TokenProjection {
  audience?: string;
  expirationSeconds?: number;
  path?: string;
}

export interface VolumeProjection {
  configMap?: ObjectSource;
  secret?: ObjectSource;
  downwardAPI?: { items?: DownwardApiFile[] };
  serviceAccountToken?: TokenProjection;
  clusterTrustBundle?: unknown;
}

/** Issues the service-account token a `serviceAccountToken` projection asks for. */
export interface TokenSource {
  token(pod: Pod, projection: TokenProjection): Promise<string>;
  /** Forgets what was issued for a pod that is gone. */
  forgetPod?(podUid: string): void;
}

export interface PayloadContext {
  pod: Pod;
  objects: ConfigObjects;
  facts: PodRuntimeFacts;
  tokens: TokenSource;
}

export async function configMapPayload(ctx: PayloadContext, source: ObjectSource, defaultMode: number | undefined): Promise<Payload> {
  const cm = await fetchOptional(ctx.objects.configMap(namespaceOf(ctx.pod), source.name ?? ''), source.optional);
  return keyPayload(cm ? (key) => configMapValue(cm, key) : () => undefined, allKeys(cm), source, defaultMode, 'configmap references non-existent config key');
}

export async function secretPayload(ctx: PayloadContext, source: ObjectSource, defaultMode: number | undefined): Promise<Payload> {
  const secret = await fetchOptional(ctx.objects.secret(namespaceOf(ctx.pod), source.name ?? ''), source.optional);
  return keyPayload(secret ? (key) => secretValue(secret, key) : () => undefined, Object.keys(secret?.data ?? {}), source, defaultMode, 'secret references non-existent secret key');
}

/** Downward-API files; every failing item is reported (joined like upstream's aggregate error). */
export function downwardApiPayload(ctx: PayloadContext, items: DownwardApiFile[] | undefined, defaultMode: number | undefined): Payload {
  const out: Payload = new Map();
  const errors: string[] = [];
  for (const item of items ?? []) {
    const mode = item.mode ?? defaultMode ?? DEFAULT_FILE_MODE;
    try {
      let value = '';
      if (item.fieldRef) value = podFieldValue(ctx.pod, item.fieldRef.fieldPath ?? '');
      else if (item.resourceFieldRef) value = resourceFieldValue(ctx.pod, undefined, item.resourceFieldRef, ctx.facts);
      out.set(item.path ?? '', { data: Buffer.from(value, 'utf8'), mode });
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  if (errors.length) throw new Error(aggregate(errors));
  return out;
}

/** All sources of a projected volume, later ones overwriting earlier paths. */
export async function projectedPayload(ctx: PayloadContext, sources: VolumeProjection[] | undefined, defaultMode: number | undefined): Promise<Payload> {
  const out: Payload = new Map();
  const errors: string[] = [];
  for (const source of sources ?? []) {
    try {
      let part: Payload = new Map();
      if (source.secret) part = await secretPayload(ctx, source.secret, defaultMode);
      else if (source.configMap) part = await configMapPayload(ctx, source.configMap, defaultMode);
      else if (source.downwardAPI) part = downwardApiPayload(ctx, source.downwardAPI.items, defaultMode);
      else if (source.serviceAccountToken) {
        const token = await ctx.tokens.token(ctx.pod, source.serviceAccountToken);
        part.set(source.serviceAccountToken.path ?? 'token', { data: Buffer.from(token, 'utf8'), mode: defaultMode ?? DEFAULT_FILE_MODE });
      } else if (source.clusterTrustBundle) throw new Error('clusterTrustBundle projections are not supported by Pilothouse nodes');
      for (const [k, v] of part) out.set(k, v);
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  if (errors.length) throw new Error(aggregate(errors));
  return out;
}

function keyPayload(
  value: (key: string) => Buffer | undefined, keys: string[], source: ObjectSource, defaultMode: number | undefined, missingKey: string,
): Payload {
  const mode = defaultMode ?? DEFAULT_FILE_MODE;
  const out: Payload = new Map();
  if (!source.items?.length) {
    for (const key of keys) out.set(key, { data: value(key)!, mode });
    return out;
  }
  for (const item of source.items) {
    const data = value(item.key ?? '');
    if (data === undefined) {
      if (source.optional) continue;
      throw new Error(`${missingKey}: ${item.key ?? ''}`);
    }
    out.set(item.path ?? item.key ?? '', { data, mode: item.mode ?? mode });
  }
  return out;
}

function allKeys(cm: ConfigMapObject | undefined): string[] {
  return [...Object.keys(cm?.data ?? {}), ...Object.keys(cm?.binaryData ?? {})];
}

async function fetchOptional<T extends ConfigMapObject | SecretObject>(read: Promise<T>, optional: boolean | undefined): Promise<T | undefined> {
  try {
    return await read;
  } catch (e) {
    if (optional === true && e instanceof ObjectNotFoundError) return undefined;
    throw e;
  }
}

function namespaceOf(pod: Pod): string {
  return pod.metadata.namespace ?? 'default';
}

/** Upstream `utilerrors.NewAggregate(...).Error()`: one message as is, several as `[a, b]`. */
export function aggregate(messages: string[]): string {
  return messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
}
