/**
 * Runs `pilothouse agent` and `pilothouse token` as a user would (the built CLI in child
 * processes). Agents are signalled by PID only; `stopAgents()` kills whatever a test left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './serve-process.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface AgentProcess {
  child: ChildProcess;
  /** stdout and stderr as they arrived. */
  output(): string;
  /** Resolves with the first match of `re` in the output; rejects if the agent exits first or on timeout. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code once the agent exits on its own (SIGKILL after `timeoutMs`). */
  exit(timeoutMs?: number): Promise<number | null>;
  /** Signals the agent by PID and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<AgentProcess>();

/** Runs a short pilothouse command to completion. */
export function runCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `pilothouse token create`; the token is the last line of its output. */
export async function createJoinToken(kubeconfig: string, ...extra: string[]): Promise<{ token: string; lines: string[] }> {
  const r = await runCli(['token', 'create', '--kubeconfig', kubeconfig, ...extra]);
  if (r.code !== 0) throw new Error(`pilothouse token create failed (${r.code}):\n${r.stderr}${r.stdout}`);
  const lines = r.stdout.trimEnd().split('\n');
  return { token: lines[lines.length - 1], lines };
}

export function startAgentProcess(args: string[]): AgentProcess {
  const child = spawn(process.execPath, [CLI, 'agent', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of [...listeners]) l();
  };
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    notify();
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
    notify();
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => {
    running.delete(agent);
    r(code);
    notify();
  }));
  const agent: AgentProcess = {
    child,
    output: () => out,
    waitFor: (re, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        const check = () => {
          const m = re.exec(out);
          if (m) {
            done();
            resolve(m);
          } else if (child.exitCode !== null) {
            done();
            reject(new Error(`the agent exited with ${child.exitCode} before printing ${re}:\n${out}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for ${re} in the agent's output:\n${out}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
    async exit(timeoutMs = 20_000) {
      const timer = setTimeout(() => void agent.stop('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, signal);
      return exited;
    },
  };
  running.add(agent);
  return agent;
}

/** Runs an agent that is expected to refuse to start; returns its exit code and output. */
export async function agentRefusal(args: string[]): Promise<{ code: number | null; output: string }> {
  const a = startAgentProcess(args);
  const code = await a.exit();
  return { code, output: a.output() };
}

/** Kills (by PID) every agent still running. */
export async function stopAgents(): Promise<void> {
  for (const a of [...running]) await a.stop('SIGKILL');
}
