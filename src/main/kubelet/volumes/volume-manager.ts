/**
 * VolumeManager: sets up a pod's volumes on this node before its containers start, and keeps
 * the API-data ones current (upstream volume manager with the emptyDir, hostPath, configMap,
 * secret, downwardAPI and projected plugins).
 *
 * Each volume lives at `<rootDir>/pods/<uid>/volumes/kubernetes.io~<plugin>/<name>`, upstream's
 * layout; everything above the volume directories is 0700, so other users of the machine cannot
 * reach a pod's files, while inside a container the volume has upstream's modes (emptyDir 0777;
 * API-data volumes 0755 directories and `defaultMode`/`items[].mode` files, 0644 by default).
 * `emptyDir` is a directory even with `medium: Memory` (no size limit is enforced); `hostPath` is
 * a path on the machine Pilothouse runs on. Other volume types (persistentVolumeClaim, csi,
 * ephemeral, nfs, ...) are not supported and fail to mount with a message saying so.
 *
 * `setUp` must be called for one pod at a time (the pod worker guarantees it) on every sync: a
 * volume that never mounted blocks the pod (`FailedMount`, retried); a mounted API-data volume
 * is rewritten through the atomic writer when its sources changed, and a failed refresh leaves
 * the last good files in place. Without `rootDir` (runtimes that mount nothing, such as the
 * simulated one) every volume is still resolved, so errors are the same, but nothing is written
 * (and `hostPath` types are not checked: a simulated node is not this machine).
 */
import { existsSync, promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Pod } from '../api-types.js';
import type { ConfigObjects } from '../config-objects.js';
import { memoized } from '../config-objects.js';
import type { PodRuntimeFacts } from '../downward-api.js';
import { DATA_DIR_NAME, writeAtomically, type Payload } from './atomic-writer.js';
import { checkHostPath } from './host-path.js';
import {
  configMapPayload, downwardApiPayload, projectedPayload, secretPayload,
  type ObjectSource, type PayloadContext, type TokenSource, type VolumeProjection,
} from './payloads.js';

const PRIVATE_DIR_MODE = 0o700;
const EMPTY_DIR_MODE = 0o777;
const API_DATA_DIR_MODE = 0o755;

/** The volume kinds this node mounts, by their upstream plugin directory name. */
const PLUGINS = {
  emptyDir: 'empty-dir',
  hostPath: 'host-path',
  configMap: 'configmap',
  secret: 'secret',
  downwardAPI: 'downward-api',
  projected: 'projected',
} as const;
type VolumeKind = keyof typeof PLUGINS;
const UNSUPPORTED_HINT = 'supported: emptyDir, hostPath, configMap, secret, downwardAPI, projected';

export interface MountedVolume {
  name: string;
  kind: VolumeKind;
  /** The host path to bind (for a resolve-only manager, where it would be). */
  hostPath: string;
  /** API-data volumes are always mounted read-only, as upstream does. */
  readOnly: boolean;
}

export interface VolumeFailure {
  volume: string;
  message: string;
  /** True when the volume has never been set up, so the pod cannot start. */
  blocking: boolean;
}

export interface VolumeSetUp {
  /** Volumes ready to mount, by name. */
  volumes: Map<string, MountedVolume>;
  failures: VolumeFailure[];
}

export interface VolumeManagerOptions {
  /** `<base>/<node>`; undefined: resolve volumes but write nothing. */
  rootDir?: string;
  objects: ConfigObjects;
  tokens: TokenSource;
  /** The node's host IP and allocatable resources (downward API). */
  facts: () => PodRuntimeFacts;
}

interface Volume {
  name?: string;
  [source: string]: unknown;
}

export class VolumeManager {
  /** Volumes set up at least once, by pod uid (resolve-only managers have no files to look at). */
  private readonly ready = new Map<string, Set<string>>();
  /** The root directory checked once (ownership, mode). */
  private rootChecked?: Promise<void>;

  constructor(private readonly o: VolumeManagerOptions) {}

  get rootDir(): string | undefined {
    return this.o.rootDir;
  }

  async setUp(pod: Pod): Promise<VolumeSetUp> {
    const uid = pod.metadata.uid!;
    const result: VolumeSetUp = { volumes: new Map(), failures: [] };
    const ctx: PayloadContext = { pod, objects: memoized(this.o.objects), facts: this.o.facts(), tokens: this.o.tokens };
    const volumes = (pod.spec?.volumes ?? []) as Volume[];
    if (volumes.length && this.o.rootDir) await this.makePrivateDirs(uid, new Set(volumes.map(kindOf).filter((k) => k !== undefined)));
    for (const v of volumes) {
      const name = v.name ?? '';
      const kind = kindOf(v);
      try {
        if (!kind) throw new Error(`${sourceKey(v) ?? 'this'} volumes are not supported by Pilothouse nodes (${UNSUPPORTED_HINT})`);
        const mounted = await this.setUpOne(ctx, v, name, kind);
        result.volumes.set(name, mounted);
        this.markReady(uid, name);
      } catch (e) {
        const wasReady = kind !== undefined && this.wasReady(uid, name, kind);
        result.failures.push({ volume: name, message: (e as Error).message, blocking: !wasReady });
        if (wasReady) result.volumes.set(name, this.describe(uid, name, kind!, v));
      }
    }
    return result;
  }

  /** Removes every volume directory of a pod (its containers are gone). */
  async cleanup(podUid: string): Promise<void> {
    this.ready.delete(podUid);
    this.o.tokens.forgetPod?.(podUid);
    if (this.o.rootDir) await fs.rm(this.podDir(podUid), { recursive: true, force: true });
  }

