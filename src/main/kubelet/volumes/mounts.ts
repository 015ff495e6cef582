/**
 * A container's `volumeMounts` as runtime bind mounts (upstream `makeMounts`): each names a
 * volume the VolumeManager set up; `subPath` (or `subPathExpr`, expanded against the container's
 * environment) mounts a path inside it instead, created as a directory when missing. A sub path
 * must stay inside its volume after symlinks are resolved (upstream's safe subpath); for a
 * ConfigMap or Secret key that means the file of the current version, which later updates do
 * not replace (upstream behaves the same). API-data volumes are mounted read-only.
 *
 * Errors carry upstream's wording and, like upstream, say nothing about the host's file system.
 */
import { promises as fs } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Mount } from '../../runtime/types.js';
import type { Container } from '../api-types.js';
import { expand, lookupIn } from '../expansion.js';
import type { MountedVolume } from './volume-manager.js';

export interface MountsInput {
  container: Container;
  volumes: Map<string, MountedVolume>;
  /** The container's resolved environment (for `subPathExpr`). */
  env: Record<string, string>;
  /** False when nothing is on disk (resolve-only volume manager): sub paths are not prepared. */
  onDisk: boolean;
}

export async function containerMounts({ container, volumes, env, onDisk }: MountsInput): Promise<Mount[]> {
  const mounts: Mount[] = [];
  const cname = container.name ?? '';
  for (const vm of container.volumeMounts ?? []) {
    const name = vm.name ?? '';
    const volume = volumes.get(name);
    if (!volume) throw new Error(`cannot find volume "${name}" to mount into container "${cname}"`);
    let subPath = vm.subPath ?? '';
    if (vm.subPathExpr) subPath = expandSubPath(vm.subPathExpr, env);
    let hostPath = volume.hostPath;
    if (subPath) {
      if (isAbsolute(subPath)) throw new Error(`error SubPath \`${subPath}\` must not be an absolute path`);
      if (subPath.split(/[\\/]/).includes('..')) throw new Error(`unable to provision SubPath \`${subPath}\`: must not contain '..'`);
      hostPath = onDisk ? await prepareSubPath(volume.hostPath, subPath, name, cname) : join(volume.hostPath, subPath);
    }
    mounts.push({ hostPath, containerPath: vm.mountPath ?? '', readOnly: vm.readOnly === true || volume.readOnly });
  }
  return mounts;
}

/** Upstream `ExpandContainerVolumeMounts`: every referenced variable must be set and non-empty. */
function expandSubPath(expr: string, env: Record<string, string>): string {
  const missing = new Set<string>();
  const out = expand(expr, (k) => {
    const v = lookupIn(env)(k);
    if (!v) missing.add(k);
    return v ?? '';
  });
  if (missing.size) throw new Error(`missing value for ${[...missing].sort().join(', ')}`);
  return out;
}

/** The real path of `volumePath/subPath` (created as a directory when missing), checked to stay inside the volume. */
async function prepareSubPath(volumePath: string, subPath: string, volume: string, container: string): Promise<string> {
  const target = join(volumePath, subPath);
  try {
    const exists = await fs.lstat(target).then(() => true, () => false);
    if (!exists) {
      const mode = (await fs.stat(volumePath)).mode & 0o7777;
      await fs.mkdir(target, { recursive: true, mode });
      await fs.chmod(target, mode);
    }
  } catch (e) {
    console.warn(`kubelet: could not create subPath: volume=${volume} container=${container} error=${(e as Error).message}`);
    throw new Error(`failed to create subPath directory for volumeMount "${volume}" of container "${container}"`);
  }
  try {
    const [root, real] = await Promise.all([fs.realpath(volumePath), fs.realpath(target)]);
    const rel = relative(root, real);
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw new Error(`subpath ${real} not within volume path ${root}`);
    return real;
  } catch (e) {
    console.warn(`kubelet: could not prepare subPath: volume=${volume} container=${container} error=${(e as Error).message}`);
    throw new Error(`failed to prepare subPath for volumeMount "${volume}" of container "${container}"`);
  }
}
