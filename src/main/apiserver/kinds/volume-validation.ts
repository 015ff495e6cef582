/**
 * Pod `volumes` (upstream `ValidateVolumes`): unique DNS-label names and exactly one source per
 * volume, with the required fields of the common sources checked.
 */
import { isDNS1123Label } from '../../../shared/api/names.js';
import { isQuantity, parseQuantity } from '../../../shared/api/quantity.js';
import { duplicate, forbidden, invalid, invalidEach, required, type FieldError } from './field-errors.js';
import type { Volume } from './pod-types.js';

/** Every volume source key of core/v1 `VolumeSource`, in upstream's checking order. */
export const VOLUME_SOURCES = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc',
  'flexVolume', 'configMap', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume',
  'azureDisk', 'storageos', 'projected', 'scaleIO', 'csi', 'ephemeral', 'image',
] as const;

export interface VolumeCheck {
  /** Names of the valid volumes, for volumeMounts to refer to. */
  names: Set<string>;
  errors: FieldError[];
}

export function validateVolumes(volumes: Volume[] | undefined, path: string): VolumeCheck {
  const names = new Set<string>();
  const errors: FieldError[] = [];
  (volumes ?? []).forEach((v, i) => {
    const p = `${path}[${i}]`;
    const el = validateVolumeSource(v, p);
    if (!v.name) el.push(required(`${p}.name`));
    else el.push(...invalidEach(`${p}.name`, v.name, isDNS1123Label(v.name)));
    if (v.name && names.has(v.name)) el.push(duplicate(`${p}.name`, v.name));
    if (el.length === 0 && v.name) names.add(v.name);
    errors.push(...el);
  });
  return { names, errors };
}

function validateVolumeSource(v: Volume, path: string): FieldError[] {
  const out: FieldError[] = [];
  let count = 0;
  for (const key of VOLUME_SOURCES) {
    const source = v[key];
    if (source === undefined || source === null) continue;
    if (count > 0) {
      out.push(forbidden(`${path}.${key}`, 'may not specify more than 1 volume type'));
      continue;
    }
    count += 1;
    out.push(...validateSource(key, (source ?? {}) as Record<string, unknown>, `${path}.${key}`));
  }
  if (count === 0) out.push(required(path, 'must specify a volume type'));
  return out;
}

function validateSource(key: string, s: Record<string, unknown>, path: string): FieldError[] {
  switch (key) {
    case 'hostPath':
      return s.path ? noBacksteps(String(s.path), `${path}.path`) : [required(`${path}.path`)];
    case 'secret':
      return s.secretName ? [] : [required(`${path}.secretName`)];
    case 'configMap':
      return s.name ? [] : [required(`${path}.name`)];
    case 'persistentVolumeClaim':
      return s.claimName ? [] : [required(`${path}.claimName`)];
    case 'nfs':
      return validateNFS(s, path);
    case 'emptyDir':
      return validateSizeLimit(s.sizeLimit, `${path}.sizeLimit`);
    default:
      return [];
  }
}

function validateNFS(s: Record<string, unknown>, path: string): FieldError[] {
  const out: FieldError[] = [];
  if (!s.server) out.push(required(`${path}.server`));
  if (!s.path) out.push(required(`${path}.path`));
  else if (!String(s.path).startsWith('/')) out.push(invalid(`${path}.path`, s.path, 'must be an absolute path'));
  return out;
}

function validateSizeLimit(limit: unknown, path: string): FieldError[] {
  if (limit === undefined || limit === null) return [];
  if (!isQuantity(limit) || parseQuantity(limit as string).num < 0n) {
    return [forbidden(path, 'SizeLimit field must be a valid resource quantity')];
  }
  return [];
}

/** Upstream `validatePathNoBacksteps`. */
export function noBacksteps(p: string, path: string): FieldError[] {
  return p.split(/[\\/]/).includes('..') ? [invalid(path, p, "must not contain '..'")] : [];
}
