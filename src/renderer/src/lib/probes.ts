/** Probes and container states as one line of text each, the way `kubectl describe` reads them. */
import type { ContainerState, Probe } from './kube-types';

export function describeProbe(p: Probe | undefined): string {
  if (!p) return '';
  const how = p.httpGet
    ? `http-get ${p.httpGet.scheme === 'HTTPS' ? 'https' : 'http'}://:${p.httpGet.port}${p.httpGet.path ?? '/'}`
    : p.tcpSocket
      ? `tcp-socket :${p.tcpSocket.port}`
      : p.exec
        ? `exec [${(p.exec.command ?? []).join(' ')}]`
        : 'unknown';
  return `${how} delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #failure=${p.failureThreshold ?? 3}`;
}

export function describeState(s: ContainerState | undefined): { label: string; detail: string; tone: 'ok' | 'progress' | 'bad' | 'done' } {
  if (s?.running) return { label: 'Running', detail: s.running.startedAt ? `since ${s.running.startedAt}` : '', tone: 'ok' };
  if (s?.terminated) {
    const t = s.terminated;
    return { label: `Terminated: ${t.reason ?? `exit ${t.exitCode}`}`, detail: `exit code ${t.exitCode ?? '?'}${t.message ? `, ${t.message}` : ''}${t.finishedAt ? `, at ${t.finishedAt}` : ''}`, tone: (t.exitCode ?? 0) === 0 ? 'done' : 'bad' };
  }
  if (s?.waiting) {
    const bad = /BackOff|Err|Error|Invalid/.test(s.waiting.reason ?? '');
    return { label: `Waiting: ${s.waiting.reason ?? ''}`, detail: s.waiting.message ?? '', tone: bad ? 'bad' : 'progress' };
  }
  return { label: 'Not started', detail: '', tone: 'progress' };
}
