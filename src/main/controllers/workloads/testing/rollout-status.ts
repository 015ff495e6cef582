/**
 * What `kubectl rollout status deployment/<name>` would print for a Deployment, following
 * kubectl's `DeploymentStatusViewer` (`pkg/polymorphichelpers/rollout_status.go`) check by
 * check, so specs can assert the controller reports what kubectl reads. Test use only.
 */
import type { Deployment } from '../types.js';

export interface RolloutView {
  message: string;
  done: boolean;
  /** kubectl exits with this error (progress deadline exceeded). */
  error?: string;
}

export function rolloutStatusView(d: Deployment): RolloutView {
  const name = d.metadata.name;
  const s = d.status ?? {};
  if ((d.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) {
    return { message: 'Waiting for deployment spec update to be observed...', done: false };
  }
  const progressing = s.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { message: '', done: false, error: `deployment "${name}" exceeded its progress deadline` };
  }
  const replicas = d.spec?.replicas ?? 1;
  const updated = s.updatedReplicas ?? 0;
  if (updated < replicas) {
    return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`, done: false };
  }
  if ((s.replicas ?? 0) > updated) {
    return { message: `Waiting for deployment "${name}" rollout to finish: ${(s.replicas ?? 0) - updated} old replicas are pending termination...`, done: false };
  }
  if ((s.availableReplicas ?? 0) < updated) {
    return { message: `Waiting for deployment "${name}" rollout to finish: ${s.availableReplicas ?? 0} of ${updated} updated replicas are available...`, done: false };
  }
  return { message: `deployment "${name}" successfully rolled out`, done: true };
}
