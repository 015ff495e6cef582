/**
 * The cockpit's contract: everything the renderer can ask of the main process (desktop) or of
 * `pilothouse serve` (dashboard in a browser). Owned by the back end; read this first.
 *
 * - Calls: `api.call('workloads:scale', { kind: 'Deployment', namespace, name, replicas })`
 *   resolves to `{ ok: true, result } | { ok: false, error: { code, message, status?, details } }`
 *   (`unwrap()` turns it into a value or a thrown `PilothouseError`). API server failures keep
 *   their reason as `code` (`NotFound`, `Invalid`, `Conflict`) and their causes in `details.causes`.
 * - Subscriptions: `api.subscribe('resources:watch', req, onEvent, onClose) -> unsubscribe`.
 *   `resources:watch` sends `sync` (full list; a later `sync` replaces everything) then batched
 *   `changes`; use `view: 'row'` for big lists. `pods:logs` sends batched `lines`;
 *   `pods:exec` sends `started` (sessionId for `exec:input`/`exec:resize`), output, `exit`.
 *   `images:pulls` sends a `snapshot` then each `pull` (bytes done / total) for progress bars.
 *   `metrics:watch` pushes node (and pod) usage samples as the metrics add-on takes them.
 * - Getting the api object in the renderer: `window.pilothouse` in Electron (preload), else the
 *   dashboard's WebSocket client: `connectDashboard()` from `src/shared/ipc/ws-client.ts` —
 *   it reads the token from the URL fragment `#token=...` (then removes it from the address
 *   bar), so read it before the router starts (and prefer web history over hash history).
 * - Rows: `toRow(object)` in `src/shared/ipc/rows.ts` computes the same compact row main sends.
 * - Templates for click-to-deploy live in the renderer (no channel).
 * - Add-ons: `addons:list|set`; state in ConfigMap kube-system/pilothouse-addons (absent = enabled),
 *   so watching that ConfigMap shows changes made anywhere (kubectl included).
 * - Nodes: `nodes:stop` = kubelet silent (pods keep running), `nodes:kill` = kubelet and containers
 *   gone, `nodes:start` undoes either; `nodes:add` makes `sim-N` (or `node-N` on Docker clusters).
 *   The injected fault shows on the Node as annotation NODE_FAULT_ANNOTATION (`stopped`/`killed`);
 *   a node's kind is its NODE_INSTANCE_TYPE_LABEL (`pilothouse-simulated`/`pilothouse-docker`) or
 *   NODE_AGENT_LABEL (remote agent).
 * - Pod rows carry `cpuRequest` (cores) and `memoryRequest` (bytes) cells, so per-node requested
 *   resources can be summed from rows.
 * - Desktop only: `settings:get|set`, and `app:openExternal` (the only way a link leaves the app;
 *   the dashboard's client opens it with window.open itself). The dashboard answers `Unsupported`
 *   for settings.
 * - Lists: `resources:watch` items carry `kind` and `apiVersion` even for list items, and never
 *   `metadata.managedFields`.
 * - Every request is validated in main (`validators.ts`): unknown channels answer
 *   `UnknownChannel`, malformed requests `BadRequest` with the offending field named.
 */
export * from './ipc/envelope.js';
export * from './ipc/channels.js';
export * from './ipc/api.js';
export * from './ipc/resource-types.js';
export * from './ipc/operation-types.js';
export * from './ipc/stream-types.js';
export * from './ipc/wire.js';
