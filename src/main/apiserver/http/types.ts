/**
 * Transport-neutral request and response. The HTTPS server and the in-process client both drive
 * the same `ApiServer.handle()`, so in-process components see exactly the semantics of HTTP.
 */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
}

export interface ApiRequest {
  method: string;
  /** Path without the query string, e.g. `/api/v1/namespaces/default/pods`. */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  body?: Buffer;
  /** Set by the in-process transport (already trusted); HTTP requests are authenticated from headers. */
  user?: UserInfo;
  /** Aborted when the caller goes away (HTTP connection closed, in-process watch cancelled). */
  signal?: AbortSignal;
}

/** A chunk consumer for streaming responses (watch, logs). */
export interface StreamSink {
  /** Writes one chunk; returns false when the consumer is backed up (the producer may drop it). */
  write(chunk: unknown): boolean;
  end(): void;
  readonly closed: boolean;
  onClose(callback: () => void): void;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  /** A JSON-serialisable value, or raw text/bytes when `headers['content-type']` says so. */
  body?: unknown;
  /** For streaming responses: called once with a sink after the headers are sent. */
  stream?: (sink: StreamSink) => void;
  /** Warning headers (`299 - "message"`), e.g. unknown fields under fieldValidation=Warn. */
  warnings?: string[];
}
