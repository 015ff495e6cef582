/**
 * Node selector terms as node affinity uses them (upstream component-helpers `nodeaffinity`):
 * terms are ORed; within a term, `matchExpressions` (on labels) and `matchFields` (only
 * `metadata.name`) are ANDed. A term that is empty or malformed matches no node.
 */
import { Selector, type Operator, type Requirement } from '../../../shared/api/label-selector.js';
import type { NodeSelectorRequirement, NodeSelectorTerm } from '../api-types.js';

/** Matches a node by its labels and name. */
export type NodeMatcher = (labels: Readonly<Record<string, string>>, nodeName: string) => boolean;

const NEVER: NodeMatcher = () => false;

/** Compiles one term; empty or invalid terms compile to a matcher that is always false. */
export function compileTerm(term: NodeSelectorTerm | undefined | null): NodeMatcher {
  const expressions = term?.matchExpressions ?? [];
  const fields = term?.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return NEVER;
  const requirements: Requirement[] = [];
  for (const e of expressions) {
    const r = labelRequirement(e);
    if (!r) return NEVER;
    requirements.push(r);
  }
  const selector = new Selector(requirements);
  const names: { equal: boolean; value: string }[] = [];
  for (const f of fields) {
    const n = nameRequirement(f);
    if (!n) return NEVER;
    names.push(n);
  }
  return (labels, nodeName) => names.every((n) => (nodeName === n.value) === n.equal) && selector.matches(labels);
}

/** ORs the terms: a node matches when any term matches. No terms: matches nothing. */
export function compileTerms(terms: readonly NodeSelectorTerm[] | undefined): NodeMatcher {
  const compiled = (terms ?? []).map(compileTerm).filter((m) => m !== NEVER);
  if (compiled.length === 0) return NEVER;
  return (labels, name) => compiled.some((m) => m(labels, name));
}

const VALUED: Record<string, Operator> = { In: 'In', NotIn: 'NotIn' };
const BARE: Record<string, Operator> = { Exists: 'Exists', DoesNotExist: 'DoesNotExist' };
const NUMERIC: Record<string, Operator> = { Gt: 'Gt', Lt: 'Lt' };

/** Upstream `labels.NewRequirement` rules: In/NotIn need values, Exists/DoesNotExist none, Gt/Lt one integer. */
function labelRequirement(e: NodeSelectorRequirement): Requirement | undefined {
  const values = e.values ?? [];
  if (!e.key) return undefined;
  if (VALUED[e.operator]) return values.length > 0 ? { key: e.key, operator: VALUED[e.operator], values } : undefined;
  if (BARE[e.operator]) return values.length === 0 ? { key: e.key, operator: BARE[e.operator], values } : undefined;
  if (NUMERIC[e.operator]) {
    return values.length === 1 && /^[+-]?\d+$/.test(values[0]) ? { key: e.key, operator: NUMERIC[e.operator], values } : undefined;
  }
  return undefined;
}

/** `matchFields` supports `metadata.name` with In or NotIn and exactly one value. */
function nameRequirement(f: NodeSelectorRequirement): { equal: boolean; value: string } | undefined {
  if (f.key !== 'metadata.name' || f.values?.length !== 1) return undefined;
  if (f.operator === 'In') return { equal: true, value: f.values[0] };
  if (f.operator === 'NotIn') return { equal: false, value: f.values[0] };
  return undefined;
}
