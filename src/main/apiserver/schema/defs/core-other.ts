/**
 * The remaining core/v1 kinds: ConfigMap, Secret, ServiceAccount, Event and ReplicationController.
 */
import {
  atomicList, bool, bytes, conditionList, core, def, int32, int64, kindDef, map, mergeList,
  microTime, ref, str, stringMap, time,
} from '../dsl.js';
import type { Definition } from '../types.js';

export const coreOtherDefinitions: Definition[] = [
  kindDef(core('ConfigMap'), { group: '', version: 'v1', kind: 'ConfigMap' },
    'Non-confidential configuration as key/value pairs.', {
      binaryData: map(bytes(), 'Binary values, base64-encoded. Keys must not also appear in data.'),
      data: stringMap('UTF-8 values.'),
      immutable: bool('If true, data cannot be changed; only deletion is possible.'),
    }),
  kindDef(core('Secret'), { group: '', version: 'v1', kind: 'Secret' },
    'Confidential data as key/value pairs, such as passwords, tokens or keys.', {
      data: map(bytes(), 'Values, base64-encoded.'),
      immutable: bool('If true, data cannot be changed; only deletion is possible.'),
      stringData: stringMap('Write-only plain-text values, merged into data on write.'),
      type: str('Used for programmatic handling of the data, e.g. Opaque or kubernetes.io/tls.'),
    }),
  kindDef(core('ServiceAccount'), { group: '', version: 'v1', kind: 'ServiceAccount' },
    'An identity for processes that run in pods.', {
      automountServiceAccountToken: bool('Whether pods using this account get a token mounted by default.'),
      imagePullSecrets: atomicList(ref(core('LocalObjectReference')), 'Secrets used to pull images of pods using this account.'),
      secrets: mergeList(ref(core('ObjectReference')), 'name', { description: 'Deprecated: secrets for the account.' }),
    }),

  kindDef(core('Event'), { group: '', version: 'v1', kind: 'Event' },
    'A report of something that happened to an object, e.g. a pod being scheduled or an image pulled.', {
      action: str('What was done, or failed, e.g. Binding.'),
      count: int32('How many times this event occurred.'),
      eventTime: microTime('When the event was first observed.'),
      firstTimestamp: time('When the event was first recorded.'),
      involvedObject: ref(core('ObjectReference'), 'The object this event is about.'),
      lastTimestamp: time('When the event was most recently recorded.'),
      message: str('Human-readable description.'),
      reason: str('Short CamelCase reason, e.g. Scheduled, Pulled, FailedScheduling.'),
      related: ref(core('ObjectReference'), 'A second object, for more complex events.'),
      reportingComponent: str('Controller that emitted the event, e.g. kubelet.'),
      reportingInstance: str('Instance of the controller, e.g. the node name.'),
      series: ref(core('EventSeries'), 'Data about a series of repeated events.'),
      source: ref(core('EventSource'), 'The component reporting the event.'),
      type: str('Normal or Warning.', ['Normal', 'Warning']),
    }, { required: ['metadata', 'involvedObject'] }),
  def(core('EventSource'), 'The component that emitted an event.', {
    component: str('e.g. kubelet or default-scheduler.'), host: str('Node name, for the kubelet.'),
  }),
  def(core('EventSeries'), 'A series of occurrences of the same event.', {
    count: int32('Occurrences so far.'), lastObservedTime: microTime('When the last occurrence was observed.'),
  }),

  kindDef(core('ReplicationController'), { group: '', version: 'v1', kind: 'ReplicationController' },
    'Keeps a number of pod replicas running (legacy; see apps/v1 ReplicaSet).', {
      spec: ref(core('ReplicationControllerSpec')),
      status: ref(core('ReplicationControllerStatus')),
    }),
  def(core('ReplicationControllerSpec'), 'Desired state of a replication controller.', {
    minReadySeconds: int32('Seconds a new pod must be ready before it counts as available.'),
    replicas: int32('Desired number of pods. Defaults to 1.'),
    selector: stringMap('Label query over pods; defaults to the template labels.'),
    template: ref(core('PodTemplateSpec'), 'Pods created when there are too few.'),
  }),
  def(core('ReplicationControllerStatus'), 'Observed state of a replication controller.', {
    availableReplicas: int32(),
    conditions: conditionList(core('ReplicationControllerCondition')),
    fullyLabeledReplicas: int32(),
    observedGeneration: int64(),
    readyReplicas: int32(),
    replicas: int32(),
  }, { required: ['replicas'] }),
  def(core('ReplicationControllerCondition'), 'One condition of a replication controller.', {
    lastTransitionTime: time(), message: str(), reason: str(), status: str(), type: str(),
  }, { required: ['type', 'status'] }),
];

