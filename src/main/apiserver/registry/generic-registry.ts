/**
 * The generic create / update / delete logic every stored resource shares (upstream
 * `genericregistry.Store`): system metadata, generateName, generation, status isolation,
 * defaulting, validation, admission, optimistic concurrency, graceful deletion and finalizers.
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../../shared/api/object.js';
import { clone, deepEqual, isPlainObject } from '../../util/json.js';
import { rfc3339, type Clock } from '../../util/time.js';
import type { AdmissionPlugin, Operation } from '../admission/types.js';
import type { RequestContext } from '../context.js';
import { ApiError, errors } from '../errors.js';
import { encode, type ObjectStore } from '../storage/object-store.js';
import { apiVersionOf } from './resources.js';
import type { KindSupport } from './kind-support.js';
import type { ResourceDef } from './resource-def.js';
import { resetStatusOnCreate } from './status-on-create.js';
import type { FieldError } from './types.js';
import { deletionPlan, type DeleteOptions } from './deletion.js';

const UPDATE_RETRIES = 5;

export interface UpdateOptions {
  /** For PATCH: retry on a concurrent write instead of answering 409 (no client precondition). */
  retryOnConflict: boolean;
}

export class GenericRegistry {
  constructor(
    readonly objects: ObjectStore,
    private readonly kinds: KindSupport,
    private readonly admission: readonly AdmissionPlugin[],
    private readonly clock: Clock,
  ) {}

  async get(ctx: RequestContext, name: string): Promise<KubeObject> {
    return this.objects.mustGet(ctx.resource, ctx.namespace, name);
  }

