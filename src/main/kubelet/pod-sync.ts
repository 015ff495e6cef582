/**
 * PodSyncer: brings one pod's runtime objects in line with its spec and reports its status
 * (upstream `SyncPod` + `computePodActions`, `SyncTerminatingPod`). Runtime-agnostic: it sees the
 * runtime only through `ContainerRuntime`, and reads the runtime afresh on every sync, so a
 * restarted kubelet picks up where the old one stopped.
 *
 * A sync of a live pod: write the status as things are (a new pod shows `ContainerCreating`),
 * set up (or refresh) its volumes — a volume that cannot be mounted holds the pod in
 * `ContainerCreating` with a `FailedMount` event —, ensure a ready sandbox, run init containers one at a time in order (sidecars started and kept
 * running), then start or restart app containers as the restart policy says, with
 * CrashLoopBackOff between restarts (a container whose env or mounts cannot be resolved waits in
 * `CreateContainerConfigError`, retried), kill containers that failed liveness/startup probes, and
 * write the status again. A pod being deleted has its containers stopped within the grace period,
 * its terminal status written, and is then deleted for good (grace 0, uid precondition).
 * Must be called for one pod at a time (PodWorkers guarantees it).
 */
import { ApiClientError, type ApiClient } from '../client/api-client.js';
import type { ContainerRuntime, ContainerStatus as RuntimeContainer, PodSandbox } from '../runtime/types.js';
import { formatPod, isSidecar, type ApiContainerStatus, type ApiPodStatus, type Container, type Pod } from './api-types.js';
import type { Backoff } from './backoff.js';
import type { TimerClock } from './clock.js';
import { containerConfig, sandboxConfig } from './container-config.js';
import type { ClusterDNS } from './pod-dns.js';
import { serviceEnvironment, type ServiceLister } from './service-env.js';
import { CONFIG_ERROR_REASON, resolveContainerInputs } from './container-inputs.js';
import type { ConfigObjects } from './config-objects.js';
import type { PodRuntimeFacts } from './downward-api.js';
import type { ImagePuller } from './image-puller.js';
import { goDuration, type PodEvents } from './kubelet-events.js';
import { containerRestartPolicy, policyRestarts } from './phase.js';
import { PODS } from './pod-source.js';
import type { ProbeManager } from './probes.js';
import { generatePodStatus, instancesOf, isTerminalPhase, type WaitingReason } from './status.js';
import type { PodStatusWriter } from './status-writer.js';
import type { MountedVolume, VolumeManager } from './volumes/volume-manager.js';

export interface PodSyncDeps {
  client: ApiClient;
  runtime: ContainerRuntime;
  nodeName: string;
  hostIP: string;
  /** Where `ClusterFirst` pods resolve names (none: every pod keeps the node's resolver). */
  clusterDNS?: ClusterDNS;
  /** Services for the service-link env variables (none: containers get none). */
  services?: ServiceLister;
  clock: TimerClock;
  events: PodEvents;
  images: ImagePuller;
  probes: ProbeManager;
  statusWriter: PodStatusWriter;
  /** CrashLoopBackOff windows by `podUid/container`. */
  backoff: Backoff;
  /** Sets up and refreshes pod volumes. */
  volumes: VolumeManager;
  /** ConfigMaps and Secrets named by env. */
  objects: ConfigObjects;
  /** The node's allocatable CPU and memory (downward API `limits.*` without a limit). */
  allocatable: () => PodRuntimeFacts['allocatable'];
  /** Retry after a failed mount or a CreateContainerConfigError (upstream's pod worker backoff, 10s). */
  configRetryMs: number;
}

export interface SyncOutcome {
  /** Sync again after this long (a backoff window ends). */
  requeueAfterMs?: number;
}

interface RuntimeView {
  sandbox?: PodSandbox;
  sandboxes: PodSandbox[];
  containers: RuntimeContainer[];
}

interface StepResult {
  changed: boolean;
  requeueAfterMs?: number;
}

/** Exited instances kept per container name (the current one and the one before, for lastState). */
const KEEP_INSTANCES = 2;