  /** Removes the directories of pods not in `known` (after a restart); returns how many. */
  async removeOrphans(known: Set<string>): Promise<number> {
    if (!this.o.rootDir) return 0;
    const uids = await fs.readdir(join(this.o.rootDir, 'pods')).catch(() => [] as string[]);
    const orphans = uids.filter((u) => !known.has(u));
    for (const uid of orphans) await this.cleanup(uid);
    return orphans.length;
  }

  private async setUpOne(ctx: PayloadContext, v: Volume, name: string, kind: VolumeKind): Promise<MountedVolume> {
    const mounted = this.describe(ctx.pod.metadata.uid!, name, kind, v);
    const root = this.o.rootDir;
    switch (kind) {
      case 'emptyDir':
        if (root) await makeDir(mounted.hostPath, EMPTY_DIR_MODE);
        return mounted;
      case 'hostPath': {
        const source = v.hostPath as { path?: string; type?: string };
        if (root) await checkHostPath(mounted.hostPath, source.type);
        return mounted;
      }
      default: {
        const payload = await this.payloadOf(ctx, v, kind);
        if (root) {
          await makeDir(mounted.hostPath, API_DATA_DIR_MODE);
          await writeAtomically(mounted.hostPath, payload);
        }
        return mounted;
      }
    }
  }

  private payloadOf(ctx: PayloadContext, v: Volume, kind: VolumeKind): Promise<Payload> {
    const source = v[kind] as { defaultMode?: number; items?: unknown; sources?: VolumeProjection[] };
    switch (kind) {
      case 'configMap': return configMapPayload(ctx, source as ObjectSource, source.defaultMode);
      case 'secret': {
        const s = source as ObjectSource & { secretName?: string };
        return secretPayload(ctx, { ...s, name: s.secretName }, source.defaultMode);
      }
      case 'downwardAPI': return Promise.resolve(downwardApiPayload(ctx, source.items as never, source.defaultMode));
      default: return projectedPayload(ctx, source.sources, source.defaultMode);
    }
  }

  private describe(uid: string, name: string, kind: VolumeKind, v: Volume): MountedVolume {
    if (kind === 'hostPath') return { name, kind, hostPath: (v.hostPath as { path?: string }).path ?? '', readOnly: false };
    const hostPath = join(this.podDir(uid), 'volumes', `kubernetes.io~${PLUGINS[kind]}`, name);
    return { name, kind, hostPath, readOnly: kind !== 'emptyDir' };
  }

  private wasReady(uid: string, name: string, kind: VolumeKind): boolean {
    if (this.ready.get(uid)?.has(name)) return true;
    if (!this.o.rootDir || kind === 'hostPath' || kind === 'emptyDir') return false;
    // After a kubelet restart: files written by the previous kubelet are still there.
    return existsSync(join(this.podDir(uid), 'volumes', `kubernetes.io~${PLUGINS[kind]}`, name, DATA_DIR_NAME));
  }

  private markReady(uid: string, name: string): void {
    let s = this.ready.get(uid);
    if (!s) this.ready.set(uid, (s = new Set()));
    s.add(name);
  }

  private podDir(uid: string): string {
    return join(this.o.rootDir ?? join('/', 'pilothouse-kubelet'), 'pods', uid);
  }

  /**
   * `<root>/pods/<uid>/volumes/kubernetes.io~<plugin>` for the plugins in use, each 0700. The
   * root and its parent must be real directories of this user (a shared temp directory could
   * otherwise hold someone else's).
   */
  private async makePrivateDirs(uid: string, kinds: Set<VolumeKind>): Promise<void> {
    const root = this.o.rootDir!;
    this.rootChecked ??= ensureOwnDir(dirname(root), false).then(() => ensureOwnDir(root, true));
    await this.rootChecked.catch((e: Error) => {
      this.rootChecked = undefined;
      throw e;
    });
    const volumesDir = join(this.podDir(uid), 'volumes');
    for (const dir of [join(root, 'pods'), this.podDir(uid), volumesDir]) await makeDir(dir, PRIVATE_DIR_MODE);
    for (const kind of kinds) if (kind !== 'hostPath') await makeDir(join(volumesDir, `kubernetes.io~${PLUGINS[kind]}`), PRIVATE_DIR_MODE);
  }
}

/**
 * Creates `dir` (0700) or checks the existing one: a directory owned by this user that nobody
 * else may write to. Only the node's own directory is set to 0700; the base above it is left as is.
 */
async function ensureOwnDir(dir: string, makePrivate: boolean): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const stat = await fs.lstat(dir);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (!makePrivate && (stat.mode & 0o022) !== 0)) {
    throw new Error(`refusing to keep pod volumes in ${dir}: it must be a directory of this user that others cannot write to; choose another kubelet volumes directory`);
  }
  if (makePrivate && (stat.mode & 0o7777) !== PRIVATE_DIR_MODE) await fs.chmod(dir, PRIVATE_DIR_MODE);
}

/** The volume's kind when this node supports it. */
function kindOf(v: Volume): VolumeKind | undefined {
  const key = sourceKey(v);
  return key && key in PLUGINS ? (key as VolumeKind) : undefined;
}

function sourceKey(v: Volume): string | undefined {
  return Object.keys(v).find((k) => k !== 'name' && v[k] !== undefined && v[k] !== null);
}

/** Creates a directory if needed and sets its mode exactly (independent of the umask). */
async function makeDir(dir: string, mode: number): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode });
  const stat = await fs.stat(dir);
  if ((stat.mode & 0o7777) !== mode) await fs.chmod(dir, mode);
}
