/**
 * Field selectors (`?fieldSelector=metadata.name=web,status.phase!=Running`). Only `=`, `==`
 * and `!=` exist; each resource declares which fields it supports.
 */
export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

export class FieldSelectorParseError extends Error {}

export class FieldSelector {
  constructor(readonly requirements: readonly FieldRequirement[]) {}

  isEmpty(): boolean {
    return this.requirements.length === 0;
  }

  /** `fields` maps each supported field path to the object's value (missing means ""). */
  matches(fields: Record<string, string>): boolean {
    return this.requirements.every((r) => {
      const value = fields[r.field] ?? '';
      return r.operator === '=' ? value === r.value : value !== r.value;
    });
  }

  /** The value required for `field` by an equality requirement, if any. */
  requiredValue(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.operator === '=')?.value;
  }
}

export function parseFieldSelector(input: string | null | undefined): FieldSelector {
  const text = (input ?? '').trim();
  if (!text) return new FieldSelector([]);
  const requirements = splitUnescaped(text, ',').map((part) => {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!m) {
      throw new FieldSelectorParseError(
        `invalid field selector "${text}": "${part}" must look like field=value, field==value or field!=value`,
      );
    }
    return { field: m[1], operator: m[2] === '!=' ? '!=' : '=', value: unescape(m[3]) } as FieldRequirement;
  });
  return new FieldSelector(requirements);
}

function splitUnescaped(text: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && i + 1 < text.length) {
      cur += text[i] + text[i + 1];
      i++;
    } else if (text[i] === sep) {
      out.push(cur);
      cur = '';
    } else cur += text[i];
  }
  out.push(cur);
  return out;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}
