/** Per-request context passed through the write pipeline. */
import type { UserInfo } from './http/types.js';
import type { ResourceDef } from './registry/resource-def.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface RequestContext {
  resource: ResourceDef;
  /** Namespace from the URL (undefined for cluster-scoped resources and all-namespace lists). */
  namespace?: string;
  user: UserInfo;
  /** `dryRun=All`: run every step but do not persist. */
  dryRun: boolean;
  fieldValidation: FieldValidation;
  /** Collected `Warning` headers. */
  warnings: string[];
  /** Subresource being written (`status`, `scale`, ...), if any. */
  subresource?: string;
}

export function parseFieldValidation(value: string | null): FieldValidation {
  if (value === null || value === '') return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  // Upstream accepts only these three; anything else is a request error.
  throw new RangeError(`fieldValidation must be one of Strict, Warn or Ignore, got "${value}"`);
}
