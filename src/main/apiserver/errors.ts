/**
 * API errors carry a Kubernetes `Status` so that kubectl and client libraries show the server's
 * own message. Handlers throw `ApiError`; the dispatcher turns anything else into a 500.
 */
import type { Status, StatusCause } from '../../shared/api/object.js';
import type { FieldError } from './registry/types.js';

export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
    this.name = 'ApiError';
  }

  get code(): number {
    return this.status.code;
  }
}

interface Target {
  group: string;
  /** Resource plural (`pods`) or `resource.group` form is built from it. */
  resource: string;
  name?: string;
  kind?: string;
}

function qualified(t: Target): string {
  return t.group ? `${t.resource}.${t.group}` : t.resource;
}

function failure(code: number, reason: string, message: string, details?: Status['details']): ApiError {
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code });
}

export const errors = {
  notFound(t: Target): ApiError {
    return failure(404, 'NotFound', `${qualified(t)} "${t.name}" not found`, {
      name: t.name,
      group: t.group,
      kind: t.resource,
    });
  },
  alreadyExists(t: Target): ApiError {
    return failure(409, 'AlreadyExists', `${qualified(t)} "${t.name}" already exists`, {
      name: t.name,
      group: t.group,
      kind: t.resource,
    });
  },
  conflict(t: Target, why: string): ApiError {
    return failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(t)} "${t.name}": ${why}`, {
      name: t.name,
      group: t.group,
      kind: t.resource,
    });
  },
  staleResourceVersion(t: Target): ApiError {
    return errors.conflict(t, 'the object has been modified; please apply your changes to the latest version and try again');
  },
  invalid(kind: string, group: string, name: string, fieldErrors: FieldError[]): ApiError {
    const causes: StatusCause[] = fieldErrors.map((e) => ({ reason: e.type, message: fieldErrorMessage(e), field: e.field }));
    const summary = causes.map((c) => `${c.field}: ${c.message}`);
    const what = group ? `${kind}.${group}` : kind;
    const list = summary.length === 1 ? summary[0] : `[${summary.join(', ')}]`;
    return failure(422, 'Invalid', `${what} "${name}" is invalid: ${list}`, { name, group, kind, causes });
  },
  badRequest(message: string): ApiError {
    return failure(400, 'BadRequest', message);
  },
  unauthorized(message = 'Unauthorized'): ApiError {
    return failure(401, 'Unauthorized', message);
  },
  forbidden(t: Target, message: string): ApiError {
    return failure(403, 'Forbidden', `${qualified(t)} "${t.name ?? ''}" is forbidden: ${message}`, {
      name: t.name,
      group: t.group,
      kind: t.resource,
    });
  },
  methodNotAllowed(message: string): ApiError {
    return failure(405, 'MethodNotAllowed', message);
  },
  notAcceptable(message: string): ApiError {
    return failure(406, 'NotAcceptable', message);
  },
  gone(message: string): ApiError {
    return failure(410, 'Expired', message);
  },
  tooLarge(message: string): ApiError {
    return failure(413, 'RequestEntityTooLarge', message);
  },
  unsupportedMediaType(message: string): ApiError {
    return failure(415, 'UnsupportedMediaType', message);
  },
  tooManyRequests(message: string, retryAfterSeconds = 1): ApiError {
    return failure(429, 'TooManyRequests', message, { retryAfterSeconds });
  },
  internal(message: string): ApiError {
    return failure(500, 'InternalError', `Internal error occurred: ${message}`);
  },
  unavailable(message: string): ApiError {
    return failure(503, 'ServiceUnavailable', message);
  },
  timeout(message: string): ApiError {
    return failure(504, 'Timeout', message);
  },
  /** An ERROR watch event / 422 for a request that is invalid as a whole (not one object's fields). */
  invalidRequest(message: string): ApiError {
    return failure(422, 'Invalid', message);
  },
};

/** Upstream's `field.Error.ErrorBody()` wording. */
export function fieldErrorMessage(e: FieldError): string {
  const detail = e.detail ? `: ${e.detail}` : '';
  const bad = e.badValue === undefined ? '' : `: ${formatBadValue(e.badValue)}`;
  switch (e.type) {
    case 'FieldValueRequired':
      return `Required value${detail}`;
    case 'FieldValueInvalid':
      return `Invalid value${bad}${detail}`;
    case 'FieldValueNotSupported':
      return `Unsupported value${bad}${detail}`;
    case 'FieldValueDuplicate':
      return `Duplicate value${bad}${detail}`;
    case 'FieldValueForbidden':
      return `Forbidden${detail}`;
    case 'FieldValueTooLong':
      return `Too long${detail}`;
    case 'FieldValueTypeInvalid':
      return `Invalid value${bad}${detail}`;
  }
}

function formatBadValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
