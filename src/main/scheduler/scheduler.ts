/**
 * The scheduler: an API client that places pending pods on nodes (kube-scheduler). Informers on
 * pods and nodes feed the cache and the queue; a loop pops one pod at a time and runs a
 * synchronous scheduling cycle; the chosen node is assumed in the cache at once and the binding
 * (`pods/{name}/binding`) runs in the background. Failures get upstream's event and pod
 * condition and go back to the queue. Every cycle's decision is kept in `decisions`, readable
 * through the API server via `decisionsHandler()`.
 *
 * It only takes pods whose `spec.schedulerName` is its name and that have no `spec.nodeName`.
 */
import { ApiClientError, type ApiClient } from '../client/api-client.js';
import { EventRecorder } from '../client/event-recorder.js';
import { Informer } from '../client/informer.js';
import type { ExtraHandler } from '../apiserver/server.js';
import { systemClock, type Clock } from '../util/time.js';
import { NODES, PODS, type Node, type Pod } from './api-types.js';
import { Binder, SCORE_ANNOTATION, type BindRequest } from './binder.js';
import { SchedulerCache } from './cache/scheduler-cache.js';
import { decisionRecord, DecisionStore, type DecisionStoreOptions } from './decisions.js';
import { decisionsApiHandler } from './decisions-api.js';
import { isPendingFor, nodeHandlers, podHandlers } from './event-handlers.js';
import type { Framework } from './framework/framework.js';
import { buildFramework, type ProfileConfig } from './framework/registry.js';
import { PodReporter } from './pod-reporter.js';
import { SchedulingQueue, type QueueCounts, type QueuedPodInfo } from './queue/scheduling-queue.js';
import { schedulePod, type CycleResult } from './schedule-one.js';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

export interface SchedulerOptions {
  client: ApiClient;
  /** Pods with this `spec.schedulerName` are ours (default `default-scheduler`). */
  schedulerName?: string;
  clock?: Clock;
  /** Uniform in [0, 1): breaks ties between equally good nodes (default Math.random). */
  random?: () => number;
  /** Plugins and weights (default: upstream's default profile). */
  profile?: ProfileConfig;
  /** 0 (default) adapts like upstream (all nodes below 100; 42% of 1000 nodes); 1..100 fixes the share. */
  percentageOfNodesToScore?: number;
  /** Bindings in flight at once (default 16). */
  bindConcurrency?: number;
  /** Scheduling pauses while this many bindings are pending (default 1000). */
  maxPendingBindings?: number;
  /** Status and event writes in flight at once (default 16). */
  writeConcurrency?: number;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  /** How long an unschedulable pod waits without a helpful cluster event before it is retried (default 5 min). */
  podMaxInUnschedulableMs?: number;
  /** How often expired backoffs are released (default 1 s, as upstream). */
  backoffFlushIntervalMs?: number;
  /** How often long-parked pods are checked (default 30 s, as upstream). */
  unschedulableFlushIntervalMs?: number;
  /** The decision store to fill, or options for a new one. */
  decisions?: DecisionStore | DecisionStoreOptions;
}

export interface SchedulerStats {
  scheduled: number;
  unschedulable: number;
  errors: number;
  bindingFailures: number;
  pendingBindings: number;
  queue: QueueCounts;
}

export class Scheduler {
  readonly schedulerName: string;
  readonly decisions: DecisionStore;
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  private readonly framework: Framework;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly pods: Informer<Pod>;
  private readonly nodes: Informer<Node>;
  private readonly binder: Binder;
  private readonly reporter: PodReporter;
  private readonly counters = { scheduled: 0, unschedulable: 0, errors: 0, bindingFailures: 0 };
  /** The profile's score plugins and weights, as decision records list them. */
  private readonly scorePlugins: { name: string; weight: number }[];
  private nextStartNodeIndex = 0;
  private timers: NodeJS.Timeout[] = [];
  private running?: Promise<void>;
  private stopped = false;
  private stopSignal!: () => void;
  private readonly stopping = new Promise<void>((resolve) => (this.stopSignal = resolve));
  private readyWaiters: (() => void)[] = [];
  private ready = false;

  constructor(private readonly options: SchedulerOptions) {
    const percentage = options.percentageOfNodesToScore ?? 0;
    if (!(percentage >= 0 && percentage <= 100)) throw new Error(`percentageOfNodesToScore must be within 0..100, got ${percentage}`);
    this.schedulerName = options.schedulerName ?? DEFAULT_SCHEDULER_NAME;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.framework = buildFramework(options.profile);
    this.scorePlugins = this.framework.scores.map((s) => ({ name: s.plugin.name, weight: s.weight }));
    this.decisions = options.decisions instanceof DecisionStore ? options.decisions : new DecisionStore(options.decisions);
    this.queue = new SchedulingQueue({
      clock: this.clock,
      initialBackoffMs: options.podInitialBackoffMs,
      maxBackoffMs: options.podMaxBackoffMs,
      maxInUnschedulableMs: options.podMaxInUnschedulableMs,
    });
    const client = options.client;
    this.reporter = new PodReporter(client, new EventRecorder(client, this.schedulerName, undefined, this.clock), this.clock, options.writeConcurrency);
    this.binder = new Binder(client, {
      concurrency: options.bindConcurrency,
      onBound: (req) => this.bound(req),
      onFailed: (req, e) => this.bindingFailed(req, e),
    });
    this.pods = new Informer<Pod>(client, PODS);
    this.nodes = new Informer<Node>(client, NODES);
    const targets = { cache: this.cache, queue: this.queue, schedulerName: this.schedulerName };
    this.nodes.addHandlers(nodeHandlers(targets));
    this.pods.addHandlers(podHandlers(targets));
  }