  async create(ctx: RequestContext, input: unknown): Promise<KubeObject> {
    const r = ctx.resource;
    const obj = this.decodeObject(ctx, input);
    const meta = obj.metadata;
    if (r.namespaced) {
      if (meta.namespace && ctx.namespace && meta.namespace !== ctx.namespace) {
        throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = ctx.namespace ?? meta.namespace;
      if (!meta.namespace) throw errors.badRequest(`${r.kind} is namespaced: send it to /namespaces/{namespace}/${r.plural}`);
    } else {
      delete meta.namespace;
    }
    const generated = !meta.name && !!meta.generateName;
    for (let attempt = 0; ; attempt++) {
      if (generated) meta.name = generateName(meta.generateName!);
      this.prepareForCreate(ctx, obj);
      await this.admit('CREATE', ctx, obj);
      if (ctx.dryRun) return obj;
      try {
        return await this.objects.create(r, clone(obj));
      } catch (e) {
        if (generated && e instanceof ApiError && e.status.reason === 'AlreadyExists' && attempt < 3) continue;
        throw e;
      }
    }
  }

  private prepareForCreate(ctx: RequestContext, obj: KubeObject): void {
    const r = ctx.resource;
    const meta = obj.metadata;
    meta.uid = randomUUID();
    meta.creationTimestamp = rfc3339(this.clock.now());
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (r.generation) meta.generation = 1;
    else delete meta.generation;
    resetStatusOnCreate(r, obj);
    this.kinds.strategy(r).defaults?.(obj);
    this.validate(ctx, obj, [...this.kinds.validateMeta(r, meta), ...(this.kinds.strategy(r).validate?.(obj) ?? [])]);
  }

  /**
   * Read-modify-write of one object. `computeNew` gets a private copy of the current object and
   * returns the desired one (a PUT body, or the current object with a patch applied).
   */
  async update(
    ctx: RequestContext,
    name: string,
    computeNew: (current: KubeObject) => unknown,
    options: UpdateOptions,
  ): Promise<KubeObject> {
    const r = ctx.resource;
    for (let attempt = 0; ; attempt++) {
      const current = await this.objects.mustGet(r, ctx.namespace, name);
      const currentRv = current.metadata.resourceVersion!;
      const desired = this.decodeObject(ctx, computeNew(clone(current)));
      const next = this.mergeSystemFields(ctx, name, desired, current);
      const requestedRv = desired.metadata.resourceVersion;
      if (requestedRv && requestedRv !== currentRv) {
        throw errors.staleResourceVersion({ group: r.group, resource: r.plural, name });
      }
      if (ctx.subresource !== 'status') this.kinds.strategy(r).prepareForUpdate?.(next, current);
      this.kinds.strategy(r).defaults?.(next);
      const validateUpdate = this.kinds.strategy(r).validateUpdate;
      this.validate(ctx, next, [
        ...this.kinds.validateMeta(r, next.metadata),
        ...this.kinds.validateMetaUpdate(next.metadata, current.metadata),
        ...(validateUpdate ? validateUpdate(next, current) : (this.kinds.strategy(r).validate?.(next) ?? [])),
      ]);
      await this.admit('UPDATE', ctx, next, current);
      next.metadata.resourceVersion = currentRv;
      if (encode(next) === encode(current)) return current; // no-op: nothing written, RV unchanged
      if (isFinalized(next, current)) {
        if (ctx.dryRun) return next;
        return this.objects.delete(r, next, Number(currentRv));
      }
      if (ctx.dryRun) return next;
      try {
        return await this.objects.update(r, next, Number(currentRv));
      } catch (e) {
        const retry = options.retryOnConflict || !requestedRv;
        if (retry && e instanceof ApiError && e.status.reason === 'Conflict' && attempt < UPDATE_RETRIES) continue;
        throw e;
      }
    }
  }

  /** Builds the object to store from what the client sent and what is stored. */
  private mergeSystemFields(ctx: RequestContext, name: string, desired: KubeObject, current: KubeObject): KubeObject {
    const r = ctx.resource;
    const dm = desired.metadata;
    if (dm.name !== undefined && dm.name !== name) {
      throw errors.badRequest(`the name of the object (${dm.name}) does not match the name on the URL (${name})`);
    }
    if (r.namespaced && dm.namespace !== undefined && dm.namespace !== current.metadata.namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    if (dm.uid && dm.uid !== current.metadata.uid) {
      throw errors.conflict(
        { group: r.group, resource: r.plural, name },
        `Precondition failed: UID in precondition: ${dm.uid}, UID in object meta: ${current.metadata.uid}`,
      );
    }
    let next: KubeObject;
    if (ctx.subresource === 'status') {
      // Status writes change only status (upstream ResetObjectMetaForStatus + spec reset).
      next = clone(current);
      next.status = desired.status;
    } else {
      next = desired;
      if (r.status) next.status = clone(current.status);
      const cm = current.metadata;
      next.metadata = {
        ...dm,
        name: cm.name,
        namespace: cm.namespace,
        uid: cm.uid,
        creationTimestamp: cm.creationTimestamp,
        deletionTimestamp: cm.deletionTimestamp,
        deletionGracePeriodSeconds: cm.deletionGracePeriodSeconds,
        generation: cm.generation,
      };
      if (r.kind === 'Namespace' && ctx.subresource !== 'finalize') {
        // A namespace's spec.finalizers change only through `/finalize` (upstream namespaceStrategy.PrepareForUpdate).
        next.spec = { ...(next.spec as object), finalizers: (current.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [] };
      }
      if (r.generation && !deepEqual(next.spec, current.spec)) {
        next.metadata.generation = (cm.generation ?? 0) + 1;
      }
    }
    for (const k of Object.keys(next.metadata) as (keyof KubeObject['metadata'])[]) {
      if (next.metadata[k] === undefined) delete next.metadata[k];
    }
    return next;
  }

  async delete(ctx: RequestContext, name: string, options: DeleteOptions): Promise<{ object: KubeObject; deleted: boolean }> {
    const r = ctx.resource;
    for (let attempt = 0; ; attempt++) {
      const current = await this.objects.mustGet(r, ctx.namespace, name);
      const pre = options.preconditions;
      const target = { group: r.group, resource: r.plural, name };
      if (pre?.uid && pre.uid !== current.metadata.uid) {
        throw errors.conflict(target, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
      }
      if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
        throw errors.conflict(
          target,
          `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in meta: ${current.metadata.resourceVersion}`,
        );
      }
      await this.admit('DELETE', ctx, current);
      const plan = deletionPlan(r, current, options, this.clock.now());
      if (ctx.dryRun) return { object: plan.object ?? current, deleted: plan.kind === 'now' };
      try {
        if (plan.kind === 'now') {
          return { object: await this.objects.delete(r, current, Number(current.metadata.resourceVersion)), deleted: true };
        }
        if (plan.kind === 'unchanged') return { object: current, deleted: false };
        const updated = await this.objects.update(r, plan.object!, Number(current.metadata.resourceVersion));
        return { object: updated, deleted: false };
      } catch (e) {
        if (e instanceof ApiError && e.status.reason === 'Conflict' && !pre?.resourceVersion && attempt < UPDATE_RETRIES) continue;
        throw e;
      }
    }
  }

  /** Checks apiVersion/kind and field-level decoding problems; returns the object to work on. */
  private decodeObject(ctx: RequestContext, input: unknown): KubeObject {
    const r = ctx.resource;
    if (!isPlainObject(input)) throw errors.badRequest(`the body must be a ${r.kind} object`);
    const obj = input as KubeObject;
    const expected = apiVersionOf(r);
    if (obj.apiVersion !== undefined && obj.apiVersion !== expected) {
      throw errors.badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${expected})`);
    }
    if (obj.kind !== undefined && obj.kind !== r.kind) {
      throw errors.badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${r.kind})`);
    }
    obj.apiVersion = expected;
    obj.kind = r.kind;
    if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
    if (!isPlainObject(obj.metadata)) throw errors.badRequest('metadata must be an object');
    const typeErrors = this.kinds.typeErrors(r, obj);
    if (typeErrors.length > 0) {
      const first = typeErrors[0];
      throw errors.badRequest(
        `${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: ${first.field}: ${first.detail}`,
      );
    }
    if (ctx.fieldValidation !== 'Ignore') {
      const unknown = this.kinds.unknownFields(r, obj);
      if (unknown.length > 0) {
        if (ctx.fieldValidation === 'Strict') {
          throw errors.badRequest(`${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: strict decoding error: ${unknown.join(', ')}`);
        }
        ctx.warnings.push(...unknown);
      }
    }
    this.kinds.pruneUnknownFields?.(r, obj);
    return obj;
  }

  private validate(ctx: RequestContext, obj: KubeObject, fieldErrors: FieldError[]): void {
    if (fieldErrors.length > 0) {
      throw errors.invalid(ctx.resource.kind, ctx.resource.group, obj.metadata.name ?? '', fieldErrors);
    }
  }

  private async admit(operation: Operation, ctx: RequestContext, object: KubeObject, old?: KubeObject): Promise<void> {
    for (const plugin of this.admission) await plugin.admit({ operation, ctx, object, old });
  }
}

/**
 * An update that completes a pending deletion (upstream `ShouldDeleteDuringUpdate`): the stored
 * object is being deleted with no grace period left, and the update removes its last finalizer
 * (for a namespace, also its last `spec.finalizers` entry). A pod in its graceful-termination
 * period stays: the kubelet deletes it once its containers have stopped.
 */
function isFinalized(obj: KubeObject, current: KubeObject): boolean {
  if (!current.metadata.deletionTimestamp) return false;
  if ((current.metadata.deletionGracePeriodSeconds ?? 0) !== 0) return false;
  if ((obj.metadata.finalizers ?? []).length > 0) return false;
  const specFinalizers = (obj.spec as { finalizers?: string[] } | undefined)?.finalizers;
  return obj.kind !== 'Namespace' || (specFinalizers ?? []).length === 0;
}

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Upstream `SimpleNameGenerator`: the prefix (cut to leave room) plus five random characters. */
export function generateName(prefix: string): string {
  const base = prefix.length > 58 ? prefix.slice(0, 58) : prefix;
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[Math.floor(Math.random() * NAME_ALPHABET.length)];
  return base + suffix;
}
