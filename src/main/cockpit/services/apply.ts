/**
 * `resources:apply` and `resources:diff`: multi-document YAML, each document created or
 * updated as `kubectl apply` does (client-side three-way: the document, patched with strategic
 * merge, plus deletions of fields that were in the last applied configuration and are gone
 * now), optionally as a server-side dry run. Failures carry the API server's message, reason and
 * causes, each cause located at its line in the text.
 */
import { stringify } from 'yaml';
import type { KubeObject } from '../../../shared/api/object.js';
import type { ApplyDocumentResult, ApplyError, ApplyResponse, DiffDocumentResult } from '../../../shared/ipc/resource-types.js';
import { ApiClientError } from '../../client/api-client.js';
import type { CallHandlers } from '../cockpit.js';
import type { CockpitContext } from '../context.js';
import { forEditing, withoutManagedFields } from '../clean-object.js';
import { CockpitError } from '../errors.js';
import { rawWrite } from '../raw-api.js';
import { RestMapper } from '../rest-mapper.js';
import { parseYamlDocuments, type SourceDocument } from '../yaml-documents.js';
import { lastAppliedOf, LAST_APPLIED, threeWayPatch } from './three-way.js';

interface Item {
  doc: SourceDocument;
  /** Index inside a `kind: List` document. */
  listIndex?: number;
  value: unknown;
}

export function applyHandlers(ctx: CockpitContext): CallHandlers {
  const mapper = new RestMapper(ctx);
  return {
    'resources:apply': (r) => applyText(ctx, mapper, r.yaml, r.namespace ?? 'default', r.dryRun === true),
    'resources:diff': async (r) => ({ results: await diffText(ctx, mapper, r.yaml, r.namespace ?? 'default') }),
  };
}

export async function applyText(ctx: CockpitContext, mapper: RestMapper, text: string, namespace: string, dryRun: boolean): Promise<ApplyResponse> {
  const results: ApplyDocumentResult[] = [];
  for (const item of items(text)) {
    const base = { index: item.doc.index, line: lineOf(item), ...identity(item.value, namespace) };
    if (item.doc.syntaxError) {
      results.push({ ...base, action: 'failed', error: syntaxError(item.doc) });
      continue;
    }
    try {
      const { action, object } = await applyOne(ctx, mapper, item.value, namespace, dryRun);
      results.push({ ...base, namespace: object.metadata.namespace, name: object.metadata.name, action, object: withoutManagedFields(object) });
    } catch (e) {
      results.push({ ...base, action: 'failed', error: applyError(e, item) });
    }
  }
  return { ok: results.every((r) => r.action !== 'failed'), results };
}

async function diffText(ctx: CockpitContext, mapper: RestMapper, text: string, namespace: string): Promise<DiffDocumentResult[]> {
  const out: DiffDocumentResult[] = [];
  for (const item of items(text)) {
    const base = { index: item.doc.index, line: lineOf(item), ...identity(item.value, namespace) };
    if (item.doc.syntaxError) {
      out.push({ ...base, live: null, proposed: null, changed: false, error: syntaxError(item.doc) });
      continue;
    }
    let live: KubeObject | undefined;
    try {
      const target = await resolve(mapper, item.value, namespace);
      live = await ctx.client.tryGet(target.ref, target.namespace, target.name);
      const { object } = await applyOne(ctx, mapper, item.value, namespace, true);
      const liveYaml = live ? toYaml(live) : null;
      const proposedYaml = toYaml(object);
      out.push({ ...base, live: liveYaml, proposed: proposedYaml, changed: liveYaml !== proposedYaml });
    } catch (e) {
      out.push({ ...base, live: live ? toYaml(live) : null, proposed: null, changed: false, error: applyError(e, item) });
    }
  }
  return out;
}

function toYaml(o: KubeObject): string {
  return stringify(forEditing(o), { lineWidth: 0 });
}

function* items(text: string): Generator<Item> {
  const docs = parseYamlDocuments(text);
  if (docs.length === 0) throw new CockpitError('BadRequest', 'resources:apply: the text holds no YAML document');
  for (const doc of docs) {
    const v = doc.value as { kind?: unknown; items?: unknown } | undefined;
    if (v && v.kind === 'List' && Array.isArray(v.items)) {
      for (let i = 0; i < v.items.length; i++) yield { doc, listIndex: i, value: v.items[i] };
    } else yield { doc, value: doc.value };
  }
}

function lineOf(item: Item): number {
  return item.listIndex === undefined ? item.doc.line : item.doc.locate(undefined, item.listIndex)?.line ?? item.doc.line;
}

