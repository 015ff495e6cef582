/**
 * The scheduler (kube-scheduler's role): `createScheduler({ client, apiServer })` or
 * `new Scheduler({ client })`, then `start()` / `stop()`; decisions are served by
 * `scheduler.decisionsHandler()` under `/apis/scheduling.pilothouse.dev/v1`.
 */
export { createScheduler, DEFAULT_SCHEDULER_NAME, Scheduler, type SchedulerOptions, type SchedulerStats } from './scheduler.js';
export { DecisionStore, type DecisionRecord, type DecisionStoreOptions } from './decisions.js';
export { decisionsApiHandler } from './decisions-api.js';
export {
  DECISION_API_VERSION, DECISION_GROUP, DECISION_KIND, DECISION_RESOURCE, toApiObject, type PodSchedulingDecision,
} from './decision-view.js';
export { SCORE_ANNOTATION } from './binder.js';
export { buildFramework, DEFAULT_FILTERS, DEFAULT_REGISTRY, DEFAULT_SCORE_WEIGHTS, type ProfileConfig, type Registry } from './framework/registry.js';
export type { CycleState, FilterPlugin, Plugin, PreFilterPlugin, PreScorePlugin, ScorePlugin, Status } from './framework/types.js';
