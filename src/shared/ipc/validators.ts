/**
 * One runtime validator per channel: main checks every request before any handler sees it, the
 * preload checks channel names. `validateCall` / `validateSubscription` answer with the request
 * (typed) or an `IpcError` whose message names the channel and the offending field.
 */
import type { IpcError } from './envelope.js';
import type { CallChannel, CallChannels, SubscriptionChannel, SubscriptionChannels } from './channels.js';
import { ADDON_NAMES } from './operation-types.js';
import { arrayOf, bool, num, obj, oneOf, opt, recordOf, str, type Check } from './schema.js';

const name = str({ min: 1, max: 253, pattern: /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, hint: 'expected a Kubernetes name (lowercase letters, digits, "-" and ".")' });
const namespace = name;
const apiVersion = str({ min: 1, max: 253, pattern: /^([a-z0-9][-a-z0-9.]*\/)?v[0-9]+((alpha|beta)[0-9]+)?$/, hint: 'expected an apiVersion such as "v1" or "apps/v1"' });
const resource = str({ min: 1, max: 253, pattern: /^[a-z0-9][-a-z0-9.]*$/, hint: 'expected a lowercase plural resource such as "pods"' });
const selector = str({ max: 4096 });
const yamlText = str({ max: 5 * 1024 * 1024 });
const view = oneOf(['object', 'row']);
const empty = obj({});

const resourceRef = { apiVersion, resource };
const objectRef = obj({ ...resourceRef, namespace: opt(namespace), name });
const listShape = { ...resourceRef, namespace: opt(str({ max: 253 })), labelSelector: opt(selector), fieldSelector: opt(selector), view: opt(view) };
const nodeRef = obj({ name });
const workloadRef = obj({ kind: oneOf(['Deployment']), namespace, name });
const sessionId = str({ min: 1, max: 100 });
/** A port number, or an IANA_SVC_NAME port name (`http`, `dns-tcp`). */
const portOrName: Check = (v, path) =>
  typeof v === 'number'
    ? (Number.isInteger(v) && v >= 1 && v <= 65535 ? undefined : `${path}: expected a port from 1 to 65535`)
    : typeof v === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) && v.length <= 15
      ? undefined
      : `${path}: expected a port number or a port name such as "http"`;
const quantity = str({ min: 1, max: 64, pattern: /^[0-9.]+([eE][0-9]+|[a-zA-Z]{0,2})$/, hint: 'expected a quantity such as "4", "500m" or "8Gi"' });

