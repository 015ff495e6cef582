import { describe, expect, it } from 'vitest';
import { isCallChannel, validateCall, validateSubscription } from './validators.js';

describe('IPC request validators', () => {
  it('accept well-formed requests and return them', () => {
    const v = validateCall('workloads:scale', { kind: 'Deployment', namespace: 'default', name: 'web', replicas: 3 });
    expect(v).toEqual({ ok: true, request: { kind: 'Deployment', namespace: 'default', name: 'web', replicas: 3 } });
    expect(validateCall('cluster:info', undefined).ok).toBe(true);
    expect(validateSubscription('resources:watch', { apiVersion: 'apps/v1', resource: 'deployments', view: 'row' }).ok).toBe(true);
  });

  it('reject unknown channels, and say when a call was sent as a subscription', () => {
    expect(validateCall('pods:delete-everything', {})).toEqual({ ok: false, error: { code: 'UnknownChannel', message: 'unknown channel "pods:delete-everything"' } });
    const v = validateCall('pods:logs', { namespace: 'default', pod: 'p' });
    expect(!v.ok && v.error.message).toContain('it is a subscription');
    expect(isCallChannel('toString')).toBe(false);
    expect(isCallChannel('__proto__')).toBe(false);
  });

  it('name the offending field of a malformed request', () => {
    const bad = (channel: string, request: unknown) => {
      const v = channel.startsWith('pods:') || channel === 'resources:watch' ? validateSubscription(channel, request) : validateCall(channel, request);
      if (v.ok) throw new Error(`${channel} accepted ${JSON.stringify(request)}`);
      expect(v.error.code).toBe('BadRequest');
      return v.error.message;
    };
    expect(bad('workloads:scale', { kind: 'Deployment', namespace: 'default', name: 'web', replicas: -1 })).toBe('workloads:scale: request.replicas: must be >= 0, got -1');
    expect(bad('workloads:scale', { kind: 'Deployment', namespace: 'default', name: 'web', replicas: 1.5 })).toContain('request.replicas: expected an integer');
    expect(bad('workloads:scale', { kind: 'Pod', namespace: 'default', name: 'web', replicas: 1 })).toContain('request.kind: expected one of Deployment');
    expect(bad('resources:get', { apiVersion: 'v1', resource: 'pods', name: 'Bad_Name' })).toContain('request.name: expected a Kubernetes name');
    expect(bad('resources:get', { apiVersion: 'v1', resource: 'pods' })).toBe('resources:get: request.name: required');
    expect(bad('resources:get', { apiVersion: 'v1', resource: 'pods', name: 'x', extra: 1 })).toContain('request.extra: unknown field');
    expect(bad('resources:apply', { yaml: 42 })).toBe('resources:apply: request.yaml: expected a string, got number 42');
    expect(bad('resources:apply', 'kind: Pod')).toContain('request: expected an object');
    expect(bad('app:openExternal', { url: 'file:///etc/passwd' })).toContain('only http:// and https:// URLs');
    expect(bad('pods:logs', { namespace: 'default' })).toBe('pods:logs: request: give exactly one of "pod" and "owner"');
    expect(bad('pods:logs', { namespace: 'default', pod: 'p', tailLines: -5 })).toContain('request.tailLines: must be >= 0');
    expect(bad('pods:exec', { namespace: 'default', pod: 'p', command: [] })).toContain('request.command: needs at least 1 item');
    expect(bad('resources:watch', { apiVersion: 'apps', resource: 'deployments' })).toContain('request.apiVersion: expected an apiVersion');
    expect(bad('addons:set', { name: 'dns', enabled: 'yes' })).toContain('request.enabled: expected true or false');
  });

  it('refuse objects with a prototype other than Object (class instances, arrays)', () => {
    expect(validateCall('cluster:info', []).ok).toBe(false);
    expect(validateCall('cluster:info', new Date()).ok).toBe(false);
  });
});
