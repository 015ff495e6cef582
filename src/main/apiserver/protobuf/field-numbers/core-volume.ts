/**
 * Field numbers of core/v1 Volume, its embedded VolumeSource, and every volume source in our
 * schema, the legacy in-tree ones included. Source: k8s.io/api/core/v1/generated.proto.
 */
import { core } from '../../schema/dsl.js';
import { LOCAL_OBJECT_REFERENCE, type LayoutTable, type MessageLayout } from './types.js';

/** VolumeSource, embedded in Volume as field 2: every member is a pointer, at most one is set. */
const VOLUME_SOURCE: MessageLayout = {
  fields: {
    hostPath: 1, emptyDir: 2, gcePersistentDisk: 3, awsElasticBlockStore: 4, gitRepo: 5, secret: 6, nfs: 7, iscsi: 8,
    glusterfs: 9, persistentVolumeClaim: 10, rbd: 11, flexVolume: 12, cinder: 13, cephfs: 14, flocker: 15,
    downwardAPI: 16, fc: 17, azureFile: 18, configMap: 19, vsphereVolume: 20, quobyte: 21, azureDisk: 22,
    photonPersistentDisk: 23, portworxVolume: 24, scaleIO: 25, projected: 26, storageos: 27, csi: 28, ephemeral: 29,
    image: 30,
  },
};

/** The in-tree cloud and network sources Pilothouse cannot mount but must still decode. */
const legacySourceLayouts: LayoutTable = {
  [core('AWSElasticBlockStoreVolumeSource')]: {
    fields: { volumeID: 1, fsType: 2, partition: 3, readOnly: 4 }, keepZero: ['volumeID'],
  },
  [core('AzureDiskVolumeSource')]: {
    fields: { diskName: 1, diskURI: 2, cachingMode: 3, fsType: 4, readOnly: 5, kind: 6 },
    keepZero: ['diskName', 'diskURI', 'cachingMode', 'fsType', 'readOnly', 'kind'],
  },
  [core('AzureFileVolumeSource')]: {
    fields: { secretName: 1, shareName: 2, readOnly: 3 }, keepZero: ['secretName', 'shareName'],
  },
  [core('CephFSVolumeSource')]: { fields: { monitors: 1, path: 2, user: 3, secretFile: 4, secretRef: 5, readOnly: 6 } },
  [core('CinderVolumeSource')]: { fields: { volumeID: 1, fsType: 2, readOnly: 3, secretRef: 4 }, keepZero: ['volumeID'] },
  [core('FCVolumeSource')]: { fields: { targetWWNs: 1, lun: 2, fsType: 3, readOnly: 4, wwids: 5 }, keepZero: ['lun'] },
  [core('FlexVolumeSource')]: {
    fields: { driver: 1, fsType: 2, secretRef: 3, readOnly: 4, options: 5 }, keepZero: ['driver'],
  },
  [core('FlockerVolumeSource')]: { fields: { datasetName: 1, datasetUUID: 2 } },
  [core('GCEPersistentDiskVolumeSource')]: {
    fields: { pdName: 1, fsType: 2, partition: 3, readOnly: 4 }, keepZero: ['pdName'],
  },
  [core('GitRepoVolumeSource')]: { fields: { repository: 1, revision: 2, directory: 3 }, keepZero: ['repository'] },
  [core('GlusterfsVolumeSource')]: { fields: { endpoints: 1, path: 2, readOnly: 3 }, keepZero: ['endpoints', 'path'] },
  [core('ISCSIVolumeSource')]: {
    fields: {
      targetPortal: 1, iqn: 2, lun: 3, iscsiInterface: 4, fsType: 5, readOnly: 6, portals: 7, chapAuthDiscovery: 8,
      secretRef: 10, chapAuthSession: 11, initiatorName: 12,
    },
    keepZero: ['targetPortal', 'iqn', 'lun', 'initiatorName'],
  },
  [core('PhotonPersistentDiskVolumeSource')]: { fields: { pdID: 1, fsType: 2 }, keepZero: ['pdID'] },
  [core('PortworxVolumeSource')]: { fields: { volumeID: 1, fsType: 2, readOnly: 3 }, keepZero: ['volumeID'] },
  [core('QuobyteVolumeSource')]: {
    fields: { registry: 1, volume: 2, readOnly: 3, user: 4, group: 5, tenant: 6 }, keepZero: ['registry', 'volume'],
  },
  [core('RBDVolumeSource')]: {
    fields: { monitors: 1, image: 2, fsType: 3, pool: 4, user: 5, keyring: 6, secretRef: 7, readOnly: 8 },
    keepZero: ['image'],
  },
  [core('ScaleIOVolumeSource')]: {
    fields: {
      gateway: 1, system: 2, secretRef: 3, sslEnabled: 4, protectionDomain: 5, storagePool: 6, storageMode: 7,
      volumeName: 8, fsType: 9, readOnly: 10,
    },
    keepZero: ['gateway', 'system'],
  },
  [core('StorageOSVolumeSource')]: { fields: { volumeName: 1, volumeNamespace: 2, fsType: 3, readOnly: 4, secretRef: 5 } },
  [core('VsphereVirtualDiskVolumeSource')]: {
    fields: { volumePath: 1, fsType: 2, storagePolicyName: 3, storagePolicyID: 4 }, keepZero: ['volumePath'],
  },
};