export class PodSyncer {
  /** Waiting reasons by pod uid, then container name (upstream ReasonCache). */
  private readonly reasons = new Map<string, Map<string, WaitingReason>>();
  /** Instances killed after a failed liveness/startup probe: restarted unless the policy is Never. */
  private readonly probeKilled = new Set<string>();

  constructor(private readonly d: PodSyncDeps) {}

  async sync(pod: Pod): Promise<SyncOutcome> {
    if (pod.metadata.deletionTimestamp) {
      await this.terminate(pod);
      return {};
    }
    let view = await this.view(pod);
    if (isTerminalPhase(pod.status?.phase)) {
      await this.stopAll(pod, view, 0, false);
      await this.writeStatus(pod, await this.view(pod), true);
      return {};
    }
    await this.writeStatus(pod, view, false);
    const step = await this.act(pod, view);
    view = await this.view(pod);
    const status = await this.writeStatus(pod, view, false);
    if (isTerminalPhase(status.phase) && (view.sandbox || view.containers.some((c) => c.state === 'running'))) {
      await this.stopAll(pod, view, 0, false);
      await this.writeStatus(pod, await this.view(pod), true);
    }
    return { requeueAfterMs: step.requeueAfterMs };
  }

  /** The pod is gone from the API: stop and remove everything it had here, and forget it. */
  async cleanup(podUid: string): Promise<void> {
    const filter = { node: this.d.nodeName, podUid };
    for (const c of await this.d.runtime.listContainers(filter)) {
      if (c.state === 'running') await this.d.runtime.stopContainer(c.id, 0);
      await this.d.runtime.removeContainer(c.id);
      this.probeKilled.delete(c.id);
    }
    for (const s of await this.d.runtime.listPodSandboxes(filter)) {
      await this.d.runtime.stopPodSandbox(s.id);
      await this.d.runtime.removePodSandbox(s.id);
    }
    await this.d.volumes.cleanup(podUid);
    this.forget(podUid);
  }

  /** Drops the in-memory state of a pod (reasons, backoff, probes, status cache). */
  forget(podUid: string): void {
    this.reasons.delete(podUid);
    this.d.backoff.resetPrefix(`${podUid}/`);
    this.d.images.forgetPod(podUid);
    this.d.probes.removePod(podUid);
    this.d.statusWriter.forget(podUid);
  }

  // --- termination -------------------------------------------------------------------------

