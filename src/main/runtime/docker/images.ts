/**
 * Images on the Docker engine: list, status and pull with progress. A pull is bounded by a
 * timeout (a registry that never answers must not stall a pod worker) and fails with
 * `ImagePullError` carrying the daemon's reason ("manifest unknown", "no such host", ...).
 */
import type Dockerode from 'dockerode';
import { ImagePullError, type ImageInfo, type PullProgress } from '../types.js';
import { daemonMessage, isConnectionError, isNotFound } from './errors.js';

/** Docker's image reference without a tag or digest means `:latest`. */
export function withDefaultTag(image: string): string {
  if (image.includes('@')) return image;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? image : `${image}:latest`;
}

function tagsOf(tags: string[] | null | undefined): string[] {
  return (tags ?? []).filter((t) => t !== '<none>:<none>');
}

export async function listImages(docker: Dockerode): Promise<ImageInfo[]> {
  const images = await docker.listImages();
  return images.map((i) => ({ id: i.Id, tags: tagsOf(i.RepoTags), sizeBytes: i.Size }));
}

/** The image if present on the engine (by tag, digest or id), else undefined. */
export async function imageStatus(docker: Dockerode, image: string): Promise<ImageInfo | undefined> {
  try {
    const i = await docker.getImage(withDefaultTag(image)).inspect();
    return { id: i.Id, tags: tagsOf(i.RepoTags), sizeBytes: i.Size };
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** One line of the daemon's pull stream. */
interface ProgressEvent {
  id?: string;
  status?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/** One line of the daemon's pull progress as the runtime's `PullProgress`. */
export function toProgress(event: ProgressEvent): PullProgress {
  return { layer: event.id, status: event.status ?? '', current: event.progressDetail?.current, total: event.progressDetail?.total };
}

/**
 * Pulls `image` (`:latest` when untagged), reporting progress. Connection failures are rethrown
 * as they are (the caller maps them to `RuntimeUnavailableError`); everything else, including
 * the timeout, becomes `ImagePullError`.
 */
export async function pullImage(docker: Dockerode, image: string, timeoutMs: number, onProgress?: (p: PullProgress) => void): Promise<ImageInfo> {
  const ref = withDefaultTag(image);
  const fail = (reason: string) => new ImagePullError(`Failed to pull image "${image}": ${reason}`, image);
  let stream: NodeJS.ReadableStream | undefined;
  let timer: NodeJS.Timeout | undefined;
  const abort = new AbortController();
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => {
        abort.abort(); // drops a request the daemon has not answered yet
        (stream as { destroy?: () => void } | undefined)?.destroy?.();
        reject(fail(`timed out after ${timeoutMs / 1000}s; check that the registry is reachable from the Docker engine, or raise the pull timeout`));
      }, timeoutMs);
      docker.pull(ref, { abortSignal: abort.signal }).then(
        (s: NodeJS.ReadableStream) => {
          stream = s;
          let streamed: string | undefined; // the daemon reports a failed pull as an `error` line, not as an HTTP error
          docker.modem.followProgress(
            s,
            (err: Error | null) => {
              if (err) reject(fail(daemonMessage(err)));
              else if (streamed !== undefined) reject(fail(streamed));
              else resolve();
            },
            (event: ProgressEvent) => {
              if (event.error || event.errorDetail) streamed ??= event.errorDetail?.message || event.error || 'unknown error';
              else onProgress?.(toProgress(event));
            },
          );
        },
        (e: unknown) => reject(isConnectionError(e) ? e : fail(daemonMessage(e))),
      );
    });
  } finally {
    clearTimeout(timer);
  }
  const info = await imageStatus(docker, ref);
  if (!info) throw fail('the engine reported success but the image is not present');
  return info;
}
