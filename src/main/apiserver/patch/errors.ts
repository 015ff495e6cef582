/**
 * Typed PATCH errors. Each carries the HTTP status the Kubernetes API server answers with for the
 * same failure, so the handler can turn it into a `Status` without guessing:
 * - 400 BadRequest: the patch document itself is malformed (not a JSON array/object, a bad
 *   `$setElementOrder`, `$retainKeys` or `$deleteFromPrimitiveList` directive).
 * - 413 RequestEntityTooLarge: a JSON patch with more than 10,000 operations.
 * - 415 UnsupportedMediaType: a Content-Type we do not apply (see `UnsupportedPatchTypeError`).
 * - 422 Invalid: a well-formed patch that cannot be applied (a failing JSON patch `test`, a path that
 *   does not exist, a list of lists in a strategic merge patch).
 * - 500 InternalError: what upstream returns for the remaining strategic merge patch failures
 *   (a list element without its merge key, an unknown `$patch` value); upstream passes these errors
 *   through unconverted, so kubectl prints them as `Error from server: ...`.
 */
export type PatchErrorStatus = 400 | 413 | 415 | 422 | 500;

/** A patch that cannot be applied. `message` says what is wrong and where, for a person. */
export class PatchError extends Error {
  constructor(
    message: string,
    readonly status: PatchErrorStatus,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** A short discriminator for callers that branch on the kind of failure rather than the code. */
  get kind(): 'bad-request' | 'too-large' | 'unsupported-media-type' | 'invalid' | 'internal' {
    switch (this.status) {
      case 400:
        return 'bad-request';
      case 413:
        return 'too-large';
      case 415:
        return 'unsupported-media-type';
      case 422:
        return 'invalid';
      case 500:
        return 'internal';
    }
  }

  /** The Kubernetes `Status.reason` that goes with `status`. */
  get reason(): 'BadRequest' | 'RequestEntityTooLarge' | 'UnsupportedMediaType' | 'Invalid' | 'InternalError' {
    switch (this.status) {
      case 400:
        return 'BadRequest';
      case 413:
        return 'RequestEntityTooLarge';
      case 415:
        return 'UnsupportedMediaType';
      case 422:
        return 'Invalid';
      case 500:
        return 'InternalError';
    }
  }
}

/** The PATCH Content-Type is not one we apply (→ 415 UnsupportedMediaType). */
export class UnsupportedPatchTypeError extends PatchError {
  constructor(
    readonly contentType: string,
    readonly supported: readonly string[],
    message?: string,
  ) {
    super(
      message ??
        `the body of the request was in an unknown format - accepted media types include: ${supported.join(', ')}`,
      415,
    );
  }
}
