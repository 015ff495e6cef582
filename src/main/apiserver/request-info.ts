/**
 * Parses a request path into what it addresses (upstream `RequestInfoFactory`):
 * `/api/v1/namespaces/{ns}/{resource}/{name}/{subresource}` and `/apis/{group}/{version}/...`.
 */
export type Verb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection'
  | 'connect';

export interface ResourceRequestInfo {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  /** Extra path segments after the subresource (e.g. proxy paths). */
  rest: string[];
  verb: Verb;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function parseResourcePath(method: string, path: string, query: URLSearchParams): ResourceRequestInfo | undefined {
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  let group: string;
  let version: string;
  let i: number;
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1];
    i = 2;
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    i = 3;
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  // `/namespaces/{ns}` alone addresses the namespace object itself, and so do its subresources
  // `/namespaces/{ns}/status` and `/namespaces/{ns}/finalize` (upstream `namespaceSubresources`);
  // `/namespaces/{ns}/{resource}` addresses its content.
  if (parts[i] === 'namespaces' && parts.length > i + 2 && !(parts.length === i + 3 && NAMESPACE_SUBRESOURCES.has(parts[i + 2]))) {
    namespace = parts[i + 1];
    i += 2;
  }
  const resource = parts[i];
  const name = parts[i + 1];
  const subresource = parts[i + 2];
  const rest = parts.slice(i + 3);
  const watchParam = query.get('watch');
  const isWatch = watchParam === 'true' || watchParam === '1';
  let verb: Verb;
  switch (method) {
    case 'GET':
    case 'HEAD':
      verb = name === undefined ? (isWatch ? 'watch' : 'list') : isWatch ? 'watch' : 'get';
      break;
    case 'POST':
      verb = subresource === undefined || name === undefined ? 'create' : subresource === 'exec' || subresource === 'attach' || subresource === 'portforward' ? 'connect' : 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name === undefined ? 'deletecollection' : 'delete';
      break;
    default:
      verb = 'connect';
  }
  return { group, version, namespace, resource, name, subresource, rest, verb };
}
