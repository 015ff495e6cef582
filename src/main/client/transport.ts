/**
 * How an API client reaches the API server. The in-process transport calls the same
 * `ApiServer.handle()` the HTTPS server calls, so semantics are identical.
 */
import type { ApiRequest, ApiResponse, StreamSink, UserInfo } from '../apiserver/http/types.js';

export interface Transport {
  request(req: ApiRequest): Promise<ApiResponse>;
}

export class InProcessTransport implements Transport {
  constructor(
    private readonly handle: (req: ApiRequest) => Promise<ApiResponse>,
    private readonly user: UserInfo,
  ) {}

  request(req: ApiRequest): Promise<ApiResponse> {
    return this.handle({ ...req, user: this.user });
  }
}

/** A sink that hands each chunk to a callback (in-process streams). */
export function callbackSink(onChunk: (chunk: unknown) => void, onEnd: () => void): StreamSink & { close(): void } {
  let closed = false;
  const closers: (() => void)[] = [];
  const close = () => {
    if (closed) return;
    closed = true;
    for (const c of closers) c();
  };
  return {
    write(chunk) {
      if (closed) return false;
      onChunk(chunk);
      return true;
    },
    end() {
      if (closed) return;
      close();
      onEnd();
    },
    get closed() {
      return closed;
    },
    onClose(cb) {
      closers.push(cb);
    },
    close,
  };
}