  /** The API server handler that serves `decisions` (register with `apiServer.addHandler`). */
  decisionsHandler(): ExtraHandler {
    return decisionsApiHandler(this.decisions);
  }

  /** Starts the informers, the periodic queue flushes and, once the informers synced, the loop. */
  start(): void {
    if (this.running) return;
    this.nodes.start();
    this.pods.start();
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(fn, ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.options.backoffFlushIntervalMs ?? 1000, () => this.queue.flushBackoffCompleted());
    every(this.options.unschedulableFlushIntervalMs ?? 30_000, () => this.queue.flushUnschedulableLeftover());
    this.running = this.loop();
  }

  /** Resolves once both informers have synced and scheduling has begun. */
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Stops scheduling, then waits for bindings and writes already started. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopSignal();
    for (const t of this.timers) clearInterval(t);
    this.queue.close();
    this.pods.stop();
    this.nodes.stop();
    await this.running;
    await this.binder.idle();
    await this.reporter.idle();
  }

  stats(): SchedulerStats {
    return { ...this.counters, pendingBindings: this.binder.pending, queue: this.queue.counts() };
  }

  private async loop(): Promise<void> {
    await Promise.race([Promise.all([this.pods.waitForSync(), this.nodes.waitForSync()]), this.stopping]);
    if (this.stopped) return;
    this.ready = true;
    for (const w of this.readyWaiters.splice(0)) w();
    const maxPending = this.options.maxPendingBindings ?? 1000;
    let slice = Date.now();
    while (!this.stopped) {
      if (this.binder.pending >= maxPending) await Promise.race([this.binder.below(maxPending), this.stopping]);
      const q = await this.queue.pop();
      if (!q) return;
      this.scheduleOne(q);
      if (Date.now() - slice > 10) {
        await new Promise((resolve) => setImmediate(resolve)); // let watch events and binding replies in
        slice = Date.now();
      }
    }
  }

  /** One scheduling cycle: decide, record, then assume and bind, or report and requeue. */
  private scheduleOne(q: QueuedPodInfo): void {
    const pod = q.podInfo;
    const cycle = this.queue.cycle;
    if (!isPendingFor(pod.pod, this.schedulerName) || this.cache.hasPod(pod.uid)) {
      this.queue.done(pod.uid);
      return;
    }
    const time = this.clock.now();
    let result: CycleResult;
    try {
      result = schedulePod(
        {
          framework: this.framework,
          nodes: this.cache.nodeList(),
          percentageOfNodesToScore: this.options.percentageOfNodesToScore,
          startIndex: this.nextStartNodeIndex,
          random: this.random,
        },
        pod,
      );
    } catch (e) {
      // a plugin bug: fail this pod's attempt, keep scheduling the others
      result = {
        outcome: 'Error', message: e instanceof Error ? e.message : String(e), totalNodes: this.cache.nodeCount, nodesToFind: 0,
        evaluated: [], verdicts: [], feasible: [], skipped: { filter: [], score: [] }, nextStartIndex: this.nextStartNodeIndex,
      };
    }
    this.nextStartNodeIndex = result.nextStartIndex;
    this.decisions.record(decisionRecord(pod, result, { schedulerName: this.schedulerName, time, attempts: q.attempts, scorePlugins: this.scorePlugins }));

    if (result.outcome === 'Scheduled') {
      this.cache.assumePod(pod, result.node!);
      const annotations = result.score === undefined ? undefined : { [SCORE_ANNOTATION]: String(result.score) };
      this.binder.bind({ pod, node: result.node!, annotations });
      return;
    }
    const unschedulable = result.outcome === 'Unschedulable';
    if (unschedulable) this.counters.unschedulable++;
    else this.counters.errors++;
    this.queue.requeue(pod.uid, unschedulable ? 'unschedulable' : 'error', cycle);
    this.reporter.failed(pod.pod, unschedulable ? 'Unschedulable' : 'SchedulerError', result.message ?? 'scheduling failed');
  }

  private bound(req: BindRequest): void {
    this.counters.scheduled++;
    this.queue.done(req.pod.uid);
    this.reporter.scheduled(req.pod.pod, req.node);
  }

  /**
   * Upstream's binding-failure path: forget the assumption, free the node for others, retry the
   * pod with backoff. A 404 or 409 means the pod is gone, being deleted or already bound (the
   * informer will say so): it is retried quietly, without marking the pod failed.
   */
  private bindingFailed(req: BindRequest, e: Error): void {
    this.counters.bindingFailures++;
    const uid = req.pod.uid;
    if (this.cache.forgetPod(uid)) this.queue.moveAll();
    const message = `binding rejected: running Bind plugin "DefaultBinder": ${e.message}`;
    this.decisions.markBindingFailed(uid, message);
    const latest = this.pods.get(req.pod.key);
    if (this.stopped || !latest || latest.metadata.uid !== req.pod.pod.metadata.uid || !isPendingFor(latest, this.schedulerName)) {
      this.queue.delete(uid); // deleted or placed meanwhile: nothing to retry
      return;
    }
    this.queue.requeue(uid, 'error', this.queue.cycle);
    const settledElsewhere = e instanceof ApiClientError && (e.code === 404 || e.code === 409);
    if (!settledElsewhere) this.reporter.failed(latest, 'SchedulerError', message);
  }
}

/**
 * Builds a scheduler and, when given the API server, registers its decisions endpoint there.
 * The caller starts and stops it.
 */
export function createScheduler(options: SchedulerOptions & { apiServer?: { addHandler(h: ExtraHandler): void } }): Scheduler {
  const scheduler = new Scheduler(options);
  options.apiServer?.addHandler(scheduler.decisionsHandler());
  return scheduler;
}
