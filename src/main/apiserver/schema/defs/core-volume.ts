/**
 * core/v1 Volume and the volume sources pods commonly use (emptyDir, hostPath, configMap, secret,
 * projected, downwardAPI, persistentVolumeClaim, ephemeral, csi, nfs, image). The legacy in-tree
 * cloud and network sources live in `core-volume-legacy.ts`.
 */
import {
  LABEL_SELECTOR, OBJECT_META, atomicList, bool, core, def, int32, int64, quantity, quantityMap, ref, str,
  stringMap,
} from '../dsl.js';
import type { Definition, Property } from '../types.js';
import { legacyVolumeSourceFields } from './core-volume-legacy.js';

const KEY_TO_PATH = core('KeyToPath');
const DEFAULT_MODE = 'Permission bits (0000-0777) for files created in the volume. Defaults to 0644.';

/** The members of VolumeSource (inlined into Volume); exactly one is set. */
function volumeSourceFields(): Record<string, Property> {
  return {
    configMap: ref(core('ConfigMapVolumeSource'), 'Files from the keys of a ConfigMap.'),
    csi: ref(core('CSIVolumeSource'), 'An ephemeral volume provided by a CSI driver.'),
    downwardAPI: ref(core('DownwardAPIVolumeSource'), 'Files holding pod fields and container resources.'),
    emptyDir: ref(core('EmptyDirVolumeSource'), 'An empty directory that lives as long as the pod.'),
    ephemeral: ref(core('EphemeralVolumeSource'), 'A PersistentVolumeClaim created for and deleted with the pod.'),
    hostPath: ref(core('HostPathVolumeSource'), 'A file or directory of the node, mounted directly.'),
    image: ref(core('ImageVolumeSource'), 'The contents of an OCI image or artifact, read-only.'),
    nfs: ref(core('NFSVolumeSource'), 'An NFS export.'),
    persistentVolumeClaim: ref(core('PersistentVolumeClaimVolumeSource'), 'A PersistentVolumeClaim in the pod\'s namespace.'),
    projected: ref(core('ProjectedVolumeSource'), 'Several sources (secrets, configMaps, tokens) in one directory.'),
    secret: ref(core('SecretVolumeSource'), 'Files from the keys of a Secret.'),
    ...legacyVolumeSourceFields(),
  };
}

