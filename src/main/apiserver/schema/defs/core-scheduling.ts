/**
 * core/v1 scheduling constraints of a pod: node affinity, pod affinity and anti-affinity,
 * tolerations and topology spread constraints.
 */
import { LABEL_SELECTOR, atomicList, core, def, int32, int64, ref, str } from '../dsl.js';
import type { Definition } from '../types.js';

const POD_AFFINITY_TERM = core('PodAffinityTerm');
const WEIGHTED_POD_AFFINITY_TERM = core('WeightedPodAffinityTerm');
const NODE_SELECTOR_REQUIREMENT = core('NodeSelectorRequirement');

const REQUIRED_DURING = 'Must hold for the pod to be scheduled; not re-checked once it runs.';
const PREFERRED_DURING = 'Preferred by the scheduler, weighted; not re-checked once it runs.';

export const schedulingDefinitions: Definition[] = [
  def(core('Affinity'), 'Scheduling constraints of a pod.', {
    nodeAffinity: ref(core('NodeAffinity'), 'Which nodes the pod may run on.'),
    podAffinity: ref(core('PodAffinity'), 'Pods this pod should be co-located with.'),
    podAntiAffinity: ref(core('PodAntiAffinity'), 'Pods this pod should not be co-located with.'),
  }),
  def(core('NodeAffinity'), 'Node affinity rules.', {
    preferredDuringSchedulingIgnoredDuringExecution: atomicList(ref(core('PreferredSchedulingTerm')), PREFERRED_DURING),
    requiredDuringSchedulingIgnoredDuringExecution: ref(core('NodeSelector'), REQUIRED_DURING),
  }),
  def(core('NodeSelector'), 'Terms ORed together; a node must match at least one.', {
    nodeSelectorTerms: atomicList(ref(core('NodeSelectorTerm'))),
  }, { required: ['nodeSelectorTerms'] }),
  def(core('NodeSelectorTerm'), 'Requirements ANDed together. An empty term matches no node.', {
    matchExpressions: atomicList(ref(NODE_SELECTOR_REQUIREMENT), 'Requirements on node labels.'),
    matchFields: atomicList(ref(NODE_SELECTOR_REQUIREMENT), 'Requirements on node fields (metadata.name).'),
  }),
  def(NODE_SELECTOR_REQUIREMENT, 'A requirement on one node label or field.', {
    key: str(),
    operator: str(undefined, ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']),
    values: atomicList(str(), 'Empty for Exists/DoesNotExist; one integer for Gt/Lt.'),
  }, { required: ['key', 'operator'] }),
  def(core('PreferredSchedulingTerm'), 'A node selector term with a weight.', {
    preference: ref(core('NodeSelectorTerm')),
    weight: int32('1-100.'),
  }, { required: ['weight', 'preference'] }),
  def(core('PodAffinity'), 'Pod affinity rules.', {
    preferredDuringSchedulingIgnoredDuringExecution: atomicList(ref(WEIGHTED_POD_AFFINITY_TERM), PREFERRED_DURING),
    requiredDuringSchedulingIgnoredDuringExecution: atomicList(ref(POD_AFFINITY_TERM), REQUIRED_DURING),
  }),
  def(core('PodAntiAffinity'), 'Pod anti-affinity rules.', {
    preferredDuringSchedulingIgnoredDuringExecution: atomicList(ref(WEIGHTED_POD_AFFINITY_TERM), PREFERRED_DURING),
    requiredDuringSchedulingIgnoredDuringExecution: atomicList(ref(POD_AFFINITY_TERM), REQUIRED_DURING),
  }),
  def(POD_AFFINITY_TERM, 'A set of pods and the topology domain to be (or not be) in with them.', {
    labelSelector: ref(LABEL_SELECTOR, 'The pods this term is about.'),
    matchLabelKeys: atomicList(str(), 'Label keys whose values are taken from the incoming pod.'),
    mismatchLabelKeys: atomicList(str(), 'Label keys whose values must differ from the incoming pod\'s.'),
    namespaceSelector: ref(LABEL_SELECTOR, 'Namespaces to look in, by label.'),
    namespaces: atomicList(str(), 'Namespaces to look in; the pod\'s own if empty.'),
    topologyKey: str('Node label that defines the domain, e.g. kubernetes.io/hostname.'),
  }, { required: ['topologyKey'] }),
  def(WEIGHTED_POD_AFFINITY_TERM, 'A pod affinity term with a weight.', {
    podAffinityTerm: ref(POD_AFFINITY_TERM),
    weight: int32('1-100.'),
  }, { required: ['weight', 'podAffinityTerm'] }),

  def(core('Toleration'), 'Lets a pod schedule onto (or stay on) nodes with a matching taint.', {
    effect: str('Taint effect to match; all effects if empty.', ['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
    key: str('Taint key to match; all keys if empty (with operator Exists).'),
    operator: str('Defaults to Equal.', ['Exists', 'Equal']),
    tolerationSeconds: int64('For NoExecute: how long the pod stays bound after the taint appears.'),
    value: str('Taint value to match, for operator Equal.'),
  }),
  def(core('TopologySpreadConstraint'), 'How to spread matching pods across a topology.', {
    labelSelector: ref(LABEL_SELECTOR, 'Pods counted in each domain.'),
    matchLabelKeys: atomicList(str(), 'Label keys whose values are taken from the incoming pod.'),
    maxSkew: int32('Largest allowed difference in matching pods between two domains.'),
    minDomains: int32('Minimum number of eligible domains.'),
    nodeAffinityPolicy: str('Whether node affinity limits the domains. Defaults to Honor.', ['Honor', 'Ignore']),
    nodeTaintsPolicy: str('Whether node taints limit the domains. Defaults to Ignore.', ['Honor', 'Ignore']),
    topologyKey: str('Node label that defines the domain.'),
    whenUnsatisfiable: str('What to do when the constraint cannot be met.', ['DoNotSchedule', 'ScheduleAnyway']),
  }, { required: ['maxSkew', 'topologyKey', 'whenUnsatisfiable'] }),
];
