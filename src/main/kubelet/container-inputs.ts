/**
 * What a container needs from outside its spec before it can be created (upstream
 * `generateContainerConfig`): its environment (ConfigMaps, Secrets, downward API) and its
 * mounts (volumes set up by the VolumeManager). Any failure here is the container's
 * `CreateContainerConfigError`, with the failure's message.
 */
import type { Mount } from '../runtime/types.js';
import type { Container, Pod } from './api-types.js';
import type { ConfigObjects } from './config-objects.js';
import type { PodRuntimeFacts } from './downward-api.js';
import { containerEnvironment } from './env.js';
import { containerMounts } from './volumes/mounts.js';
import type { MountedVolume } from './volumes/volume-manager.js';

export const CONFIG_ERROR_REASON = 'CreateContainerConfigError';

export interface ContainerInputs {
  env: Record<string, string>;
  mounts: Mount[];
}

export interface ContainerInputsRequest {
  pod: Pod;
  container: Container;
  objects: ConfigObjects;
  facts: PodRuntimeFacts;
  volumes: Map<string, MountedVolume>;
  /** Whether volumes exist on disk (sub paths are prepared only then). */
  onDisk: boolean;
  /** Service-link variables of the pod (`service-env.ts`). */
  serviceEnv?: Record<string, string>;
}

export async function resolveContainerInputs(r: ContainerInputsRequest): Promise<ContainerInputs> {
  const env = await containerEnvironment({ pod: r.pod, container: r.container, objects: r.objects, facts: r.facts, serviceEnv: r.serviceEnv });
  const mounts = await containerMounts({ container: r.container, volumes: r.volumes, env, onDisk: r.onDisk });
  return { env, mounts };
}
