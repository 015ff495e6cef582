/**
 * apps/v1 Deployment and ReplicaSet: specs, rollout strategy, statuses and conditions.
 */
import {
  LABEL_SELECTOR, conditionList, core, def, int32, int64, intOrString, kindDef, bool, ref, str, time,
} from '../dsl.js';
import type { Definition } from '../types.js';

const APPS = 'io.k8s.api.apps.v1';
const apps = (type: string): string => `${APPS}.${type}`;
const POD_TEMPLATE = core('PodTemplateSpec');

export const appsDefinitions: Definition[] = [
  kindDef(apps('Deployment'), { group: 'apps', version: 'v1', kind: 'Deployment' },
    'Declarative updates for pods and ReplicaSets: keeps replicas of a pod template running and rolls out changes.', {
      spec: ref(apps('DeploymentSpec'), 'Desired behaviour of the Deployment.'),
      status: ref(apps('DeploymentStatus'), 'Most recently observed status of the Deployment. Read-only.'),
    }),
  def(apps('DeploymentSpec'), 'Desired behaviour of a Deployment.', {
    minReadySeconds: int32('Seconds a new pod must be ready before it counts as available. Defaults to 0.'),
    paused: bool('Pauses rollouts of template changes.'),
    progressDeadlineSeconds: int32('Seconds a rollout may make no progress before it is marked failed. Defaults to 600.'),
    replicas: int32('Desired number of pods. Defaults to 1.'),
    revisionHistoryLimit: int32('Old ReplicaSets kept for rollback. Defaults to 10.'),
    selector: ref(LABEL_SELECTOR, 'Label query over pods; must match the template labels. Immutable.'),
    strategy: {
      ...ref(apps('DeploymentStrategy'), 'How existing pods are replaced by new ones.'),
      patchStrategy: 'retainKeys',
    },
    template: ref(POD_TEMPLATE, 'The pods to create.'),
  }, { required: ['selector', 'template'] }),
  def(apps('DeploymentStrategy'), 'How a Deployment replaces pods.', {
    rollingUpdate: ref(apps('RollingUpdateDeployment'), 'Parameters of a RollingUpdate.'),
    type: str('Defaults to RollingUpdate.', ['Recreate', 'RollingUpdate']),
  }),
  def(apps('RollingUpdateDeployment'), 'Pacing of a rolling update.', {
    maxSurge: intOrString('Pods allowed above the desired count during the update, a number or a percentage. Defaults to 25%.'),
    maxUnavailable: intOrString('Pods allowed to be unavailable during the update, a number or a percentage. Defaults to 25%.'),
  }),
  def(apps('DeploymentStatus'), 'Observed state of a Deployment.', {
    availableReplicas: int32('Pods ready for at least minReadySeconds.'),
    collisionCount: int32('Count of pod-template-hash collisions, used to make new ReplicaSet names unique.'),
    conditions: conditionList(apps('DeploymentCondition'), 'Available, Progressing, ReplicaFailure.'),
    observedGeneration: int64('The metadata.generation the controller last acted on.'),
    readyReplicas: int32('Pods with a Ready condition.'),
    replicas: int32('Pods targeted by this Deployment.'),
    unavailableReplicas: int32('Pods still needed for the Deployment to be fully available.'),
    updatedReplicas: int32('Pods that run the current template.'),
  }),
  def(apps('DeploymentCondition'), 'One condition of a Deployment.', {
    lastTransitionTime: time(),
    lastUpdateTime: time('When this condition was last updated.'),
    message: str(),
    reason: str('e.g. NewReplicaSetAvailable, ProgressDeadlineExceeded.'),
    status: str(undefined, ['True', 'False', 'Unknown']),
    type: str(undefined, ['Available', 'Progressing', 'ReplicaFailure']),
  }, { required: ['type', 'status'] }),

  kindDef(apps('ReplicaSet'), { group: 'apps', version: 'v1', kind: 'ReplicaSet' },
    'Keeps a number of replicas of a pod template running. Usually managed by a Deployment.', {
      spec: ref(apps('ReplicaSetSpec'), 'Desired behaviour of the ReplicaSet.'),
      status: ref(apps('ReplicaSetStatus'), 'Most recently observed status of the ReplicaSet. Read-only.'),
    }),
  def(apps('ReplicaSetSpec'), 'Desired behaviour of a ReplicaSet.', {
    minReadySeconds: int32('Seconds a new pod must be ready before it counts as available.'),
    replicas: int32('Desired number of pods. Defaults to 1.'),
    selector: ref(LABEL_SELECTOR, 'Label query over pods; must match the template labels.'),
    template: ref(POD_TEMPLATE, 'Pods created when there are too few.'),
  }, { required: ['selector'] }),
  def(apps('ReplicaSetStatus'), 'Observed state of a ReplicaSet.', {
    availableReplicas: int32(),
    conditions: conditionList(apps('ReplicaSetCondition')),
    fullyLabeledReplicas: int32('Pods whose labels match the template labels.'),
    observedGeneration: int64(),
    readyReplicas: int32(),
    replicas: int32('Most recently observed number of pods.'),
  }, { required: ['replicas'] }),
  def(apps('ReplicaSetCondition'), 'One condition of a ReplicaSet.', {
    lastTransitionTime: time(), message: str(), reason: str(), status: str(undefined, ['True', 'False', 'Unknown']),
    type: str(undefined, ['ReplicaFailure']),
  }, { required: ['type', 'status'] }),
];