const callValidators: { [C in CallChannel]: Check } = {
  'cluster:info': empty,
  'resources:discover': empty,
  'resources:list': obj(listShape),
  'resources:get': objectRef,
  'resources:apply': obj({ yaml: yamlText, namespace: opt(namespace), dryRun: opt(bool()) }),
  'resources:delete': obj({
    ...resourceRef, namespace: opt(namespace), name,
    propagationPolicy: opt(oneOf(['Foreground', 'Background', 'Orphan'])),
    gracePeriodSeconds: opt(num({ int: true, min: 0 })),
  }),
  'resources:yaml': objectRef,
  'resources:diff': obj({ yaml: yamlText, namespace: opt(namespace) }),
  'workloads:scale': obj({
    kind: oneOf(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet']), namespace, name,
    replicas: num({ int: true, min: 0, max: 100_000 }),
  }),
  'workloads:restart': workloadRef,
  'workloads:rollback': obj({ kind: oneOf(['Deployment']), namespace, name, toRevision: opt(num({ int: true, min: 1 })) }),
  'nodes:cordon': nodeRef,
  'nodes:uncordon': nodeRef,
  'nodes:drain': obj({ name, gracePeriodSeconds: opt(num({ int: true, min: 0 })), timeoutSeconds: opt(num({ int: true, min: 1, max: 3600 })) }),
  'nodes:add': obj({
    type: opt(oneOf(['simulated', 'docker'])),
    capacity: opt(obj({ cpu: opt(quantity), memory: opt(quantity), pods: opt(num({ int: true, min: 1, max: 10_000 })) })),
    labels: opt(recordOf(str({ max: 63 }))),
  }),
  'nodes:stop': nodeRef,
  'nodes:kill': nodeRef,
  'nodes:start': nodeRef,
  'exec:input': obj({ sessionId, data: str({ max: 1024 * 1024 }) }),
  'exec:resize': obj({ sessionId, cols: num({ int: true, min: 1, max: 10_000 }), rows: num({ int: true, min: 1, max: 10_000 }) }),
  'scheduler:decision': obj({ namespace, name }),
  'metrics:nodes': empty,
  'metrics:pods': obj({ namespace: opt(namespace) }),
  'addons:list': empty,
  'addons:set': obj({ name: oneOf(ADDON_NAMES), enabled: bool() }),
  'openapi:schema': obj({ apiVersion, kind: str({ min: 1, max: 100, pattern: /^[A-Z][A-Za-z0-9]*$/, hint: 'expected a kind such as "Deployment"' }) }),
  'settings:get': empty,
  'settings:set': obj({ stopWorkloadsOnQuit: opt(bool()) }),
  'app:openExternal': obj({ url: str({ min: 1, max: 8192, pattern: /^https?:\/\/[^\s]+$/i, hint: 'only http:// and https:// URLs can be opened' }) }),
};

const logsOwnerKinds = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job'];

const subscriptionValidators: { [C in SubscriptionChannel]: Check } = {
  'resources:watch': obj(listShape),
  'pods:logs': obj({
    namespace, pod: opt(name), owner: opt(obj({ kind: oneOf(logsOwnerKinds), name })),
    container: opt(name), allContainers: opt(bool()), follow: opt(bool()), previous: opt(bool()), timestamps: opt(bool()),
    tailLines: opt(num({ int: true, min: 0 })), sinceSeconds: opt(num({ int: true, min: 1 })),
  }, (v, path) => ((v.pod === undefined) === (v.owner === undefined) ? `${path}: give exactly one of "pod" and "owner"` : undefined)),
  'pods:exec': obj({
    namespace, pod: name, container: opt(name),
    command: opt(arrayOf(str({ max: 4096 }), { min: 1, max: 256 })), tty: opt(bool()),
    cols: opt(num({ int: true, min: 1, max: 10_000 })), rows: opt(num({ int: true, min: 1, max: 10_000 })),
  }),
  'images:pulls': obj({ namespace: opt(namespace) }),
  'metrics:watch': obj({ pods: opt(bool()), namespace: opt(namespace) }),
  'network:portForward': obj({
    kind: oneOf(['pod', 'service']), namespace, name,
    port: portOrName,
    localPort: opt(num({ int: true, min: 0, max: 65535 })),
  }),
};

export function isCallChannel(channel: unknown): channel is CallChannel {
  return typeof channel === 'string' && Object.prototype.hasOwnProperty.call(callValidators, channel);
}

export function isSubscriptionChannel(channel: unknown): channel is SubscriptionChannel {
  return typeof channel === 'string' && Object.prototype.hasOwnProperty.call(subscriptionValidators, channel);
}

export type Validated<T> = { ok: true; request: T } | { ok: false; error: IpcError };

export function validateCall(channel: unknown, request: unknown): Validated<CallChannels[CallChannel]['request']> {
  if (!isCallChannel(channel)) {
    const hint = isSubscriptionChannel(channel) ? ' (it is a subscription: use subscribe)' : '';
    return { ok: false, error: { code: 'UnknownChannel', message: `unknown channel ${JSON.stringify(channel)}${hint}` } };
  }
  return check(channel, callValidators[channel], request);
}

export function validateSubscription(channel: unknown, request: unknown): Validated<SubscriptionChannels[SubscriptionChannel]['request']> {
  if (!isSubscriptionChannel(channel)) {
    const hint = isCallChannel(channel) ? ' (it is a call: use call)' : '';
    return { ok: false, error: { code: 'UnknownChannel', message: `unknown subscription channel ${JSON.stringify(channel)}${hint}` } };
  }
  return check(channel, subscriptionValidators[channel], request);
}

function check<T>(channel: string, rule: Check, request: unknown): Validated<T> {
  const message = rule(request ?? {}, 'request');
  if (message) return { ok: false, error: { code: 'BadRequest', message: `${channel}: ${message}` } };
  return { ok: true, request: (request ?? {}) as T };
}
