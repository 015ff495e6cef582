/**
 * Maps etcd3 failures to typed store errors: compaction and future-revision answers become
 * `CompactedError` / `FutureRevisionError` with the store's real bounds; everything else
 * (connection refused, deadline exceeded, broken circuit, unknown) becomes a
 * `StoreUnavailableError` that names the endpoints and says what to check.
 */
import { CompactedError, FutureRevisionError, StoreError, StoreUnavailableError } from './errors.js';

export interface RevisionBounds {
  current(): Promise<number>;
  compacted(): Promise<number>;
}

export class EtcdErrorMapper {
  constructor(
    private readonly endpoints: string[],
    private readonly bounds: RevisionBounds,
  ) {}

  isCompacted(error: unknown): boolean {
    return messageOf(error).includes('required revision has been compacted');
  }

  isFutureRevision(error: unknown): boolean {
    return messageOf(error).includes('required revision is a future revision');
  }

  /** The error for `operation`, which asked for `revision` (0 = latest). */
  async map(error: unknown, operation: string, revision: number): Promise<unknown> {
    if (error instanceof StoreError) return error;
    if (this.isCompacted(error)) return new CompactedError(revision, await this.bounds.compacted().catch(() => revision + 1));
    if (this.isFutureRevision(error)) return new FutureRevisionError(revision, await this.bounds.current().catch(() => revision - 1));
    return this.unavailable(error, operation);
  }

  unavailable(error: unknown, operation: string): StoreUnavailableError {
    const message = messageOf(error);
    return new StoreUnavailableError(`etcd ${operation} failed at ${this.endpoints.join(', ')}: ${message}; ${adviceFor(message)}`, error);
  }
}

function adviceFor(message: string): string {
  if (/RESOURCE_EXHAUSTED|larger than max/.test(message)) return 'the request or response is too large: list with a smaller limit';
  if (/PERMISSION_DENIED|UNAUTHENTICATED/.test(message)) return 'check the etcd credentials and permissions';
  return 'check that etcd is running and reachable at that address';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
