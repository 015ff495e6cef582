/**
 * OpenAPI schemas per kind, asked once (`openapi:schema`) and kept: the editor's validation asks
 * for them on every keystroke's lint. A kind the server does not know resolves to `undefined`.
 */
import { call, PilothouseError } from './pilothouse';
import type { SchemaSource } from '../lib/manifest-lint';

const cache = new Map<string, ReturnType<SchemaSource>>();

export const schemaFor: SchemaSource = (apiVersion, kind) => {
  const key = `${apiVersion}/${kind}`;
  let p = cache.get(key);
  if (!p) {
    p = call('openapi:schema', { apiVersion, kind }).then(
      (r) => r,
      (e) => {
        if (e instanceof PilothouseError && (e.code === 'NotFound' || e.status === 404)) return undefined;
        cache.delete(key); // a transient failure is asked again next time
        throw e;
      },
    );
    cache.set(key, p);
  }
  return p;
};
