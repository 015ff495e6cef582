/**
 * The channel maps: every `domain:method` the main process (or the dashboard server) answers,
 * with its request and response (calls) or request and event (subscriptions) types. Main,
 * preload, the WebSocket transport and the renderer all derive their types from these two maps.
 */
import type { KubeObject } from '../api/object.js';
import type {
  ApiResourceInfo, ApplyRequest, ApplyResponse, DeleteRequest, DiffRequest, DiffResponse, GetResponse,
  ListRequest, ListResponse, ObjectRef, WatchEvent, WatchRequest, YamlResponse,
} from './resource-types.js';
import type {
  AddNodeRequest, AddNodeResponse, AddonSetRequest, AddonState, ClusterInfo, DrainRequest, DrainResponse,
  NodeFaultResponse, NodeRef, NodeUsage, OpenApiSchemaRequest, OpenApiSchemaResponse, OpenExternalRequest,
  PodMetricsRequest, PodUsage, RollbackRequest, RollbackResponse, ScaleRequest, SchedulerDecision,
  SchedulerDecisionRequest, Settings, WorkloadRef,
} from './operation-types.js';
import type {
  ExecEvent, ExecInputRequest, ExecRequest, ExecResizeRequest, ImagePullsEvent, ImagePullsRequest, LogsEvent, LogsRequest,
  MetricsWatchEvent, MetricsWatchRequest, PortForwardEvent, PortForwardRequest,
} from './stream-types.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type Empty = Record<string, never>;

/** Request/response channels: `call(channel, request) -> Envelope<response>`. */
export interface CallChannels {
  'cluster:info': { request: Empty; response: ClusterInfo };

  'resources:discover': { request: Empty; response: { resources: ApiResourceInfo[] } };
  'resources:list': { request: ListRequest; response: ListResponse };
  'resources:get': { request: ObjectRef; response: GetResponse };
  'resources:apply': { request: ApplyRequest; response: ApplyResponse };
  'resources:delete': { request: DeleteRequest; response: { deleted: true } };
  'resources:yaml': { request: ObjectRef; response: YamlResponse };
  'resources:diff': { request: DiffRequest; response: DiffResponse };

  'workloads:scale': { request: ScaleRequest; response: { replicas: number } };
  /** Sets `spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"]`, as `kubectl rollout restart`. */
  'workloads:restart': { request: WorkloadRef; response: { restartedAt: string } };
  'workloads:rollback': { request: RollbackRequest; response: RollbackResponse };

  'nodes:cordon': { request: NodeRef; response: { unschedulable: true } };
  'nodes:uncordon': { request: NodeRef; response: { unschedulable: false } };
  'nodes:drain': { request: DrainRequest; response: DrainResponse };
  'nodes:add': { request: AddNodeRequest; response: AddNodeResponse };
  'nodes:stop': { request: NodeRef; response: NodeFaultResponse };
  'nodes:kill': { request: NodeRef; response: NodeFaultResponse };
  'nodes:start': { request: NodeRef; response: NodeFaultResponse };

  'exec:input': { request: ExecInputRequest; response: Empty };
  'exec:resize': { request: ExecResizeRequest; response: Empty };

  'scheduler:decision': { request: SchedulerDecisionRequest; response: SchedulerDecision };

  'metrics:nodes': { request: Empty; response: { items: NodeUsage[] } };
  'metrics:pods': { request: PodMetricsRequest; response: { items: PodUsage[] } };

  'addons:list': { request: Empty; response: { addons: AddonState[] } };
  'addons:set': { request: AddonSetRequest; response: { addons: AddonState[] } };

  'openapi:schema': { request: OpenApiSchemaRequest; response: OpenApiSchemaResponse };

  /** Desktop only (the dashboard answers `Unsupported`). */
  'settings:get': { request: Empty; response: Settings };
  'settings:set': { request: Partial<Settings>; response: Settings };
  /**
   * Opens an http(s) URL in the system browser (desktop). Over the WebSocket transport the
   * client handles it itself with `window.open(url, '_blank', 'noopener')`.
   */
  'app:openExternal': { request: OpenExternalRequest; response: { opened: boolean } };
}

/** Streaming channels: `subscribe(channel, request, onEvent, onClose?) -> unsubscribe`. */
export interface SubscriptionChannels {
  'resources:watch': { request: WatchRequest; event: WatchEvent };
  'pods:logs': { request: LogsRequest; event: LogsEvent };
  'pods:exec': { request: ExecRequest; event: ExecEvent };
  /** Image pull progress on the cluster's own nodes, for progress bars while pods start. */
  'images:pulls': { request: ImagePullsRequest; event: ImagePullsEvent };
  /** Node (and pod) usage pushed as the metrics add-on samples it. */
  'metrics:watch': { request: MetricsWatchRequest; event: MetricsWatchEvent };
  /** A 127.0.0.1 port forwarded to a pod or Service port while subscribed. */
  'network:portForward': { request: PortForwardRequest; event: PortForwardEvent };
}

export type CallChannel = keyof CallChannels;
export type SubscriptionChannel = keyof SubscriptionChannels;
export type CallRequest<C extends CallChannel> = CallChannels[C]['request'];
export type CallResponse<C extends CallChannel> = CallChannels[C]['response'];
export type SubscriptionRequest<C extends SubscriptionChannel> = SubscriptionChannels[C]['request'];
export type SubscriptionEvent<C extends SubscriptionChannel> = SubscriptionChannels[C]['event'];

/** Re-exported for convenience: objects on the wire are plain Kubernetes objects. */
export type { KubeObject };
