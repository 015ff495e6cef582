/**
 * Response format negotiation from the `Accept` header. kubectl asks for
 * `application/json;as=Table;v=v1;g=meta.k8s.io,...,application/json` and falls back to plain JSON.
 */
import { errors } from './errors.js';

export type OutputFormat = 'json' | 'table' | 'yaml';

export function negotiate(accept: string | undefined): OutputFormat {
  if (!accept || accept.trim() === '') return 'json';
  for (const clause of accept.split(',')) {
    const [typePart, ...paramParts] = clause.split(';').map((s) => s.trim());
    const type = typePart.toLowerCase();
    const params = Object.fromEntries(
      paramParts.map((p) => {
        const [k, v = ''] = p.split('=');
        return [k.trim(), v.trim()];
      }),
    );
    if (type === 'application/json' || type === 'application/*' || type === '*/*') {
      if (params.as === 'Table') {
        if (params.g === 'meta.k8s.io' && (params.v === 'v1' || params.v === 'v1beta1')) return 'table';
        continue;
      }
      if (params.as) continue; // PartialObjectMetadata and friends: not served, try the next clause.
      return 'json';
    }
    if (type === 'application/yaml' && !params.as) return 'yaml';
  }
  throw errors.notAcceptable(
    `only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io`,
  );
}