export const volumeLayouts: LayoutTable = {
  [core('Volume')]: { fields: { name: 1 }, keepZero: ['name'], inline: { 2: VOLUME_SOURCE } },
  [core('EmptyDirVolumeSource')]: { fields: { medium: 1, sizeLimit: 2 } },
  [core('HostPathVolumeSource')]: { fields: { path: 1, type: 2 }, keepZero: ['path', 'type'] },
  [core('ConfigMapVolumeSource')]: {
    fields: { items: 2, defaultMode: 3, optional: 4 }, keepZero: ['defaultMode', 'optional'],
    inline: { 1: LOCAL_OBJECT_REFERENCE },
  },
  [core('SecretVolumeSource')]: {
    fields: { secretName: 1, items: 2, defaultMode: 3, optional: 4 }, keepZero: ['defaultMode', 'optional'],
  },
  [core('KeyToPath')]: { fields: { key: 1, path: 2, mode: 3 }, keepZero: ['key', 'path', 'mode'] },
  [core('DownwardAPIVolumeSource')]: { fields: { items: 1, defaultMode: 2 }, keepZero: ['defaultMode'] },
  [core('DownwardAPIVolumeFile')]: {
    fields: { path: 1, fieldRef: 2, resourceFieldRef: 3, mode: 4 }, keepZero: ['path', 'mode'],
  },
  [core('ProjectedVolumeSource')]: { fields: { sources: 1, defaultMode: 2 }, keepZero: ['defaultMode'] },
  [core('VolumeProjection')]: {
    fields: { secret: 1, downwardAPI: 2, configMap: 3, serviceAccountToken: 4, clusterTrustBundle: 5 },
  },
  [core('ConfigMapProjection')]: {
    fields: { items: 2, optional: 4 }, keepZero: ['optional'], inline: { 1: LOCAL_OBJECT_REFERENCE },
  },
  [core('SecretProjection')]: {
    fields: { items: 2, optional: 4 }, keepZero: ['optional'], inline: { 1: LOCAL_OBJECT_REFERENCE },
  },
  [core('DownwardAPIProjection')]: { fields: { items: 1 } },
  [core('ServiceAccountTokenProjection')]: {
    fields: { audience: 1, expirationSeconds: 2, path: 3 }, keepZero: ['expirationSeconds', 'path'],
  },
  [core('ClusterTrustBundleProjection')]: {
    fields: { name: 1, signerName: 2, labelSelector: 3, path: 4, optional: 5 },
    keepZero: ['name', 'signerName', 'path', 'optional'],
  },
  [core('PersistentVolumeClaimVolumeSource')]: { fields: { claimName: 1, readOnly: 2 }, keepZero: ['claimName'] },
  [core('EphemeralVolumeSource')]: { fields: { volumeClaimTemplate: 1 } },
  [core('PersistentVolumeClaimTemplate')]: { fields: { metadata: 1, spec: 2 } },
  [core('PersistentVolumeClaimSpec')]: {
    fields: {
      accessModes: 1, resources: 2, volumeName: 3, selector: 4, storageClassName: 5, volumeMode: 6, dataSource: 7,
      dataSourceRef: 8, volumeAttributesClassName: 9,
    },
    keepZero: ['storageClassName', 'volumeMode', 'volumeAttributesClassName'],
  },
  [core('VolumeResourceRequirements')]: { fields: { limits: 1, requests: 2 } },
  [core('TypedLocalObjectReference')]: { fields: { apiGroup: 1, kind: 2, name: 3 }, keepZero: ['apiGroup', 'kind', 'name'] },
  [core('TypedObjectReference')]: {
    fields: { apiGroup: 1, kind: 2, name: 3, namespace: 4 }, keepZero: ['apiGroup', 'kind', 'name', 'namespace'],
  },
  [core('CSIVolumeSource')]: {
    fields: { driver: 1, readOnly: 2, fsType: 3, volumeAttributes: 4, nodePublishSecretRef: 5 },
    keepZero: ['driver', 'readOnly', 'fsType'],
  },
  [core('NFSVolumeSource')]: { fields: { server: 1, path: 2, readOnly: 3 }, keepZero: ['server', 'path'] },
  [core('ImageVolumeSource')]: { fields: { reference: 1, pullPolicy: 2 } },
  ...legacySourceLayouts,
};
