/**
 * Test images built locally from the host's static busybox (no registry is needed): a general
 * busybox image (`sh`, `httpd`, `wget`, `nc`, ...), a pod sandbox image (busybox sleeping, so
 * network probes can run in it) and a tool-less sandbox (busybox binary without its applet
 * links, like a bare pause image). The build context is a tar made in memory; nothing is left
 * on disk. Builds are idempotent: an image already built from the same recipe is reused.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { tarArchive, type TarEntry } from '../../util/tar.js';

/** Label holding a digest of the recipe an image was built from. */
export const RECIPE_LABEL = 'pilothouse.test-image-recipe';
export const DEFAULT_BUSYBOX_PATH = '/bin/busybox';
/** Long enough to outlive any test; busybox `sleep` takes seconds as an unsigned number. */
const FOREVER_SECONDS = '2147483647';

export interface BusyboxImageOptions {
  /** Default command (Dockerfile CMD); default `["sh"]`. */
  cmd?: string[];
  /** Create the applet links (`sh`, `wget`, ...) in /bin (default true). */
  install?: boolean;
  /** Labels on the image (e.g. a per-test-run label for cleanup). */
  labels?: Record<string, string>;
  /** The static busybox binary to copy in (default /bin/busybox). */
  busyboxPath?: string;
}

function dockerfile(o: BusyboxImageOptions): string {
  return [
    'FROM scratch',
    'COPY busybox /bin/busybox',
    ...(o.install === false ? [] : ['RUN ["/bin/busybox","--install","-s","/bin"]']),
    'ENV PATH=/bin',
    `CMD ${JSON.stringify(o.cmd ?? ['sh'])}`,
  ].join('\n') + '\n';
}

async function present(docker: Dockerode, tag: string): Promise<Dockerode.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(tag).inspect();
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return undefined;
    throw e;
  }
}

/**
 * Builds (or reuses) `tag` from the static busybox; returns the image id. Throws with the
 * builder's message when the build fails (e.g. busybox is not static).
 */
export async function buildBusyboxImage(docker: Dockerode, tag: string, options: BusyboxImageOptions = {}): Promise<string> {
  const path = options.busyboxPath ?? DEFAULT_BUSYBOX_PATH;
  let busybox: Buffer;
  try {
    busybox = readFileSync(path);
  } catch (e) {
    throw new Error(`test images need a static busybox at ${path} (apt-get install busybox-static): ${(e as Error).message}`);
  }
  const file = dockerfile(options);
  const recipe = createHash('sha256').update(file).update(busybox).update(JSON.stringify(options.labels ?? {})).digest('hex').slice(0, 16);
  const existing = await present(docker, tag);
  if (existing?.Config?.Labels?.[RECIPE_LABEL] === recipe) return existing.Id;

  const context = tarArchive([
    { name: 'Dockerfile', content: file },
    { name: 'busybox', content: busybox, mode: 0o755 },
  ], 1_700_000_000);
  return buildFromContext(docker, tag, context, { ...options.labels, [RECIPE_LABEL]: recipe });
}

async function buildFromContext(docker: Dockerode, tag: string, context: Buffer, labels: Record<string, string>): Promise<string> {
  const stream = await docker.buildImage(Readable.from([context]), { t: tag, rm: true, forcerm: true, labels });
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, events: { error?: string; errorDetail?: { message?: string } }[]) => {
        const failed = events?.find((e) => e.error || e.errorDetail);
        if (err || failed) reject(new Error(`building test image ${tag} failed: ${err?.message ?? failed?.errorDetail?.message ?? failed?.error}`));
        else resolve();
      },
    );
  });
  const built = await present(docker, tag);
  if (!built) throw new Error(`building test image ${tag} reported success but the image is missing`);
  return built.Id;
}

/** A pod sandbox image: busybox whose default command sleeps until stopped (network probes work in it). */
export function buildSandboxImage(docker: Dockerode, tag: string, labels?: Record<string, string>): Promise<string> {
  return buildBusyboxImage(docker, tag, { cmd: ['sleep', FOREVER_SECONDS], labels });
}

/** A sandbox image with no tools on PATH (only /bin/busybox itself), as a bare pause image. */
export function buildToollessSandboxImage(docker: Dockerode, tag: string, labels?: Record<string, string>): Promise<string> {
  return buildBusyboxImage(docker, tag, { cmd: ['/bin/busybox', 'sleep', FOREVER_SECONDS], install: false, labels });
}

/** Removes an image by tag or id; a missing image is fine. */
export async function removeImage(docker: Dockerode, tagOrId: string): Promise<void> {
  try {
    await docker.getImage(tagOrId).remove({ force: true });
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode !== 404) throw e;
  }
}

/** Removes every image carrying label `key=value` (what a test run built). */
export async function removeImagesLabelled(docker: Dockerode, key: string, value: string): Promise<void> {
  const images = await docker.listImages({ filters: { label: [`${key}=${value}`] } });
  for (const i of images) await removeImage(docker, i.Id);
}

/**
 * An image with this machine's `node` binary (and the shared libraries `ldd` names) plus busybox:
 * what the service proxy and the DNS add-on need (`node`, `ip`), built without a registry. Real
 * clusters use a public Node image instead (`--addon-image`, default node:22-alpine).
 */
export async function buildNodeImage(docker: Dockerode, tag: string, labels?: Record<string, string>): Promise<string> {
  const nodePath = realpathSync(process.execPath);
  const libs = sharedLibraries(nodePath);
  const file = [
    'FROM scratch',
    'COPY rootfs/ /',
    'RUN ["/bin/busybox","--install","-s","/bin"]',
    'RUN ["/bin/busybox","mkdir","-p","/tmp","/opt/pilothouse"]',
    'ENV PATH=/usr/local/bin:/bin',
    'CMD ["node"]',
  ].join('\n') + '\n';
  const entries: TarEntry[] = [
    { name: 'Dockerfile', content: file },
    { name: 'rootfs/bin/busybox', content: readFileSync(DEFAULT_BUSYBOX_PATH), mode: 0o755 },
    { name: 'rootfs/usr/local/bin/node', content: readFileSync(nodePath), mode: 0o755 },
    ...libs.map((l) => ({ name: `rootfs${l}`, content: readFileSync(l), mode: 0o755 })),
  ];
  const recipe = createHash('sha256').update(file).update(JSON.stringify(labels ?? {}));
  for (const e of entries) recipe.update(e.name).update(e.content);
  const digest = recipe.digest('hex').slice(0, 16);
  const existing = await present(docker, tag);
  if (existing?.Config?.Labels?.[RECIPE_LABEL] === digest) return existing.Id;
  return buildFromContext(docker, tag, tarArchive(entries, 1_700_000_000), { ...labels, [RECIPE_LABEL]: digest });
}

/** Absolute paths of the shared libraries (and the loader) a dynamically linked binary needs. */
function sharedLibraries(binary: string): string[] {
  let out: string;
  try {
    out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  } catch (e) {
    throw new Error(`building the node test image needs ldd (apt-get install libc-bin): ${(e as Error).message}`);
  }
  const paths = new Set<string>();
  for (const m of out.matchAll(/(\/\S+)\s+\(0x/g)) paths.add(m[1]);
  return [...paths];
}
