/**
 * The pod a replica controller creates (upstream `GetPodFromTemplate`): labels, annotations and
 * finalizers from the template, `generateName` `<owner>-` so the API server names it
 * `<owner>-<5 random characters>`, the owner as controller, and the template's spec.
 */
import type { OwnerReference } from '../../../shared/api/object.js';
import { clone } from '../../util/json.js';
import type { Pod, PodTemplateSpec } from './types.js';

export function podFromTemplate(template: PodTemplateSpec | undefined, ownerName: string, namespace: string, controllerRef: OwnerReference): Pod {
  const t = template ?? {};
  const meta = t.metadata ?? {};
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${ownerName}-`, // the API server shortens long prefixes
      namespace,
      ownerReferences: [{ ...controllerRef }],
    },
    spec: clone(t.spec ?? {}),
  };
  if (meta.labels) pod.metadata.labels = { ...meta.labels };
  if (meta.annotations) pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers?.length) pod.metadata.finalizers = [...meta.finalizers];
  return pod;
}
