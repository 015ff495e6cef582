/**
 * The resource metrics API (`metrics.k8s.io/v1beta1`, what metrics-server serves and `kubectl
 * top` reads), for `apiServer.addHandler`:
 * - `GET /apis/metrics.k8s.io` → APIGroup; `GET /apis/metrics.k8s.io/v1beta1` → APIResourceList;
 * - `GET …/nodes` (labelSelector) → NodeMetricsList; `GET …/nodes/{name}` → NodeMetrics;
 * - `GET …/pods`, `GET …/namespaces/{ns}/pods` (labelSelector, fieldSelector on `metadata.name`
 *   and `metadata.namespace`) → PodMetricsList; `GET …/namespaces/{ns}/pods/{name}` → PodMetrics.
 * Not-found answers name the resource as metrics-server does (`nodemetrics.metrics.k8s.io "x"
 * not found`, `podmetrics.metrics.k8s.io "ns/x" not found`); other verbs get 405.
 *
 * The handler also answers `GET /apis`, adding its group to the API server's list, so the group
 * is advertised exactly when it is served (like an aggregated APIService): a listed group whose
 * resource list is empty would make `kubectl api-resources` fail.
 */
import { FieldSelectorParseError, parseFieldSelector, type FieldSelector } from '../../../shared/api/field-selector.js';
import { parseSelector, SelectorParseError, type Selector } from '../../../shared/api/label-selector.js';
import { apiGroupList } from '../discovery.js';
import { errors } from '../errors.js';
import type { ExtraHandler } from '../server.js';
import { METRICS_API_VERSION, METRICS_GROUP, METRICS_VERSION, metricsList, nodeMetrics, podMetrics } from './metrics-objects.js';
import type { MetricsScraper } from './metrics-scraper.js';

const GROUP_PATH = `/apis/${METRICS_GROUP}`;
const PREFIX = `/apis/${METRICS_API_VERSION}`;
const READ_VERBS = ['get', 'list'];

/** `enabled()` false (the metrics add-on turned off): the API answers as if metrics-server were absent. */
export function metricsApiHandler(scraper: Pick<MetricsScraper, 'snapshot'>, enabled: () => boolean = () => true): ExtraHandler {
  return async (req) => {
    if (!enabled()) return undefined;
    const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
    if (path === '/apis' && req.method === 'GET') return { status: 200, body: withMetricsGroup(apiGroupList()) };
    if (path !== GROUP_PATH && path !== PREFIX && !path.startsWith(`${PREFIX}/`)) return undefined;
    if (req.method !== 'GET') throw errors.methodNotAllowed(`${req.method} is not supported on ${METRICS_GROUP}: resource metrics are read-only`);
    if (path === GROUP_PATH) return { status: 200, body: apiGroup() };
    if (path === PREFIX) return { status: 200, body: resourceList() };
    const parts = path.slice(PREFIX.length + 1).split('/').map(decodeURIComponent);
    const labels = labelSelector(req.query.get('labelSelector'));
    const fields = fieldSelector(req.query.get('fieldSelector'));
    const snapshot = await scraper.snapshot();
    const w = snapshot.windowSeconds;

    if (parts[0] === 'nodes' && parts.length <= 2) {
      if (parts.length === 2) {
        const n = snapshot.nodes.get(parts[1]);
        if (!n) throw errors.notFound({ group: METRICS_GROUP, resource: 'nodemetrics', name: parts[1] });
        return { status: 200, body: nodeMetrics(n, w) };
      }
      const items = [...snapshot.nodes.values()]
        .filter((n) => labels.matches(n.labels) && fields.matches({ 'metadata.name': n.name }))
        .sort((a, b) => a.name.localeCompare(b.name));
      return { status: 200, body: metricsList('NodeMetricsList', items.map((n) => nodeMetrics(n, w))) };
    }
    const namespaced = parts[0] === 'namespaces' && parts[2] === 'pods' && (parts.length === 3 || parts.length === 4);
    if ((parts[0] === 'pods' && parts.length === 1) || namespaced) {
      const namespace = namespaced ? parts[1] : undefined;
      if (parts.length === 4) {
        const p = snapshot.pods.get(`${namespace}/${parts[3]}`);
        if (!p) throw errors.notFound({ group: METRICS_GROUP, resource: 'podmetrics', name: `${namespace}/${parts[3]}` });
        return { status: 200, body: podMetrics(p, w) };
      }
      const items = [...snapshot.pods.values()]
        .filter((p) => (namespace === undefined || p.namespace === namespace) && labels.matches(p.labels))
        .filter((p) => fields.matches({ 'metadata.name': p.name, 'metadata.namespace': p.namespace }))
        .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
      return { status: 200, body: metricsList('PodMetricsList', items.map((p) => podMetrics(p, w))) };
    }
    throw errors.notFound({ group: METRICS_GROUP, resource: parts[0], name: parts.slice(1).join('/') });
  };
}

function labelSelector(text: string | null): Selector {
  try {
    return parseSelector(text);
  } catch (e) {
    if (e instanceof SelectorParseError) throw errors.badRequest(`unable to parse requirement: ${e.message}`);
    throw e;
  }
}

function fieldSelector(text: string | null): FieldSelector {
  try {
    return parseFieldSelector(text);
  } catch (e) {
    if (e instanceof FieldSelectorParseError) throw errors.badRequest(e.message);
    throw e;
  }
}

function withMetricsGroup(list: unknown): unknown {
  const groups = (list as { groups: { name: string }[] }).groups;
  if (groups.some((g) => g.name === METRICS_GROUP)) return list;
  const { kind: _kind, apiVersion: _apiVersion, ...entry } = apiGroup();
  return { ...(list as object), groups: [...groups, entry] };
}

function apiGroup() {
  const gv = { groupVersion: METRICS_API_VERSION, version: METRICS_VERSION };
  return { kind: 'APIGroup', apiVersion: 'v1', name: METRICS_GROUP, versions: [gv], preferredVersion: gv };
}

function resourceList() {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: METRICS_API_VERSION,
    resources: [
      { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: READ_VERBS },
      { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: READ_VERBS },
    ],
  };
}