  private async terminate(pod: Pod): Promise<void> {
    const grace = pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
    this.d.probes.removePod(pod.metadata.uid!);
    await this.stopAll(pod, await this.view(pod), grace, true);
    await this.writeStatus(pod, await this.view(pod), true);
    try {
      await this.d.client.delete(PODS, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (e) {
      if (!(e instanceof ApiClientError && (e.code === 404 || e.code === 409))) throw e;
    }
  }

  /** Stops running containers (in parallel, `grace` seconds each) and the pod's sandboxes. */
  private async stopAll(pod: Pod, view: RuntimeView, grace: number, announce: boolean): Promise<void> {
    const live = view.containers.filter((c) => c.state === 'running' || c.state === 'created');
    await Promise.all(
      live.map(async (c) => {
        if (announce && c.state === 'running') this.d.events.killing(pod, c.name);
        await this.d.runtime.stopContainer(c.id, grace);
      }),
    );
    for (const s of view.sandboxes) if (s.state === 'ready') await this.d.runtime.stopPodSandbox(s.id);
  }

  // --- the live pod ------------------------------------------------------------------------

  private async act(pod: Pod, view: RuntimeView): Promise<StepResult> {
    const volumes = await this.setUpVolumes(pod);
    if (!volumes) return { changed: false, requeueAfterMs: this.d.configRetryMs };
    let sandbox = view.sandbox;
    if (!sandbox) {
      if (view.sandboxes.length > 0) this.d.events.sandboxChanged(pod);
      try {
        sandbox = await this.d.runtime.runPodSandbox({ ...sandboxConfig(pod, this.d.nodeName, this.d.clusterDNS), attempt: view.sandboxes.length });
      } catch (e) {
        this.d.events.sandboxFailed(pod, (e as Error).message);
        return { changed: false, requeueAfterMs: 5_000 };
      }
    }
    const ctx = { pod, sandbox, view, volumes };
    let changed = sandbox !== view.sandbox;
    let requeue: number | undefined;
    const merge = (r: StepResult) => {
      changed ||= r.changed;
      if (r.requeueAfterMs !== undefined) requeue = Math.min(requeue ?? Infinity, r.requeueAfterMs);
    };

    for (const c of pod.spec?.initContainers ?? []) {
      const [cur] = instancesOf(view.containers, c.name);
      if (isSidecar(c)) {
        merge(await this.ensureRunning(ctx, c, true, cur));
        const filter = { node: this.d.nodeName, podUid: pod.metadata.uid! };
        const [latest] = instancesOf(await this.d.runtime.listContainers(filter), c.name);
        if (latest?.state !== 'running' || !this.d.probes.isStarted(pod.metadata.uid!, c.name ?? '', latest.id)) {
          return { changed, requeueAfterMs: requeue }; // the next init container waits for this sidecar
        }
        continue;
      }
      if (cur?.state === 'exited' && (cur.exitCode ?? 0) === 0) continue;
      if (cur?.state === 'running') return { changed, requeueAfterMs: requeue };
      if (cur?.state === 'exited' && !policyRestarts(containerRestartPolicy(pod, c, true), cur.exitCode ?? 0)) {
        return { changed, requeueAfterMs: requeue }; // restartPolicy Never: the pod has failed
      }
      merge(await this.startOrBackOff(ctx, c, true, cur));
      return { changed, requeueAfterMs: requeue };
    }

    for (const c of pod.spec?.containers ?? []) merge(await this.ensureRunning(ctx, c, false, instancesOf(view.containers, c.name)[0]));
    merge(await this.stopSidecarsWhenDone(pod, view));
    await this.collectGarbage(view);
    return { changed, requeueAfterMs: requeue };
  }

  /** Starts, restarts or kills one container as its state, probes and restart policy say. */
  private async ensureRunning(ctx: SyncContext, c: Container, isInit: boolean, cur: RuntimeContainer | undefined): Promise<StepResult> {
    const uid = ctx.pod.metadata.uid!;
    const name = c.name ?? '';
    if (cur?.state === 'running') {
      const failed = this.d.probes.failedProbe(uid, name, cur.id);
      if (!failed) return { changed: false };
      const message = `Container ${name} failed ${failed} probe, will be restarted`;
      this.d.events.killing(ctx.pod, name, message);
      const grace = probeGrace(ctx.pod, c, failed);
      this.probeKilled.add(cur.id);
      await this.d.runtime.stopContainer(cur.id, grace);
      cur = (await this.d.runtime.containerStatus(cur.id)) ?? cur;
      if (cur.state === 'running') return { changed: true, requeueAfterMs: 1000 };
    }
    if (cur?.state === 'exited') {
      const policy = containerRestartPolicy(ctx.pod, c, isInit);
      const restart = this.probeKilled.has(cur.id) ? policy !== 'Never' : policyRestarts(policy, cur.exitCode ?? 0);
      if (!restart) return { changed: false };
    }
    return this.startOrBackOff(ctx, c, isInit, cur);
  }

  /** Restarts after an exit honour CrashLoopBackOff; first starts and created instances go at once. */
  private async startOrBackOff(ctx: SyncContext, c: Container, isInit: boolean, cur: RuntimeContainer | undefined): Promise<StepResult> {
    const { pod } = ctx;
    const name = c.name ?? '';
    if (cur?.state === 'created') {
      await this.d.runtime.removeContainer(cur.id);
      cur = instancesOf(ctx.view.containers.filter((x) => x.id !== cur!.id), name)[0];
    }
    if (cur?.state === 'exited') {
      const key = `${pod.metadata.uid}/${name}`;
      const finished = (cur.finishedAt ?? cur.createdAt).getTime();
      const now = this.d.clock.now().getTime();
      if (this.d.backoff.isInBackOffSince(key, finished, now)) {
        const window = this.d.backoff.get(key);
        this.setReason(pod, name, { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(window)} restarting failed container=${name} pod=${formatPod(pod)}` });
        this.d.events.crashBackOff(pod, name);
        return { changed: false, requeueAfterMs: Math.max(1, this.d.backoff.remaining(key, finished, now)) };
      }
      this.d.backoff.next(key, finished, now);
    }
    return this.start(ctx, c, isInit, nextRestartCount(cur, apiStatusOf(pod, name, isInit)));
  }

  private async start(ctx: SyncContext, c: Container, isInit: boolean, restartCount: number): Promise<StepResult> {
    const { pod, sandbox } = ctx;
    const name = c.name ?? '';
    const image = await this.d.images.ensure(pod, c);
    if (!image.ok) {
      this.setReason(pod, name, { reason: image.reason, message: image.message });
      this.d.events.failed(pod, image.reason);
      return { changed: false, requeueAfterMs: image.retryAfterMs || undefined };
    }
    let inputs;
    try {
      // One read of the Services per sync, shared by the containers it starts.
      const services = this.d.services;
      const serviceEnv = services ? await (ctx.serviceEnv ??= serviceEnvironment(pod, services)) : undefined;
      inputs = await resolveContainerInputs({
        pod, container: c, objects: this.d.objects, volumes: ctx.volumes, onDisk: this.d.volumes.rootDir !== undefined, serviceEnv,
        facts: { podIP: sandbox.ip, hostIP: this.d.hostIP, allocatable: this.d.allocatable() },
      });
    } catch (e) {
      this.setReason(pod, name, { reason: CONFIG_ERROR_REASON, message: (e as Error).message });
      this.d.events.failed(pod, (e as Error).message);
      return { changed: false, requeueAfterMs: this.d.configRetryMs };
    }
    const config = containerConfig({ pod, container: c, isInit, nodeName: this.d.nodeName, restartCount, ...inputs });
    let id: string;
    try {
      id = await this.d.runtime.createContainer(sandbox.id, config);
    } catch (e) {
      this.setReason(pod, name, { reason: 'CreateContainerError', message: (e as Error).message });
      this.d.events.failed(pod, (e as Error).message);
      return { changed: false, requeueAfterMs: 5_000 };
    }
    this.d.events.created(pod, name);
    try {
      await this.d.runtime.startContainer(id);
    } catch (e) {
      this.setReason(pod, name, { reason: 'RunContainerError', message: (e as Error).message });
      this.d.events.failed(pod, (e as Error).message);
      return { changed: true, requeueAfterMs: 5_000 };
    }
    this.d.events.started(pod, name);
    this.reasons.get(pod.metadata.uid!)?.delete(name);
    return { changed: true };
  }

  /** Once every app container has exited for good, running sidecars are stopped (upstream 1.29+). */
  private async stopSidecarsWhenDone(pod: Pod, view: RuntimeView): Promise<StepResult> {
    const sidecars = (pod.spec?.initContainers ?? []).filter(isSidecar);
    if (sidecars.length === 0) return { changed: false };
    for (const c of pod.spec?.containers ?? []) {
      const [cur] = instancesOf(view.containers, c.name);
      if (!cur || cur.state !== 'exited' || policyRestarts(containerRestartPolicy(pod, c, false), cur.exitCode ?? 0)) return { changed: false };
    }
    let changed = false;
    for (const c of sidecars) {
      const [cur] = instancesOf(view.containers, c.name);
      if (cur?.state !== 'running') continue;
      this.d.events.killing(pod, c.name ?? '');
      await this.d.runtime.stopContainer(cur.id, pod.spec?.terminationGracePeriodSeconds ?? 30);
      changed = true;
    }
    return { changed };
  }

  /** Removes exited instances beyond the newest `KEEP_INSTANCES` of each container name. */
  private async collectGarbage(view: RuntimeView): Promise<void> {
    const names = new Set(view.containers.map((c) => c.name));
    for (const name of names) {
      for (const old of instancesOf(view.containers, name).slice(KEEP_INSTANCES)) {
        if (old.state !== 'exited') continue;
        await this.d.runtime.removeContainer(old.id);
        this.probeKilled.delete(old.id);
      }
    }
  }

  /** The pod's volumes, or undefined while one of them cannot be mounted (each failure is a `FailedMount` event). */
  private async setUpVolumes(pod: Pod): Promise<Map<string, MountedVolume> | undefined> {
    const { volumes, failures } = await this.d.volumes.setUp(pod);
    for (const f of failures) this.d.events.failedMount(pod, f.volume, f.message);
    return failures.some((f) => f.blocking) ? undefined : volumes;
  }

  // --- status ------------------------------------------------------------------------------

  private async view(pod: Pod): Promise<RuntimeView> {
    const filter = { node: this.d.nodeName, podUid: pod.metadata.uid! };
    const [sandboxes, containers] = await Promise.all([this.d.runtime.listPodSandboxes(filter), this.d.runtime.listContainers(filter)]);
    sandboxes.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    return { sandboxes, sandbox: sandboxes.find((s) => s.state === 'ready'), containers };
  }

  private async writeStatus(pod: Pod, view: RuntimeView, podIsTerminal: boolean): Promise<ApiPodStatus> {
    const uid = pod.metadata.uid!;
    const running = new Map<string, RuntimeContainer>();
    for (const c of view.containers) {
      if (c.state !== 'running') continue;
      const [newest] = instancesOf(view.containers, c.name);
      if (newest?.id === c.id) running.set(c.name, c);
    }
    if (!podIsTerminal) this.d.probes.sync(pod, running);
    const status = generatePodStatus({
      pod,
      oldStatus: this.d.statusWriter.baseline(pod),
      sandbox: view.sandbox ?? view.sandboxes[0],
      containers: view.containers,
      waitingReasons: this.reasons.get(uid) ?? new Map(),
      isReady: (name, id) => this.d.probes.isReady(uid, name, id),
      isStarted: (name, id) => this.d.probes.isStarted(uid, name, id),
      podIsTerminal,
      hostIP: this.d.hostIP,
      runtimeName: this.d.runtime.name,
      now: this.d.clock.now(),
    });
    await this.d.statusWriter.write(pod, status);
    return status;
  }

  private setReason(pod: Pod, name: string, reason: WaitingReason): void {
    const uid = pod.metadata.uid!;
    let m = this.reasons.get(uid);
    if (!m) this.reasons.set(uid, (m = new Map()));
    m.set(name, reason);
  }
}

interface SyncContext {
  pod: Pod;
  sandbox: PodSandbox;
  view: RuntimeView;
  volumes: Map<string, MountedVolume>;
  /** The service-link variables, read when the first container of this sync starts. */
  serviceEnv?: Promise<Record<string, string>>;
}

function apiStatusOf(pod: Pod, name: string, isInit: boolean): ApiContainerStatus | undefined {
  const list = (isInit ? pod.status?.initContainerStatuses : pod.status?.containerStatuses) as ApiContainerStatus[] | undefined;
  return list?.find((s) => s.name === name);
}

/** One more than the newest instance; without one, from the API status (its instances were removed). */
function nextRestartCount(cur: RuntimeContainer | undefined, api: ApiContainerStatus | undefined): number {
  if (cur) return cur.restartCount + (cur.state === 'exited' ? 1 : 0);
  if (api && (api.state?.running || api.state?.terminated || api.lastState?.terminated)) return (api.restartCount ?? 0) + 1;
  return 0;
}

/** A probe's own `terminationGracePeriodSeconds` wins over the pod's (upstream 1.25+). */
function probeGrace(pod: Pod, c: Container, kind: 'liveness' | 'startup'): number {
  const probe = kind === 'liveness' ? c.livenessProbe : c.startupProbe;
  return probe?.terminationGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
}
