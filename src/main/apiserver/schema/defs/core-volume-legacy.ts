/**
 * The legacy in-tree volume sources (cloud disks, network filesystems). Pilothouse cannot mount
 * them, but real manifests carry them, so strict field validation must know their fields.
 */
import { atomicList, bool, core, def, int32, ref, str, stringMap } from '../dsl.js';
import type { Definition, Property } from '../types.js';

const SECRET_REF = (): Property => ref(core('LocalObjectReference'));

/** VolumeSource members for the sources below, to spread into Volume. */
export function legacyVolumeSourceFields(): Record<string, Property> {
  const fields: Record<string, Property> = {};
  for (const [field, type] of LEGACY_SOURCES) fields[field] = ref(core(type));
  return fields;
}

const LEGACY_SOURCES: readonly (readonly [string, string])[] = [
  ['awsElasticBlockStore', 'AWSElasticBlockStoreVolumeSource'],
  ['azureDisk', 'AzureDiskVolumeSource'],
  ['azureFile', 'AzureFileVolumeSource'],
  ['cephfs', 'CephFSVolumeSource'],
  ['cinder', 'CinderVolumeSource'],
  ['fc', 'FCVolumeSource'],
  ['flexVolume', 'FlexVolumeSource'],
  ['flocker', 'FlockerVolumeSource'],
  ['gcePersistentDisk', 'GCEPersistentDiskVolumeSource'],
  ['gitRepo', 'GitRepoVolumeSource'],
  ['glusterfs', 'GlusterfsVolumeSource'],
  ['iscsi', 'ISCSIVolumeSource'],
  ['photonPersistentDisk', 'PhotonPersistentDiskVolumeSource'],
  ['portworxVolume', 'PortworxVolumeSource'],
  ['quobyte', 'QuobyteVolumeSource'],
  ['rbd', 'RBDVolumeSource'],
  ['scaleIO', 'ScaleIOVolumeSource'],
  ['storageos', 'StorageOSVolumeSource'],
  ['vsphereVolume', 'VsphereVirtualDiskVolumeSource'],
];

export const legacyVolumeDefinitions: Definition[] = [
  def(core('AWSElasticBlockStoreVolumeSource'), 'Deprecated: an AWS EBS disk.', {
    fsType: str(), partition: int32(), readOnly: bool(), volumeID: str(),
  }, { required: ['volumeID'] }),
  def(core('AzureDiskVolumeSource'), 'Deprecated: an Azure data disk.', {
    cachingMode: str(), diskName: str(), diskURI: str(), fsType: str(), kind: str(), readOnly: bool(),
  }, { required: ['diskName', 'diskURI'] }),
  def(core('AzureFileVolumeSource'), 'Deprecated: an Azure File share.', {
    readOnly: bool(), secretName: str(), shareName: str(),
  }, { required: ['secretName', 'shareName'] }),
  def(core('CephFSVolumeSource'), 'Deprecated: a CephFS mount.', {
    monitors: atomicList(str()), path: str(), readOnly: bool(), secretFile: str(), secretRef: SECRET_REF(), user: str(),
  }, { required: ['monitors'] }),
  def(core('CinderVolumeSource'), 'Deprecated: an OpenStack Cinder volume.', {
    fsType: str(), readOnly: bool(), secretRef: SECRET_REF(), volumeID: str(),
  }, { required: ['volumeID'] }),
  def(core('FCVolumeSource'), 'A Fibre Channel volume.', {
    fsType: str(), lun: int32(), readOnly: bool(), targetWWNs: atomicList(str()), wwids: atomicList(str()),
  }),
  def(core('FlexVolumeSource'), 'Deprecated: a volume provisioned by an exec-based plugin.', {
    driver: str(), fsType: str(), options: stringMap(), readOnly: bool(), secretRef: SECRET_REF(),
  }, { required: ['driver'] }),
  def(core('FlockerVolumeSource'), 'Deprecated: a Flocker dataset.', { datasetName: str(), datasetUUID: str() }),
  def(core('GCEPersistentDiskVolumeSource'), 'Deprecated: a GCE persistent disk.', {
    fsType: str(), partition: int32(), pdName: str(), readOnly: bool(),
  }, { required: ['pdName'] }),
  def(core('GitRepoVolumeSource'), 'Deprecated: a git repository cloned into an empty directory.', {
    directory: str(), repository: str(), revision: str(),
  }, { required: ['repository'] }),
  def(core('GlusterfsVolumeSource'), 'Deprecated: a GlusterFS mount.', {
    endpoints: str(), path: str(), readOnly: bool(),
  }, { required: ['endpoints', 'path'] }),
  def(core('ISCSIVolumeSource'), 'An iSCSI disk.', {
    chapAuthDiscovery: bool(), chapAuthSession: bool(), fsType: str(), initiatorName: str(), iqn: str(),
    iscsiInterface: str(), lun: int32(), portals: atomicList(str()), readOnly: bool(), secretRef: SECRET_REF(),
    targetPortal: str(),
  }, { required: ['targetPortal', 'iqn', 'lun'] }),
  def(core('PhotonPersistentDiskVolumeSource'), 'Deprecated: a Photon Controller disk.', {
    fsType: str(), pdID: str(),
  }, { required: ['pdID'] }),
  def(core('PortworxVolumeSource'), 'Deprecated: a Portworx volume.', {
    fsType: str(), readOnly: bool(), volumeID: str(),
  }, { required: ['volumeID'] }),
  def(core('QuobyteVolumeSource'), 'Deprecated: a Quobyte mount.', {
    group: str(), readOnly: bool(), registry: str(), tenant: str(), user: str(), volume: str(),
  }, { required: ['registry', 'volume'] }),
  def(core('RBDVolumeSource'), 'Deprecated: a Rados block device.', {
    fsType: str(), image: str(), keyring: str(), monitors: atomicList(str()), pool: str(), readOnly: bool(),
    secretRef: SECRET_REF(), user: str(),
  }, { required: ['monitors', 'image'] }),
  def(core('ScaleIOVolumeSource'), 'Deprecated: a ScaleIO volume.', {
    fsType: str(), gateway: str(), protectionDomain: str(), readOnly: bool(), secretRef: SECRET_REF(),
    sslEnabled: bool(), storageMode: str(), storagePool: str(), system: str(), volumeName: str(),
  }, { required: ['gateway', 'system', 'secretRef'] }),
  def(core('StorageOSVolumeSource'), 'Deprecated: a StorageOS volume.', {
    fsType: str(), readOnly: bool(), secretRef: SECRET_REF(), volumeName: str(), volumeNamespace: str(),
  }),
  def(core('VsphereVirtualDiskVolumeSource'), 'Deprecated: a vSphere disk.', {
    fsType: str(), storagePolicyID: str(), storagePolicyName: str(), volumePath: str(),
  }, { required: ['volumePath'] }),
];
