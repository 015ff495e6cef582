/** Status colours: green when running and ready, blue while in progress, red when failing. */
export type Tone = 'ok' | 'progress' | 'warn' | 'bad' | 'done';

const BAD = new Set(['CrashLoopBackOff', 'Error', 'ErrImagePull', 'ImagePullBackOff', 'CreateContainerConfigError', 'CreateContainerError', 'InvalidImageName', 'OOMKilled', 'Failed', 'Unknown', 'Evicted', 'RunContainerError', 'Unschedulable', 'NodeLost', 'ContainerStatusUnknown']);
const PROGRESS = new Set(['Pending', 'ContainerCreating', 'PodInitializing', 'Terminating', 'SchedulingGated']);

/** The tone of a pod STATUS cell, given how many containers are ready. */
export function podTone(status: string, ready: number, total: number): Tone {
  if (status === 'Running') return ready === total ? 'ok' : 'warn';
  if (status === 'Succeeded' || status === 'Completed') return 'done';
  if (BAD.has(status) || /^(Init:)?(Error|CrashLoopBackOff|ExitCode|Signal|ErrImagePull|ImagePullBackOff)/.test(status)) return 'bad';
  if (PROGRESS.has(status) || status.startsWith('Init:')) return 'progress';
  return 'warn';
}
