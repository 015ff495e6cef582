/**
 * Parsers for the command-line shape of simulated node settings, for `pilothouse serve
 * --simulated-nodes N` and its companions:
 * - capacity: `cpu=4,memory=8Gi,pods=110` (quantities checked),
 * - labels: `pool=blue,tier=web`,
 * - taints: `dedicated=gpu:NoSchedule,maintenance:NoExecute` (kubectl taint syntax).
 * Each throws `KubeletConfigError` with the offending part and what is expected.
 */
import { isQualifiedName, isValidLabelValue } from '../../shared/api/names.js';
import { parseQuantity } from '../../shared/api/quantity.js';
import { KubeletConfigError, type NodeCapacity, type Taint } from './config.js';
import { DEFAULT_SIMULATED_CAPACITY } from './simulated-nodes.js';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

function pairs(text: string, what: string): [string, string][] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const i = part.indexOf('=');
      if (i <= 0) throw new KubeletConfigError(`invalid ${what} "${part}": expected key=value`);
      return [part.slice(0, i).trim(), part.slice(i + 1).trim()];
    });
}

/** Missing resources keep the defaults (cpu 4, memory 8Gi, pods 110). */
export function parseCapacityFlag(text: string): NodeCapacity {
  const out: NodeCapacity = { ...DEFAULT_SIMULATED_CAPACITY };
  for (const [k, v] of pairs(text, 'capacity')) {
    try {
      parseQuantity(v);
    } catch {
      throw new KubeletConfigError(`invalid capacity ${k}=${v}: not a quantity (examples: 4, 500m, 8Gi)`);
    }
    out[k] = v;
  }
  return out;
}

export function parseLabelsFlag(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs(text, 'label')) {
    const problems = [...isQualifiedName(k), ...isValidLabelValue(v)];
    if (problems.length) throw new KubeletConfigError(`invalid label ${k}=${v}: ${problems.join('; ')}`);
    out[k] = v;
  }
  return out;
}

export function parseTaintsFlag(text: string): Taint[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^([^=:]+)(?:=([^:]*))?:(\w+)$/.exec(part);
      if (!m) throw new KubeletConfigError(`invalid taint "${part}": expected key[=value]:Effect`);
      const effect = m[3] as Taint['effect'];
      if (!EFFECTS.includes(effect)) throw new KubeletConfigError(`invalid taint "${part}": effect must be one of ${EFFECTS.join(', ')}`);
      const problems = [...isQualifiedName(m[1]), ...(m[2] ? isValidLabelValue(m[2]) : [])];
      if (problems.length) throw new KubeletConfigError(`invalid taint "${part}": ${problems.join('; ')}`);
      return m[2] ? { key: m[1], value: m[2], effect } : { key: m[1], effect };
    });
}
