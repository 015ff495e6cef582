/** The CPU and memory a pod asks for (sum of its containers' requests), as the scheduler counts them. */
import type { Pod } from './kube-types';
import { quantity } from './resources';

export function podRequests(pod: Pod): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    cpu += quantity(c.resources?.requests?.cpu);
    memory += quantity(c.resources?.requests?.memory);
  }
  // Init containers run one at a time: the largest one counts if it exceeds the sum.
  for (const c of pod.spec?.initContainers ?? []) {
    cpu = Math.max(cpu, quantity(c.resources?.requests?.cpu));
    memory = Math.max(memory, quantity(c.resources?.requests?.memory));
  }
  return { cpu, memory };
}