export const volumeDefinitions: Definition[] = [
  def(core('Volume'), 'A named volume of a pod that its containers can mount.', {
    name: str('Volume name, a DNS label unique within the pod.'),
    ...volumeSourceFields(),
  }, { required: ['name'] }),

  def(core('EmptyDirVolumeSource'), 'An empty directory for the pod\'s lifetime.', {
    medium: str('Storage medium: "" (node default) or "Memory" (tmpfs).'),
    sizeLimit: quantity('Most local storage the volume may use.'),
  }),
  def(core('HostPathVolumeSource'), 'A path on the node.', {
    path: str('Path on the host; a symlink is followed.'),
    type: str('What must exist at the path. Defaults to "" (no check).', [
      '', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice',
    ]),
  }, { required: ['path'] }),
  def(core('ConfigMapVolumeSource'), 'Projects the keys of a ConfigMap as files.', {
    defaultMode: int32(DEFAULT_MODE),
    items: atomicList(ref(KEY_TO_PATH), 'Which keys to project and where; all keys if empty.'),
    name: str('Name of the ConfigMap.'),
    optional: bool('Do not fail if the ConfigMap or a key is missing.'),
  }),
  def(core('SecretVolumeSource'), 'Projects the keys of a Secret as files.', {
    defaultMode: int32(DEFAULT_MODE),
    items: atomicList(ref(KEY_TO_PATH), 'Which keys to project and where; all keys if empty.'),
    optional: bool('Do not fail if the Secret or a key is missing.'),
    secretName: str('Name of the Secret in the pod\'s namespace.'),
  }),
  def(KEY_TO_PATH, 'Maps one key to a relative file path.', {
    key: str(), mode: int32('Permission bits for this file.'), path: str('Relative path; must not contain "..".'),
  }, { required: ['key', 'path'] }),
  def(core('DownwardAPIVolumeSource'), 'Files holding pod metadata and container resources.', {
    defaultMode: int32(DEFAULT_MODE),
    items: atomicList(ref(core('DownwardAPIVolumeFile'))),
  }),
  def(core('DownwardAPIVolumeFile'), 'One downward API file.', {
    fieldRef: ref(core('ObjectFieldSelector'), 'A pod field: metadata.name, namespace, labels, annotations, uid.'),
    mode: int32(),
    path: str('Relative path of the file.'),
    resourceFieldRef: ref(core('ResourceFieldSelector'), 'A container limit or request.'),
  }, { required: ['path'] }),
  def(core('ProjectedVolumeSource'), 'Several volume sources projected into one directory.', {
    defaultMode: int32(DEFAULT_MODE),
    sources: atomicList(ref(core('VolumeProjection'))),
  }),
  def(core('VolumeProjection'), 'One source of a projected volume; exactly one member is set.', {
    clusterTrustBundle: ref(core('ClusterTrustBundleProjection')),
    configMap: ref(core('ConfigMapProjection')),
    downwardAPI: ref(core('DownwardAPIProjection')),
    secret: ref(core('SecretProjection')),
    serviceAccountToken: ref(core('ServiceAccountTokenProjection')),
  }),
  def(core('ConfigMapProjection'), 'ConfigMap keys in a projected volume.', {
    items: atomicList(ref(KEY_TO_PATH)), name: str(), optional: bool(),
  }),
  def(core('SecretProjection'), 'Secret keys in a projected volume.', {
    items: atomicList(ref(KEY_TO_PATH)), name: str(), optional: bool(),
  }),
  def(core('DownwardAPIProjection'), 'Downward API files in a projected volume.', {
    items: atomicList(ref(core('DownwardAPIVolumeFile'))),
  }),
  def(core('ServiceAccountTokenProjection'), 'A bound service account token, rotated by the kubelet.', {
    audience: str('Intended audience; defaults to the API server\'s.'),
    expirationSeconds: int64('Requested lifetime; defaults to 1 hour.'),
    path: str('Relative path of the token file.'),
  }, { required: ['path'] }),
  def(core('ClusterTrustBundleProjection'), 'Certificates from ClusterTrustBundle objects.', {
    labelSelector: ref(LABEL_SELECTOR), name: str(), optional: bool(), path: str(), signerName: str(),
  }, { required: ['path'] }),

  def(core('PersistentVolumeClaimVolumeSource'), 'A reference to a PersistentVolumeClaim in the pod\'s namespace.', {
    claimName: str(), readOnly: bool(),
  }, { required: ['claimName'] }),
  def(core('EphemeralVolumeSource'), 'A volume backed by a claim the pod owns.', {
    volumeClaimTemplate: ref(core('PersistentVolumeClaimTemplate'), 'Template of the claim to create.'),
  }),
  def(core('PersistentVolumeClaimTemplate'), 'The claim an ephemeral volume creates.', {
    metadata: ref(OBJECT_META, 'Labels and annotations copied to the claim.'),
    spec: ref(core('PersistentVolumeClaimSpec')),
  }, { required: ['spec'] }),
  def(core('PersistentVolumeClaimSpec'), 'The storage a claim asks for.', {
    accessModes: atomicList(str(), 'e.g. ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod.'),
    dataSource: ref(core('TypedLocalObjectReference')),
    dataSourceRef: ref(core('TypedObjectReference')),
    resources: ref(core('VolumeResourceRequirements')),
    selector: ref(LABEL_SELECTOR),
    storageClassName: str(),
    volumeAttributesClassName: str(),
    volumeMode: str(undefined, ['Block', 'Filesystem']),
    volumeName: str(),
  }),
  def(core('VolumeResourceRequirements'), 'Storage requested and limited.', {
    limits: quantityMap(), requests: quantityMap(),
  }),
  def(core('TypedLocalObjectReference'), 'An object of any group in the same namespace.', {
    apiGroup: str(), kind: str(), name: str(),
  }, { required: ['kind', 'name'] }),
  def(core('TypedObjectReference'), 'An object of any group, optionally in another namespace.', {
    apiGroup: str(), kind: str(), name: str(), namespace: str(),
  }, { required: ['kind', 'name'] }),

  def(core('CSIVolumeSource'), 'An inline ephemeral volume from a CSI driver.', {
    driver: str(),
    fsType: str(),
    nodePublishSecretRef: ref(core('LocalObjectReference')),
    readOnly: bool(),
    volumeAttributes: stringMap('Driver-specific properties.'),
  }, { required: ['driver'] }),
  def(core('NFSVolumeSource'), 'An NFS mount.', { path: str(), readOnly: bool(), server: str() }, {
    required: ['server', 'path'],
  }),
  def(core('ImageVolumeSource'), 'An OCI image or artifact mounted read-only.', {
    pullPolicy: str(undefined, ['Always', 'Never', 'IfNotPresent']),
    reference: str('Image reference, as for a container image.'),
  }),
];
