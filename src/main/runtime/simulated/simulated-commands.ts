/**
 * Canned answers for commands run in a simulated container (exec, exec probes). There is no
 * process: a few commands have fixed, plausible results; everything else "succeeds" silently, so
 * exec probes such as `cat /tmp/healthy` pass unless the pod asks for a failure.
 *
 * | command                         | exit | output                  |
 * |---------------------------------|------|-------------------------|
 * | `hostname`, `cat /etc/hostname` | 0    | the pod's hostname      |
 * | `true` / `false`                | 0/1  |                         |
 * | `exit N` (inside `sh -c`)       | N    |                         |
 * | `echo ARGS`                     | 0    | ARGS                    |
 * | `env`, `printenv [NAME]`        | 0    | the container's env     |
 * | `sh -c "a; b"`, `a && b`        | each part in turn, stopping like a shell would |
 * | anything else                   | 0    |                         |
 */

export interface CommandContext {
  hostname: string;
  env: Record<string, string>;
}

export interface CommandResult {
  exitCode: number;
  output: string;
}

const SHELLS = new Set(['sh', 'bash', 'ash', '/bin/sh', '/bin/bash', '/bin/ash', '/usr/bin/env']);

export function runSimulatedCommand(command: string[], ctx: CommandContext): CommandResult {
  if (command.length === 0) return { exitCode: 126, output: 'simulated: no command given\n' };
  const [first, ...rest] = command;
  if (SHELLS.has(first) && rest[0] === '-c' && rest.length >= 2) return runScript(rest[1], ctx);
  return runWords(command, ctx);
}

/** A tiny shell: `;`, `&&` and `||` between simple commands. */
function runScript(script: string, ctx: CommandContext): CommandResult {
  let output = '';
  let last: CommandResult = { exitCode: 0, output: '' };
  const parts = script.split(/(;|&&|\|\|)/).map((s) => s.trim());
  let op = ';';
  for (const part of parts) {
    if (part === ';' || part === '&&' || part === '||') {
      op = part;
      continue;
    }
    if (!part) continue;
    if ((op === '&&' && last.exitCode !== 0) || (op === '||' && last.exitCode === 0)) continue;
    const words = splitWords(part);
    if (words[0] === 'exit') return { exitCode: toExitCode(words[1], last.exitCode), output };
    last = runWords(words, ctx);
    output += last.output;
  }
  return { exitCode: last.exitCode, output };
}

function runWords(words: string[], ctx: CommandContext): CommandResult {
  const [cmd, ...args] = words;
  const name = cmd.split('/').pop() ?? cmd;
  switch (name) {
    case 'hostname':
      return ok(`${ctx.hostname}\n`);
    case 'cat':
      return args[0] === '/etc/hostname' ? ok(`${ctx.hostname}\n`) : ok('');
    case 'true':
      return ok('');
    case 'false':
      return { exitCode: 1, output: '' };
    case 'exit':
      return { exitCode: toExitCode(args[0], 0), output: '' };
    case 'echo':
      return ok(`${args.join(' ')}\n`);
    case 'env':
      return ok(Object.entries(ctx.env).map(([k, v]) => `${k}=${v}\n`).join(''));
    case 'printenv':
      if (args[0] === undefined) return runWords(['env'], ctx);
      return args[0] in ctx.env ? ok(`${ctx.env[args[0]]}\n`) : { exitCode: 1, output: '' };
    default:
      if (SHELLS.has(cmd) && args[0] === '-c' && args[1] !== undefined) return runScript(args[1], ctx);
      return ok('');
  }
}

function ok(output: string): CommandResult {
  return { exitCode: 0, output };
}

function toExitCode(word: string | undefined, fallback: number): number {
  const n = Number(word);
  return word !== undefined && Number.isInteger(n) ? ((n % 256) + 256) % 256 : fallback;
}

/** Splits on spaces, honouring single and double quotes. */
function splitWords(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}
