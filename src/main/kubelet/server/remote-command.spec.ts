/** The wire formats: PodLogOptions and PodExecOptions queries, and exit codes on channel 3. */
import { describe, expect, it } from 'vitest';
import { parsePodLogQuery, podLogQueryString } from './log-options.js';
import { exitCodeFromStatus, exitStatus, failureStatus, frame, parseRemoteCommandQuery, remoteCommandQueryString } from './remote-command.js';
import { streamingErrors } from './streaming.js';

describe('PodLogOptions query', () => {
  it('reads what kubectl sends and writes what a kubelet reads', () => {
    const q = parsePodLogQuery(new URLSearchParams('container=app&follow=true&timestamps=1&tailLines=10&limitBytes=100&sinceTime=2026-01-01T00:00:00Z'), 'web');
    expect(q).toEqual({
      container: 'app',
      options: { follow: true, previous: false, timestamps: true, tailLines: 10, limitBytes: 100, sinceSeconds: undefined, sinceTime: new Date('2026-01-01T00:00:00Z') },
    });
    const back = parsePodLogQuery(new URLSearchParams(podLogQueryString(q.options)), 'web');
    expect(back.options).toEqual(q.options);
    expect(parsePodLogQuery(new URLSearchParams('follow=false&previous=0'), 'web').options).toMatchObject({ follow: false, previous: false });
  });

  it('rejects what upstream rejects', () => {
    const invalid = (query: string) => {
      try {
        parsePodLogQuery(new URLSearchParams(query), 'web');
      } catch (e) {
        return (e as { status: { code: number; message: string } }).status;
      }
      return undefined;
    };
    expect(invalid('tailLines=-1')).toMatchObject({ code: 422, message: 'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0' });
    expect(invalid('limitBytes=0')?.message).toContain('limitBytes: Invalid value: 0: must be greater than 0');
    expect(invalid('sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z')?.message).toContain('at most one of `sinceTime` or `sinceSeconds` may be specified');
    expect(invalid('tailLines=ten')).toMatchObject({ code: 400 });
    expect(invalid('sinceTime=yesterday')).toMatchObject({ code: 400 });
  });
});

describe('PodExecOptions query', () => {
  it('reads commands and streams; a TTY has no stderr', () => {
    const r = parseRemoteCommandQuery(new URLSearchParams('command=sh&command=-c&command=echo%20hi&container=app&stdin=true&stdout=true&stderr=true&tty=true'), 'exec');
    expect(r).toEqual({ command: ['sh', '-c', 'echo hi'], container: 'app', options: { tty: true, stdin: true, stdout: true, stderr: false } });
    const back = parseRemoteCommandQuery(new URLSearchParams(remoteCommandQueryString(r.command, r.options)), 'exec');
    expect(back.command).toEqual(r.command);
    expect(back.options).toEqual(r.options);
  });

  it('requires a stream, and a command for exec', () => {
    expect(() => parseRemoteCommandQuery(new URLSearchParams('command=ls'), 'exec')).toThrow('you must specify at least 1 of stdin, stdout, stderr');
    expect(() => parseRemoteCommandQuery(new URLSearchParams('stdout=1'), 'exec')).toThrow('you must specify at least one command for the container');
    expect(parseRemoteCommandQuery(new URLSearchParams('stdout=1'), 'attach').command).toEqual([]);
  });
});

describe('channel 3', () => {
  it('carries exit codes the way client-go decodes them', () => {
    expect(exitStatus(0)).toMatchObject({ status: 'Success' });
    expect(exitStatus(3)).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] } });
    for (const code of [0, 1, 3, 255]) expect(exitCodeFromStatus(Buffer.from(JSON.stringify(exitStatus(code))))).toBe(code);
    expect(exitCodeFromStatus(Buffer.alloc(0))).toBe(0);
  });

  it('carries failures as their Status', () => {
    const failure = failureStatus(streamingErrors.badRequest('container not found ("app")'));
    expect(() => exitCodeFromStatus(Buffer.from(JSON.stringify(failure)))).toThrow('container not found ("app")');
    expect(failureStatus(new Error('boom')).message).toBe('Internal error occurred: error executing command in container: boom');
    expect(frame(1, 'hi')).toEqual(Buffer.from([1, 104, 105]));
  });
});
