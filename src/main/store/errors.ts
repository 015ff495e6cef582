/** Typed store errors. The API server maps them to Kubernetes Status codes (409, 410, 404, 503). */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** `create` on a key that exists. */
export class KeyExistsError extends StoreError {
  constructor(readonly key: string) {
    super(`key ${key} already exists`);
  }
}

/** `update`/`delete` of a key that does not exist. */
export class KeyNotFoundError extends StoreError {
  constructor(readonly key: string) {
    super(`key ${key} not found`);
  }
}

/** Compare-and-swap failed: the key changed since `expectedRevision`. */
export class ConflictError extends StoreError {
  constructor(
    readonly key: string,
    readonly expectedRevision: number,
    readonly actualRevision: number,
  ) {
    super(`key ${key} was modified (expected revision ${expectedRevision}, found ${actualRevision})`);
  }
}

/** The requested revision is older than the compacted revision. */
export class CompactedError extends StoreError {
  constructor(
    readonly requestedRevision: number,
    readonly compactedRevision: number,
  ) {
    super(`revision ${requestedRevision} has been compacted (oldest available is ${compactedRevision})`);
  }
}

/** The requested revision is newer than the store's current revision. */
export class FutureRevisionError extends StoreError {
  constructor(
    readonly requestedRevision: number,
    readonly currentRevision: number,
  ) {
    super(`revision ${requestedRevision} is in the future (current is ${currentRevision})`);
  }
}

/** The backend cannot be reached or failed (etcd down, disk full, database locked). */
export class StoreUnavailableError extends StoreError {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/**
 * A `list` continue token that this store did not issue, or one for another prefix. Added beside
 * the original set; the API server should answer it with 400 Bad Request.
 */
export class InvalidContinueTokenError extends StoreError {
  constructor(
    readonly token: string,
    reason: string,
  ) {
    super(`invalid continue token: ${reason}; start the list again without "continue"`);
  }
}

/**
 * Passed to `WatchHandler.onClose` when a watcher let more undelivered events pile up than its
 * buffer holds (the writer never waits for a reader). Added beside the original set; the watcher
 * should watch again from the last revision it saw, or list again if that revision is compacted.
 */
export class WatchTooSlowError extends StoreError {
  constructor(
    readonly prefix: string,
    readonly maxPendingEvents: number,
  ) {
    super(
      `watch on prefix "${prefix}" fell more than ${maxPendingEvents} events behind and was closed; ` +
        'watch again from the last revision received',
    );
  }
}