function identity(value: unknown, namespace: string): Pick<ApplyDocumentResult, 'apiVersion' | 'kind' | 'namespace' | 'name'> {
  const v = (value ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  const s = (x: unknown) => (typeof x === 'string' ? x : undefined);
  return { apiVersion: s(v.apiVersion), kind: s(v.kind), name: s(v.metadata?.name), namespace: s(v.metadata?.namespace) ?? namespace };
}

interface Target { ref: { apiVersion: string; resource: string }; namespace?: string; name: string; object: KubeObject }

async function resolve(mapper: RestMapper, value: unknown, defaultNamespace: string): Promise<Target> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CockpitError('BadDocument', 'the document is not a YAML mapping (expected apiVersion, kind, metadata, ...)');
  }
  const o = value as KubeObject;
  for (const field of ['apiVersion', 'kind'] as const) {
    if (typeof o[field] !== 'string' || !o[field]) {
      throw new CockpitError('BadDocument', `${field} is required`, { causes: [{ field, message: `${field} is required`, reason: 'FieldValueRequired' }] });
    }
  }
  if (typeof o.metadata?.name !== 'string' || !o.metadata.name) {
    throw new CockpitError('BadDocument', 'metadata.name is required', { causes: [{ field: 'metadata.name', message: 'metadata.name is required', reason: 'FieldValueRequired' }] });
  }
  const m = await mapper.mapping(o.apiVersion!, o.kind!);
  const namespace = m.namespaced ? (o.metadata.namespace || defaultNamespace) : undefined;
  const metadata = { ...o.metadata, namespace };
  if (!m.namespaced) delete metadata.namespace;
  return { ref: { apiVersion: m.apiVersion, resource: m.resource }, namespace, name: o.metadata.name, object: { ...o, metadata } };
}

async function applyOne(ctx: CockpitContext, mapper: RestMapper, value: unknown, defaultNamespace: string, dryRun: boolean): Promise<{ action: ApplyDocumentResult['action']; object: KubeObject }> {
  const t = await resolve(mapper, value, defaultNamespace);
  const query: Record<string, string> = { fieldManager: 'pilothouse-cockpit', ...(dryRun ? { dryRun: 'All' } : {}) };
  const applied = lastAppliedOf(t.object);
  const desired = { ...t.object, metadata: { ...t.object.metadata, annotations: { ...t.object.metadata.annotations, [LAST_APPLIED]: JSON.stringify(applied) } } };
  const live = await ctx.client.tryGet(t.ref, t.namespace, t.name);
  if (!live) {
    const object = await rawWrite<KubeObject>(ctx, 'POST', ctx.client.path(t.ref, t.namespace), desired, { query });
    return { action: 'created', object };
  }
  const previous = parseLastApplied(live);
  const patch = threeWayPatch(previous, desired);
  const path = ctx.client.path(t.ref, t.namespace, t.name);
  let object: KubeObject;
  try {
    object = await rawWrite<KubeObject>(ctx, 'PATCH', path, patch, { query, contentType: 'application/strategic-merge-patch+json' });
  } catch (e) {
    // Kinds without strategic-merge support (custom resources) take a JSON merge patch.
    if (!(e instanceof ApiClientError) || e.code !== 415) throw e;
    object = await rawWrite<KubeObject>(ctx, 'PATCH', path, patch, { query, contentType: 'application/merge-patch+json' });
  }
  return { action: sameObject(live, object) ? 'unchanged' : 'configured', object };
}

function parseLastApplied(live: KubeObject): unknown {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sameObject(a: KubeObject, b: KubeObject): boolean {
  const norm = (o: KubeObject) => canonical({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined } });
  return norm(a) === norm(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function syntaxError(doc: SourceDocument): ApplyError {
  const e = doc.syntaxError!;
  return { message: `YAML syntax error at line ${e.line}, column ${e.column}: ${e.message}`, reason: 'YAMLSyntax', line: e.line, causes: [{ message: e.message, line: e.line, column: e.column }] };
}

function applyError(e: unknown, item: Item): ApplyError {
  const locate = (field?: string) => item.doc.locate(field, item.listIndex);
  let error: ApplyError;
  if (e instanceof ApiClientError) {
    const causes = (e.status.details?.causes ?? []).map((c) => ({ field: c.field, message: c.message ?? '', reason: c.reason, ...(c.field ? locate(c.field) : {}) }));
    error = { message: e.message, reason: e.reason ?? 'Failure', status: e.code, causes };
  } else if (e instanceof CockpitError) {
    const causes = (e.details?.causes ?? []).map((c) => ({ ...c, ...(c.field ? locate(c.field) : {}) }));
    error = { message: e.message, reason: e.code, causes };
  } else {
    error = { message: (e as Error).message ?? String(e), reason: 'InternalError', causes: [] };
  }
  error.line = error.causes.find((c) => c.line !== undefined)?.line ?? lineOf(item);
  return error;
}
