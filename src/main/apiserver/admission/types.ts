/**
 * Admission plugins run after defaulting and validation, before an object is persisted (upstream
 * admission chain). Mutating plugins may change `object`; any plugin may reject by throwing an
 * `ApiError`. Plugins are stateless across requests except for what they read through `ObjectStore`.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { RequestContext } from '../context.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionAttributes {
  operation: Operation;
  ctx: RequestContext;
  object: KubeObject;
  old?: KubeObject;
}

export interface AdmissionPlugin {
  readonly name: string;
  admit(attrs: AdmissionAttributes): Promise<void>;
}
