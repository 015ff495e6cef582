/** Serves `/openapi/v3` and its per-group-version documents (built once, cached by content hash). */
import type { ApiRequest, ApiResponse } from './http/types.js';

export interface OpenApiService {
  serve(path: string, req: ApiRequest): ApiResponse;
}
