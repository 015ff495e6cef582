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
    readonly cause?: unknown,
  ) {
    super(message);
  }
}
