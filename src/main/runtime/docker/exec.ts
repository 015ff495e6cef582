/**
 * `docker exec` as the runtime's `ExecSession` (interactive, for `kubectl exec`) and as a
 * run-to-completion call (`execSync`, for exec probes and the sandbox-side network probes).
 * Non-TTY output arrives as frames and is split into stdout and stderr; TTY output is raw.
 */
import { PassThrough, type Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import type { ExecOptions, ExecSession } from '../types.js';
import { demultiplex } from './frames.js';

/** Output kept by `execSync` (the kubelet keeps at most 10 KiB of probe output too). */
export const MAX_EXEC_OUTPUT = 10 * 1024;
/** The exit code `execSync` reports when the command outlived its timeout (as coreutils' `timeout`). */
export const EXEC_TIMEOUT_EXIT_CODE = 124;

/** Reads the exit code once the exec has ended (the stream may close just before the daemon records it). */
async function exitCodeOf(exec: Dockerode.Exec): Promise<number> {
  for (let i = 0; ; i++) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null && info.ExitCode !== undefined) return info.ExitCode;
    if (i >= 100) throw new Error(`exec ${exec.id} still running after its output ended`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function ended(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (!done) (done = true), resolve();
    };
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', finish);
  });
}

/**
 * Starts `command` in `container`. The session's `stdin` (when asked for) half-closes the
 * command's input when ended; `exitCode` resolves after the output has ended.
 */
export async function startExec(container: Dockerode.Container, command: string[], options: ExecOptions): Promise<ExecSession> {
  return (await openExec(container, command, options)).session;
}

/** `startExec` plus `close()`, which drops the connection (the command itself keeps running). */
async function openExec(container: Dockerode.Container, command: string[], options: ExecOptions): Promise<{ session: ExecSession; close(): void }> {
  const exec = await container.exec({
    Cmd: command, AttachStdin: options.stdin, AttachStdout: options.stdout, AttachStderr: options.stderr, Tty: options.tty,
  });
  const stream = (await exec.start({ hijack: true, stdin: options.stdin, Tty: options.tty })) as Duplex;
  const stdout = new PassThrough();
  const stderr = options.stderr && !options.tty ? new PassThrough() : undefined;
  if (options.tty) {
    stream.on('error', (e: Error) => stdout.destroy(e));
    stream.on('close', () => stdout.writableEnded || stdout.end());
    stream.pipe(stdout);
  } else {
    demultiplex(stream, stdout, stderr);
  }
  let stdin: PassThrough | undefined;
  if (options.stdin) {
    const input = (stdin = new PassThrough());
    input.pipe(stream); // ending stdin half-closes the connection: the command reads EOF
    stream.on('close', () => input.unpipe(stream));
  }
  const exitCode = ended(stream).then(() => exitCodeOf(exec));
  exitCode.catch(() => {}); // a caller not interested in the code must not see an unhandled rejection
  const session: ExecSession = {
    stdin, stdout, stderr, exitCode,
    resize: async (cols: number, rows: number) => {
      if (options.tty) await exec.resize({ h: rows, w: cols });
    },
  };
  return { session, close: () => stream.destroy() };
}

/**
 * Runs `command` to completion with stdout and stderr combined (at most `MAX_EXEC_OUTPUT` bytes
 * kept). A command still running after `timeoutSeconds` is reported as exit code
 * `EXEC_TIMEOUT_EXIT_CODE` with a "timed out" message; Docker cannot kill an exec, so it may
 * keep running inside the container.
 */
export async function runToCompletion(container: Dockerode.Container, command: string[], timeoutSeconds: number): Promise<{ exitCode: number; output: string }> {
  const { session, close } = await openExec(container, command, { tty: false, stdin: false, stdout: true, stderr: true });
  const chunks: Buffer[] = [];
  let kept = 0;
  const collect = (b: Buffer) => {
    if (kept >= MAX_EXEC_OUTPUT) return;
    const part = b.subarray(0, MAX_EXEC_OUTPUT - kept);
    chunks.push(part);
    kept += part.length;
  };
  session.stdout.on('data', collect);
  session.stderr?.on('data', collect);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0.001, timeoutSeconds) * 1000)));
  try {
    const r = await Promise.race([session.exitCode, timedOut]);
    const output = Buffer.concat(chunks).toString('utf8');
    if (r === 'timeout') {
      close();
      return { exitCode: EXEC_TIMEOUT_EXIT_CODE, output: `command ${JSON.stringify(command.join(' '))} timed out after ${timeoutSeconds}s${output ? `: ${output}` : ''}` };
    }
    return { exitCode: r, output };
  } finally {
    clearTimeout(timer);
  }
}
