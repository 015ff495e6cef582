/**
 * Kubernetes label selectors: the string form used in `?labelSelector=` and by kubectl `-l`
 * (`app=web,tier!=db,env in (prod,staging),!canary,release`) and the structured
 * `LabelSelector` form of workload specs (`matchLabels` + `matchExpressions`).
 */
export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Equals' | 'NotEquals' | 'Gt' | 'Lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export type Labels = Record<string, string> | undefined | null;

export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export class SelectorParseError extends Error {}

/** A parsed selector; an empty selector matches everything. */
export class Selector {
  constructor(readonly requirements: readonly Requirement[]) {}

  static everything(): Selector {
    return new Selector([]);
  }

  /** A selector that matches nothing (a nil structured selector on workloads). */
  static nothing(): Selector {
    return new Selector([{ key: '', operator: 'In', values: [] }]);
  }

  isEmpty(): boolean {
    return this.requirements.length === 0;
  }

  matches(labels: Labels): boolean {
    return this.requirements.every((r) => matchRequirement(r, labels ?? {}));
  }

  toString(): string {
    return this.requirements.map(requirementToString).join(',');
  }
}

function matchRequirement(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = labels[r.key];
  switch (r.operator) {
    case 'Equals':
    case 'In':
      return has && r.values.includes(value);
    case 'NotEquals':
    case 'NotIn':
      return !has || !r.values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has) return false;
      const n = Number(value);
      const bound = Number(r.values[0]);
      if (!Number.isInteger(n) || !Number.isInteger(bound)) return false;
      return r.operator === 'Gt' ? n > bound : n < bound;
    }
  }
}

function requirementToString(r: Requirement): string {
  switch (r.operator) {
    case 'Equals':
      return `${r.key}=${r.values[0]}`;
    case 'NotEquals':
      return `${r.key}!=${r.values[0]}`;
    case 'In':
      return `${r.key} in (${r.values.join(',')})`;
    case 'NotIn':
      return `${r.key} notin (${r.values.join(',')})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
    case 'Gt':
      return `${r.key}>${r.values[0]}`;
    case 'Lt':
      return `${r.key}<${r.values[0]}`;
  }
}

/** Parses the string form. Throws `SelectorParseError` with a message that names the bad part. */
export function parseSelector(input: string | null | undefined): Selector {
  const text = (input ?? '').trim();
  if (!text) return Selector.everything();
  const requirements: Requirement[] = [];
  for (const part of splitTopLevel(text)) {
    requirements.push(parseRequirement(part.trim(), text));
  }
  return new Selector(requirements);
}

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const KEY = String.raw`[A-Za-z0-9](?:[-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const SET_RE = new RegExp(String.raw`^(${KEY})\s+(in|notin)\s*\(([^)]*)\)$`);
const CMP_RE = new RegExp(String.raw`^(${KEY})\s*(==|=|!=|>|<)\s*(${VALUE})$`);
const EXISTS_RE = new RegExp(String.raw`^(!?)\s*(${KEY})$`);

function parseRequirement(part: string, whole: string): Requirement {
  if (!part) throw new SelectorParseError(`invalid label selector "${whole}": empty requirement`);
  let m = SET_RE.exec(part);
  if (m) {
    const values = m[3].split(',').map((v) => v.trim()).filter((v) => v !== '');
    for (const v of values) checkValue(v, whole);
    return { key: m[1], operator: m[2] === 'in' ? 'In' : 'NotIn', values };
  }
  m = CMP_RE.exec(part);
  if (m) {
    const op = m[2];
    const operator: Operator = op === '!=' ? 'NotEquals' : op === '>' ? 'Gt' : op === '<' ? 'Lt' : 'Equals';
    if ((operator === 'Gt' || operator === 'Lt') && !/^-?\d+$/.test(m[3])) {
      throw new SelectorParseError(`invalid label selector "${whole}": "${m[3]}" must be an integer for ${op}`);
    }
    return { key: m[1], operator, values: [m[3]] };
  }
  m = EXISTS_RE.exec(part);
  if (m) return { key: m[2], operator: m[1] ? 'DoesNotExist' : 'Exists', values: [] };
  throw new SelectorParseError(
    `invalid label selector "${whole}": cannot parse "${part}" (expected key, !key, key=value, key!=value, key in (a,b) or key notin (a,b))`,
  );
}

function checkValue(v: string, whole: string): void {
  if (!new RegExp(`^${VALUE}$`).test(v)) {
    throw new SelectorParseError(`invalid label selector "${whole}": invalid value "${v}"`);
  }
}

/** Converts a workload's structured selector. `undefined` (nil) selects nothing, `{}` everything. */
export function selectorFromSpec(spec: LabelSelectorSpec | null | undefined): Selector {
  if (spec == null) return Selector.nothing();
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(spec.matchLabels ?? {})) {
    requirements.push({ key, operator: 'Equals', values: [value] });
  }
  for (const e of spec.matchExpressions ?? []) {
    const op = e.operator as Operator;
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(op)) {
      throw new SelectorParseError(`"${e.operator}" is not a valid label selector operator`);
    }
    requirements.push({ key: e.key, operator: op, values: [...(e.values ?? [])] });
  }
  return new Selector(requirements);
}

/** The selector that matches exactly these labels (what `kubectl expose` and Services use). */
export function selectorFromSet(set: Record<string, string> | undefined | null): Selector {
  return new Selector(Object.entries(set ?? {}).map(([key, value]) => ({ key, operator: 'Equals' as const, values: [value] })));
}
