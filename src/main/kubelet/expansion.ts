/**
 * `$(VAR)` expansion in env values, command, args and `subPathExpr`, exactly as upstream
 * (`third_party/forked/golang/expansion/expand.go`): `$(NAME)` is replaced by the variable's
 * value when it is defined and left as written when it is not; `$$` is an escaped `$`
 * (`$$(NAME)` gives the literal `$(NAME)`); any other `$` (and an unclosed `$(`) stays as is.
 */

/** Looks a name up; undefined when no source defines it. */
export type Lookup = (name: string) => string | undefined;

/** The first map that defines the name wins (upstream `MappingFuncFor`). */
export function lookupIn(...sources: Record<string, string>[]): Lookup {
  return (name) => {
    for (const vars of sources) if (Object.prototype.hasOwnProperty.call(vars, name)) return vars[name];
    return undefined;
  };
}

/**
 * Expands `$(VAR)` references in `input`. `onMissing` sees each reference no source defines
 * (upstream leaves it in place, which is the default here too).
 */
export function expand(input: string, lookup: Lookup, onMissing?: (name: string) => void): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const { read, isVar, advance } = readVariableName(input.slice(cursor + 1));
    if (isVar) {
      const value = lookup(read);
      if (value === undefined) onMissing?.(read);
      out += value ?? `$(${read})`;
    } else {
      out += read;
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** Reads what follows a `$`: an escaped `$`, a `(NAME)` reference, or nothing special. */
function readVariableName(rest: string): { read: string; isVar: boolean; advance: number } {
  if (rest[0] === '$') return { read: '$', isVar: false, advance: 1 };
  if (rest[0] === '(') {
    const close = rest.indexOf(')', 1);
    if (close >= 0) return { read: rest.slice(1, close), isVar: true, advance: close + 1 };
    return { read: '$(', isVar: false, advance: 1 };
  }
  return { read: `$${rest[0]}`, isVar: false, advance: 1 };
}

/**
 * A container's command and args with `$(VAR)` expanded against its final environment
 * (upstream `ExpandContainerCommandAndArgs`).
 */
export function expandCommandAndArgs(
  command: string[] | undefined,
  args: string[] | undefined,
  env: Record<string, string>,
): { command?: string[]; args?: string[] } {
  const lookup = lookupIn(env);
  return {
    command: command?.map((c) => expand(c, lookup)),
    args: args?.map((a) => expand(a, lookup)),
  };
}
